"""PYTEST_DONT_REWRITE -- RPython functions are defined in this module.

Tests of orus/numeric.py: fixed-width integer arithmetic, u64 comparisons,
f64 division/remainder and the cast matrix of types.md 7, each against a
plain-Python model of the mathematics (Python ints are unbounded), plus
translated-semantics tests (the same functions compiled to C must give the
same results as untranslated) and an annotation check.
"""

import math
import struct
import sys
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from orus import numeric as N
from orus.numeric import I32, I64, U32, U64, F64, BOOL
from orus.errors import (OrusError, KIND_VALUE, KIND_RUNTIME, KIND_TYPE,
                         E_DIV_ZERO, E_MOD_ZERO, E_OVERFLOW, E_INVALID_OP,
                         E_TYPE_FEATURE)

INT_TYPES = [I32, I64, U32, U64]
NAME = {I32: 'i32', I64: 'i64', U32: 'u32', U64: 'u64', F64: 'f64',
        BOOL: 'bool'}
BITS = {I32: 32, I64: 64, U32: 32, U64: 64}
SIGNED = {I32: True, I64: True, U32: False, U64: False}
LO = {I32: -2 ** 31, I64: -2 ** 63, U32: 0, U64: 0}
HI = {I32: 2 ** 31 - 1, I64: 2 ** 63 - 1, U32: 2 ** 32 - 1, U64: 2 ** 64 - 1}


# =============================================================================
# the model: values as mathematical integers
# =============================================================================

def to_math(v, ty):
    """Stored int -> the mathematical value it denotes."""
    if ty == U64:
        return v % 2 ** 64
    return v


def to_stored(m, ty):
    """Mathematical value (in range for ty) -> the stored int."""
    assert LO[ty] <= m <= HI[ty]
    if ty == U64 and m >= 2 ** 63:
        return int(m - 2 ** 64)
    return int(m)


OK = 'ok'


def err(kind, code, message):
    return ('err', kind, code, message)


DIV0 = err(KIND_RUNTIME, E_DIV_ZERO, 'Division by zero')
MOD0 = err(KIND_RUNTIME, E_MOD_ZERO, 'Division by zero')
OVF = err(KIND_VALUE, E_OVERFLOW, 'Integer overflow')
NEG_I32_MIN = err(KIND_VALUE, E_OVERFLOW,
                  'Integer overflow: cannot negate INT32_MIN')


def value_err(message):
    return err(KIND_VALUE, E_INVALID_OP, message)


def trunc_div(a, b):
    q = abs(a) // abs(b)
    if (a < 0) != (b < 0):
        q = -q
    return q


def ref_binop(op, a, b, ty):
    A = to_math(a, ty)
    B = to_math(b, ty)
    if op == 'div' and B == 0:
        return DIV0
    if op == 'mod' and B == 0:
        return MOD0
    if op == 'add':
        r = A + B
    elif op == 'sub':
        r = A - B
    elif op == 'mul':
        r = A * B
    elif op == 'div':
        r = trunc_div(A, B)
    elif op == 'mod':
        r = A - B * trunc_div(A, B)
    else:
        raise AssertionError(op)
    if SIGNED[ty]:
        if op == 'mod' and A == LO[ty] and B == -1:
            return OVF                         # MIN % -1 (types.md 6)
        if not (LO[ty] <= r <= HI[ty]):
            return OVF
    else:
        r %= 2 ** BITS[ty]
    return (OK, to_stored(r, ty))


def ref_neg(a, ty):
    A = to_math(a, ty)
    r = -A
    if SIGNED[ty]:
        if not (LO[ty] <= r <= HI[ty]):
            if ty == I32:
                return NEG_I32_MIN
            return OVF
    else:
        r %= 2 ** BITS[ty]
    return (OK, to_stored(r, ty))


def outcome(fn, *args):
    """Run fn; ('ok', result) or ('err', kind, code, message).  An int result
    must be a real int (a long means the untranslated world left the machine
    word)."""
    try:
        r = fn(*args)
    except OrusError as e:
        return err(e.kind, e.error_code(), e.message)
    if isinstance(r, bool):
        return (OK, r)
    if isinstance(r, float):
        return (OK, r)
    assert type(r) is int, (fn.__name__, args, r, type(r))
    return (OK, r)


