"""Parser tests (grammar.md, errors.md 5.1): AST shapes, positions, literal
values, the fill rule, same-line bodies and every syntax error message.
"""

import glob
import os
import sys
import threading

import pytest

from orus import ast
from orus.errors import (CompileError, UnframedError, E_SYNTAX, E_INDENT,
                         E_CONTROL_FLOW, E_MISSING_PAREN, E_MISSING_BRACKET,
                         E_PRINT_SEPARATOR, E_TOO_COMPLEX, E_BAD_MULTI_DECL)
from orus.lexer import tokenize
from orus.parser import parse

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = os.path.join(os.path.dirname(os.path.dirname(HERE)), 'shared', 'orus-spec')
if not os.path.isdir(SPEC):
    SPEC = '/work/shared/orus-spec'
EXAMPLES = os.path.join(SPEC, 'examples')


# --- helpers --------------------------------------------------------------------

def body(src):
    return parse(src).body


def stmt(src):
    b = parse(src).body
    assert len(b) == 1, b
    return b[0]


def expr(src):
    """The expression of a one-line expression statement."""
    s = stmt(src)
    assert isinstance(s, ast.ExprStmt), s
    return s.expr


def value(src):
    """The value of `x = SRC`."""
    s = stmt('x = ' + src)
    assert isinstance(s, ast.PlainBind), s
    return s.value


def sx(e):
    """A compact s-expression for an expression tree."""
    if e is None:
        return '_'
    if isinstance(e, ast.IntLit):
        return e.value.str() + e.suffix
    if isinstance(e, ast.FloatLit):
        return repr(e.value)
    if isinstance(e, ast.StringLit):
        return '"' + e.value + '"'
    if isinstance(e, ast.BoolLit):
        return 'true' if e.value else 'false'
    if isinstance(e, ast.Name):
        return e.name
    if isinstance(e, ast.Unary):
        return '(%s %s)' % (e.op, sx(e.operand))
    if isinstance(e, ast.Binary):
        return '(%s %s %s)' % (e.op, sx(e.left), sx(e.right))
    if isinstance(e, ast.Cast):
        return '(as %s %s)' % (sx(e.expr), e.target)
    if isinstance(e, ast.Conditional):
        return '(if %s %s %s)' % (sx(e.cond), sx(e.then_expr), sx(e.else_expr))
    if isinstance(e, ast.Call):
        return '(call %s)' % ' '.join([sx(e.callee)] + [sx(a) for a in e.args])
    if isinstance(e, ast.Index):
        return '(index %s %s)' % (sx(e.obj), sx(e.index))
    if isinstance(e, ast.Slice):
        return '(slice %s %s %s)' % (sx(e.obj), sx(e.start), sx(e.end))
    if isinstance(e, ast.Member):
        return '(. %s %s)' % (sx(e.obj), e.name)
    if isinstance(e, ast.StructLit):
        name = e.type_name if not e.module else e.module + '.' + e.type_name
        return '(struct %s)' % ' '.join([name] + ['%s=%s' % (f.name, sx(f.value))
                                                  for f in e.fields])
    if isinstance(e, ast.ArrayLit):
        return '[%s%s]' % (' '.join(sx(x) for x in e.elements),
                           ',' if e.trailing_comma else '')
    if isinstance(e, ast.ArrayFill):
        return '(fill %s %s)' % (sx(e.value), sx(e.count))
    if isinstance(e, ast.Assign):
        return '(%s %s %s)' % (e.op, sx(e.target), sx(e.value))
    if isinstance(e, ast.FnExpr):
        return '(fn %s)' % ' '.join(p.name for p in e.params)
    if isinstance(e, ast.MatchExpr):
        return '(match %s)' % sx(e.subject)
    if isinstance(e, ast.Timestamp):
        return '(timestamp)'
    raise AssertionError(e)


def vsx(src):
    return sx(value(src))


def err(src):
    """(code, line, col, message) of the syntax error in src."""
    with pytest.raises(CompileError) as info:
        parse(src)
    e = info.value
    return e.code, e.line, e.col, e.message


def msg(src):
    return err(src)[3]


# --- precedence and associativity ----------------------------------------------

@pytest.mark.parametrize('src,shape', [
    ('a + b * c', '(+ a (* b c))'),
    ('a * b + c', '(+ (* a b) c)'),
    ('a - b - c', '(- (- a b) c)'),
    ('a / b % c', '(% (/ a b) c)'),
    ('a or b and c', '(or a (and b c))'),
    ('a and b or c and d', '(or (and a b) (and c d))'),
    ('a == b and c != d', '(and (== a b) (!= c d))'),
    ('a < b < c', '(< (< a b) c)'),
    ('a + b < c * d', '(< (+ a b) (* c d))'),
    ('not a == b', '(== (not a) b)'),
    ('not not a', '(not (not a))'),
    ('-a * b', '(* (- a) b)'),
    ('a + b as f64', '(as (+ a b) f64)'),
    ('x == y as i64', '(as (== x y) i64)'),
    ('-x as f64', '(as (- x) f64)'),
    ('x as i64 + 1', '(+ (as x i64) 1)'),
    ('x as i64 < y', '(< (as x i64) y)'),
    ('a or b as bool', '(or a (as b bool))'),
    ('a matches b', '(matches a b)'),
    ('a matches b == c', '(== (matches a b) c)'),
    ('(a + b) * c', '(* (+ a b) c)'),
    ('f(a)(b)[c].d', '(. (index (call (call f a) b) c) d)'),
    ('-f(x)', '(- (call f x))'),
    ('-x.y', '(- (. x y))'),
    ('not a.b', '(not (. a b))'),
    ('a if c else b', '(if c a b)'),
    ('a if c1 else b if c2 else d', '(if c1 a (if c2 b d))'),
    ('a + 1 if c or d else b - 1', '(if (or c d) (+ a 1) (- b 1))'),
    ('(a if b else c) if d else e', '(if d (if b a c) e)'),
    ('a if (b if c else d) else e', '(if (if c b d) a e)'),
])
def test_precedence(src, shape):
    assert vsx(src) == shape


def test_assignment_is_right_associative():
    assert sx(expr('a.x = b.y = 7')) == '(= (. a x) (= (. b y) 7))'
    s = stmt('a = b = 7')
    assert isinstance(s, ast.PlainBind) and sx(s.value) == '(= b 7)'


def test_compound_assignments():
    for op in ['+=', '-=', '*=', '/=', '%=']:
        e = expr('x %s 2' % op)
        assert isinstance(e, ast.Assign) and e.op == op
    assert sx(expr('p.x += 1')) == '(+= (. p x) 1)'
    assert sx(expr('a[i] = 1')) == '(= (index a i) 1)'
    assert sx(expr('box.items[i] = v')) == '(= (index (. box items) i) v)'
    assert sx(expr('(x) = a if c else b')) == '(= x (if c a b))'


def test_parenthesized_flag():
    e = value('(1)')
    assert isinstance(e, ast.IntLit) and e.parenthesized
    assert not value('1').parenthesized
    e = value('((a + b))')
    assert isinstance(e, ast.Binary) and e.parenthesized
    assert not e.left.parenthesized
    e = value('(x as i32) as i64')
    assert e.expr.parenthesized and not e.parenthesized


# --- positions ----------------------------------------------------------------------

def test_binary_positions():
    e = value('ab  +  cd')
    assert (e.line, e.col, e.op_line, e.op_col) == (1, 5, 1, 9)


