"""Differential testing: generated programs (tests/orusgen.py) must behave
identically untranslated (the oracle) and on the translated binary, with the
JIT forced on early, with a small trace limit (aborted traces, bridges) and
with the JIT off: same stdout, same stderr, same exit status.

    ORUS_BINARY=$PWD/bin/orus pytest tests/test_differential.py

Environment:
    ORUS_BINARY          the binary (the tests are skipped without it)
    ORUS_FUZZ_EXAMPLES   number of generated programs (default 30)
    ORUS_FUZZ_SECONDS    run for this long instead (overrides the count)
    ORUS_FUZZ_SEED       fixed seed, to reproduce a run
    ORUS_FUZZ_SHRINK     1: stop at the first discrepancy and let hypothesis
                         shrink the program (default: record it, keep going)

Every discrepancy is saved as tests/fuzz_corpus/NAME.orus (a few programs per
kind of discrepancy), and every corpus program is replayed first: a corpus
program passes when the untranslated interpreter and the binary agree.
`make fuzz` runs this for as long as asked (FUZZ_EXAMPLES / FUZZ_SECONDS).
"""

from __future__ import print_function

import glob
import hashlib
import os
import shutil
import sys
import tempfile
import time

import pytest
from hypothesis import given, settings, HealthCheck, seed as hyp_seed, Phase

from tests import fuzzutil
from tests.fuzzutil import (BINARY, CORPUS, JIT_CONFIGS, run_untranslated,
                            run_binary, describe_difference, signature)
from tests.orusgen import program_strategy

pytestmark = pytest.mark.binary

needs_binary = pytest.mark.skipif(
    not BINARY, reason='ORUS_BINARY not set (make fuzz / make test-binary)')

EXAMPLES = int(os.environ.get('ORUS_FUZZ_EXAMPLES', '30') or '30')
SECONDS = float(os.environ.get('ORUS_FUZZ_SECONDS', '0') or '0')
SEED = os.environ.get('ORUS_FUZZ_SEED', '')
SHRINK = os.environ.get('ORUS_FUZZ_SHRINK', '') == '1'
SAVE_PER_KIND = 3          # programs saved per kind of discrepancy and run
UNTRANSLATED_TIMEOUT = 120


def corpus_programs():
    return sorted(glob.glob(os.path.join(CORPUS, '*.orus')))


def differences(source_or_path, is_path=False):
    """Run a program untranslated and on the binary under every JIT
    configuration.  Returns (untranslated result, [(config, binary result,
    description)] for each configuration that differs), or None when the
    untranslated run timed out (too slow to be a useful test)."""
    workdir = tempfile.mkdtemp(prefix='orus-fuzz-')
    try:
        path = os.path.join(workdir, 'prog.orus')
        if is_path:
            shutil.copyfile(source_or_path, path)
        else:
            with open(path, 'wb') as f:
                f.write(source_or_path)
        want = run_untranslated(path, workdir, timeout=UNTRANSLATED_TIMEOUT)
        if want[0] == -14:
            return None
        diffs = []
        for config in JIT_CONFIGS:
            got = run_binary(path, workdir, jit=config)
            if got != want:
                diffs.append((config, got, describe_difference(want, got)))
        return want, diffs
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def report(want, diffs):
    parts = []
    for config, got, text in diffs:
        parts.append('--jit %s:\n%s' % (config, text))
    return '\n'.join(parts)


# --- the corpus: programs that once showed a discrepancy ------------------

CORPUS_FILES = corpus_programs()


@needs_binary
@pytest.mark.parametrize('path', CORPUS_FILES,
                         ids=[os.path.basename(p) for p in CORPUS_FILES])
def test_corpus_program(path):
    result = differences(path, is_path=True)
    assert result is not None, 'untranslated run timed out'
    want, diffs = result
    assert not diffs, report(want, diffs)


# --- generated programs ---------------------------------------------------