# =============================================================================
# inputs: edge values and hypothesis strategies per type
# =============================================================================

def _edges(lo, hi):
    vals = set([lo, lo + 1, lo + 2, hi, hi - 1, hi - 2, 0, 1, 2, 3, 7, 10,
                -1, -2, -3, -7, -10, 46340, 46341, -46341, 65535, 65536,
                2 ** 31 - 1, 2 ** 31, -2 ** 31, 2 ** 32 - 1, 2 ** 32,
                3037000499, 3037000500, -3037000500, 2 ** 62, -2 ** 62,
                2 ** 63 - 1, 2 ** 63, 2 ** 64 - 1, hi // 2, hi // 2 + 1,
                lo // 2, 123456789])
    return sorted(v for v in vals if lo <= v <= hi)


EDGES_MATH = dict((ty, _edges(LO[ty], HI[ty])) for ty in INT_TYPES)
EDGES = dict((ty, [to_stored(m, ty) for m in EDGES_MATH[ty]])
             for ty in INT_TYPES)


def stored_values(ty):
    """Hypothesis strategy of stored values of type ty, edge-biased."""
    math_vals = st.one_of(st.sampled_from(EDGES_MATH[ty]),
                          st.integers(min_value=LO[ty], max_value=HI[ty]))
    return math_vals.map(lambda m: to_stored(m, ty))


ARITH = ['add', 'sub', 'mul', 'div', 'mod']


def impl(op, ty):
    return getattr(N, '%s_%s' % (op, NAME[ty]))


# =============================================================================
# arithmetic
# =============================================================================

@pytest.mark.parametrize('ty', INT_TYPES)
@pytest.mark.parametrize('op', ARITH)
def test_arith_edges_exhaustive(op, ty):
    fn = impl(op, ty)
    for a in EDGES[ty]:
        for b in EDGES[ty]:
            assert outcome(fn, a, b) == ref_binop(op, a, b, ty), (op, ty, a, b)


@pytest.mark.parametrize('ty', INT_TYPES)
def test_neg_edges(ty):
    fn = impl('neg', ty)
    for a in EDGES[ty]:
        assert outcome(fn, a) == ref_neg(a, ty), (ty, a)


def _make_arith_property(op, ty):
    @settings(max_examples=300, deadline=None)
    @given(stored_values(ty), stored_values(ty))
    def prop(a, b):
        assert outcome(impl(op, ty), a, b) == ref_binop(op, a, b, ty)
    return prop


for _op in ARITH:
    for _ty in INT_TYPES:
        globals()['test_prop_%s_%s' % (_op, NAME[_ty])] = \
            _make_arith_property(_op, _ty)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(INT_TYPES).flatmap(
    lambda ty: st.tuples(st.just(ty), stored_values(ty))))
def test_prop_neg(ty_a):
    ty, a = ty_a
    assert outcome(impl('neg', ty), a) == ref_neg(a, ty)


def test_spec_examples_arith():
    # types.md 6
    assert N.div_i32(-7, 2) == -3
    assert N.mod_i32(-7, 3) == -1
    assert N.mod_i32(7, -3) == 1
    assert N.sub_u32(0, 1) == 4294967295
    assert N.add_u64(-1, 1) == 0                      # u64 max + 1
    assert N.neg_u32(5) == 4294967291
    # unsigned_math.expected
    assert N.sub_u32(2, 3) == 4294967295
    assert N.sub_u64(0, 1) == -1                      # 18446744073709551615
    assert (N.mul_u32(2, 3), N.div_u32(2, 2), N.mod_u32(2, 2)) == (6, 1, 0)
    assert N.add_u32(4294967295, 1) == 0
    # int_min_division.expected
    for fn, a, b in [(N.div_i32, -2 ** 31, -1), (N.mod_i32, -2 ** 31, -1),
                     (N.div_i64, N.I64_MIN, -1), (N.mod_i64, N.I64_MIN, -1)]:
        with pytest.raises(OrusError) as info:
            fn(a, b)
        assert info.value.message == 'Integer overflow'
        assert info.value.kind == KIND_VALUE
        assert info.value.error_code() == E_OVERFLOW
    assert N.div_i32(-2 ** 31, 2) == -1073741824
    assert N.mod_i32(-2 ** 31, 7) == -2


def test_overflow_messages():
    with pytest.raises(OrusError) as info:
        N.add_i32(2147483647, 1)                      # print(2147483647 + 1)
    assert info.value.message == 'Integer overflow'
    with pytest.raises(OrusError) as info:
        N.neg_i32(-2 ** 31)
    assert info.value.message == 'Integer overflow: cannot negate INT32_MIN'
    assert info.value.error_code() == E_OVERFLOW
    with pytest.raises(OrusError) as info:
        N.neg_i64(N.I64_MIN)
    assert info.value.message == 'Integer overflow'


def test_zero_division_raises_first():
    # division by zero is reported even when the dividend is MIN
    for ty in INT_TYPES:
        lo = to_stored(LO[ty], ty)
        assert outcome(impl('div', ty), lo, 0) == DIV0
        assert outcome(impl('mod', ty), lo, 0) == MOD0


# =============================================================================
# u64 comparisons
# =============================================================================

CMPS = [('lt', lambda a, b: a < b), ('le', lambda a, b: a <= b),
        ('gt', lambda a, b: a > b), ('ge', lambda a, b: a >= b)]


def test_u64_compare_edges():
    for name, ref in CMPS:
        fn = getattr(N, name + '_u64')
        for a in EDGES[U64]:
            for b in EDGES[U64]:
                r = fn(a, b)
                assert isinstance(r, bool)
                assert r == ref(a % 2 ** 64, b % 2 ** 64), (name, a, b)


@settings(max_examples=300, deadline=None)
@given(stored_values(U64), stored_values(U64))
def test_prop_u64_compare(a, b):
    for name, ref in CMPS:
        assert getattr(N, name + '_u64')(a, b) == ref(a % 2 ** 64,
                                                      b % 2 ** 64)


def test_generic_dispatchers():
    for ty in INT_TYPES:
        for a in EDGES[ty][::3]:
            for b in EDGES[ty][::3]:
                for op in ARITH:
                    assert (outcome(getattr(N, 'int_' + op), a, b, ty) ==
                            ref_binop(op, a, b, ty))
                assert N.int_lt(a, b, ty) == (to_math(a, ty) < to_math(b, ty))
                assert N.int_le(a, b, ty) == (to_math(a, ty) <= to_math(b, ty))
            assert outcome(N.int_neg, a, ty) == ref_neg(a, ty)


# =============================================================================
# f64 / and %
# =============================================================================

def bits_of(x):
    return struct.unpack('<q', struct.pack('<d', x))[0]


def float_from_bits(b):
    return struct.unpack('<d', struct.pack('<q', b))[0]


def next_up(x):
    if x == 0.0:
        return 5e-324
    if x > 0.0:
        return float_from_bits(bits_of(x) + 1)
    return float_from_bits(bits_of(x) - 1)


def next_down(x):
    return -next_up(-x)


INF = float('inf')
NAN = float('nan')


def same_float(a, b):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return bits_of(a) == bits_of(b)


def ref_fmod(a, b):
    """C fmod, computed exactly with fractions."""
    if math.isnan(a) or math.isnan(b) or math.isinf(a):
        return NAN
    if math.isinf(b):
        return a
    fa, fb = Fraction(a), Fraction(b)
    q = fa / fb
    n = q.numerator // q.denominator if q >= 0 else -((-q.numerator) // q.denominator)
    r = fa - n * fb
    res = float(r)                    # exact: fmod is always representable
    assert Fraction(res) == r
    if res == 0.0:
        return math.copysign(0.0, a)
    return res


FLOAT_EDGES = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.5, -7.5, 3.0, 1e-300,
               5e-324, -5e-324, 1e300, -1e300, 1.7976931348623157e308, INF,
               -INF, NAN, 0.1, 2.0 / 3.0, 123456.789, -9.99]