def test_call_index_member_positions():
    e = value('obj.run (1)[2]')
    assert isinstance(e, ast.Index)
    assert (e.line, e.col, e.bracket_line, e.bracket_col) == (1, 5, 1, 16)
    c = e.obj
    assert isinstance(c, ast.Call)
    assert (c.line, c.col, c.paren_line, c.paren_col) == (1, 5, 1, 13)
    m = c.callee
    assert isinstance(m, ast.Member)
    assert (m.line, m.col, m.name_line, m.name_col) == (1, 5, 1, 9)
    s = value('a[1..2]')
    assert isinstance(s, ast.Slice) and (s.bracket_line, s.bracket_col) == (1, 6)


def test_cast_positions():
    e = value('n  as  f64')
    assert (e.line, e.col, e.op_line, e.op_col, e.target_line, e.target_col) == (
        1, 5, 1, 8, 1, 12)


def test_assign_and_binding_positions():
    e = expr('  p.x  +=  1'.strip())
    assert (e.line, e.col, e.op_line, e.op_col) == (1, 1, 1, 6)
    s = stmt('total = 1')
    assert (s.line, s.col, s.op_line, s.op_col) == (1, 1, 1, 7)
    s = stmt('mut  count = 1')
    assert (s.line, s.col, s.name_line, s.name_col) == (1, 1, 1, 6)


def test_unary_conditional_and_literal_positions():
    e = value('not x')
    assert (e.line, e.col) == (1, 5)
    e = value('a if c else b')
    assert (e.line, e.col) == (1, 5)
    e = value('[1, 2, 3]')
    assert (e.line, e.col) == (1, 5)
    e = value('-  7')
    assert (e.line, e.col) == (1, 5)


def test_statement_positions_in_blocks():
    b = body('fn f(a, b: i32) -> i32:\n    if a:\n        return b\n    return 0\n')
    f = b[0]
    assert (f.line, f.col, f.name_line, f.name_col) == (1, 1, 1, 4)
    assert [(p.name, p.line, p.col) for p in f.params] == [('a', 1, 6), ('b', 1, 9)]
    assert (f.ret_type.line, f.ret_type.col) == (1, 20)
    i = f.body[0]
    assert (i.line, i.col) == (2, 5)
    assert (i.branches[0].body[0].line, i.branches[0].body[0].col) == (3, 9)


def test_tab_indentation_positions():
    b = body('if a:\n\tx = y + $z\n'.replace('$', ''))
    s = b[0].branches[0].body[0]
    assert (s.line, s.col) == (2, 5)
    assert (s.value.op_line, s.value.op_col) == (2, 11)


# --- literals ---------------------------------------------------------------------

@pytest.mark.parametrize('src,val,nondecimal', [
    ('42', '42', False),
    ('1_000_000', '1000000', False),
    ('0x2A', '42', True),
    ('0xff_ff', '65535', True),
    ('0b1010', '10', True),
    ('0o755', '493', True),
    ('0xFFFFFFFF', '-1', True),
    ('0x80000000', '-2147483648', True),
    ('0x7FFFFFFF', '2147483647', True),
    ('0b10000000000000000000000000000000', '-2147483648', True),
    ('0o37777777777', '-1', True),
    ('0x100000000', '4294967296', True),
    ('0x7FFFFFFFFFFFFFFF', '9223372036854775807', True),
    ('0xFFFFFFFFFFFFFFFF', '18446744073709551615', True),
    ('3000000000', '3000000000', False),
    ('18446744073709551615', '18446744073709551615', False),
    ('99999999999999999999999999', '99999999999999999999999999', False),
])
def test_integer_literal_values(src, val, nondecimal):
    e = value(src)
    assert isinstance(e, ast.IntLit)
    assert e.value.str() == val
    assert e.nondecimal == nondecimal
    assert e.suffix == '' and not e.negative


@pytest.mark.parametrize('src,val,suffix', [
    ('7u32', '7', 'u32'),
    ('10i64', '10', 'i64'),
    ('0xFFi64', '255', 'i64'),
    ('0xFFFFFFFFi32', '-1', 'i32'),
    ('0xFFFFFFFFi64', '-1', 'i64'),
    ('4294967295u32', '4294967295', 'u32'),
    ('18446744073709551615u64', '18446744073709551615', 'u64'),
    ('2147483647i32', '2147483647', 'i32'),
    ('2e3i32', '2000', 'i32'),
    ('2.0i64', '2', 'i64'),
    ('1_0u64', '10', 'u64'),
])
def test_suffixed_integer_literals(src, val, suffix):
    e = value(src)
    assert isinstance(e, ast.IntLit)
    assert (e.value.str(), e.suffix) == (val, suffix)


@pytest.mark.parametrize('src,val', [
    ('3.75', 3.75), ('6.02e23', 6.02e23), ('2.5E-3', 2.5e-3), ('1e+3', 1000.0),
    ('4e-2', 0.04), ('1_000.5', 1000.5), ('3f64', 3.0), ('2.5f64', 2.5),
    ('0b11f64', 3.0), ('0o10f64', 8.0), ('1e400', float('inf')),
])
def test_float_literals(src, val):
    e = value(src)
    assert isinstance(e, ast.FloatLit)
    assert e.value == val and not e.negative


@pytest.mark.parametrize('src,suffix', [
    ('2.5i32', 'i32'), ('0xFFFFFFFFu32', 'u32'), ('-1u32', 'u32'), ('-1u64', 'u64'),
    ('4294967296u32', 'u32'), ('2147483648i32', 'i32'), ('-2147483649i32', 'i32'),
    ('9223372036854775808i64', 'i64'), ('18446744073709551616u64', 'u64'),
    ('1e100i64', 'i64'), ('1e400i64', 'i64'), ('0x80000000u64', 'u64'),
    ('2.5u32', 'u32'), ('-2e3u64', 'u64'),
])
def test_invalid_suffix(src, suffix):
    assert err('x = 1\ny = ' + src + '\n') == (
        E_SYNTAX, 2, 5, "invalid numeric literal suffix '%s'" % suffix)


def test_other_literals():
    assert isinstance(value('"hi"'), ast.StringLit) and value('"a\\tb"').value == 'a\tb'
    t = value('true')
    assert isinstance(t, ast.BoolLit) and t.value is True
    f = value('false')
    assert isinstance(f, ast.BoolLit) and f.value is False
    assert isinstance(value('timestamp()'), ast.Timestamp)
    assert isinstance(value('timestamp'), ast.Name)
    assert isinstance(stmt('timestamp = 3'), ast.PlainBind)


# --- negative literals ----------------------------------------------------------------

@pytest.mark.parametrize('src,shape', [
    ('-1', '-1'),
    ('- 5', '-5'),
    ('x * -2', '(* x -2)'),
    ('f(-0.5)', '(call f -0.5)'),
    ('a - 1', '(- a 1)'),
    ('a -1', '(- a 1)'),
    ('a - -1', '(- a -1)'),
    ('-(1)', '(- 1)'),
    ('--1', '(- -1)'),
    ('-x', '(- x)'),
    ('-0x10', '(- 16)'),
    ('-0b1', '(- 1)'),
    ('-1i64', '-1i64'),
    ('-2e3i32', '-2000i32'),
    ('-2147483648', '-2147483648'),
    ('-9223372036854775809', '-9223372036854775809'),
    ('[-1, -2,]', '[-1 -2,]'),
])
def test_negative_literals(src, shape):
    assert vsx(src) == shape


