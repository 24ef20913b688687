"""The command line, shared by the translated binary and the untranslated
interpreter (`python2.7 -m orus`).

    orus [--jit PARAMS] [--jit-stats[=json]] FILE.orus   run a program
    orus                               interactive session (REPL)
    orus --help | --version

Exit codes (errors.md 1): 0 success, 65 compile-time error or unreadable
file, 70 uncaught run-time error; 64 for a bad command line.
"""

import os

from rpython.rlib import jit

from orus import errors as E
from orus.errors import CompileError, OrusError
from orus.modules import Loader, CompileFailure, read_file, dirname
from orus.symbols import ModuleInfo
from orus.interpreter import Frame, execute, STATE
from orus.runtime import io
from orus.runtime.stack import setup_deep_stack
from jit.driver import driver
from jit.stats import STATS, enable as enable_stats
from jit.stats import format_text as stats_text, format_json as stats_json

VERSION = 'orus-rpy 0.1.0 (Orus language, RPython meta-tracing JIT)'

USAGE = """usage: orus [options] [FILE.orus]

Runs an Orus program; without a file, starts an interactive session that
reads inputs from standard input until end of input.

options:
  --jit PARAMS    JIT parameters: 'off', 'default', or name=value pairs
                  separated by commas (threshold, function_threshold,
                  trace_eagerness, trace_limit, inlining, ...)
  --jit-stats     at exit, print what the JIT did to stderr (loops and
                  bridges compiled, aborts, tracing and backend time, the
                  hottest loops by Orus source line); --jit-stats=json
                  prints the same as one JSON object
  --help          show this help and exit
  --version       show the version and exit

exit status: 0 ok, 65 compile-time error, 70 uncaught run-time error
"""

EXIT_OK = 0
EXIT_USAGE = 64
EXIT_COMPILE = 65
EXIT_RUNTIME = 70


class Session(object):
    """One run: where diagnostics go and how they look."""

    def __init__(self, main_path, color):
        self.main_path = main_path
        self.color = color


def use_color():
    term = os.environ.get('TERM')
    return term is not None and term != '' and term != 'dumb'


def report_compile_errors(session, errors):
    parts = []
    for e in errors:
        if e.unframed:
            parts.append(E.render_unframed(e.message))
        else:
            parts.append(E.render(e.code, e.message, e.path, e.line, e.col,
                                  e.source, session.color))
    parts.append('Compilation failed for "%s".\n' % session.main_path)
    io.write_stderr(''.join(parts))


def report_runtime_error(session, e):
    io.write_stderr(E.render(e.error_code(), e.message, e.path, e.line, e.col,
                             e.source, session.color))


def execute_module(m):
    """Run the top-level code of a compiled file."""
    frame = Frame(m.code, None)
    execute(frame)
    m.executed = True


def runtime_dir(argv0):
    if '/' not in argv0:
        return ''
    return dirname(argv0)


def run_file(path, argv0):
    """Compile and run one program; returns the exit code."""
    session = Session(path, use_color())
    source = read_file(path)
    if source is None:
        io.write_stderr('Could not open file "%s".\n' % path)
        return EXIT_COMPILE
    oruspath = os.environ.get('ORUSPATH')
    if oruspath is None:
        oruspath = ''
    loader = Loader(runtime_dir(argv0), oruspath, execute_module)
    m = ModuleInfo('', path, source)
    STATE.depth = 0
    try:
        try:
            loader.prepare(m)
        except CompileFailure as f:
            report_compile_errors(session, f.errors)
            return EXIT_COMPILE
        execute_module(m)
    except OrusError as e:
        report_runtime_error(session, e)
        return EXIT_RUNTIME
    except io.BrokenPipe:
        return EXIT_OK
    except MemoryError:
        # escaped the interpreter loop (e.g. raised while the JIT compiled)
        io.write_stderr('Error: Out of memory\n')
        return EXIT_RUNTIME
    return EXIT_OK


def main(argv):
    io.reset()
    setup_deep_stack()
    STATS.reset()
    i = 1
    path = ''
    have_path = False        # `orus ''` names a file, it is not the REPL
    stats_mode = ''
    while i < len(argv):
        arg = argv[i]
        if arg == '--help' or arg == '-h':
            io.write_stdout(USAGE)
            return EXIT_OK
        if arg == '--version':
            io.write_stdout(VERSION + '\n')
            return EXIT_OK
        if arg == '--jit' or arg.startswith('--jit='):
            if arg == '--jit':
                if i + 1 >= len(argv):
                    io.write_stderr('orus: --jit needs an argument (try --help)\n')
                    return EXIT_USAGE
                params = argv[i + 1]
                i += 2
            else:
                params = arg[len('--jit='):]
                i += 1
            err = set_jit_params(params)
            if err:
                io.write_stderr('orus: ' + err + '\n')
                return EXIT_USAGE
            continue
        if arg == '--jit-stats' or arg == '--jit-stats=text':
            stats_mode = 'text'
            i += 1
            continue
        if arg == '--jit-stats=json':
            stats_mode = 'json'
            i += 1
            continue
        if arg.startswith('-') and arg != '-':
            io.write_stderr("orus: unknown option '%s' (try --help)\n" % arg)
            return EXIT_USAGE
        if have_path:
            io.write_stderr('orus: only one program file can be given (try --help)\n')
            return EXIT_USAGE
        path = arg
        have_path = True
        i += 1
    if stats_mode:
        enable_stats()
    if not have_path:
        status = run_repl(argv[0])
    else:
        status = run_file(path, argv[0])
    if stats_mode == 'json':
        io.write_stderr(stats_json())
    elif stats_mode:
        io.write_stderr(stats_text())
    return status


def run_repl(argv0):
    from orus.repl import ReplSession
    oruspath = os.environ.get('ORUSPATH')
    if oruspath is None:
        oruspath = ''
    loader = Loader(runtime_dir(argv0), oruspath, execute_module)
    loader.importer_dirs.append('.')
    interactive = io.isatty(0)
    session = ReplSession(loader, use_color(), interactive)
    try:
        return session.run()
    except io.BrokenPipe:
        return EXIT_OK


def set_jit_params(params):
    """Apply --jit PARAMS; returns an error message or ''."""
    try:
        jit.set_user_param(driver, params)
    except ValueError:
        return "bad --jit parameters '%s' (use off, default, or name=value,...)" % params
    except jit.TraceLimitTooHigh:
        return '--jit: trace_limit is too high (the maximum is 16384)'
    return ''
