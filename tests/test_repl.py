"""The REPL: `orus` with no file reads inputs from stdin until its end."""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run_repl(text):
    env = dict(os.environ)
    env['TERM'] = 'dumb'
    env['PYTHONPATH'] = os.pathsep.join([os.path.join(ROOT, '.py2'), ROOT])
    p = subprocess.Popen([sys.executable, '-m', 'orus'], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                         cwd=ROOT)
    out, err = p.communicate(text.encode('utf-8'))
    return p.returncode, out.decode('utf-8'), err.decode('utf-8')


def test_values_definitions_and_errors():
    status, out, err = run_repl(
        'x = 5\n'
        'x + 1\n'
        'fn sq(n: i32) -> i32:\n'
        '    return n * n\n'
        '\n'
        'sq(x)\n'
        'print("hi", sq(3))\n'
        'y = 1 / 0\n'
        'print(ghost)\n'
        'mut total: i64 = 0\n'
        'for i in 0..4:\n'
        '    total += i as i64\n'
        '\n'
        'total\n'
        '"text"\n'
        '[1, 2, 3,]\n'
        'sq\n')
    assert status == 0
    assert out == '6\n25\nhi 9\n6\ntext\n1, 2, 3\n<fn sq>\n'
    assert 'Division by zero' in err and '<stdin>:1:7' in err
    assert "Undefined variable 'ghost'" in err
    assert 'Compilation failed' not in err


def test_failed_input_leaves_no_definitions():
    # the second input fails to compile: `bad` must not exist afterwards, and
    # a later definition of the same name works
    status, out, err = run_repl('bad = 1 + "x"\nbad = 2\nbad\n')
    assert status == 0
    assert out == '2\n'
    assert 'this is a `string`, but `i32` was expected' in err


def test_end_of_input_ends_the_session():
    status, out, err = run_repl('')
    assert (status, out, err) == (0, '', '')