def test_negative_literal_flags():
    e = value('-7')
    assert isinstance(e, ast.IntLit) and e.negative and e.value.str() == '-7'
    assert (e.line, e.col) == (1, 5)
    e = value('-0.5')
    assert isinstance(e, ast.FloatLit) and e.negative and e.value == -0.5
    e = value('-3f64')
    assert isinstance(e, ast.FloatLit) and e.negative and e.value == -3.0
    e = value('-(1)')
    assert isinstance(e, ast.Unary) and not e.operand.negative
    r = stmt('fn f():\n    return -7\n').body[0]
    assert r.values[0].negative


# --- fill rule ------------------------------------------------------------------------

@pytest.mark.parametrize('src,shape', [
    ('[0, 4]', '(fill 0 4)'),
    ('[0, n]', '(fill 0 n)'),
    ('["a", 0x3]', '(fill "a" 3)'),
    ('[[0, 3], 2]', '(fill (fill 0 3) 2)'),
    ('[0, 4,]', '[0 4,]'),
    ('[3, -1]', '[3 -1]'),
    ('[3, (4)]', '[3 4]'),
    ('[3, 2.0]', '[3 2.0]'),
    ('[3, "s"]', '[3 "s"]'),
    ('[3, a.b]', '[3 (. a b)]'),
    ('[3, f(1)]', '[3 (call f 1)]'),
    ('[1, 2, 3]', '[1 2 3]'),
    ('[1]', '[1]'),
    ('[]', '[]'),
    ('[true, 2]', '(fill true 2)'),
    ('f([1, 2])', '(call f [1 2])'),
    ('len([0, 3])', '(call len [0 3])'),
    ('f([[7, 2]])', '(call f [[7 2]])'),
    ('f(Box{ items: [7, 2] })', '(call f (struct Box items=[7 2]))'),
    ('f(g([1, 2]))', '(call f (call g [1 2]))'),
    ('Box{ items: [7, 2] }', '(struct Box items=(fill 7 2))'),
    ('a[[1, 2][0]]', '(index a (index (fill 1 2) 0))'),
    ('f(1)[[1, 2][0]]', '(index (call f 1) (index (fill 1 2) 0))'),
    ('[1, 2] if c else [3, 4]', '(if c (fill 1 2) (fill 3 4))'),
])
def test_fill_rule(src, shape):
    assert vsx(src) == shape


def test_fill_rule_in_statements():
    p = stmt('print([1, 2], [3, 4,])')
    assert [sx(a) for a in p.args] == ['(fill 1 2)', '[3 4,]']
    r = stmt('fn f():\n    return [0, 5]\n').body[0]
    assert sx(r.values[0]) == '(fill 0 5)'
    d = stmt('a, b = [3, 4]')
    assert sx(d.value) == '(fill 3 4)'
    a = expr('p.items = [0, 2]')
    assert sx(a) == '(= (. p items) (fill 0 2))'
    v = stmt('x: [i32] = [1, 2]')
    assert sx(v.value) == '(fill 1 2)'


def test_block_expressions_inside_call_arguments():
    b = body('r = apply(fn(x):\n    return [x, 2]\n, [1, 2])\nprint(r)\n')
    assert len(b) == 2
    call = b[0].value
    assert sx(call) == '(call apply (fn x) [1 2])'
    # no fill anywhere inside the argument list, lambda bodies included
    assert sx(call.args[0].body[0].values[0]) == '[x 2]'
    b = body('x = f(match y:\n    _ -> [0, 3]\n)\n')
    m = b[0].value.args[0]
    assert isinstance(m, ast.MatchExpr) and sx(m.arms[0].expr) == '[0 3]'
    # outside calls the fill rule applies in lambda bodies
    f = stmt('f = fn():\n    return [0, 3]\n')
    assert sx(f.value.body[0].values[0]) == '(fill 0 3)'


def test_array_literal_continuation_lines():
    assert vsx('[1,\n2,\n3]') == '[1 2 3]'
    assert vsx('[\n1, 2,\n]') == '[1 2,]'
    assert vsx('["red",\n"green"]') == '["red" "green"]'
    b = body('fn f():\n    x = [1,\n    2, 3]\n    return x\n')
    assert sx(b[0].body[0].value) == '[1 2 3]'


# --- struct literals, members, slices ---------------------------------------------------

def test_struct_literals():
    assert vsx('Point{ x: 1, y: 2 }') == '(struct Point x=1 y=2)'
    assert vsx('Point{x: 1, y: 2,}') == '(struct Point x=1 y=2)'
    assert vsx('Point{}') == '(struct Point)'
    assert vsx('geo.Rect{ w: 1, h: 2 }') == '(struct geo.Rect w=1 h=2)'
    assert vsx('Point{\nx: 1\ny: 2\n}') == '(struct Point x=1 y=2)'
    assert vsx('Point{\nx: 1,\ny: 2,\n}') == '(struct Point x=1 y=2)'
    assert vsx('Line{ a: Point{ x: 1 } }.a.x') == '(. (. (struct Line a=(struct Point x=1)) a) x)'
    e = value('geo.Rect{ w: 1 }')
    assert (e.line, e.col) == (1, 5) and e.module == 'geo'
    assert (e.fields[0].line, e.fields[0].col) == (1, 15)


def test_struct_literal_only_after_name():
    assert msg('x = (Point){ x: 1 }') == 'Expected an expression, but found LEFT_BRACE instead.'
    assert msg('x = a.b.C{ x: 1 }') == 'Expected an expression, but found LEFT_BRACE instead.'
    assert msg('x = f(){ x: 1 }') == 'Expected an expression, but found LEFT_BRACE instead.'


def test_slices():
    assert vsx('a[1..3]') == '(slice a 1 3)'
    assert vsx('a[..1]') == '(slice a _ 1)'
    assert vsx('a[3..]') == '(slice a 3 _)'
    assert vsx('a[..]') == '(slice a _ _)'
    assert vsx('a[len(a)..]') == '(slice a (call len a) _)'
    assert vsx('a[\n1\n..\n2\n]') == '(slice a 1 2)'
    assert vsx('a[\ni\n]') == '(index a i)'


# --- statements ------------------------------------------------------------------------

def test_declarations():
    s = stmt('mut x: i64 = 5')
    assert isinstance(s, ast.VarDecl) and s.mutable and not s.is_const
    assert s.type_ref.name == 'i64' and sx(s.value) == '5'
    s = stmt('x: string = "a"')
    assert isinstance(s, ast.VarDecl) and not s.mutable and not s.is_const
    s = stmt('LIMIT := 10')
    assert isinstance(s, ast.VarDecl) and s.is_const and s.type_ref is None
    s = stmt('LIMIT: u64 := 10')
    assert s.is_const and s.type_ref.name == 'u64'
    s = stmt('x = 1')
    assert isinstance(s, ast.PlainBind) and s.name == 'x'
    s = stmt('a, b, c = f()')
    assert isinstance(s, ast.Destructure) and s.names == ['a', 'b', 'c']
    assert sx(s.value) == '(call f)'


def test_expression_statements():
    assert isinstance(stmt('x += 1'), ast.ExprStmt)
    assert isinstance(stmt('f(x)'), ast.ExprStmt)
    assert isinstance(stmt('p.x = 3'), ast.ExprStmt)
    assert isinstance(stmt('a[i] = v'), ast.ExprStmt)
    assert isinstance(stmt('true'), ast.ExprStmt)


