"""Hostile input: whatever bytes a file holds, the front end (lexer, parser,
checker, compiler) either accepts it or reports a CompileError (UnframedError
is one); it never raises another Python exception and never hangs.  The
translated binary, given the same kind of input, exits with 65 and a
diagnostic (or runs the program, if the input happens to be valid) exactly
like the untranslated interpreter, and never dies of a signal or prints an
RPython traceback.  And run-time hostility on the binary: unbounded
recursion, huge allocations, unreadable program paths, a closed stdout.

Untranslated inputs run in a forked child (with the big stack the real
entry point uses, see orus/__main__.py) under a time limit, so a hang or a
crash of the front end is reported instead of stopping the suite.

    pytest tests/test_hostile.py                         # untranslated only
    ORUS_BINARY=$PWD/bin/orus pytest tests/test_hostile.py

ORUS_HOSTILE_EXAMPLES sets the number of examples per hypothesis test
(default 60).
"""

from __future__ import print_function

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import traceback

import pytest
from hypothesis import given, settings, HealthCheck, strategies as st, example

from tests import fuzzutil
from tests.fuzzutil import BINARY, run_untranslated, run_binary

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.join(HERE, 'programs')
EXAMPLES = int(os.environ.get('ORUS_HOSTILE_EXAMPLES', '60') or '60')
FRONT_END_TIMEOUT = 30

needs_binary = pytest.mark.skipif(
    not BINARY, reason='ORUS_BINARY not set (make test-binary)')


def seed_programs():
    """Every program of the suite (the spec examples included)."""
    found = []
    for root, dirs, files in os.walk(PROGRAMS):
        dirs.sort()
        for f in sorted(files):
            if f.endswith('.orus'):
                with open(os.path.join(root, f), 'rb') as fh:
                    found.append(fh.read())
    return found


SEEDS = seed_programs()


# --- the front end, untranslated, in a forked child -----------------------

OK, COMPILE_ERROR, OTHER_EXCEPTION = 0, 1, 2
OUTCOME_NAMES = {OK: 'accepted', COMPILE_ERROR: 'CompileError',
                 OTHER_EXCEPTION: 'other exception'}


class HostileModules(object):
    """`use` in hostile input: every module is missing."""

    def load_module(self, path, line, col):
        from orus.errors import CompileError
        from orus import errors as E
        raise CompileError(E.E_IMPORT, "Unable to resolve module '%s'."
                           % '.'.join(path), line, col)


def front_end(source):
    """Lex, parse, check and compile; raises what the pipeline raises."""
    from orus.parser import parse
    from orus.checker import Checker
    from orus.compiler import ModuleCompiler
    from orus.symbols import ModuleInfo
    m = ModuleInfo('', 'hostile.orus', source)
    tree = parse(source)
    errors = Checker(m, HostileModules()).check_module(tree)
    if not errors:
        ModuleCompiler(m).compile()
    return errors


def _front_end_big_stack(source):
    """front_end in a thread with the stack and recursion limit that
    orus/__main__.py gives the real interpreter."""
    from orus.errors import CompileError
    from orus.__main__ import call_with_big_stack

    def target():
        try:
            front_end(source)
            return OK, ''
        except CompileError as e:
            return COMPILE_ERROR, e.message
        except BaseException:
            return OTHER_EXCEPTION, traceback.format_exc()
    outcome = call_with_big_stack(target)
    if outcome is None:
        return OTHER_EXCEPTION, 'the front end thread died'
    return outcome


def run_front_end(source, timeout=FRONT_END_TIMEOUT):
    """(outcome, detail) of the front end on `source`, in a forked child;
    a hang or a crash gives OTHER_EXCEPTION with an explanation."""
    fuzzutil.prepare_untranslated()
    import orus.checker, orus.compiler   # noqa: F401  (before forking)
    report = tempfile.TemporaryFile()
    pid = os.fork()
    if pid == 0:
        code = OTHER_EXCEPTION
        try:
            signal.alarm(timeout)
            code, detail = _front_end_big_stack(source)
            if isinstance(detail, type(u'')):
                detail = detail.encode('utf-8', 'replace')
            report.write(detail)
            report.flush()
        except BaseException:
            report.write(traceback.format_exc())
            report.flush()
        finally:
            os._exit(code)
    _, st_ = os.waitpid(pid, 0)
    report.seek(0)
    detail = report.read()
    if os.WIFSIGNALED(st_):
        sig = os.WTERMSIG(st_)
        if sig == signal.SIGALRM:
            return OTHER_EXCEPTION, 'hang: no result after %d s' % timeout
        return OTHER_EXCEPTION, 'the front end died of signal %d' % sig
    return os.WEXITSTATUS(st_), detail