def test_div_f64_zero():
    for a in FLOAT_EDGES:
        for z in (0.0, -0.0):
            assert outcome(N.div_f64, a, z) == DIV0
            assert outcome(N.mod_f64, a, z) == MOD0


def test_div_mod_f64_edges():
    for a in FLOAT_EDGES:
        for b in FLOAT_EDGES:
            if b == 0.0:
                continue
            assert same_float(N.div_f64(a, b), a / b), (a, b)
            assert same_float(N.mod_f64(a, b), ref_fmod(a, b)), (a, b)


@settings(max_examples=500, deadline=None)
@given(st.floats(), st.floats())
def test_prop_f64_div_mod(a, b):
    if b == 0.0:
        assert outcome(N.div_f64, a, b) == DIV0
        assert outcome(N.mod_f64, a, b) == MOD0
        return
    assert same_float(N.div_f64(a, b), a / b)
    assert same_float(N.mod_f64(a, b), ref_fmod(a, b))


# =============================================================================
# casts (types.md 7)
# =============================================================================

CAST_ERRORS = {
    (I32, U64): 'Cannot convert negative i32 to u64',
    (I64, U32): 'i64 value out of u32 range',
    (I64, U64): 'Cannot convert negative i64 to u64',
    (U64, I32): 'u64 value too large for i32',
    (U64, I64): 'u64 value too large for i64',
    (U64, U32): 'u64 value too large for u32',
    (F64, I32): 'f64 value out of i32 range',
    (F64, I64): 'f64 value out of i64 range',
    (F64, U32): 'f64 value out of u32 range',
    (F64, U64): 'f64 value out of u64 range',
}