def test_top_level_separators():
    b = body('x = 1, mut y = 2, label: string = "box"')
    assert [type(s).__name__ for s in b] == ['PlainBind', 'VarDecl', 'VarDecl']
    assert b[1].mutable and not b[2].mutable
    b = body('a = 1; b = 2; print(a + b);')
    assert [type(s).__name__ for s in b] == ['PlainBind', 'PlainBind', 'Print']
    b = body('a = 1 print(a)')
    assert [type(s).__name__ for s in b] == ['PlainBind', 'Print']
    b = body(',;\n, x = 1 ,;,\n')
    assert len(b) == 1
    b = body('mut a = 1, b = 2')
    assert b[0].mutable and isinstance(b[1], ast.PlainBind)


def test_separators_in_blocks():
    b = body('if c:\n    a = 1; b = 2\n    ;\n    f() g()\n')[0].branches[0].body
    assert [type(s).__name__ for s in b] == ['PlainBind', 'PlainBind', 'ExprStmt', 'ExprStmt']
    assert err('if c:\n    x = 1, y = 2\n') == (
        E_SYNTAX, 2, 10, 'Expected an expression, but found COMMA instead.')


def test_print_statement():
    p = stmt('print()')
    assert isinstance(p, ast.Print) and p.args == []
    p = stmt('print("a", 1 + 2, x)')
    assert [sx(a) for a in p.args] == ['"a"', '(+ 1 2)', 'x']
    assert (p.line, p.col) == (1, 1)


def test_if_elif_else():
    s = stmt('if a:\n    x\nelif b:\n    y\nelif c:\n    z\nelse:\n    w\n')
    assert isinstance(s, ast.If)
    assert [sx(br.cond) for br in s.branches] == ['a', 'b', 'c']
    assert [(br.line, br.col) for br in s.branches] == [(1, 1), (3, 1), (5, 1)]
    assert sx(s.else_body[0].expr) == 'w'
    s = stmt('if a:\n    x\n')
    assert s.else_body is None


def test_same_line_if_holds_one_statement():
    b = body('if false: print("skipped"); print("runs anyway")\n')
    assert len(b) == 2
    assert len(b[0].branches[0].body) == 1
    assert isinstance(b[1], ast.Print)
    s = stmt('if n > 0: print("positive")\nelif n < 0: print("neg")\nelse: print("zero")\n')
    assert len(s.branches) == 2 and len(s.else_body) == 1
    s = stmt('if a:\n    x\nelse: y\n')
    assert sx(s.else_body[0].expr) == 'y'


def test_while_bodies():
    s = stmt('while t < 2: t = t + 1; print("t", t)\n')
    assert isinstance(s, ast.While) and len(s.body) == 2 and s.label == ''
    s = stmt('while a: x;\n')
    assert len(s.body) == 1
    s = stmt('while a:\n    x\n    y\n')
    assert len(s.body) == 2


def test_fn_definitions():
    f = stmt('fn shout(): print("A"); print("B")\n')
    assert isinstance(f, ast.FnDef) and len(f.body) == 2 and f.params == []
    f = stmt('fn add(a: i32, b) -> i64:\n    return a + b\n')
    assert [p.name for p in f.params] == ['a', 'b']
    assert f.params[0].type_ref.name == 'i32' and f.params[1].type_ref is None
    assert f.ret_type.name == 'i64'
    f = stmt('fn pick(name: string) -> fn(i32) -> i32:\n    pass\n')
    r = f.ret_type
    assert r.kind == ast.TYPE_FN and [a.name for a in r.args] == ['i32']
    assert r.ret.name == 'i32'
    f = stmt('fn v() -> void: pass\n')
    assert f.ret_type.name == 'void'


def test_fn_expressions():
    s = stmt('triple = fn(x: i32) -> i32:\n    return x * 3\nprint(triple(5))\n'
             .split('print')[0])
    assert isinstance(s.value, ast.FnExpr)
    assert s.value.ret_type.name == 'i32' and len(s.value.body) == 1
    b = body('f = fn():\n    return 1\n(g)\n')
    # the DEDENT ends the statement: `(g)` is not a call of the function
    assert len(b) == 2 and sx(b[1].expr) == 'g'
    b = body('f = fn():\n    return 1\nif c:\n    pass\n')
    assert isinstance(b[1], ast.If)
    b = body('fn outer():\n    return fn(x):\n        return x\n')
    assert isinstance(b[0].body[0].values[0], ast.FnExpr)
    e = expr('fn(x):\n    return x\n')
    assert isinstance(e, ast.FnExpr)


def test_for_loops():
    s = stmt('for i in 0..10:\n    pass\n')
    assert isinstance(s, ast.ForRange)
    assert (sx(s.start), sx(s.end), s.step, s.inclusive) == ('0', '10', None, False)
    assert (s.var, s.var_line, s.var_col, s.line, s.col) == ('i', 1, 5, 1, 1)
    s = stmt('for i in 0..=n..-2:\n    pass\n')
    assert (sx(s.start), sx(s.end), sx(s.step), s.inclusive) == ('0', 'n', '-2', True)
    s = stmt('for i in 0.. =3:\n    pass\n')
    assert s.inclusive
    s = stmt('for i in a + 1..len(b) * 2..k:\n    pass\n')
    assert (sx(s.start), sx(s.end), sx(s.step)) == ('(+ a 1)', '(* (call len b) 2)', 'k')
    s = stmt('for x in items:\n    pass\n')
    assert isinstance(s, ast.ForIn) and sx(s.iterable) == 'items'
    s = stmt('for x in range(0, 3):\n    pass\n')
    assert isinstance(s, ast.ForIn)


def test_labelled_loops():
    s = stmt("'rows: for r in 0..4:\n    continue 'rows\n")
    assert isinstance(s, ast.ForRange) and s.label == 'rows'
    assert (s.line, s.col) == (1, 8)
    c = s.body[0]
    assert isinstance(c, ast.Continue) and c.label == 'rows'
    s = stmt("'spin: while true:\n    break 'spin\n")
    assert isinstance(s, ast.While) and s.label == 'spin'
    assert isinstance(s.body[0], ast.Break) and s.body[0].label == 'spin'
    s = stmt("'x: for a in b:\n    break\n")
    assert s.body[0].label == ''


def test_try_and_do():
    s = stmt('try:\n    x = 1\ncatch e:\n    print(e)\n')
    assert isinstance(s, ast.Try) and s.catch_name == 'e'
    assert (s.catch_line, s.catch_col) == (3, 1)
    s = stmt('do:\n    x = 1\ncatch:\n    pass\n')
    assert isinstance(s, ast.Try) and s.catch_name == ''
    s = stmt('try: x = int("q")\ncatch err: print(err)\n')
    assert len(s.body) == 1 and len(s.handler) == 1
    s = stmt('do: a\ncatch: b\n')
    assert sx(s.handler[0].expr) == 'b'


def test_return_forms():
    f = stmt('fn f():\n    return\n')
    assert f.body[0].values == []
    f = stmt('fn f():\n    return a, b + 1\n')
    assert [sx(v) for v in f.body[0].values] == ['a', '(+ b 1)']
    f = stmt('fn f(): return\n')
    assert f.body[0].values == []
    f = stmt('fn f(c):\n    if c: return\n    return 1\n')
    assert f.body[0].branches[0].body[0].values == []