def assert_front_end_copes(source):
    outcome, detail = run_front_end(source)
    assert outcome in (OK, COMPILE_ERROR), (
        'front end raised something else than CompileError on %r...:\n%s'
        % (source[:200], detail))
    return outcome, detail


# --- strategies ------------------------------------------------------------

HOSTILE_BYTES = [b'\x00', b'\xff', b'\xc3', b'\xc3\xa9', b'\xe2\x82', b'\xed\xa0\x80',
                 b'\r', b'\r\n', b'\t', b'\x0b', b'\x0c', b'"', b'\\', b'/*',
                 b'*/', b'//', b':', b'\n    ', b'\n\t', b'(', b')', b'[', b']',
                 b'{', b'}', b"'", b'@', b'$', b'#', b'..', b'->', b':=', b'-',
                 b'0x', b'0b', b'0o', b'1e', b'_', b'99999999999999999999999',
                 b'if ', b'fn ', b'match ', b'as ', b'mut ', b'\n', b'\n\n']

seed_sources = st.sampled_from(SEEDS)


@st.composite
def truncated(draw):
    """A program of the suite cut at a random point."""
    src = draw(seed_sources)
    cut = draw(st.integers(0, len(src)))
    return src[:cut]


@st.composite
def mutated(draw):
    """A program of the suite with a few random edits: a slice deleted,
    duplicated or moved, hostile bytes inserted, bytes flipped."""
    src = bytearray(draw(seed_sources))
    for _ in range(draw(st.integers(1, 6))):
        n = len(src)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 80)))
        op = draw(st.integers(0, 4))
        if op == 0:
            del src[i:j]
        elif op == 1:
            src[i:i] = src[i:j]
        elif op == 2:
            src[i:i] = draw(st.sampled_from(HOSTILE_BYTES))
        elif op == 3 and n:
            k = draw(st.integers(0, n - 1))
            src[k] = draw(st.integers(0, 255))
        else:
            piece = src[i:j]
            del src[i:j]
            k = draw(st.integers(0, len(src)))
            src[k:k] = piece
    return bytes(src)


def nest(kind, depth, inner=b'1'):
    if kind == 'paren':
        return b'(' * depth + inner + b')' * depth
    if kind == 'neg':
        return b'-' * depth + inner
    if kind == 'neg_spaced':
        return b'- ' * depth + inner
    if kind == 'not':
        return b'not ' * depth + inner
    if kind == 'array':
        return b'[' * depth + inner + b']' * depth
    if kind == 'array_trailing':
        return b'[' * depth + inner + b',]' * depth
    if kind == 'call':
        return b'f(' * depth + inner + b')' * depth
    if kind == 'index':
        return b'a' + b'[0' * depth + b']' * depth
    if kind == 'cond':
        return (inner + b' if true else ') * depth + inner
    if kind == 'binary':
        return b' + '.join([inner] * (depth + 1))
    if kind == 'binary_paren':
        return b'(1 + ' * depth + inner + b')' * depth
    if kind == 'cast':
        return b'(' * depth + inner + b' as i64)' * depth
    if kind == 'mixed':
        out = inner
        for k in range(depth):
            out = [b'(%s)', b'-%s', b'[%s,]', b'not %s', b'(%s + 1)'][k % 5] % out
        return out
    raise ValueError(kind)


EXPR_KINDS = ['paren', 'neg', 'neg_spaced', 'not', 'array', 'array_trailing',
              'call', 'index', 'cond', 'binary', 'binary_paren', 'cast',
              'mixed']