def wrap_signed32(m):
    return ((m + 2 ** 31) % 2 ** 32) - 2 ** 31


def ref_cast_int(v, src, dst):
    """Reference for an integer-stored source (ints and bool)."""
    m = v if src == BOOL else to_math(v, src)
    if dst == BOOL:
        return (OK, m != 0)
    if dst == F64:
        return (OK, float(m))
    if src == BOOL or src == dst:
        return (OK, to_stored(m, dst))
    if dst == I32 and src in (I64, U32):
        return (OK, wrap_signed32(m))                   # wrap, low 32 bits
    if src == I32 and dst == U32:
        return (OK, m % 2 ** 32)                        # two's complement
    if (src, dst) in CAST_ERRORS:
        if not (LO[dst] <= m <= HI[dst]):
            return value_err(CAST_ERRORS[(src, dst)])
    return (OK, to_stored(m, dst))


def ref_cast_f64(x, dst):
    if dst == BOOL:
        return (OK, x != 0.0)
    if dst == F64:
        return (OK, x)
    bad = value_err(CAST_ERRORS[(F64, dst)])
    if math.isnan(x) or math.isinf(x):
        return bad
    if dst in (U32, U64) and (x < 0 or x > HI[dst]):     # untruncated check
        return bad
    t = int(x)                                           # truncates toward 0
    if not (LO[dst] <= t <= HI[dst]):
        return bad
    return (OK, to_stored(t, dst))


def cast_fn(src, dst):
    return getattr(N, 'cast_%s_%s' % (NAME[src], NAME[dst]))


ALL_SCALARS = [I32, I64, U32, U64, F64, BOOL]
CAST_PAIRS = [(s, d) for s in ALL_SCALARS for d in ALL_SCALARS if s != d]
BOOL_EDGES = [0, 1]

F64_CAST_EDGES = sorted(set(
    FLOAT_EDGES + [2147483647.0, 2147483647.5, next_down(2147483648.0),
                   2147483648.0, -2147483648.0, -2147483648.5,
                   next_up(-2147483649.0), -2147483649.0, 4294967295.0,
                   4294967295.5, next_down(4294967296.0), 4294967296.0,
                   9223372036854775807.0, next_down(2.0 ** 63), 2.0 ** 63,
                   -2.0 ** 63, next_down(-2.0 ** 63), next_up(-2.0 ** 63),
                   2.0 ** 64, next_down(2.0 ** 64), 1e10, -1e10, 1e19, 1.8e19,
                   -0.9, 0.9, -1.5, 1.5, 1234.5678]), key=repr)


def check_cast(src, dst, v):
    fn = cast_fn(src, dst)
    got = outcome(fn, v)
    if src == F64:
        want = ref_cast_f64(v, dst)
    else:
        want = ref_cast_int(v, src, dst)
    if dst == F64 and got[0] == OK:
        assert type(got[1]) is float
        assert same_float(got[1], want[1]), (src, dst, v, got, want)
    else:
        assert got == want, (src, dst, v, got, want)
    if dst == BOOL and got[0] == OK:
        assert type(got[1]) is bool


def _inputs(src):
    if src == F64:
        return F64_CAST_EDGES
    if src == BOOL:
        return BOOL_EDGES
    return EDGES[src]