def test_match_statement():
    src = ('match packet:\n'
           '    Packet.Empty -> print("nothing")\n'
           '    Packet.Data(size, _) ->\n'
           '        print("bytes:", size)\n'
           '        pass\n'
           '    Kind.Unit() -> pass\n'
           '    0 -> x = 1\n'
           '    -1 -> pass\n'
           '    "s" -> pass\n'
           '    _ -> print("other")\n')
    s = stmt(src)
    assert isinstance(s, ast.MatchStmt) and sx(s.subject) == 'packet'
    arms = s.arms
    p = arms[0].pattern
    assert (p.kind, p.enum_name, p.variant, p.has_parens) == (ast.PAT_ENUM, 'Packet', 'Empty', False)
    p = arms[1].pattern
    assert p.bindings == ['size', '_'] and p.has_parens
    assert [(n.line, n.col) for n in p.binding_pos] == [(3, 17), (3, 23)]
    assert len(arms[1].body) == 2
    p = arms[2].pattern
    assert p.has_parens and p.bindings == []
    assert arms[3].pattern.kind == ast.PAT_VALUE and sx(arms[3].pattern.value) == '0'
    assert isinstance(arms[3].body[0], ast.PlainBind)
    assert arms[4].pattern.value.negative
    assert arms[6].pattern.kind == ast.PAT_WILDCARD
    assert (arms[6].line, arms[6].col) == (10, 5)
    assert all(a.expr is None for a in arms)


def test_match_expression():
    b = body('pos = match word:\n    "alpha" -> 1\n    "beta" -> 2\n    _ -> 0\nprint("pos", pos)\n')
    assert len(b) == 2
    m = b[0].value
    assert isinstance(m, ast.MatchExpr) and len(m.arms) == 3
    assert [sx(a.expr) for a in m.arms] == ['1', '2', '0']
    assert all(a.body == [] for a in m.arms)
    f = stmt('fn name_of(code: i32) -> string:\n    return match code:\n'
             '        200 -> "ok"\n        _ -> "other"\n')
    assert isinstance(f.body[0].values[0], ast.MatchExpr)
    # a match that starts a statement is a statement
    f = stmt('fn w(n: i32) -> string:\n    match n:\n        1 -> "one"\n        _ -> "many"\n')
    assert isinstance(f.body[0], ast.MatchStmt)
    assert isinstance(f.body[0].arms[0].body[0], ast.ExprStmt)


def test_struct_enum_impl():
    s = stmt('struct Point:\n    x: i32\n    y: f64 = 1.5\n\n    tags: [string]\n')
    assert isinstance(s, ast.StructDef)
    assert [(f.name, f.type_ref.kind) for f in s.fields] == [
        ('x', ast.TYPE_NAMED), ('y', ast.TYPE_NAMED), ('tags', ast.TYPE_ARRAY)]
    assert sx(s.fields[1].default) == '1.5' and s.fields[0].default is None
    e = stmt('enum Shape[T]:\n    Circle(r: f64)\n    Rect(f64, h: T)\n    Empty\n')
    assert isinstance(e, ast.EnumDef) and e.generics == ['T']
    assert [v.name for v in e.variants] == ['Circle', 'Rect', 'Empty']
    assert [(p.name, p.type_ref.name) for p in e.variants[1].payload] == [('', 'f64'), ('h', 'T')]
    i = stmt('impl Point:\n    fn new(x) -> Point:\n        return Point{ x: x }\n\n'
             '    pub fn len(self) -> i32: return 1\n')
    assert isinstance(i, ast.ImplDef) and i.name == 'Point' and (i.name_line, i.name_col) == (1, 6)
    assert [(m.name, m.is_pub) for m in i.methods] == [('new', False), ('len', True)]


def test_use_forms():
    b = body('use lib.shapes: UNIT, square_area as sq, Rect\nuse lib.shapes as geo\n'
             'use a.b.c\nuse m: *\n')
    u = b[0]
    assert u.path == ['lib', 'shapes'] and u.alias == '' and not u.star
    assert [(i.name, i.alias) for i in u.items] == [('UNIT', ''), ('square_area', 'sq'), ('Rect', '')]
    assert b[1].alias == 'geo' and b[1].items == []
    assert b[2].path == ['a', 'b', 'c']
    assert b[3].star


def test_pub_declarations():
    b = body('pub fn f(): pass\npub struct S:\n    a: i32\npub enum E:\n    A\n'
             'pub impl S:\n    fn g(): pass\npub X := 1\npub mut y = 2\npub z = 3\npub w: i32 = 4\n')
    assert all(s.is_pub for s in b)
    assert [type(s).__name__ for s in b] == ['FnDef', 'StructDef', 'EnumDef', 'ImplDef',
                                             'VarDecl', 'VarDecl', 'PlainBind', 'VarDecl']
    assert not body('fn f(): pass\n')[0].is_pub


def test_types():
    s = stmt('x: [[i32]?, 4]? = []')
    t = s.type_ref
    assert t.kind == ast.TYPE_ARRAY and t.optional and t.length == '4'
    assert t.elem.kind == ast.TYPE_ARRAY and t.elem.optional
    assert t.elem.elem.name == 'i32'
    assert stmt('x: [f64, SIZE] = []').type_ref.length == 'SIZE'
    assert stmt('x: [f64, 0x10] = []').type_ref.length == '16'
    assert stmt('x: [f64, 1_000] = []').type_ref.length == '1000'
    t = stmt('x: Option[i32] = y').type_ref
    assert t.name == 'Option' and [a.name for a in t.args] == ['i32']
    t = stmt('x: Map[string, [i32]] = y').type_ref
    assert [a.kind for a in t.args] == [ast.TYPE_NAMED, ast.TYPE_ARRAY]
    t = stmt('x: i32? = y').type_ref
    assert t.optional


def test_array_type_skips_layout():
    b = body('x: [i32,\n    3] = [1, 2, 3,]\ny = 2\n')
    assert len(b) == 2 and b[0].type_ref.length == '3'
    b = body('fn f():\n    x: [\n        i32\n        ,\n    3] = []\n    return x\nprint(1)\n')
    assert len(b) == 2 and len(b[0].body) == 2
    assert b[0].body[0].type_ref.length == '3'


# --- error catalogue (errors.md 5.1) ---------------------------------------------------