class Run(object):
    """Book-keeping of one fuzzing session."""

    def __init__(self):
        self.programs = 0
        self.lines = 0
        self.timeouts = 0
        self.statuses = {}
        self.kinds = {}            # signature -> count
        self.saved = []
        self.unconfirmed = []      # discrepancies that a second run did not show
        self.deadline = time.time() + SECONDS if SECONDS else None
        self.binary_stamp = binary_stamp()

    def time_left(self):
        return self.deadline is None or time.time() < self.deadline

    def check(self, source):
        result = differences(source)
        self.programs += 1
        self.lines += source.count(b'\n')
        if result is None:
            self.timeouts += 1
            return None
        want, diffs = result
        self.statuses[want[0]] = self.statuses.get(want[0], 0) + 1
        if not diffs:
            return None
        # confirm: a rebuilt binary (the lead replaces bin/orus) or a flaky
        # run must not be reported as a discrepancy
        again = differences(source)
        if again is None or not again[1]:
            self.unconfirmed.append(save_to_corpus(source, unconfirmed=True))
            return None
        config, got, _ = diffs[0]
        kind = signature(config, want, got)
        n = self.kinds.get(kind, 0)
        self.kinds[kind] = n + 1
        if n < SAVE_PER_KIND:
            self.saved.append(save_to_corpus(source))
        return report(want, diffs)

    def summary(self):
        lines = ['differential fuzzing: %d programs run (%d lines on average, '
                 '%d untranslated timeouts), untranslated exit statuses %r, '
                 '%d discrepancies of %d kinds'
                 % (self.programs, self.lines // max(1, self.programs),
                    self.timeouts, self.statuses,
                    sum(self.kinds.values()), len(self.kinds))]
        for kind, n in sorted(self.kinds.items()):
            lines.append('  %4d x %s' % (n, kind))
        for p in self.saved:
            lines.append('  saved %s' % os.path.relpath(p))
        for p in self.unconfirmed:
            lines.append('  not reproduced on a second run (kept in %s)'
                         % os.path.relpath(p))
        if binary_stamp() != self.binary_stamp:
            lines.append('  WARNING: %s changed during the run' % BINARY)
        return '\n'.join(lines)


def binary_stamp():
    try:
        st = os.stat(BINARY)
    except OSError:
        return None
    return (st.st_mtime, st.st_size)


def save_to_corpus(source, unconfirmed=False):
    directory = os.path.join(CORPUS, 'tmp') if unconfirmed else CORPUS
    if not os.path.isdir(directory):
        os.makedirs(directory)
    name = 'fuzz-%s.orus' % hashlib.sha1(source).hexdigest()[:12]
    path = os.path.join(directory, name)
    with open(path, 'wb') as f:
        f.write(source)
    return path


def fuzz_settings(n):
    kwargs = dict(max_examples=n, deadline=None,
                  suppress_health_check=HealthCheck.all(),
                  print_blob=False)
    if not SHRINK:
        kwargs['phases'] = [Phase.explicit, Phase.reuse, Phase.generate]
        kwargs['database'] = None
    return settings(**kwargs)


@needs_binary
def test_generated_programs():
    run = Run()
    failures = []

    def one_chunk(n, chunk_seed):
        @fuzz_settings(n)
        @given(program_strategy())
        def check(source):
            if not run.time_left():
                return
            problem = run.check(source)
            if problem is None:
                return
            failures.append(problem)
            if SHRINK:
                raise AssertionError(problem + '\n\nprogram:\n' + source)
        if chunk_seed is not None:
            check = hyp_seed(chunk_seed)(check)
        check()

    base_seed = int(SEED) if SEED else None
    try:
        if SECONDS:
            k = 0
            while run.time_left():
                one_chunk(25, None if base_seed is None else base_seed + k)
                k += 1
        else:
            one_chunk(EXAMPLES, base_seed)
    finally:
        print('\n' + run.summary(), file=sys.stderr)
    assert not failures, '%d programs differ (saved to %s):\n%s' % (
        len(failures), os.path.relpath(CORPUS), failures[0])