@st.composite
def deep_expressions(draw):
    kind = draw(st.sampled_from(EXPR_KINDS))
    depth = draw(st.sampled_from([1, 2, 10, 100, 500, 998, 999, 1000, 1001,
                                  1002, 2000, 5000, 20000]))
    expr = nest(kind, depth)
    form = draw(st.integers(0, 3))
    if form == 0:
        return b'x = ' + expr + b'\nprint(x)\n'
    if form == 1:
        return b'print(' + expr + b')\n'
    if form == 2:
        return b'fn f(v):\n    return v\na = [1, 2, 3,]\nprint(' + expr + b')\n'
    return expr + b'\n'


BLOCK_HEADERS = [b'if true:', b'while false:', b'for i in 0..1:', b'try:',
                 b'fn f():', b'if 1 < 2:', b'else:', b'match 1:']


def deep_block(depth, header, indent=b'    ', body=b'print(1)'):
    lines = []
    for k in range(depth):
        lines.append(indent * k + header)
    lines.append(indent * depth + body)
    return b'\n'.join(lines) + b'\n'


@st.composite
def deep_blocks(draw):
    depth = draw(st.sampled_from([1, 2, 50, 100, 300, 1000, 3000]))
    header = draw(st.sampled_from(BLOCK_HEADERS))
    indent = draw(st.sampled_from([b' ', b'    ', b'\t', b' \t']))
    return deep_block(depth, header, indent)


def huge_literal_forms(n, digits=b'9'):
    d = digits * n
    return [d, b'-' + d, d + b'u64', d + b'i32', d + b'.5', b'1e' + d,
            b'1e-' + d, b'0.' + d, d + b'e' + d, b'0x' + b'f' * n,
            b'0b' + b'1' * n, b'0o' + b'7' * n, b'1' + b'_0' * n,
            b'"' + b'x' * n + b'"', b'"' + b'\\n' * n + b'"',
            b'a' * n, b'1.' + d + b'e308', d + b'f64']


# Literals beyond every type are not converted (parser.huge_int_literal), so
# even long ones are quick; untranslated, the lexer still walks 100,000 digits
# in ~10 s, so these stay at 20,000; the binary gets a million
# (test_binary_huge_literals).
@st.composite
def huge_literals(draw):
    n = draw(st.sampled_from([19, 20, 39, 309, 400, 401, 1000, 2000, 20000]))
    digits = draw(st.sampled_from([b'9', b'1', b'0', b'7']))
    lit = draw(st.sampled_from(huge_literal_forms(n, digits)))
    form = draw(st.integers(0, 3))
    if form == 0:
        return b'x = ' + lit + b'\nprint(x)\n'
    if form == 1:
        return b'x: u64 = ' + lit + b'\nprint(x)\n'
    if form == 2:
        return b'print(' + lit + b' + 1)\n'
    return b'print(' + lit + b')\n'


@st.composite
def encoding_mess(draw):
    """Invalid UTF-8, NUL bytes, CR/CRLF, tab/space mixes in a real program."""
    src = draw(seed_sources)
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return src.replace(b'\n', b'\r\n')
    if kind == 1:
        return src.replace(b'\n', b'\r')
    if kind == 2:
        return src.replace(b'    ', draw(st.sampled_from([b'\t', b'  \t', b'\t  ',
                                                           b'\t    '])))
    bad = draw(st.sampled_from([b'\x00', b'\xff\xfe', b'\xc3', b'\xed\xa0\x80',
                                b'\xf4\x90\x80\x80', b'\xc0\xaf', b'\x80']))
    lines = src.split(b'\n')
    k = draw(st.integers(0, max(0, len(lines) - 1)))
    if kind == 3:
        lines[k] = lines[k] + b' // ' + bad       # in a comment
    elif kind == 4:
        lines[k] = lines[k] + b'\nprint("' + bad + b'")'   # in a string
    else:
        pos = draw(st.integers(0, len(lines[k])))
        lines[k] = lines[k][:pos] + bad + lines[k][pos:]   # in code
    return b'\n'.join(lines)


hostile_inputs = st.one_of(st.binary(max_size=400), truncated(), mutated(),
                           deep_expressions(), deep_blocks(), huge_literals(),
                           encoding_mess())


def hostile_settings(n=EXAMPLES):
    return settings(max_examples=n, deadline=None,
                    suppress_health_check=HealthCheck.all())


# --- the front end never raises anything but CompileError -----------------

