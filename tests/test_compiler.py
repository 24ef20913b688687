"""The compiler: typed opcodes, unboxed registers, run-time representations."""

from tests.compile_helpers import compile_source, function, opnames
from orus.runtime.objects import RT_I32, RT_I64, RT_F64, RT_STR, RT_DYN


def test_typed_integer_opcodes():
    m = compile_source('fn f(a: i32, b: i64, c: u32, d: u64) -> i64:\n'
                       '    x = a + a\n    y = c * c\n    z = d - d\n    return b / b')
    ops = opnames(function(m, 'f').code)
    for op in ['ADD_I32', 'MUL_U32', 'SUB_U64', 'DIV_I64']:
        assert op in ops
    assert not [op for op in ops if op.startswith('DYN') or op.startswith('BOX')]


def test_float_ops_stay_unboxed():
    m = compile_source('fn f(x: f64) -> f64:\n    return x * x + 1.0')
    ops = opnames(function(m, 'f').code)
    assert 'MUL_F' in ops and 'ADD_F' in ops
    assert not [op for op in ops if 'BOX' in op or 'DYN' in op]


def test_literal_promotion_is_resolved_statically():
    # `i + 1.5` is an f64 at run time: the i32 operand is converted, no boxes
    m = compile_source('fn f(i: i32):\n    print(i + 1.5)')
    ops = opnames(function(m, 'f').code)
    assert 'CAST_IF' in ops and 'ADD_F' in ops
    assert 'DYN_ARITH' not in ops


def test_variable_widened_by_promotion():
    # total += 1.5 on an i32 makes the variable hold an f64 (types.md 3.3)
    m = compile_source('fn f():\n    mut total: i32 = 3\n    total += 1.5\n    print(total)')
    fn = function(m, 'f')
    total = [s for s in fn.locals if s.name == 'total'][0]
    assert total.rt == RT_DYN
    # without the quirk the variable stays an unboxed i32
    m = compile_source('fn f():\n    mut total: i32 = 3\n    total += 1\n    print(total)')
    total = [s for s in function(m, 'f').locals if s.name == 'total'][0]
    assert total.rt == RT_I32


def test_string_concatenation_quirk_keeps_string_rep():
    m = compile_source('fn f(n: i32):\n    msg = "total: " + n\n    print(msg)')
    msg = [s for s in function(m, 'f').locals if s.name == 'msg'][0]
    assert msg.rt == RT_STR


def test_polymorphic_parameters_are_dynamic():
    m = compile_source('fn same(v):\n    return v\nprint(same(1))')
    fn = function(m, 'same')
    assert fn.params[0].rt == RT_DYN


def test_direct_calls_to_known_functions():
    m = compile_source('fn g(x: i32) -> i32:\n    return x\nfn f() -> i32:\n    return g(1) + g(2)')
    ops = opnames(function(m, 'f').code)
    assert ops.count('CALL') == 2
    assert 'CALL_BOXED' not in ops


def test_for_range_loop_closes_with_loop_opcode():
    m = compile_source('fn f():\n    for i in 0..10:\n        print(i)')
    ops = opnames(function(m, 'f').code)
    assert ops.count('LOOP') == 1
    assert 'ADD_I32' in ops           # the overflow-checked increment