@pytest.mark.parametrize('src,expected', [
    # print
    ('print "x"', (E_MISSING_PAREN, 1, 7, "expected '(' after print but found STRING")),
    ('print', (E_MISSING_PAREN, 2, 0, "expected '(' after print but found NEWLINE")),
    ('print(5u)', (E_PRINT_SEPARATOR, 1, 8,
                   'I was expecting a comma before "u" so the next value is clear.')),
    ('print(1 2)', (E_PRINT_SEPARATOR, 1, 9,
                    'I was expecting a comma before "2" so the next value is clear.')),
    ('print(1,)', (E_SYNTAX, 1, 9, "Expected an expression after ',', but found RIGHT_PAREN instead.")),
    ('print(1', (E_MISSING_PAREN, 2, 0, "Expected ')' after print arguments, but found NEWLINE instead.")),
    ('x = print(1)', (E_SYNTAX, 1, 5, "Expected an expression, but found 'print' instead.")),
    # brackets
    ('x = [1, 2\n]', (E_MISSING_BRACKET, 1, 5,
                      "Expected ']' to close this array literal, but found NEWLINE instead.")),
    ('x = [1 2]', (E_MISSING_BRACKET, 1, 5,
                   "Expected ']' to close this array literal, but found NUMBER instead.")),
    ('f(a[1)', (E_MISSING_BRACKET, 1, 4,
                "Expected ']' to close this bracket expression, but found RIGHT_PAREN instead.")),
    ('x = a[1..2..3]', (E_MISSING_BRACKET, 1, 6,
                        "Expected ']' to close this bracket expression, but found DOT_DOT instead.")),
    ('x: [i32 = y', (E_MISSING_BRACKET, 1, 4,
                     "expected ']' to close this array type, but found EQUAL instead.")),
    ('x: [] = y', (E_SYNTAX, 1, 5, "expected an element type before ']'")),
    ('x: [5] = y', (E_SYNTAX, 1, 5, 'invalid element type inside array type annotation')),
    ('x: [i32, -1] = y', (E_SYNTAX, 1, 10, 'array length must be a non-negative integer literal within range')),
    ('x: [i32, 1.5] = y', (E_SYNTAX, 1, 10, 'array length must be a non-negative integer literal within range')),
    ('x: [i32, 99999999999] = y', (E_SYNTAX, 1, 10, 'array length must be a non-negative integer literal within range')),
    ('x: [i32, "a"] = y', (E_SYNTAX, 1, 10, 'expected a constant name or integer literal for the array length')),
    # parentheses
    ('x = (1 + 2', (E_MISSING_PAREN, 2, 0, "Expected ')' after the expression, but found NEWLINE instead.")),
    ('f(1 2)', (E_MISSING_PAREN, 1, 5, "Expected ')' after arguments, but found NUMBER instead.")),
    ('f(1,\n2)', (E_SYNTAX, 2, 0, "Expected an expression after ',', but found NEWLINE instead.")),
    ('f(1,)', (E_SYNTAX, 1, 5, "Expected an expression after ',', but found RIGHT_PAREN instead.")),
    ('fn f(a,):\n    pass', (E_SYNTAX, 1, 8, "Expected a parameter name after ',', but found RIGHT_PAREN instead.")),
    ('fn f(a b):\n    pass', (E_MISSING_PAREN, 1, 8, "Expected ')' after the parameters, but found IDENTIFIER instead.")),
    # indentation
    ('x = 1\n    y = 2', (E_INDENT, 2, 5, "It looks like this line is indented, but there's no open block above it.")),
    ('if a:\n    x\n        y', (E_INDENT, 3, 9, "It looks like this line is indented, but there's no open block above it.")),
    ('x = [1,\n    2]', (E_INDENT, 2, 5, "It looks like this line is indented, but there's no open block above it.")),
    ('if a:\n        x\n    y', (E_INDENT, 3, 5, 'Inconsistent indentation.')),
    # control-flow headers
    ('if x\n    y', (E_CONTROL_FLOW, 2, 0, "Expected ':' after if statement")),
    ('if x > 1 print(x)', (E_CONTROL_FLOW, 1, 10, "Expected ':' after if statement")),
    ('if a:\n    x\nelif b\n    y', (E_CONTROL_FLOW, 4, 0, "Expected ':' after elif statement")),
    ('if a:\n    x\nelse\n    y', (E_CONTROL_FLOW, 4, 0, "Expected ':' after else statement")),
    ('while x\n    y', (E_CONTROL_FLOW, 2, 0, "Expected ':' after while statement")),
    ('for i in a\n    y', (E_CONTROL_FLOW, 2, 0, "Expected ':' after for statement")),
    ('for i in 0..3\n    y', (E_CONTROL_FLOW, 2, 0, "Expected ':' after for statement")),
    ('try\n    y', (E_CONTROL_FLOW, 2, 0, "Expected ':' after try statement")),
    ('do\n    y', (E_CONTROL_FLOW, 2, 0, "Expected ':' after do statement")),
    ('try:\n    y\ncatch e\n    z', (E_CONTROL_FLOW, 4, 0, "Expected ':' after catch statement")),
    ('if x:\n', (E_CONTROL_FLOW, 2, 0, 'Empty if block')),
    ('if x:', (E_CONTROL_FLOW, 2, 0, 'Empty if block')),
    ('if x:\ny = 1', (E_CONTROL_FLOW, 2, 0, 'Empty if block')),
    ('if x:\n    y\nelse:\nz', (E_CONTROL_FLOW, 4, 0, 'Empty else block')),
    ('try:\ncatch:\n    y', (E_CONTROL_FLOW, 2, 0, 'Empty try block')),
    ('try:\n    y\ncatch:\n', (E_CONTROL_FLOW, 4, 0, 'Empty catch block')),
    ('for i in 0..3:\n// nothing\n', (E_CONTROL_FLOW, 2, 0, 'Empty for loop block')),
    ('while x:\n', (E_CONTROL_FLOW, 2, 0, 'Empty while block')),
    ('if x = 1:\n    pass', (E_CONTROL_FLOW, 1, 6,
                            "Did you mean '==' instead of '=' in this if condition? Assignment (=) "
                            "used where comparison (==) was likely intended")),
    ('while x = 1:\n    pass', (E_CONTROL_FLOW, 1, 9,
                               "Did you mean '==' instead of '=' in this while condition? Assignment "
                               "(=) used where comparison (==) was likely intended")),
    ('if:\n    pass', (E_CONTROL_FLOW, 1, 3, 'Missing condition in if statement')),
    ('while :\n    pass', (E_CONTROL_FLOW, 1, 7, 'Missing condition in while statement')),
    ('for in x:\n    pass', (E_CONTROL_FLOW, 1, 5,
                            "Invalid loop variable 'missing': loop variable name is required after 'for'")),
    ('for i 0..3:\n    pass', (E_CONTROL_FLOW, 1, 7,
                               "Range 'for loop' has invalid syntax: expected 'in' after loop variable")),
    ('for i in 0..:\n    pass', (E_CONTROL_FLOW, 1, 13,
                                "Range 'incomplete' has invalid syntax: range end value is required after '..'")),
    ('for i in 0..3..:\n    pass', (E_CONTROL_FLOW, 1, 16,
                                   "Range 'incomplete' has invalid syntax: step value is required after second '..'")),
    ('try:\n    x = 1\nprint(2)', (E_SYNTAX, 3, 1, "expected 'catch' after try block")),
    ('do: x = 1\ny = 2', (E_SYNTAX, 2, 1, "expected 'catch' after try block")),
    # functions
    ('fn f() -> :\n    pass', (E_SYNTAX, 1, 11, "Expected return type after '->' in function 'f', but found COLON")),
    ('g = fn() -> :\n    pass', (E_SYNTAX, 1, 13, "Expected return type after '->' in function expression, but found COLON")),
    ('fn f() -> fn() -> :\n    pass', (E_SYNTAX, 1, 19, "Expected return type after '->' in function type, but found COLON")),
    ('fn f() -> fn(if):\n    pass', (E_SYNTAX, 1, 14, "expected a type annotation in function type, but found 'if'")),
    ('fn f() -> fn(1):\n    pass', (E_SYNTAX, 1, 14, 'expected a type annotation in function type, but found NUMBER')),
    ('fn f()\n    pass', (E_SYNTAX, 2, 0, "Expected ':' after function signature")),
    ('fn f() -> i32 pass', (E_SYNTAX, 1, 15, "Expected ':' after function signature")),
    ('g = fn() pass', (E_SYNTAX, 1, 10, "Expected ':' after function signature")),
    ('fn f(g: fn(i32)):\n    pass', (E_SYNTAX, 1, 9, "Expected a type, but found 'fn' instead.")),
    # bodies that must be indented
    ('for i in x: print(i)', (E_SYNTAX, 1, 13, "Expected an indented block after ':'")),
    ('struct P: x: i32', (E_SYNTAX, 1, 11, "Expected an indented block after ':'")),
    ('enum E: A', (E_SYNTAX, 1, 9, "Expected an indented block after ':'")),
    ('impl P: fn f(): pass', (E_SYNTAX, 1, 9, "Expected an indented block after ':'")),
    ('match x: _ -> 1', (E_SYNTAX, 1, 10, "Expected an indented block after ':'")),
    ('y = match x: _ -> 1', (E_SYNTAX, 1, 14, "Expected an indented block after ':'")),
    ('f = fn(x): x', (E_SYNTAX, 1, 12, "Expected an indented block after ':'")),
    ('struct P:\nx: i32', (E_SYNTAX, 2, 0, "Expected an indented block after ':'")),
    # module-only declarations
    ('if a:\n    pub x = 1', (E_SYNTAX, 2, 5, "'pub' declarations are only allowed at module scope")),
    ('fn f():\n    use a.b', (E_SYNTAX, 2, 5, "'use' declarations are only allowed at module scope")),
    ('if a: pub fn f(): pass', (E_SYNTAX, 1, 7, "'pub' declarations are only allowed at module scope")),
    ('pub if a:\n    pass', (E_SYNTAX, 1, 5, "Expected a declaration after 'pub', but found 'if' instead.")),
    # bindings
    ('mut X := 5', (E_SYNTAX, 1, 7, "mutable bindings must use '='; ':=' declares an immutable constant")),
    ('mut x: i32 := 5', (E_SYNTAX, 1, 12, "mutable bindings must use '='; ':=' declares an immutable constant")),
    ('mut x += 1', (E_BAD_MULTI_DECL, 1, 5,
                    "Invalid multiple declaration for 'x': compound assignments cannot declare a new "
                    "variable. Remove 'mut' to update an existing binding.")),
    ('mut x', (E_SYNTAX, 2, 0, "Expected '=' after the variable name, but found NEWLINE instead.")),
    ('x: i32', (E_SYNTAX, 2, 0, "Expected '=' or ':=' after the type annotation, but found NEWLINE instead.")),
    ('a, 1 = f()', (E_SYNTAX, 1, 4, 'expected identifier in destructuring assignment')),
    ('a, b', (E_SYNTAX, 2, 0, "expected '=' after destructuring pattern")),
    ('a, b += 1', (E_SYNTAX, 1, 6, "expected '=' after destructuring pattern")),
    # use
    ('use', (E_SYNTAX, 2, 0, "expected module name after 'use'")),
    ('use 1', (E_SYNTAX, 1, 5, "expected module name after 'use'")),
    ('use a.', (E_SYNTAX, 2, 0, "expected identifier after '.' in module name")),
    ('use a as', (E_SYNTAX, 2, 0, "expected identifier after 'as'")),
    ('use a: 1', (E_SYNTAX, 1, 8, 'expected symbol name in use list')),
    ('use a: x,', (E_SYNTAX, 2, 0, 'expected symbol name in use list')),
    ('use a: x as', (E_SYNTAX, 2, 0, "expected alias name after 'as'")),
    # keywords as names
    ('fn if():\n    pass', (E_SYNTAX, 1, 4, "'if' is a reserved keyword and cannot be used as a name")),
    ('mut for = 1', (E_SYNTAX, 1, 5, "'for' is a reserved keyword and cannot be used as a name")),
    ('x.match', (E_SYNTAX, 1, 3, "'match' is a reserved keyword and cannot be used as a name")),
    ('in = 3', (E_SYNTAX, 1, 1, "'in' is a reserved keyword and cannot be used as a name")),
    ('print = 3', (E_SYNTAX, 1, 1, "'print' is a reserved keyword and cannot be used as a name")),
    ('fn f(a, as):\n    pass', (E_SYNTAX, 1, 9, "'as' is a reserved keyword and cannot be used as a name")),
    ('struct P:\n    pub x: i32', (E_SYNTAX, 2, 5, "'pub' is a reserved keyword and cannot be used as a name")),
    ('enum E:\n    while', (E_SYNTAX, 2, 5, "'while' is a reserved keyword and cannot be used as a name")),
    ('for do in x:\n    pass', (E_SYNTAX, 1, 5, "'do' is a reserved keyword and cannot be used as a name")),
    ('try: a\ncatch not: b', (E_SYNTAX, 2, 7, "'not' is a reserved keyword and cannot be used as a name")),
    ('p = P{ if: 1 }', (E_SYNTAX, 1, 8, "'if' is a reserved keyword and cannot be used as a name")),
    ('a, or = f()', (E_SYNTAX, 1, 4, "'or' is a reserved keyword and cannot be used as a name")),
    ('enum Box[if]:\n    A', (E_SYNTAX, 1, 10,
                             "expected identifier for generic parameter, but 'if' is a reserved keyword")),
    # operators
    ('x = a & b', (E_SYNTAX, 1, 7, "Operator '&' is not supported")),
    ('x = a | b', (E_SYNTAX, 1, 7, "Operator '|' is not supported")),
    ('x = a ^ b', (E_SYNTAX, 1, 7, "Operator '^' is not supported")),
    ('x = a << 2', (E_SYNTAX, 1, 7, "Operator '<<' is not supported")),
    ('x = a >> 2', (E_SYNTAX, 1, 7, "Operator '>>' is not supported")),
    ('x = ~a', (E_SYNTAX, 1, 5, "Operator '~' is not supported")),
    ('x = !a', (E_SYNTAX, 1, 5, "Operator '!' is not supported")),
    ('x = a ! b', (E_SYNTAX, 1, 7, "Operator '!' is not supported")),
    ('x = &a', (E_SYNTAX, 1, 5, "Operator '&' is not supported")),
    ('x = c ? a : b', (E_SYNTAX, 1, 7, "Operator '?' is not supported; use 'a if c else b'")),
    ('x = a if c elif d else e', (E_SYNTAX, 1, 12,
                                  "'elif' cannot be used in a conditional expression; nest 'a if c else b' instead")),
    ('x = a if c', (E_SYNTAX, 2, 0, "Expected 'else' in conditional expression")),
    ('x = a if b if c else d else e', (E_SYNTAX, 1, 12, "Expected 'else' in conditional expression")),
    ('a = 1 if x:\n    pass', (E_SYNTAX, 1, 11, "Expected 'else' in conditional expression")),
    ('a[i] += 1', (E_SYNTAX, 1, 6,
                   "Compound assignment to an array element is not supported; write 'a[i] = a[i] + value'")),
    ('box.items[i] -= 1', (E_SYNTAX, 1, 14,
                           "Compound assignment to an array element is not supported; write 'a[i] = a[i] + value'")),
    ('1 = 2', (E_SYNTAX, 1, 3, 'Invalid assignment target.')),
    ('f() = 2', (E_SYNTAX, 1, 5, 'Invalid assignment target.')),
    ('true = 2', (E_SYNTAX, 1, 6, 'Invalid assignment target.')),
    # generic "Expected WHAT, but found TOKEN instead."
    ('x = .5', (E_SYNTAX, 1, 5, 'Expected an expression, but found DOT instead.')),
    ('x = 1.', (E_SYNTAX, 2, 0, "Expected a field name after '.', but found NEWLINE instead.")),
    ('x = ', (E_SYNTAX, 2, 0, 'Expected an expression, but found NEWLINE instead.')),
    ('x = )', (E_SYNTAX, 1, 5, 'Expected an expression, but found RIGHT_PAREN instead.')),
    ('x = if', (E_SYNTAX, 1, 5, "Expected an expression, but found 'if' instead.")),
    ('x = @', (E_SYNTAX, 1, 5, 'Expected an expression, but found AT instead.')),
    ('else: x', (E_SYNTAX, 1, 1, "Expected an expression, but found 'else' instead.")),
    ('x = 1 +\n2', (E_SYNTAX, 2, 0, 'Expected an expression, but found NEWLINE instead.')),
    ('x = a as [i32]', (E_SYNTAX, 1, 10, "Expected a type name after 'as', but found LEFT_BRACKET instead.")),
    ('x = timestamp(1)', (E_SYNTAX, 1, 15,
                          "Expected ')' after 'timestamp(' (it takes no arguments), but found NUMBER instead.")),
    ("'a: x = 1", (E_SYNTAX, 1, 5, "Expected 'while' or 'for' after a loop label, but found IDENTIFIER instead.")),
    ("'a while x: y", (E_SYNTAX, 1, 4, "Expected ':' after the loop label, but found 'while' instead.")),
    ("while x: break '", (E_SYNTAX, 2, 0, "Expected a label name after \"'\", but found NEWLINE instead.")),
    ('match x:\n    1 "a"', (E_SYNTAX, 2, 7, "Expected '->' after the match pattern, but found STRING instead.")),
    ('match x:\n    ) -> 1', (E_SYNTAX, 2, 5, 'Expected a match arm, but found RIGHT_PAREN instead.')),
    ('match x:\n    A.B(1) -> 1', (E_SYNTAX, 2, 9, 'Expected a binding name, but found NUMBER instead.')),
    ('match x:\n    A.B(a,) -> 1', (E_SYNTAX, 2, 11, "Expected a binding name after ',', but found RIGHT_PAREN instead.")),
    ('match x:\n    A.B -> \n', (E_SYNTAX, 3, 0, "Expected an indented block after '->'")),
    ('y = match x:\n    A.B ->\n        1\n', (E_SYNTAX, 3, 0, 'Expected an expression, but found NEWLINE instead.')),
    ('struct P:\n    x i32', (E_SYNTAX, 2, 7, "Expected ':' after the field name, but found IDENTIFIER instead.")),
    ('struct P:\n    x: 5', (E_SYNTAX, 2, 8, 'Expected a type, but found NUMBER instead.')),
    ('impl P:\n    x = 1', (E_SYNTAX, 2, 5, "Expected a method definition ('fn'), but found IDENTIFIER instead.")),
    ('enum E:\n    A(i32', (E_MISSING_PAREN, 3, 0, "Expected ')' after the variant payload, but found NEWLINE instead.")),
    ('p = P{ x 1 }', (E_SYNTAX, 1, 10, "Expected ':' after the field name, but found NUMBER instead.")),
    ('p = P{ x: 1 y: 2 }', (E_SYNTAX, 1, 13, "Expected ',' or '}' in the struct literal, but found IDENTIFIER instead.")),
    # lexical errors come through the parser with their positions
    ('x = $', (E_SYNTAX, 1, 5, 'Unexpected character.')),
    ('x = "a\\qb"', (E_SYNTAX, 1, 7, 'Invalid escape sequence.')),
    ('x = "ab', (E_SYNTAX, 1, 5, 'Unterminated string.')),
    ('x = 1\n/* note\ny = 2', (E_SYNTAX, 2, 1, 'Unterminated block comment.')),
    ('/* a /* b */ c */', (E_SYNTAX, 1, 17, 'Expected an expression, but found SLASH instead.')),
    ('x = 1__0', (E_SYNTAX, 1, 5, 'Invalid underscore placement in number.')),
    ('x = 1e', (E_SYNTAX, 1, 5, "Invalid scientific notation: Expected digit after 'e' or 'E'.")),
    ('x = 0x', (E_SYNTAX, 1, 5, 'Invalid hexadecimal literal.')),
])
def test_syntax_errors(src, expected):
    assert err(src) == expected