@hostile_settings()
@given(st.binary(max_size=600))
@example(b'')
@example(b'\x00')
@example(b'\xff\xfe\xfd')
@example(b'\t\n  \t\n\tx')
@example(b'"\xff\xfe"')
@example(b'/*')
@example(b'"')
@example(b'\r\n\r\n')
def test_random_bytes(data):
    assert_front_end_copes(data)


@hostile_settings()
@given(st.text(alphabet=u'()[]{}:;,.=+-*/%<>!\'"@ \t\nifxn01_eamut->', max_size=200))
def test_random_token_soup(text):
    assert_front_end_copes(text.encode('utf-8'))


@hostile_settings()
@given(truncated())
def test_truncated_programs(source):
    assert_front_end_copes(source)


@hostile_settings()
@given(mutated())
def test_mutated_programs(source):
    assert_front_end_copes(source)


@hostile_settings()
@given(deep_expressions())
def test_deep_expressions(source):
    assert_front_end_copes(source)


@pytest.mark.parametrize('kind', EXPR_KINDS)
@pytest.mark.parametrize('depth', [999, 1000, 1001, 1002, 5000])
def test_expression_nesting_limit(kind, depth):
    """Nesting up to the limit compiles; beyond it is the `Expression is too
    deeply nested` error (errors.md 5.1), never a Python recursion error or
    a crash.  (`binary` and `cond` chains are long, not necessarily deep.)"""
    outcome, detail = assert_front_end_copes(b'print(' + nest(kind, depth) + b')\n')
    if depth >= 1002 and kind in ('paren', 'array', 'array_trailing', 'call',
                                  'binary_paren', 'cast', 'mixed'):
        assert outcome == COMPILE_ERROR, detail
        assert 'maximum depth of 1000' in detail, detail


@pytest.mark.parametrize('kind', ['paren', 'array', 'call', 'neg_spaced', 'mixed'])
def test_very_deep_nesting(kind):
    outcome, detail = assert_front_end_copes(b'print(' + nest(kind, 200000) + b')\n')
    assert outcome == COMPILE_ERROR, detail


@hostile_settings()
@given(deep_blocks())
def test_deep_blocks(source):
    assert_front_end_copes(source)


@pytest.mark.parametrize('header', BLOCK_HEADERS)
@pytest.mark.parametrize('depth', [300, 3000])
def test_deep_block_nesting(header, depth):
    assert_front_end_copes(deep_block(depth, header))


@hostile_settings()
@given(huge_literals())
def test_huge_literals(source):
    assert_front_end_copes(source)


@hostile_settings()
@given(encoding_mess())
def test_encoding_mess(source):
    assert_front_end_copes(source)


def test_long_string_and_identifier():
    assert_front_end_copes(b'x = "' + b'a' * 2000000 + b'"\nprint(len(x))\n')
    assert_front_end_copes(b'a' * 1000000 + b' = 1\n')
    assert_front_end_copes(b'print(1)\n' * 20000)
    assert_front_end_copes(b'// ' + b'\xff' * 100000 + b'\nprint(1)\n')
    assert_front_end_copes(b'/*' + b'\n' * 100000 + b'*/print(1)\n')


# --- the binary on hostile input ------------------------------------------

CRASH_TEXTS = [b'RPython traceback', b'Fatal RPython error', b'Traceback (most recent',
               b'Segmentation fault', b'AssertionError']


def binary_on_source(source, jit=fuzzutil.JIT_EARLY):
    """Run the binary and the untranslated interpreter on `source`; both
    results."""
    workdir = tempfile.mkdtemp(prefix='orus-hostile-')
    try:
        path = os.path.join(workdir, 'hostile.orus')
        with open(path, 'wb') as f:
            f.write(source)
        got = run_binary(path, workdir, jit=jit, timeout=60)
        want = run_untranslated(path, workdir, timeout=60)
        return want, got
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def assert_binary_copes(source):
    want, got = binary_on_source(source)
    status, out, err = got
    assert status >= 0, 'binary killed by signal %d on %r' % (-status, source[:200])
    for text in CRASH_TEXTS:
        assert text not in err, 'binary printed %r:\n%s' % (text, err[-2000:])
    assert status in (0, 65, 70), 'binary exit status %d' % status
    if status == 65:
        assert err.endswith(b'".\n') and b'Compilation failed for "' in err, err[-2000:]
        assert out == b'', 'stdout written by a failed compilation'
    assert want == got, 'binary and untranslated differ:\n' + \
        fuzzutil.describe_difference(want, got) + '\ninput: %r' % source[:300]


