"""Numeric core: fixed-width integer arithmetic, f64 division, casts.

RPython.  Every function here gives the same result untranslated (where
Python ints grow into longs) and translated (where a machine word wraps):
signed operations go through `ovfcheck` or explicit range checks, unsigned
ones through masks or `r_uint`, division through `int_c_div`/`int_c_mod`
(C truncation) after the zero and MIN / -1 checks.

Value conventions (one RPython `int`, a 64-bit machine word, per integer):

  i32   [-2**31, 2**31)          u32   [0, 2**32)
  i64   the whole signed word    u64   the same 64 bits read as signed
                                       (u64 max 18446744073709551615 is -1)
  bool  0 / 1                    f64   an RPython float

Type codes (`ty` arguments here and in format.py; the same numbers as the
checker's K_* kinds in orus/types.py): I32=0 I64=1 U32=2 U64=3 F64=4 BOOL=5
STRING=6.

The hot functions (arithmetic, comparisons, most casts) contain no loops and
only a couple of operations each, so the JIT traces them inline: `add_i64`
is `int_add_ovf` + `guard_no_overflow`, `add_i32` an `int_add` and two
compares, `add_u64` a plain `int_add`.

Errors are `OrusError`s from orus/errors.py: `div_by_zero()` for `/`,
`mod_by_zero()` for `%`, `overflow()` ("Integer overflow", kind value) and
kind-value errors with the exact cast messages of types.md section 7.
"""

import math
import sys

from rpython.rlib.rarithmetic import ovfcheck, r_uint, intmask
from rpython.rlib.rarithmetic import int_c_div, int_c_mod

from orus.errors import OrusError, KIND_VALUE, KIND_TYPE
from orus.errors import div_by_zero, mod_by_zero, overflow

# --- type codes --------------------------------------------------------------
I32 = 0
I64 = 1
U32 = 2
U64 = 3
F64 = 4
BOOL = 5
STRING = 6

TYPE_NAMES = ['i32', 'i64', 'u32', 'u64', 'f64', 'bool', 'string']


def type_name(ty):
    return TYPE_NAMES[ty]


def is_int_type(ty):
    return ty == I32 or ty == I64 or ty == U32 or ty == U64


# --- limits (computed at import time; all fit in a machine word) -------------
I32_MIN = -2147483648
I32_MAX = 2147483647
U32_MAX = 4294967295
U32_MASK = 0xFFFFFFFF
I64_MAX = sys.maxint
I64_MIN = -sys.maxint - 1
assert I64_MAX == 9223372036854775807     # a 64-bit host is required

_SIGN32 = 0x80000000
_R_U32_MASK = r_uint(U32_MASK)

# float bounds used by the f64 -> integer casts (exact binary values)
_F_2_31 = 2147483648.0                    # 2**31
_F_2_63 = 9223372036854775808.0           # 2**63
_F_2_64 = 18446744073709551616.0          # 2**64
_F_I32_LOW = -2147483649.0                # trunc(x) >= -2**31  <=>  x > this
_F_I64_MIN = -9223372036854775808.0       # -2**63 (exact)
_F_U32_MAX = 4294967295.0

# messages (types.md 7, errors.md 6)
MSG_NEG_I32_MIN = 'Integer overflow: cannot negate INT32_MIN'
MSG_I32_NEG_U64 = 'Cannot convert negative i32 to u64'
MSG_I64_NEG_U64 = 'Cannot convert negative i64 to u64'
MSG_I64_U32 = 'i64 value out of u32 range'
MSG_U64_I32 = 'u64 value too large for i32'
MSG_U64_I64 = 'u64 value too large for i64'
MSG_U64_U32 = 'u64 value too large for u32'
MSG_F64_I32 = 'f64 value out of i32 range'
MSG_F64_I64 = 'f64 value out of i64 range'
MSG_F64_U32 = 'f64 value out of u32 range'
MSG_F64_U64 = 'f64 value out of u64 range'