def test_first_error_in_source_order_wins():
    # a syntax error before a lexical one is reported first ...
    assert err('x = (1\ny = $\n')[1:3] == (2, 0)
    # ... and a lexical error before a syntax one too
    assert err('x = $ )\n')[3] == 'Unexpected character.'
    assert err(') $\n') == (E_SYNTAX, 1, 1, 'Expected an expression, but found RIGHT_PAREN instead.')
    assert err('x = 1\n  y\n z = $\n')[3] == (
        "It looks like this line is indented, but there's no open block above it.")


def test_chained_cast_is_unframed():
    with pytest.raises(UnframedError) as info:
        parse('y = 1\nx = a as i64 as f64\n')
    e = info.value
    assert e.unframed
    assert (e.line, e.col) == (2, 14)
    assert e.message == ("Error: Chained type casts are not allowed at line 2:14. Use parentheses "
                         "like '((a as type1) as type2)' or an intermediate variable for clarity.")
    # parenthesized inner casts and casts of other expressions are fine
    assert vsx('(a as i64) as f64') == '(as (as a i64) f64)'
    assert vsx('a as i64 + 1 as f64') == '(as (+ (as a i64) 1) f64)'


# --- nesting limit ----------------------------------------------------------------------

def _in_big_thread(fn):
    result = []

    def run():
        try:
            result.append(fn())
        except BaseException as e:      # re-raised in the test thread
            result.append(e)
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(100000)
    threading.stack_size(256 * 1024 * 1024)
    try:
        t = threading.Thread(target=run)
        t.start()
        t.join()
    finally:
        threading.stack_size(0)
        sys.setrecursionlimit(old)
    if isinstance(result[0], BaseException):
        raise result[0]
    return result[0]