@needs_binary
@pytest.mark.binary
@hostile_settings(max(10, EXAMPLES // 2))
@given(hostile_inputs)
def test_binary_on_hostile_input(source):
    assert_binary_copes(source)


@needs_binary
@pytest.mark.binary
@pytest.mark.parametrize('kind', EXPR_KINDS)
def test_binary_deep_expressions(kind):
    for depth in (1000, 1001, 100000):
        assert_binary_copes(b'print(' + nest(kind, depth) + b')\n')


@needs_binary
@pytest.mark.binary
@pytest.mark.parametrize('n', [100000, 1000000])
def test_binary_huge_literals(n):
    """Literals far too long for the untranslated interpreter: the binary
    must end with a diagnostic or a result, never crash."""
    for lit in huge_literal_forms(n):
        path, (status, out, err) = run_source_on_binary(
            b'x = ' + lit + b'\nprint(x)\n', timeout=120)
        assert status in (0, 65), (lit[:40], status, err[-500:])
        for text in CRASH_TEXTS:
            assert text not in err, err[-2000:]


@needs_binary
@pytest.mark.binary
@pytest.mark.parametrize('op', [b' + ', b' - ', b' * ', b' and ', b' or ',
                                b' == ', b' < '])
@pytest.mark.parametrize('n', [1001, 100000, 500000])
def test_binary_long_operator_chains(op, n):
    """`1 + 1 + ... + 1` is long, not deep in the source, but deep in the
    syntax tree: the binary must compile it or report a diagnostic
    (errors.md 1: no crash)."""
    operand = b'true' if op in (b' and ', b' or ') else b'1'
    source = b'print(' + op.join([operand] * n) + b')\n'
    path, (status, out, err) = run_source_on_binary(source, timeout=120)
    assert status >= 0, 'killed by signal %d: %s' % (-status, err[:300])
    for text in CRASH_TEXTS:
        assert text not in err, err[:1000]
    assert status in (0, 65, 70), (status, err[:1000])


@needs_binary
@pytest.mark.binary
@pytest.mark.parametrize('header', BLOCK_HEADERS)
def test_binary_deep_blocks(header):
    for depth in (300, 3000):
        assert_binary_copes(deep_block(depth, header))


# --- run-time hostility on the binary --------------------------------------

def run_source_on_binary(source, jit=fuzzutil.JIT_EARLY, **kw):
    workdir = tempfile.mkdtemp(prefix='orus-hostile-')
    try:
        path = os.path.join(workdir, 'prog.orus')
        with open(path, 'wb') as f:
            f.write(source)
        return path, run_binary(path, workdir, jit=jit, **kw)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


RECURSION_PROGRAMS = {
    'plain': b'fn down(n: i32) -> i32:\n    return down(n + 1) + 1\nprint(down(0))\n',
    'tail': b'fn down(n: i32) -> i32:\n    return down(n + 1)\nprint(down(0))\n',
    'void': b'fn down(n: i32):\n    down(n + 1)\ndown(0)\n',
    'in_jitted_loop': (b'fn down(n: i32) -> i32:\n    return down(n + 1) + 1\n'
                       b'mut t = 0\nfor i in 0..50:\n    t += i\nfor i in 0..50:\n'
                       b'    t += i\n    if i == 40:\n        print(down(0))\n'),
    'caught_in_loop': (b'fn down(n: i32) -> i32:\n    return down(n + 1) + 1\n'
                       b'for i in 0..30:\n    try:\n        print(down(i))\n'
                       b'    catch e:\n        print(i, e)\nprint("done")\n'),
    'mutual': (b'fn a(n: i64) -> i64:\n    return b(n + 1) * 2\n'
               b'fn b(n: i64) -> i64:\n    return a(n + 1) + 1\nprint(a(0))\n'),
    'lambda': (b'fn make() -> fn(i32) -> i32:\n    return fn(n: i32) -> i32:\n'
               b'        return n\nmut f = make()\n'
               b'fn rec(n: i32) -> i32:\n    return rec(f(n) + 1)\nprint(rec(0))\n'),
    'method': (b'struct P:\n    x: i32\nimpl P:\n    fn go(self, n: i32) -> i32:\n'
               b'        return self.go(n + 1) + 1\np = P{ x: 1 }\nprint(p.go(0))\n'),
}


@needs_binary
@pytest.mark.binary
@pytest.mark.parametrize('name', sorted(RECURSION_PROGRAMS))
@pytest.mark.parametrize('jit', fuzzutil.JIT_CONFIGS)
def test_binary_unbounded_recursion(name, jit):
    """`Stack overflow` (semantics.md 4.1): exit 70 with the diagnostic when
    uncaught, catchable inside a loop; never a crash."""
    source = RECURSION_PROGRAMS[name]
    path, (status, out, err) = run_source_on_binary(source, jit=jit)
    assert status >= 0, 'killed by signal %d: %s' % (-status, err[-1000:])
    for text in CRASH_TEXTS:
        assert text not in err, err[-2000:]
    if name == 'caught_in_loop':
        assert status == 0, err[-2000:]
        assert out.count(b'Error: Stack overflow') == 30
        assert out.endswith(b'done\n')
    else:
        assert status == 70, (status, err[-2000:])
        assert b'Stack overflow' in err, err[-2000:]


ALLOCATION_PROGRAMS = {
    'fill_2e9': b'a = [0, 2000000000]\nprint(len(a))\n',
    'fill_2e9_caught': (b'try:\n    a = [0, 2000000000]\n    print(len(a))\n'
                        b'catch e:\n    print(e)\nprint("after")\n'),
    'repeat_2e9': b'a = [0] * 2000000000\nprint(len(a))\n',
    'repeat_max': b'a = [0] * 2147483647\nprint(len(a))\n',
    'repeat_doubling': (b'mut a = [1, 2, 3,]\nfor i in 0..64:\n    a = a * 2\n'
                        b'    print(i, len(a))\n'),
    'string_doubling': (b'mut s = "ab"\nfor i in 0..64:\n    s = s + s\n'
                        b'    print(i, len(s))\n'),
    'push_forever': (b'mut a: [i64] = []\nmut i: i64 = 0\nwhile true:\n'
                     b'    push(a, i)\n    i += 1\n'),
}

ALLOCATION_LIMIT = 4 * 1024 * 1024 * 1024     # bytes of address space


@needs_binary
@pytest.mark.binary
@pytest.mark.parametrize('name', sorted(ALLOCATION_PROGRAMS))
def test_binary_huge_allocation(name):
    """A huge allocation ends with a diagnostic (a run-time error, exit 70,
    or a clean out-of-memory message), not a crash; the address space is
    limited so the machine is not exhausted."""
    source = ALLOCATION_PROGRAMS[name]
    path, (status, out, err) = run_source_on_binary(
        source, address_space=ALLOCATION_LIMIT, timeout=120)
    assert status >= 0, 'killed by signal %d; stderr: %r' % (-status, err[-1000:])
    for text in CRASH_TEXTS:
        assert text not in err, err[-2000:]
    assert status in (0, 70), (status, err[-2000:])
    if status == 70:
        assert err.startswith(b'-- '), err[-2000:]


def run_cli(args, **kw):
    env = dict(os.environ)
    env['TERM'] = 'dumb'
    p = subprocess.Popen([BINARY] + args, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env, **kw)
    out, err = p.communicate()
    return p.returncode, out, err


@needs_binary
@pytest.mark.binary
def test_binary_missing_file():
    workdir = tempfile.mkdtemp()
    path = os.path.join(workdir, 'nope.orus')
    assert run_cli([path]) == (65, b'', b'Could not open file "%s".\n' % path.encode())


@needs_binary
@pytest.mark.binary
def test_binary_empty_path():
    """`orus ''` names a file that cannot be opened (errors.md 1); it must
    not start the interactive session."""
    devnull = open(os.devnull, 'rb')
    assert run_cli([''], stdin=devnull) == (65, b'', b'Could not open file "".\n')


@needs_binary
@pytest.mark.binary
def test_binary_directory_as_program():
    workdir = tempfile.mkdtemp()
    assert run_cli([workdir]) == (65, b'', b'Could not open file "%s".\n' % workdir.encode())
    assert run_cli(['/']) == (65, b'', b'Could not open file "/".\n')


@needs_binary
@pytest.mark.binary
def test_binary_unreadable_paths():
    """chmod 000 does not stop root, so also use paths that fail for
    everybody: a file used as a directory, a name that is too long, a
    dangling symlink, a symlink loop."""
    workdir = tempfile.mkdtemp()
    f = os.path.join(workdir, 'prog.orus')
    with open(f, 'wb') as fh:
        fh.write(b'print(1)\n')
    os.chmod(f, 0)
    status, out, err = run_cli([f])
    if os.geteuid() == 0:
        assert (status, out, err) == (0, b'1\n', b'')
    else:
        assert (status, out, err) == (65, b'', b'Could not open file "%s".\n' % f.encode())
    os.symlink(os.path.join(workdir, 'missing'), os.path.join(workdir, 'dangling.orus'))
    os.symlink(os.path.join(workdir, 'loop2.orus'), os.path.join(workdir, 'loop1.orus'))
    os.symlink(os.path.join(workdir, 'loop1.orus'), os.path.join(workdir, 'loop2.orus'))
    for bad in [f + '/x.orus', os.path.join(workdir, 'n' * 5000 + '.orus'),
                os.path.join(workdir, 'dangling.orus'),
                os.path.join(workdir, 'loop1.orus')]:
        assert run_cli([bad]) == (65, b'', b'Could not open file "%s".\n' % bad.encode()), bad


@needs_binary
@pytest.mark.binary
def test_binary_special_files():
    """/dev/null is an empty program; a FIFO with nothing written... is not
    tried (it blocks like any reader)."""
    assert run_cli(['/dev/null']) == (0, b'', b'')


@needs_binary
@pytest.mark.binary
@pytest.mark.parametrize('jit', fuzzutil.JIT_CONFIGS)
def test_binary_closed_pipe(jit):
    """`orus prog | head -1`: the program ends quietly when stdout is closed
    (no traceback, nothing on stderr)."""
    workdir = tempfile.mkdtemp()
    path = os.path.join(workdir, 'many.orus')
    with open(path, 'wb') as f:
        f.write(b'for i in 0..2000000:\n    print("line", i)\n'
                b'print("never seen")\n')
    env = dict(os.environ)
    env['TERM'] = 'dumb'
    p = subprocess.Popen([BINARY, '--jit', jit, path], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env)
    first = p.stdout.readline()
    p.stdout.close()
    timer = threading.Timer(60, p.kill)
    timer.start()
    err = p.stderr.read()
    p.wait()
    timer.cancel()
    assert first == b'line 0\n'
    assert err == b'', err
    assert p.returncode in (0, -signal.SIGPIPE, 128 + signal.SIGPIPE), p.returncode


@needs_binary
@pytest.mark.binary
def test_binary_closed_pipe_shell():
    workdir = tempfile.mkdtemp()
    path = os.path.join(workdir, 'many.orus')
    with open(path, 'wb') as f:
        f.write(b'for i in 0..2000000:\n    print("line", i)\n')
    p = subprocess.Popen(['bash', '-c', 'set -o pipefail; "$0" "$1" | head -1; '
                          'echo "status=${PIPESTATUS[0]}" >&2', BINARY, path],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate()
    assert out == b'line 0\n'
    status = int(err.strip().split(b'status=')[-1])
    assert err.strip().startswith(b'status='), err
    assert status in (0, 128 + signal.SIGPIPE), status


@needs_binary
@pytest.mark.binary
def test_binary_closed_stdout_and_stderr():
    """stdout closed before the start (not a pipe at all): no crash."""
    workdir = tempfile.mkdtemp()
    path = os.path.join(workdir, 'p.orus')
    with open(path, 'wb') as f:
        f.write(b'print("x")\nprint(1 / 0)\n')
    p = subprocess.Popen(['bash', '-c', '"$0" "$1" >&- 2>&-; echo $?', BINARY, path],
                         stdout=subprocess.PIPE)
    out, _ = p.communicate()
    assert int(out.strip()) in (0, 70, 128 + signal.SIGPIPE), out
