"""PYTEST_DONT_REWRITE: JIT trace tests with RPython's meta-interpreter.

Each test runs an Orus function under the meta-interpreter (untranslated,
llgraph backend) and asserts on the optimized trace."""

import pytest

from rpython.jit.metainterp.test.support import LLJitMixin
from rpython.jit.metainterp.warmspot import get_stats

from tests.jit_programs import (run_program, LOOP_I64, FIB, FLOAT_LOOP,
                                CALL_IN_LOOP, FLOAT_ARRAY_SUM, STRUCT_FIELDS,
                                CLOSURE_CALL, FUNCTION_VALUE_CALL)

pytestmark = pytest.mark.jit


def loop_ops():
    """The operations of the single optimized loop, {name: count}."""
    return get_stats().check_simple_loop()


def loops_containing(opname):
    """{name: count} of every compiled loop body (after its label) that
    contains opname."""
    found = []
    for loop in get_stats().get_all_loops():
        ops = loop.operations
        start = 0
        for i in range(len(ops)):
            if ops[i].getopname() == 'label':
                start = i
        counts = {}
        for op in ops[start:]:
            name = op.getopname()
            counts[name] = counts.get(name, 0) + 1
        if opname in counts:
            found.append(counts)
    return found


def names_with_prefix(ops, prefix):
    return sorted(name for name in ops if name.startswith(prefix))


class TestTraces(LLJitMixin):
    def test_i64_counting_loop_is_integer_ops_only(self):
        res = self.meta_interp(run_program, [LOOP_I64, 1000], listops=True,
                               inline=True)
        assert res == sum(i * 2 for i in range(1000))
        self.check_trace_count(1)
        ops = loop_ops()
        assert names_with_prefix(ops, 'new') == []
        assert names_with_prefix(ops, 'call') == []
        assert names_with_prefix(ops, 'getfield') == []
        assert names_with_prefix(ops, 'setfield') == []
        assert ops.get('int_add_ovf', 0) >= 1        # i64 overflow checks
        assert ops.get('guard_no_overflow', 0) >= 1

    def test_float_loop_has_no_allocation(self):
        res = self.meta_interp(run_program, [FLOAT_LOOP, 500], listops=True,
                               inline=True)
        x = 0.0
        for i in range(500):
            x = x * 0.5 + i * 0.25
        assert res == int(x)
        ops = loop_ops()
        assert names_with_prefix(ops, 'new') == []
        assert names_with_prefix(ops, 'call') == []
        assert ops.get('float_mul', 0) >= 2

    def test_call_in_loop_is_inlined(self):
        res = self.meta_interp(run_program, [CALL_IN_LOOP, 300], listops=True,
                               inline=True)
        acc = 0
        for k in range(300):
            acc = acc + k * 3 - 1
        assert res == acc
        ops = loop_ops()
        assert names_with_prefix(ops, 'new') == []
        assert names_with_prefix(ops, 'call') == []

    def test_recursive_fib_uses_call_assembler(self):
        res = self.meta_interp(run_program, [FIB, 14], listops=True,
                               inline=True)
        assert res == 377
        ops = get_stats().check_resops(omit_finish=False)
        # the recursive call is compiled: either a call into the compiled
        # function (call_assembler) or inlined -- never a residual call to
        # the interpreter's portal
        assert ops.get('call_assembler_n', 0) > 0

    def test_f64_array_sum_has_no_allocation(self):
        res = self.meta_interp(run_program, [FLOAT_ARRAY_SUM, 400], listops=True,
                               inline=True)
        assert res == int(sum(i * 0.5 for i in range(400)))
        loops = loops_containing('getarrayitem_gc_f')
        assert loops, 'no loop reads float array storage'
        for ops in loops:
            assert names_with_prefix(ops, 'new') == []
            assert names_with_prefix(ops, 'call') == []
            assert ops.get('float_add', 0) >= 1

    def test_struct_field_loop_has_no_allocation(self):
        res = self.meta_interp(run_program, [STRUCT_FIELDS, 300], listops=True,
                               inline=True)
        scale = 1.0
        for i in range(300):
            scale = scale * 0.5 + 1.0
        assert res == sum(range(300)) + 300 + int(scale)
        ops = loop_ops()
        assert names_with_prefix(ops, 'new') == []
        assert names_with_prefix(ops, 'call') == []
        # the numeric fields are read and written unboxed
        assert ops.get('setarrayitem_gc', 0) >= 3

    def test_closure_call_in_loop_is_traced_away(self):
        res = self.meta_interp(run_program, [CLOSURE_CALL, 300], listops=True,
                               inline=True)
        assert res == 300
        ops = loop_ops()
        assert names_with_prefix(ops, 'new') == []
        assert names_with_prefix(ops, 'call') == []

    def test_function_value_call_in_loop_is_traced_away(self):
        res = self.meta_interp(run_program, [FUNCTION_VALUE_CALL, 300],
                               listops=True, inline=True)
        assert res == 300
        ops = loop_ops()
        # arguments and results are boxed for a call through a value of
        # unknown type; inside the trace the boxes are virtual
        assert names_with_prefix(ops, 'new') == []
        assert names_with_prefix(ops, 'call') == []