@pytest.mark.parametrize('src,dst', CAST_PAIRS,
                         ids=['%s-%s' % (NAME[s], NAME[d]) for s, d in CAST_PAIRS])
def test_cast_matrix_edges(src, dst):
    for v in _inputs(src):
        check_cast(src, dst, v)


def test_cast_generic_dispatchers():
    int_like = [I32, I64, U32, U64, BOOL]
    for src in int_like:
        for dst in int_like:
            for v in _inputs(src):
                got = outcome(N.cast_int, v, src, dst)
                if src == dst:
                    want = (OK, v)
                else:
                    want = ref_cast_int(v, src, dst)
                    if dst == BOOL and want[0] == OK:
                        want = (OK, int(want[1]))
                assert got == want, (src, dst, v)
        for v in _inputs(src):
            assert same_float(N.cast_int_to_f64(v, src),
                              ref_cast_int(v, src, F64)[1])
    for dst in int_like:
        for x in F64_CAST_EDGES:
            want = ref_cast_f64(x, dst)
            if dst == BOOL:
                want = (OK, int(want[1]))
            assert outcome(N.cast_f64_to_int, x, dst) == want, (dst, x)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([(s, d) for (s, d) in CAST_PAIRS
                        if s not in (F64, BOOL)]).flatmap(
    lambda sd: st.tuples(st.just(sd), stored_values(sd[0]))))
def test_prop_cast_int(sd_v):
    (src, dst), v = sd_v
    check_cast(src, dst, v)


@settings(max_examples=500, deadline=None)
@given(st.sampled_from([I32, I64, U32, U64, BOOL]),
       st.one_of(st.floats(),
                 st.floats(min_value=-2.0 ** 65, max_value=2.0 ** 65),
                 st.floats(min_value=-3e9, max_value=5e9)))
def test_prop_cast_f64(dst, x):
    check_cast(F64, dst, x)


def test_cast_messages_table():
    """Every failing cell of the matrix with its exact message and kind."""
    cases = [
        (I32, U64, -1, 'Cannot convert negative i32 to u64'),
        (I64, U64, -1, 'Cannot convert negative i64 to u64'),
        (I64, U32, -1, 'i64 value out of u32 range'),
        (I64, U32, 4294967296, 'i64 value out of u32 range'),
        (U64, I32, 2147483648, 'u64 value too large for i32'),
        (U64, I32, -1, 'u64 value too large for i32'),
        (U64, I64, N.I64_MIN, 'u64 value too large for i64'),
        (U64, U32, 4294967296, 'u64 value too large for u32'),
        (F64, I32, NAN, 'f64 value out of i32 range'),
        (F64, I32, 2147483648.0, 'f64 value out of i32 range'),
        (F64, I32, 1e10, 'f64 value out of i32 range'),
        (F64, I64, NAN, 'f64 value out of i64 range'),
        (F64, I64, 2.0 ** 63, 'f64 value out of i64 range'),
        (F64, I64, -INF, 'f64 value out of i64 range'),
        (F64, U32, -0.5, 'f64 value out of u32 range'),
        (F64, U32, 4294967295.5, 'f64 value out of u32 range'),
        (F64, U32, NAN, 'f64 value out of u32 range'),
        (F64, U64, -0.5, 'f64 value out of u64 range'),
        (F64, U64, 2.0 ** 64, 'f64 value out of u64 range'),
        (F64, U64, INF, 'f64 value out of u64 range'),
    ]
    for src, dst, v, msg in cases:
        with pytest.raises(OrusError) as info:
            cast_fn(src, dst)(v)
        e = info.value
        assert (e.kind, e.message) == (KIND_VALUE, msg)
        assert e.error_code() == E_INVALID_OP
    e = N.cannot_cast_error('array', 'i32')
    assert (e.kind, e.message) == (KIND_TYPE, 'Cannot cast array to i32')
    assert e.error_code() == E_TYPE_FEATURE


