"""Smoke tests of the benchmark runner (benchmarks/run.py, Python 3 + pyperf).

The suite itself runs on Python 2.7, so the runner is driven as a subprocess
with the benchmark venv's interpreter (make bench-venv); the tests skip when
that venv (or, for the bin/orus test, the binary) is not there.
"""

import json
import os
import shutil
import stat
import subprocess
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNNER = os.path.join(ROOT, 'benchmarks', 'run.py')
VENV_PY = os.path.join(ROOT, '.bench-venv', 'bin', 'python')
BINARY = os.environ.get('ORUS_BINARY') or os.path.join(ROOT, 'bin', 'orus')


def _has_gcc():
    for d in os.environ.get('PATH', '').split(os.pathsep):
        if os.access(os.path.join(d, 'gcc'), os.X_OK):
            return True
    return False


needs_venv = pytest.mark.skipif(
    not os.access(VENV_PY, os.X_OK),
    reason='no .bench-venv (make bench-venv)')


def _run(args):
    out = tempfile.mkdtemp(prefix='orus-bench-test-')
    cmd = [VENV_PY, RUNNER, '--quick', '--output', out] + args
    # The suite's PYTHONPATH holds Python 2 packages: keep it from Python 3.
    env = dict((k, v) for k, v in os.environ.items()
               if k not in ('PYTHONPATH', 'PYTHONHOME'))
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    text = p.communicate()[0].decode('utf-8', 'replace')
    summary = None
    path = os.path.join(out, 'summary.json')
    if os.path.exists(path):
        with open(path) as f:
            summary = json.load(f)
    return p.returncode, text, summary, out


@needs_venv
@pytest.mark.skipif(not _has_gcc(), reason='no gcc')
def test_quick_c_only_writes_table():
    rc, text, summary, out = _run(['--only', 'loop_sum', '--runtimes', 'c'])
    try:
        assert rc == 0, text
        res = summary['workloads']['loop_sum']['results']['c']
        assert res['status'] == 'ok'
        assert res['median'] > 0
        with open(os.path.join(out, 'results.md')) as f:
            md = f.read()
        assert '| loop_sum |' in md
        assert os.path.exists(os.path.join(out, 'pyperf', 'c.json'))
    finally:
        shutil.rmtree(out, ignore_errors=True)


@needs_venv
def test_wrong_checksum_is_reported_not_timed():
    tmp = tempfile.mkdtemp(prefix='orus-bench-fake-')
    fake = os.path.join(tmp, 'orus')
    with open(fake, 'w') as f:
        f.write('#!/bin/sh\necho "not the checksum"\n')
    os.chmod(fake, os.stat(fake).st_mode | stat.S_IEXEC)
    rc, text, summary, out = _run(['--only', 'fib', '--runtimes', 'orus',
                                   '--orus', fake])
    try:
        assert rc == 1, text
        res = summary['workloads']['fib']['results']['orus']
        assert res['status'] == 'wrong_checksum'
        assert 'median' not in res
        with open(os.path.join(out, 'results.md')) as f:
            assert 'checksum' in f.read()
    finally:
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)


@needs_venv
@pytest.mark.skipif(not os.access(BINARY, os.X_OK), reason='no bin/orus (make build)')
def test_quick_on_binary_with_chart():
    args = ['--only', 'loop_sum', '--runtimes', 'orus,c', '--orus', BINARY]
    if not _has_gcc():
        args[3] = 'orus'
    rc, text, summary, out = _run(args)
    try:
        assert rc == 0, text
        assert summary['workloads']['loop_sum']['results']['orus']['status'] == 'ok'
        if _has_gcc():
            assert os.path.exists(os.path.join(out, 'ratios.png'))
    finally:
        shutil.rmtree(out, ignore_errors=True)
