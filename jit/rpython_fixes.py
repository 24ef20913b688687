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
   every operation of the trace being optimized.

3. Multiplying by the most negative integer.  optimize_INT_MUL turns
   `x * c` into `x << log2(c)` when `c & (c - 1) == 0`, which also holds for
   c = -2**63; highest_bit() then never terminates and the JIT hangs while
   compiling (Orus: `x * -(9223372036854775808u64)` on u64).  The rewrite
   now requires c > 0.

4. A loop that ends by jumping back to its preamble.  When the peeled loop
   cannot jump to its own label (unroll.py, jump_to_existing_trace finds no
   matching virtual state), jump_to_preamble forces the jump arguments, and
   forcing one that is still a candidate extra label argument calls
   ExtendedShortPreambleBuilder.add_preamble_op (or use_box) before the
   builder was set up: a NULL dereference, i.e. a segfault while compiling.
   The builder now reports InvalidLoop instead, which the JIT handles by
   not compiling that loop this time (compile.py, compile_loop)."""

from rpython.jit.metainterp.history import ConstInt
from rpython.jit.metainterp.resoperation import rop, opclasses, AbstractResOp
from rpython.jit.metainterp.optimizeopt import intbounds, rewrite
from rpython.jit.metainterp.optimizeopt.optimizer import Optimizer
from rpython.jit.metainterp.optimizeopt.shortpreamble import ExtendedShortPreambleBuilder
from rpython.jit.metainterp.optimize import InvalidLoop
from rpython.rlib.rarithmetic import highest_bit

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


def optimize_INT_MUL(self, op):
    """rewrite.OptRewrite.optimize_INT_MUL with `x > 0` in the power-of-two
    test."""
    arg1 = self.get_box_replacement(op.getarg(0))
    b1 = self.getintbound(arg1)
    arg2 = self.get_box_replacement(op.getarg(1))
    b2 = self.getintbound(arg2)
    if b1.equal(1):
        self.make_equal_to(op, arg2)
    elif b2.equal(1):
        self.make_equal_to(op, arg1)
    elif b1.equal(0) or b2.equal(0):
        self.make_constant_int(op, 0)
    else:
        for lhs, rhs in [(arg1, arg2), (arg2, arg1)]:
            lh_info = self.getintbound(lhs)
            if lh_info.is_constant():
                x = lh_info.getint()
                if x > 0 and x & (x - 1) == 0:
                    new_rhs = ConstInt(highest_bit(x))
                    op = self.replace_op_with(op, rop.INT_LSHIFT, args=[rhs, new_rhs])
                    break
        return self.emit(op)


_original_add_preamble_op = ExtendedShortPreambleBuilder.add_preamble_op.im_func
_original_use_box = ExtendedShortPreambleBuilder.use_box.im_func


def add_preamble_op(self, preamble_op):
    if self.label_args is None:
        raise InvalidLoop('extra label argument before the short preamble '
                          'was inlined')
    _original_add_preamble_op(self, preamble_op)


def use_box(self, box, preamble_op, optimizer=None):
    if self.short is None:
        raise InvalidLoop('short preamble used before it was inlined')
    _original_use_box(self, box, preamble_op, optimizer)


def replace_in_dispatcher(dispatcher, opnum, func):
    """make_dispatcher_method() captured the methods when the module was
    imported (an unrolling_iterable); the translated dispatcher uses them."""
    for cell in dispatcher.__closure__ or ():
        # an unrolling_iterable; its unrollers share this list
        entries = getattr(cell.cell_contents, '_items', None)
        if isinstance(entries, list):
            for i in range(len(entries)):
                value, cls, old = entries[i]
                if value == opnum:
                    entries[i] = (value, cls, func)
                    return
    raise AssertionError('RPython changed: no dispatcher entry for %d' % opnum)


def apply():
    for opnum in ORDERED_FLOAT_COMPARISONS:
        opclasses[opnum].boolinverse = -1
    # inparg_dict is only set for a loop body (unroll.py); None elsewhere
    Optimizer.inparg_dict = None
    intbounds.OptIntBounds.propagate_bounds_backward = propagate_bounds_backward
    rewrite.OptRewrite.optimize_INT_MUL = optimize_INT_MUL
    # set by setup() only: None until then
    ExtendedShortPreambleBuilder.label_args = None
    ExtendedShortPreambleBuilder.short = None
    ExtendedShortPreambleBuilder.add_preamble_op = add_preamble_op
    ExtendedShortPreambleBuilder.use_box = use_box
    replace_in_dispatcher(rewrite.dispatch_opt, rop.INT_MUL, optimize_INT_MUL)
