"""The program suite: .orus files with their exact expected behaviour.

For each NAME.orus in tests/programs/**:
  NAME.out            exact stdout (exit status 0 unless NAME.code says otherwise)
  NAME.err            exact stderr (absent: stderr must be empty)
  NAME.code           expected exit status (absent: 0)
  NAME.stdin          fed to standard input
The spec's own examples (tests/programs/spec) use the spec's format instead:
  NAME.expected       exact stdout, exit 0
  NAME.expected_error line 1 exit status, line 2 a substring of stderr
Files under a directory named `lib` are modules, not programs.

Programs run untranslated in a forked child (fast: the interpreter is already
imported) or on the translated binary (ORUS_BINARY).
"""

import os
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.join(HERE, 'programs')

# the binary runs with the JIT forced on early, so traced code is what runs
JIT_EARLY = 'threshold=2,function_threshold=2,trace_eagerness=2'


class Program(object):
    def __init__(self, path):
        self.path = path
        self.base = path[:-len('.orus')]
        self.name = os.path.relpath(self.base, PROGRAMS)

    def _read(self, ext):
        p = self.base + ext
        if os.path.exists(p):
            with open(p, 'rb') as f:
                return f.read()
        return None

    def stdin(self):
        return self._read('.stdin') or b''

    def expectation(self):
        """(exit status, exact stdout or None, exact stderr or None,
        stderr substring or None)."""
        exp = self._read('.expected')
        if exp is not None:
            return 0, exp, b'', None
        exp_err = self._read('.expected_error')
        if exp_err is not None:
            lines = exp_err.split(b'\n')
            return int(lines[0]), None, None, lines[1]
        out = self._read('.out')
        err = self._read('.err')
        code = self._read('.code')
        status = int(code.strip()) if code is not None else 0
        return status, out if out is not None else b'', err if err is not None else b'', None


def all_programs():
    found = []
    for root, dirs, files in os.walk(PROGRAMS):
        dirs[:] = sorted(d for d in dirs if d != 'lib')
        for f in sorted(files):
            if f.endswith('.orus'):
                found.append(Program(os.path.join(root, f)))
    return found


def run_untranslated(path, stdin_data, cwd, extra_args=(), timeout=120, env=None,
                     child_setup=None):
    """Run orus.main.main in a forked child; returns (status, out, err),
    status -SIGNUM for a child killed by a signal (-14 after the timeout).
    `env` maps environment variables to set in the child (None removes one);
    `child_setup` is called in the child before the program runs."""
    outf = tempfile.TemporaryFile()
    errf = tempfile.TemporaryFile()
    inf = tempfile.TemporaryFile()
    inf.write(stdin_data)
    inf.seek(0)
    pid = os.fork()
    if pid == 0:
        try:
            os.chdir(cwd)
            os.dup2(inf.fileno(), 0)
            os.dup2(outf.fileno(), 1)
            os.dup2(errf.fileno(), 2)
            import signal
            signal.alarm(timeout)
            os.environ['TERM'] = 'dumb'
            if child_setup is not None:
                child_setup()
            for key, value in (env or {}).items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            from orus.__main__ import run_with_big_stack
            status = run_with_big_stack(['orus'] + list(extra_args) + [path])
        except BaseException:
            import traceback
            traceback.print_exc()
            status = 99
        os._exit(status)
    _, st = os.waitpid(pid, 0)
    if os.WIFSIGNALED(st):
        status = -os.WTERMSIG(st)
    else:
        status = os.WEXITSTATUS(st)
    outf.seek(0)
    errf.seek(0)
    return status, outf.read(), errf.read()


def run_binary(binary, path, stdin_data, cwd, extra_args=(), timeout=120):
    env = dict(os.environ)
    env['TERM'] = 'dumb'
    p = subprocess.Popen([binary, '--jit', JIT_EARLY] + list(extra_args) + [path],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, cwd=cwd, env=env)
    # a hung program (a JIT bug) fails its test instead of stopping the suite
    killer = threading.Timer(timeout, p.kill)
    killer.start()
    try:
        out, err = p.communicate(stdin_data)
    finally:
        killer.cancel()
    return p.returncode, out, err


def check(program, status, out, err):
    """Assertion messages for a run that does not match (empty if ok)."""
    want_status, want_out, want_err, err_sub = program.expectation()
    if want_err is not None:
        # .err files write the program's path as @PATH@ (it is given to orus
        # as an absolute path, which depends on where the checkout lives)
        path = os.path.abspath(program.path)
        if not isinstance(path, bytes):
            path = path.encode('utf-8')
        want_err = want_err.replace(b'@PATH@', path)
    problems = []
    if status != want_status:
        problems.append('exit status %r, expected %r' % (status, want_status))
    if want_out is not None and out != want_out:
        problems.append('stdout differs:\n--- got\n%s\n--- expected\n%s' % (out, want_out))
    if want_err is not None and err != want_err:
        problems.append('stderr differs:\n--- got\n%s\n--- expected\n%s' % (err, want_err))
    if err_sub is not None and err_sub not in err:
        problems.append('stderr lacks %r:\n%s' % (err_sub, err))
    return problems