def test_cast_spec_examples():
    # types.md 7
    assert N.cast_i32_u32(-5) == 4294967291
    assert N.cast_i64_i32(5000000000) == 705032704
    assert N.cast_u32_i32(4000000000) == -294967296
    assert N.cast_f64_u32(-0.0) == 0
    # casts.expected
    assert (N.cast_i32_i64(300), N.cast_i32_f64(300), N.cast_i32_u32(300),
            N.cast_i32_bool(300)) == (300, 300.0, 300, True)
    assert N.cast_i32_bool(0) is False
    assert N.cast_i64_i32(4294967301) == 5
    assert (N.cast_f64_i32(-9.99), N.cast_f64_i64(-9.99)) == (-9, -9)
    assert (N.cast_u32_i32(4000000000), N.cast_u32_i64(4000000000)) == \
        (-294967296, 4000000000)
    assert (N.cast_bool_i32(1), N.cast_bool_f64(1)) == (1, 1.0)
    assert N.cast_i64_i32(N.cast_f64_i64(N.cast_i32_f64(300))) == 300
    # dynamic_casts.expected: 5000000000 as f64
    assert N.cast_i64_f64(5000000000) == 5e9
    # u64 max to f64 is 2**64 (nearest), not -1.0
    assert N.cast_u64_f64(-1) == 18446744073709551616.0
    assert N.cast_f64_u64(18446744073709549568.0) == -2048
    assert N.cast_f64_i64(-9223372036854775808.0) == N.I64_MIN
    assert N.cast_f64_bool(NAN) is True
    assert N.cast_f64_bool(-0.0) is False


def test_type_codes():
    assert (N.I32, N.I64, N.U32, N.U64, N.F64, N.BOOL, N.STRING) == \
        (0, 1, 2, 3, 4, 5, 6)
    assert [N.type_name(t) for t in range(7)] == \
        ['i32', 'i64', 'u32', 'u64', 'f64', 'bool', 'string']
    # the same numbering as the checker's kinds (orus/types.py)
    try:
        from orus import types as T
    except ImportError:
        return
    assert (T.K_I32, T.K_I64, T.K_U32, T.K_U64, T.K_F64, T.K_BOOL,
            T.K_STRING) == (0, 1, 2, 3, 4, 5, 6)


# =============================================================================
# translated semantics: the same functions compiled to C
# =============================================================================

from rpython.rlib.unroll import unrolling_iterable
from rpython.rlib.rfloat import formatd


def _fmt_result(r):
    return str(r)


def _fmt_float(x):
    return formatd(x, 'r', 0)


def _err_text(e):
    return 'E:' + e.kind + ':' + e.error_code() + ':' + e.message


def _make_runner_ii(fn, edges):
    def run():
        out = []
        for a in edges:
            for b in edges:
                try:
                    out.append(str(int(fn(a, b))))
                except OrusError as e:
                    out.append(_err_text(e))
        return '|'.join(out)
    return run


def _make_runner_i(fn, edges, float_result):
    def run():
        out = []
        for a in edges:
            try:
                if float_result:
                    out.append(_fmt_float(fn(a)))
                else:
                    out.append(str(int(fn(a))))
            except OrusError as e:
                out.append(_err_text(e))
        return '|'.join(out)
    return run


def _make_runner_f(fn, edges):
    def run():
        out = []
        for x in edges:
            try:
                out.append(str(int(fn(x))))
            except OrusError as e:
                out.append(_err_text(e))
        return '|'.join(out)
    return run


def _make_runner_ff(fn, edges):
    def run():
        out = []
        for x in edges:
            for y in edges:
                try:
                    out.append(_fmt_float(fn(x, y)))
                except OrusError as e:
                    out.append(_err_text(e))
        return '|'.join(out)
    return run


TR_FLOAT_EDGES = [x for x in F64_CAST_EDGES]
RUNNERS = []
RUNNER_NAMES = []
for _ty in INT_TYPES:
    _edges_list = list(EDGES[_ty])
    for _op in ARITH:
        RUNNERS.append(_make_runner_ii(impl(_op, _ty), _edges_list))
        RUNNER_NAMES.append('%s_%s' % (_op, NAME[_ty]))
    RUNNERS.append(_make_runner_i(impl('neg', _ty), _edges_list, False))
    RUNNER_NAMES.append('neg_' + NAME[_ty])
for _name, _ in CMPS:
    RUNNERS.append(_make_runner_ii(getattr(N, _name + '_u64'),
                                   list(EDGES[U64])))
    RUNNER_NAMES.append(_name + '_u64')
