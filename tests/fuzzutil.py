"""Running one Orus program untranslated and on the binary with limits, for
the differential and hostile-input tests.

Both runners cap the wall time, the size of what the program writes (stdout
and stderr go to files, limited with RLIMIT_FSIZE), and optionally the
address space, so a runaway program cannot fill the disk or the memory of
the (shared) machine.
"""

import os
import resource
import signal
import subprocess
import tempfile
import threading

from tests import programs

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.join(HERE, 'fuzz_corpus')

BINARY = os.environ.get('ORUS_BINARY', '')

# how the binary is run: the JIT forced on early (as tests/programs.py does),
# the same with a small trace limit so that traces abort and bridges are
# compiled, and the translated interpreter without the JIT
JIT_EARLY = programs.JIT_EARLY
JIT_CONFIGS = [
    JIT_EARLY,
    JIT_EARLY + ',trace_limit=200',
    'off',
]

OUTPUT_LIMIT = 64 * 1024 * 1024     # bytes a program may write


def _limit(fsize, address_space):
    resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    if address_space:
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def prepare_untranslated():
    """Import the interpreter in this process so forked children start fast
    (and silence RPython's warning about not being a Mercurial checkout)."""
    from orus.__main__ import quiet_rpython_imports
    quiet_rpython_imports()
    import orus.main           # noqa: F401


def run_untranslated(path, cwd, stdin_data=b'', timeout=60,
                     fsize=OUTPUT_LIMIT, address_space=0):
    """Run orus.main.main on `path` in a forked child (the interpreter is
    already imported) with output and memory limits.  Returns (status,
    stdout, stderr); a child killed by a signal gives -SIGNUM (-14 for the
    timeout)."""
    prepare_untranslated()

    def limits():
        _limit(fsize, address_space)
        signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    return programs.run_untranslated(path, stdin_data, cwd, timeout=timeout,
                                     child_setup=limits)


def run_binary(path, cwd, jit=JIT_EARLY, stdin_data=b'', timeout=60,
               fsize=OUTPUT_LIMIT, address_space=0, binary=None, argv=None):
    """Run the translated binary; returns (status, stdout, stderr), status
    -SIGNUM when killed by a signal (-9 after the timeout)."""
    binary = binary or BINARY
    env = dict(os.environ)
    env['TERM'] = 'dumb'
    outf = tempfile.TemporaryFile()
    errf = tempfile.TemporaryFile()
    if argv is None:
        argv = [binary]
        if jit:
            argv += ['--jit', jit]
        argv.append(path)
    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=outf,
                         stderr=errf, cwd=cwd, env=env,
                         preexec_fn=lambda: _limit(fsize, address_space))
    timer = threading.Timer(timeout, p.kill)
    timer.start()
    try:
        p.communicate(stdin_data)
    finally:
        timer.cancel()
    outf.seek(0)
    errf.seek(0)
    return p.returncode, outf.read(), errf.read()


def describe_difference(want, got):
    """A short human-readable account of how two (status, out, err) differ."""
    lines = []
    if want[0] != got[0]:
        lines.append('exit status: untranslated %r, binary %r' % (want[0], got[0]))
    for i, name in ((1, 'stdout'), (2, 'stderr')):
        a, b = want[i], got[i]
        if a == b:
            continue
        al, bl = a.split(b'\n'), b.split(b'\n')
        k = 0
        while k < min(len(al), len(bl)) and al[k] == bl[k]:
            k += 1
        lines.append('%s differs at line %d (untranslated %d lines, binary %d):'
                     % (name, k + 1, len(al), len(bl)))
        lines.append('  untranslated: %r' % (al[k] if k < len(al) else '<end>')[:300])
        lines.append('  binary:       %r' % (bl[k] if k < len(bl) else '<end>')[:300])
    return '\n'.join(lines)


def signature(config, want, got):
    """What kind of discrepancy this is, to save only a few programs per kind:
    the configuration, the statuses and the first differing stderr/stdout
    line with digits removed."""
    import re
    parts = [config, str(want[0]), str(got[0])]
    for i in (2, 1):
        a, b = want[i], got[i]
        if a != b:
            al, bl = a.split(b'\n'), b.split(b'\n')
            k = 0
            while k < min(len(al), len(bl)) and al[k] == bl[k]:
                k += 1
            for lines in (al, bl):
                text = lines[k] if k < len(lines) else '<end>'
                parts.append(re.sub(r'[0-9]+', 'N', text)[:80])
            break
    return ' | '.join(parts)
