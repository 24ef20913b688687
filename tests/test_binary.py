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