for _src, _dst in CAST_PAIRS:
    _fn = cast_fn(_src, _dst)
    if _src == F64:
        if _dst == BOOL or _dst in INT_TYPES:
            RUNNERS.append(_make_runner_f(_fn, TR_FLOAT_EDGES))
            RUNNER_NAMES.append(_fn.__name__)
        continue
    _in = list(_inputs(_src))
    RUNNERS.append(_make_runner_i(_fn, _in, _dst == F64))
    RUNNER_NAMES.append(_fn.__name__)
RUNNERS.append(_make_runner_ff(N.div_f64, list(FLOAT_EDGES)))
RUNNER_NAMES.append('div_f64')
RUNNERS.append(_make_runner_ff(N.mod_f64, list(FLOAT_EDGES)))
RUNNER_NAMES.append('mod_f64')

_UNROLLED = unrolling_iterable(list(enumerate(RUNNERS)))


def run_op(op):
    for i, runner in _UNROLLED:
        if i == op:
            return runner()
    return 'bad op'


@pytest.fixture(scope='module')
def compiled_run_op():
    from rpython.translator.c.test.test_genc import compile
    return compile(run_op, [int])


@pytest.mark.rpython
def test_translated_matches_untranslated(compiled_run_op):
    mismatches = []
    for i, name in enumerate(RUNNER_NAMES):
        want = run_op(i)
        got = compiled_run_op(i)
        if got != want:
            w = want.split('|')
            g = got.split('|')
            diff = [(k, w[k], g[k]) for k in range(min(len(w), len(g)))
                    if w[k] != g[k]]
            mismatches.append((name, diff[:5], len(w), len(g)))
    assert not mismatches


# --- annotation: every public function is RPython ----------------------------

# argument kinds: i = int, f = float
SIGNATURES = {}
for _ty in INT_TYPES:
    for _op in ARITH:
        SIGNATURES['%s_%s' % (_op, NAME[_ty])] = 'ii'
    SIGNATURES['neg_' + NAME[_ty]] = 'i'
for _name, _ in CMPS:
    SIGNATURES[_name + '_u64'] = 'ii'
for _src, _dst in CAST_PAIRS:
    SIGNATURES['cast_%s_%s' % (NAME[_src], NAME[_dst])] = \
        'f' if _src == F64 else 'i'
SIGNATURES.update({
    'div_f64': 'ff', 'mod_f64': 'ff', 'type_name': 'i', 'is_int_type': 'i',
    'cast_int': 'iii', 'cast_int_to_f64': 'ii', 'cast_f64_to_int': 'fi',
    'int_lt': 'iii', 'int_le': 'iii', 'int_add': 'iii', 'int_sub': 'iii',
    'int_mul': 'iii', 'int_div': 'iii', 'int_mod': 'iii', 'int_neg': 'ii',
    'cannot_cast_error': 'ss',
})


def _public_functions(module):
    import types
    return sorted(name for name, obj in vars(module).items()
                  if isinstance(obj, types.FunctionType)
                  and obj.__module__ == module.__name__
                  and not name.startswith('_'))


def test_signature_table_complete():
    assert sorted(SIGNATURES) == _public_functions(N)


_KIND = {'i': int, 'f': float, 's': str}


@pytest.mark.rpython
@pytest.mark.parametrize('name', sorted(SIGNATURES))
def test_annotates_and_rtypes(name):
    from rpython.translator.interactive import Translation
    fn = getattr(N, name)
    t = Translation(fn, [_KIND[k] for k in SIGNATURES[name]])
    t.annotate()
    t.rtype()


def _return_kind(name):
    if name.endswith('_bool') or name in ('lt_u64', 'le_u64', 'gt_u64',
                                          'ge_u64', 'is_int_type', 'int_lt',
                                          'int_le'):
        return 'bool'
    if name.endswith('_f64') or name == 'cast_int_to_f64':
        return 'float'
    if name == 'type_name':
        return 'str'
    if name == 'cannot_cast_error':
        return 'instance'
    return 'int'


