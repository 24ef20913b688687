"""RPython target: rpython -Ojit targetorus.py  ->  orus-c (bin/orus)."""

import sys

from orus.main import main
from jit.stats import STATS, HOOKS


def entry_point(argv):
    return main(argv)


def target(driver, args):
    from orus.runtime import stack, gcconfig
    stack.configure_translation()
    gcconfig.configure_translation()
    STATS.jit_available = bool(driver.config.translation.jit)
    driver.exe_name = 'orus-%(backend)s'
    return entry_point, None


def jitpolicy(driver):
    from rpython.jit.codewriter.policy import JitPolicy
    return JitPolicy(jithookiface=HOOKS)


if __name__ == '__main__':
    from orus.__main__ import run_with_big_stack
    sys.exit(run_with_big_stack(sys.argv))