@pytest.mark.parametrize('opener,closer', [('(', ')'), ('[', ']'), ('-', ''),
                                           ('not ', ''), ('f(', ')')])
def test_expression_nesting_limit(opener, closer):
    def deep(n):
        return 'x = ' + opener * n + 'y' + closer * n + '\n'
    assert _in_big_thread(lambda: len(parse(deep(1000)).body)) == 1
    with pytest.raises(CompileError) as info:
        _in_big_thread(lambda: parse(deep(1001)))
    assert info.value.code == E_TOO_COMPLEX
    assert info.value.message == 'expression nesting exceeds maximum depth of 1000'


def test_long_flat_expressions_are_not_nested():
    src = 'x = ' + ' + '.join(['1'] * 3000) + '\n'
    assert len(parse(src).body) == 1


# --- the spec's example programs ----------------------------------------------------------

def _example_files():
    files = sorted(glob.glob(os.path.join(EXAMPLES, '*.orus')) +
                   glob.glob(os.path.join(EXAMPLES, 'lib', '*.orus')))
    return files


EXAMPLE_FILES = _example_files()


def test_examples_found():
    assert len(EXAMPLE_FILES) >= 65


@pytest.mark.parametrize('path', EXAMPLE_FILES,
                         ids=[os.path.relpath(p, EXAMPLES) for p in EXAMPLE_FILES])
def test_example_parses(path):
    with open(path, 'rb') as f:
        src = f.read()
    # none of the spec's exit-65 examples has a syntax error: all must parse
    m = parse(src)
    assert len(m.body) > 0


# --- RPython ----------------------------------------------------------------------------------

def _rpython_entry(s):
    # annotated by RPython: keep it free of `assert` (pytest rewrites them)
    m = parse(s)
    return len(m.body) + len(tokenize(s))


@pytest.mark.rpython
def test_parser_is_rpython():
    from rpython.translator.interactive import Translation
    t = Translation(_rpython_entry, [str])
    t.annotate()
    t.rtype()