def _value_error(msg):
    return OrusError(KIND_VALUE, msg)


# =============================================================================
# i32
# =============================================================================

def add_i32(a, b):
    r = a + b                      # both in i32 range: cannot overflow a word
    if r < I32_MIN or r > I32_MAX:
        raise overflow()
    return r


def sub_i32(a, b):
    r = a - b
    if r < I32_MIN or r > I32_MAX:
        raise overflow()
    return r


def mul_i32(a, b):
    r = a * b                      # |r| <= 2**62
    if r < I32_MIN or r > I32_MAX:
        raise overflow()
    return r


def div_i32(a, b):
    if b == 0:
        raise div_by_zero()
    if b == -1 and a == I32_MIN:
        raise overflow()
    return int_c_div(a, b)


def mod_i32(a, b):
    if b == 0:
        raise mod_by_zero()
    if b == -1 and a == I32_MIN:
        raise overflow()
    return int_c_mod(a, b)


def neg_i32(a):
    if a == I32_MIN:
        raise OrusError(KIND_VALUE, MSG_NEG_I32_MIN)
    return -a


# =============================================================================
# i64
# =============================================================================

def add_i64(a, b):
    try:
        return ovfcheck(a + b)
    except OverflowError:
        raise overflow()


def sub_i64(a, b):
    try:
        return ovfcheck(a - b)
    except OverflowError:
        raise overflow()


def mul_i64(a, b):
    try:
        return ovfcheck(a * b)
    except OverflowError:
        raise overflow()


def div_i64(a, b):
    if b == 0:
        raise div_by_zero()
    if b == -1 and a == I64_MIN:
        raise overflow()
    return int_c_div(a, b)


def mod_i64(a, b):
    if b == 0:
        raise mod_by_zero()
    if b == -1 and a == I64_MIN:
        raise overflow()
    return int_c_mod(a, b)


def neg_i64(a):
    if a == I64_MIN:
        raise overflow()
    return -a


# =============================================================================
# u32 (values in [0, 2**32); results wrap modulo 2**32)
# =============================================================================

def add_u32(a, b):
    return (a + b) & U32_MASK


def sub_u32(a, b):
    return (a - b) & U32_MASK


def mul_u32(a, b):
    # the product can reach 2**64 - 2**33 + 1: multiply unsigned
    return intmask((r_uint(a) * r_uint(b)) & _R_U32_MASK)


