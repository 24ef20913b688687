"""Corrections to the pinned RPython's JIT optimizer, applied before it is
used (jit/driver.py calls apply() at import, so both the translated JIT and
the trace tests get them).  Each was found by differential fuzzing and has
a trace test in tests/test_jit.py.

1. NaN.  Ordered float comparisons are not each other's negation when an
   operand is NaN: `not (x <= y)` does not imply `x > y`.  The optimizer
   (optimizeopt/rewrite.py, find_rewritable_bool) nevertheless folds
   float_gt(x, y) to 1 once a guard has shown float_le(x, y) to be 0,
   because resoperation.py lists FLOAT_LT/GE and FLOAT_GT/LE as
   `boolinverse` pairs.  Orus follows IEEE (every ordered comparison with
   NaN is false), so those four pairs are removed.  FLOAT_EQ/NE stay (exact
   negations even for NaN), and so does `boolreflex` (x < y is y > x).

2. Bounds propagated back across the loop label.  When the loop body is
   optimized, its label arguments are the very operations that computed
   them in the peeled first iteration (unroll.py, import_state).  A guard
   in the body on such an argument, say `counter == 2`, was propagated
   backwards (intbounds.py, propagate_bounds_backward) into that
   operation's arguments: through the preamble's `counter = 2 + step` it
   concluded `step == 0`, which holds for the first iteration only; the
   loop then never advanced.  Backward propagation now stops at the body's
   label arguments (the optimizer's inparg_dict); it still runs through
   every operation of the trace being optimized."""

from rpython.jit.metainterp.resoperation import rop, opclasses, AbstractResOp
from rpython.jit.metainterp.optimizeopt import intbounds
from rpython.jit.metainterp.optimizeopt.optimizer import Optimizer

ORDERED_FLOAT_COMPARISONS = [rop.FLOAT_LT, rop.FLOAT_LE, rop.FLOAT_GT,
                             rop.FLOAT_GE]


def propagate_bounds_backward(self, box):
    b = self.getintbound(box)
    if b.has_lower and b.has_upper and b.lower == b.upper:
        self.make_constant_int(box, b.lower)
    if isinstance(box, AbstractResOp):
        labelargs = self.optimizer.inparg_dict
        if labelargs is not None and box in labelargs:
            return      # computed by the previous iteration, not this one
        intbounds.dispatch_bounds_ops(self, box)


def apply():
    for opnum in ORDERED_FLOAT_COMPARISONS:
        opclasses[opnum].boolinverse = -1
    # inparg_dict is only set for a loop body (unroll.py); None elsewhere
    Optimizer.inparg_dict = None
    intbounds.OptIntBounds.propagate_bounds_backward = propagate_bounds_backward
