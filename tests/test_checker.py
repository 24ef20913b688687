"""The checker: types, literal adaptation, scopes and its diagnostics."""

from orus import types as T
from orus.types import prune
from orus import ast
from tests.compile_helpers import check_source, check_errors, function


def decl_type(source, name):
    m, errors = check_source(source)
    assert errors == [], [e.message for e in errors]
    return prune(m.scope.names[name].ty).display()


def test_literal_typing():
    assert decl_type('x = 5', 'x') == 'i32'
    assert decl_type('x = 3000000000', 'x') == 'i64'
    assert decl_type('x = -2147483648', 'x') == 'i32'
    assert decl_type('x = -2147483649', 'x') == 'i64'
    assert decl_type('x = 0xFFFFFFFF', 'x') == 'i32'
    assert decl_type('x = 7u64', 'x') == 'u64'
    assert decl_type('x = 2.5', 'x') == 'f64'
    assert decl_type('x: u64 = 18446744073709551615', 'x') == 'u64'


def test_literal_out_of_range():
    assert check_errors('x = 18446744073709551615') == [
        'Integer literal 18446744073709551615 is out of range for i64']
    assert check_errors('x: u32 = -1') == ['Integer literal -1 is out of range for u32']
    assert check_errors('x: u32 = 0xFFFFFFFF') == ['Integer literal -1 is out of range for u32']


def test_annotation_mismatch_messages():
    assert check_errors('x: i32 = "hello"') == ['this is a `string`, but `i32` was expected']
    assert check_errors('a = 1\nb: i64 = a') == ['this is a `i32`, but `i64` was expected']
    assert check_errors('x: f64 = true') == ['this is a `bool`, but `f64` was expected']


def test_arithmetic_rules():
    # exactly one literal: the other operand's type, no further check
    assert decl_type('w: i64 = 5\nx = w * 1664525', 'x') == 'i64'
    assert decl_type('i: i32 = 3\nx = i + 1.5', 'x') == 'i32'
    assert decl_type('n = 3\nx = "total: " + n', 'x') == 'i32'
    # otherwise the same type
    assert check_errors('a: i32 = 1\nb: i64 = 2\nc = a + b') == [
        'this is a `i64`, but `i32` was expected']
    assert check_errors('c = 1.0 / 2') == ['this is a `i32`, but `f64` was expected']


def test_and_or_rules():
    assert decl_type('x = 12 and 10', 'x') == 'i32'
    assert decl_type('x = true and false', 'x') == 'bool'
    assert check_errors('x = 1 and true') == ['this is a `i32`, but `bool` was expected']


def test_conditions_must_be_bool():
    assert check_errors('n = 3\nif n:\n    pass') == ['this is a `i32`, but `bool` was expected']
    # unknown types are checked at run time
    assert check_errors('fn f(v):\n    if v:\n        pass') == []


def test_scopes_and_mutability():
    assert check_errors('x = 1\nx = 2') == [
        "Cannot assign to immutable variable 'x'. Add 'mut' when declaring it."]
    assert check_errors('mut x = 1\nmut x = 2') == ["Variable 'x' is already defined on line 1"]
    assert check_errors('print(ghost)') == [
        "Undefined variable 'ghost'. Variables must be declared before use."]
    # a plain binding in a branch is hoisted out of the if
    m, errors = check_source('if true:\n    status = "go"\nprint(status)')
    assert errors == []
    assert m.scope.names['status'].hoisted
    # loop bodies keep their names
    assert check_errors('for i in 0..3:\n    t = i\nprint(t)') == [
        "Undefined variable 't'. Variables must be declared before use."]


def test_function_sees_only_earlier_globals():
    assert check_errors('fn f() -> i32:\n    return later\nlater = 1') == [
        "Undefined variable 'later'. Variables must be declared before use."]
    assert check_errors('early = 1\nfn f() -> i32:\n    return early') == []


def test_functions_callable_before_definition():
    assert check_errors('print(twice(2))\nfn twice(x: i32) -> i32:\n    return x * 2') == []


def test_void_results():
    assert check_errors('fn f():\n    print("x")\ny = f()') == [
        'this is a `void`, but `value` was expected']
    m, errors = check_source('fn f(x: i32) -> i32:\n    if x > 0:\n        return 1')
    assert errors == []
    assert function(m, 'f').may_miss_result


def test_implicit_results():
    m, errors = check_source('fn cube(n: i64) -> i64:\n    n * n * n')
    assert errors == []
    body = function(m, 'cube').body
    assert isinstance(body[0], ast.ExprStmt) and body[0].is_result
    m, errors = check_source('fn sign(n: i32):\n    if n < 0: "minus"\n    else: "plus"')
    assert errors == []
    assert prune(function(m, 'sign').ret).display() == 'string'


def test_polymorphic_function():
    assert check_errors('fn same(v):\n    return v\nprint(same(1), same("a"), same(true))') == []
    assert check_errors('fn same(v):\n    return v\nx = same(1) + same("a")') == [
        'this is a `type_var`, but `type_var` was expected']
    # a literal fixes an unannotated parameter
    assert check_errors('fn twice(x):\n    return x * 2\nprint(twice(1.5))') == [
        'this is a `f64`, but `i32` was expected']


def test_arity_messages():
    assert check_errors('fn f(a: i32, b: i32) -> i32:\n    return a\nf(1)') == [
        "Function 'f' expects 2 arguments but received 1 argument"]
    assert check_errors('x = len("a", "b")') == [
        "Function 'len' expects 1 argument but received 2 arguments"]


def test_casts():
    assert check_errors('d = "77"\nv = d as i32') == ['this is a `string`, but `i32` was expected']
    assert check_errors('v = 5 as widget') == ['this is a `widget`, but `valid type` was expected']
    assert decl_type('v = 5 as string', 'v') == 'string'


def test_break_outside_loop():
    assert check_errors('break') == ["'break' can only be used inside a loop"]


def test_constant_names():
    assert check_errors('counter := 1') == [
        "Invalid variable name 'counter': module constants must start with an uppercase letter"]
    assert check_errors('fn f():\n    local := 3\n    print(local)') == []
