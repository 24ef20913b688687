"""Corrections to the pinned RPython's JIT, applied before it is used.

Ordered float comparisons are not each other's negation when an operand is
NaN: `not (x <= y)` does not imply `x > y`.  RPython's optimizer
(optimizeopt/rewrite.py, find_rewritable_bool) nevertheless folds
float_gt(x, y) to 1 once a guard has shown float_le(x, y) to be 0, because
resoperation.py lists FLOAT_LT/GE and FLOAT_GT/LE as `boolinverse` pairs.
Orus follows IEEE (types.md 6: every ordered comparison with NaN is false),
so those four pairs are removed.  FLOAT_EQ/FLOAT_NE stay: they are exact
negations even for NaN.  The argument-swapping `boolreflex` (x < y is
y > x) is exact and stays too."""

from rpython.jit.metainterp.resoperation import rop, opclasses

ORDERED_FLOAT_COMPARISONS = [rop.FLOAT_LT, rop.FLOAT_LE, rop.FLOAT_GT,
                             rop.FLOAT_GE]


def apply():
    for opnum in ORDERED_FLOAT_COMPARISONS:
        opclasses[opnum].boolinverse = -1
