"""The program suite on the untranslated interpreter (the test oracle)."""

import os
import tempfile

import pytest

from tests.programs import all_programs, run_untranslated, check

PROGRAMS = all_programs()


@pytest.mark.parametrize('program', PROGRAMS, ids=[p.name for p in PROGRAMS])
def test_program(program):
    # programs run from a scratch directory: module lookup must not depend
    # on the working directory (the spec's run_examples.sh does the same)
    cwd = tempfile.mkdtemp()
    status, out, err = run_untranslated(program.path, program.stdin(), cwd)
    problems = check(program, status, out, err)
    assert not problems, '\n'.join(problems)