def div_u32(a, b):
    if b == 0:
        raise div_by_zero()
    # both non-negative: an unsigned division needs no sign correction
    return intmask(r_uint(a) // r_uint(b))


def mod_u32(a, b):
    if b == 0:
        raise mod_by_zero()
    return intmask(r_uint(a) % r_uint(b))


def neg_u32(a):
    return (-a) & U32_MASK


# =============================================================================
# u64 (the 64 bits stored in a signed word; results wrap modulo 2**64)
# =============================================================================

def add_u64(a, b):
    return intmask(r_uint(a) + r_uint(b))


def sub_u64(a, b):
    return intmask(r_uint(a) - r_uint(b))


def mul_u64(a, b):
    return intmask(r_uint(a) * r_uint(b))


def div_u64(a, b):
    if b == 0:
        raise div_by_zero()
    return intmask(r_uint(a) // r_uint(b))


def mod_u64(a, b):
    if b == 0:
        raise mod_by_zero()
    return intmask(r_uint(a) % r_uint(b))


def neg_u64(a):
    return intmask(r_uint(0) - r_uint(a))


def lt_u64(a, b):
    return r_uint(a) < r_uint(b)


def le_u64(a, b):
    return r_uint(a) <= r_uint(b)


def gt_u64(a, b):
    return r_uint(a) > r_uint(b)


def ge_u64(a, b):
    return r_uint(a) >= r_uint(b)


# =============================================================================
# f64 (the other float operations are plain IEEE ops inlined by the caller)
# =============================================================================

def div_f64(a, b):
    if b == 0.0:                   # true for 0.0 and -0.0
        raise div_by_zero()
    return a / b


def mod_f64(a, b):
    """C fmod: the result has the sign of `a`; NaN for an infinite `a` or a
    NaN operand; `a` itself for a finite `a` and an infinite `b`."""
    if b == 0.0:
        raise mod_by_zero()
    if math.isnan(a) or math.isnan(b) or math.isinf(a):
        return _NAN
    if math.isinf(b):
        return a
    return math.fmod(a, b)


_INF = 1e200 * 1e200
_NAN = _INF - _INF
if math.copysign(1.0, _NAN) < 0.0:      # x86 gives the negative default NaN
    _NAN = -_NAN


# =============================================================================
# casts (types.md 7).  cast_<src>_<dst>(value) for every pair of
# i32 i64 u32 u64 f64 bool; the identity ones exist for completeness.
# =============================================================================

def _wrap_i32(v):
    """The low 32 bits of v read as a signed 32-bit number."""
    return ((v & U32_MASK) ^ _SIGN32) - _SIGN32


# --- from i32 ---
def cast_i32_i64(v):
    return v


def cast_i32_u32(v):
    return v & U32_MASK                  # two's complement: -5 -> 4294967291


def cast_i32_u64(v):
    if v < 0:
        raise _value_error(MSG_I32_NEG_U64)
    return v


def cast_i32_f64(v):
    return float(v)


def cast_i32_bool(v):
    return v != 0


# --- from i64 ---
def cast_i64_i32(v):
    return _wrap_i32(v)                  # 5000000000 -> 705032704


def cast_i64_u32(v):
    if v < 0 or v > U32_MAX:
        raise _value_error(MSG_I64_U32)
    return v


def cast_i64_u64(v):
    if v < 0:
        raise _value_error(MSG_I64_NEG_U64)
    return v


def cast_i64_f64(v):
    return float(v)                      # nearest


def cast_i64_bool(v):
    return v != 0


# --- from u32 ---
def cast_u32_i32(v):
    return _wrap_i32(v)                  # 4000000000 -> -294967296


def cast_u32_i64(v):
    return v


def cast_u32_u64(v):
    return v


def cast_u32_f64(v):
    return float(v)


def cast_u32_bool(v):
    return v != 0


# --- from u64 ---
def cast_u64_i32(v):
    if v < 0 or v > I32_MAX:             # stored < 0 means >= 2**63
        raise _value_error(MSG_U64_I32)
    return v


def cast_u64_i64(v):
    if v < 0:
        raise _value_error(MSG_U64_I64)
    return v


def cast_u64_u32(v):
    if v < 0 or v > U32_MAX:
        raise _value_error(MSG_U64_U32)
    return v


def cast_u64_f64(v):
    return float(r_uint(v))              # nearest, of the unsigned value


def cast_u64_bool(v):
    return v != 0


# --- from f64 ---
def cast_f64_i32(x):
    # truncated value in [-2**31, 2**31 - 1]  <=>  -2**31 - 1 < x < 2**31;
    # NaN fails both compares
    if not (x > _F_I32_LOW and x < _F_2_31):
        raise _value_error(MSG_F64_I32)
    return int(x)


def cast_f64_i64(x):
    if not (x >= _F_I64_MIN and x < _F_2_63):
        raise _value_error(MSG_F64_I64)
    return int(x)


def cast_f64_u32(x):
    # checked on the untruncated value: -0.5 fails, -0.0 gives 0; NaN fails
    if not (x >= 0.0 and x <= _F_U32_MAX):
        raise _value_error(MSG_F64_U32)
    return int(x)


def cast_f64_u64(x):
    if not (x >= 0.0 and x < _F_2_64):
        raise _value_error(MSG_F64_U64)
    if x < _F_2_63:
        return int(x)
    # [2**63, 2**64): x - 2**63 is exact; stored value is v - 2**64
    return int(x - _F_2_63) + I64_MIN


def cast_f64_bool(x):
    return x != 0.0                      # NaN is true, as in C


# --- from bool (stored 0/1) ---
def cast_bool_i32(v):
    return v


def cast_bool_i64(v):
    return v


def cast_bool_u32(v):
    return v


def cast_bool_u64(v):
    return v


def cast_bool_f64(v):
    return float(v)


# --- dispatchers for run-time casts and operand promotion (types.md 5) -------

def cast_int(v, src, dst):
    """Cast the integer-stored value `v` (type src in I32 I64 U32 U64 BOOL)
    to the integer-stored type dst (I32 I64 U32 U64 BOOL).  To f64 use
    cast_int_to_f64, from f64 cast_f64_to_int."""
    if dst == BOOL:
        return int(v != 0)
    if src == dst or src == BOOL:
        return v
    if src == I32:
        if dst == I64:
            return v
        if dst == U32:
            return cast_i32_u32(v)
        return cast_i32_u64(v)
    if src == I64:
        if dst == I32:
            return cast_i64_i32(v)
        if dst == U32:
            return cast_i64_u32(v)
        return cast_i64_u64(v)
    if src == U32:
        if dst == I32:
            return cast_u32_i32(v)
        return v
    # src == U64
    if dst == I32:
        return cast_u64_i32(v)
    if dst == I64:
        return cast_u64_i64(v)
    return cast_u64_u32(v)


def cast_int_to_f64(v, src):
    if src == U64:
        return cast_u64_f64(v)
    return float(v)


def cast_f64_to_int(x, dst):
    """f64 -> I32 I64 U32 U64 BOOL (the result stored in an int)."""
    if dst == I32:
        return cast_f64_i32(x)
    if dst == I64:
        return cast_f64_i64(x)
    if dst == U32:
        return cast_f64_u32(x)
    if dst == U64:
        return cast_f64_u64(x)
    return int(x != 0.0)


def cannot_cast_error(src_name, dst_name):
    """`Cannot cast array to i32` (kind type) for a run-time cast of a value
    the table cannot convert."""
    return OrusError(KIND_TYPE, 'Cannot cast ' + src_name + ' to ' + dst_name)


# --- unsigned/signed comparisons on any integer type --------------------------

def int_lt(a, b, ty):
    if ty == U64:
        return lt_u64(a, b)
    return a < b


def int_le(a, b, ty):
    if ty == U64:
        return le_u64(a, b)
    return a <= b


# --- generic integer arithmetic by type code (for the untyped paths) ---------

def int_add(a, b, ty):
    if ty == I32:
        return add_i32(a, b)
    if ty == I64:
        return add_i64(a, b)
    if ty == U32:
        return add_u32(a, b)
    return add_u64(a, b)


def int_sub(a, b, ty):
    if ty == I32:
        return sub_i32(a, b)
    if ty == I64:
        return sub_i64(a, b)
    if ty == U32:
        return sub_u32(a, b)
    return sub_u64(a, b)


def int_mul(a, b, ty):
    if ty == I32:
        return mul_i32(a, b)
    if ty == I64:
        return mul_i64(a, b)
    if ty == U32:
        return mul_u32(a, b)
    return mul_u64(a, b)


def int_div(a, b, ty):
    if ty == I32:
        return div_i32(a, b)
    if ty == I64:
        return div_i64(a, b)
    if ty == U32:
        return div_u32(a, b)
    return div_u64(a, b)


def int_mod(a, b, ty):
    if ty == I32:
        return mod_i32(a, b)
    if ty == I64:
        return mod_i64(a, b)
    if ty == U32:
        return mod_u32(a, b)
    return mod_u64(a, b)


def int_neg(a, ty):
    if ty == I32:
        return neg_i32(a)
    if ty == I64:
        return neg_i64(a)
    if ty == U32:
        return neg_u32(a)
    return neg_u64(a)
