"""The program suite on the translated binary (make test-binary), with the
JIT forced on early so that traced code is what runs."""

import os
import tempfile

import pytest

from tests.programs import all_programs, run_binary, check

BINARY = os.environ.get('ORUS_BINARY', '')
PROGRAMS = all_programs()

pytestmark = pytest.mark.binary


@pytest.mark.skipif(not BINARY, reason='ORUS_BINARY not set (make test-binary)')
@pytest.mark.parametrize('program', PROGRAMS, ids=[p.name for p in PROGRAMS])
def test_program_on_binary(program):
    cwd = tempfile.mkdtemp()
    status, out, err = run_binary(BINARY, program.path, program.stdin(), cwd)
    problems = check(program, status, out, err)
    assert not problems, '\n'.join(problems)


# --- --jit-stats ------------------------------------------------------------

JIT_STATS_PROGRAM = b'''fn sq(x: i64) -> i64:
    return x * x

mut total: i64 = 0
for i in 0..30000:
    total = total + sq(i as i64) % 7
print(total)
'''


def run_with_stats(flag):
    import subprocess
    d = tempfile.mkdtemp(prefix='orus-stats-')
    path = os.path.join(d, 'hot.orus')
    with open(path, 'wb') as f:
        f.write(JIT_STATS_PROGRAM)
    p = subprocess.Popen([BINARY, flag, path], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    out, err = p.communicate()
    return p.returncode, out, err, path


@pytest.mark.skipif(not BINARY, reason='ORUS_BINARY not set (make test-binary)')
def test_jit_stats_json_names_the_hot_loop():
    import json
    status, out, err, path = run_with_stats('--jit-stats=json')
    assert status == 0, err
    expected = sum((i * i) % 7 for i in range(30000))
    assert out == b'%d\n' % expected
    report = json.loads(err.decode('ascii'))
    assert report['loops'] >= 1
    assert report['traces'] >= 1
    assert report['tracing_seconds'] > 0
    hot = report['hottest_loops']
    assert hot, report
    # the loop runs 30,000 times; its header is line 5 of the program
    top = hot[0]
    assert top['iterations'] >= 20000, report
    assert ':5' in top['location'] and 'hot.orus' in top['location'], report


@pytest.mark.skipif(not BINARY, reason='ORUS_BINARY not set (make test-binary)')
def test_jit_stats_text_report():
    status, out, err, path = run_with_stats('--jit-stats')
    assert status == 0, err
    text = err.decode('ascii')
    assert 'JIT statistics' in text
    lines = text.split('\n')
    compiled = [l for l in lines if l.strip().startswith('loops compiled:')]
    assert compiled and int(compiled[0].split(':')[1]) >= 1, text
    i = [k for k, l in enumerate(lines) if 'hottest loops' in l][0]
    first = lines[i + 1].split()
    assert int(first[0]) >= 20000 and 'hot.orus:5' in first[1], text