@pytest.mark.rpython
def test_return_annotations():
    """Integer results must be annotated as signed ints (an r_uint leaking
    out would turn the interpreter's registers unsigned), the others as the
    expected kind."""
    from rpython.translator.interactive import Translation
    from rpython.translator.translator import graphof
    from rpython.annotator import model as am


    bad = []
    for name in sorted(SIGNATURES):
        fn = getattr(N, name)
        t = Translation(fn, [_KIND[k] for k in SIGNATURES[name]])
        t.annotate()
        s_ret = t.context.annotator.binding(graphof(t.context, fn)
                                            .getreturnvar())
        kind = _return_kind(name)
        if kind == 'bool':
            ok = isinstance(s_ret, am.SomeBool)
        elif kind == 'int':
            ok = (isinstance(s_ret, am.SomeInteger) and
                  not isinstance(s_ret, am.SomeBool) and
                  s_ret.knowntype is int and not s_ret.unsigned)
        elif kind == 'float':
            ok = isinstance(s_ret, am.SomeFloat)
        elif kind == 'str':
            ok = isinstance(s_ret, am.SomeString)
        else:
            ok = isinstance(s_ret, am.SomeInstance)
        if not ok:
            bad.append((name, s_ret))
    assert not bad


# =============================================================================
# JIT: the hot functions trace into a few operations, with no calls
# =============================================================================

@pytest.mark.jit
def test_jit_arith_is_inlined_and_small():
    from rpython.jit.metainterp.test.support import LLJitMixin
    from rpython.rlib.jit import JitDriver

    driver = JitDriver(greens=[], reds=['i', 'n', 'acc', 'u', 'w'])

    def f(n):
        i = 0
        acc = 0
        u = 0
        w = 0
        while i < n:
            driver.jit_merge_point(i=i, n=n, acc=acc, u=u, w=w)
            acc = N.add_i64(acc, i)                 # int_add_ovf + guard
            u = N.add_u64(u, N.mul_u64(i, 3))       # int_mul, int_add
            w = N.add_u32(w, i)                     # int_add, int_and
            i = N.add_i32(i, 1)                     # int_add + range check
        return acc + intmask_u(u) + w

    def intmask_u(x):
        return x & 0xFFFF

    class T(LLJitMixin):
        pass

    t = T()
    res = t.meta_interp(f, [200])
    assert res == f(200)
    t.check_simple_loop(call_n=0, call_i=0, call_r=0, call_f=0,
                        call_may_force_i=0, new_with_vtable=0,
                        int_add_ovf=1, guard_no_overflow=1)


@pytest.mark.jit
def test_jit_div_mod_casts_have_no_calls():
    from rpython.jit.metainterp.test.support import LLJitMixin
    from rpython.rlib.jit import JitDriver

    driver = JitDriver(greens=[], reds=['i', 'n', 'acc', 'd', 'x'])

    def f(n, d):
        i = 0
        acc = 0
        x = 0.5
        while i < n:
            driver.jit_merge_point(i=i, n=n, acc=acc, x=x, d=d)
            acc = N.add_i64(acc, N.div_i32(i, d))
            acc = N.add_i64(acc, N.mod_i64(acc, d))
            acc = N.add_i64(acc, N.div_u64(i, d))
            acc = N.add_i64(acc, N.mod_u32(i, d))
            if N.lt_u64(acc, i):
                acc = N.add_i64(acc, 1)
            acc = N.add_i64(acc, N.cast_i64_i32(acc))
            acc = N.add_i64(acc, N.cast_f64_i64(x))
            acc = N.add_i64(acc, N.cast_u64_u32(i))
            acc = N.mod_i64(acc, 1000003)
            x = N.div_f64(x + 1.0, 2.0)
            i = N.add_i32(i, 1)
        return acc

    class T(LLJitMixin):
        pass

    t = T()
    res = t.meta_interp(f, [200, 7])
    assert res == f(200, 7)
    # the JIT turns a division by a non-constant into a call to its
    # division helper (one each for div_i32, mod_i64, div_u64, mod_u32;
    # the unsigned ones without the sign-correction ops of the signed ones);
    # the division by the constant 1000003 and everything else is inline
    t.check_simple_loop(call_n=0, call_i=4, call_r=0, call_f=0,
                        call_may_force_i=0, new_with_vtable=0,
                        float_truediv=0)
    from rpython.jit.metainterp.warmspot import get_stats
    loop = get_stats().get_all_loops()[-1]
    for op in loop.operations:
        if op.getopname() == 'call_i':
            name = str(op.getarg(0))
            assert '_div' in name or '_mod' in name, name
