"""Operations on boxed values whose types are known only at run time
(types.md 5-7): operand promotion, arithmetic, comparison, casts.

The compiler's typed opcodes implement the same rules for operands whose
run-time types it knows; both paths use the numeric.py primitives, so they
agree by construction.
"""

from orus import numeric as N
from orus import format as F
from orus.errors import OrusError, KIND_TYPE, KIND_RUNTIME
from orus.runtime.objects import (
    W_Object, W_Int, W_I32, W_I64, W_U32, W_U64, W_Bool, W_F64, W_String,
    W_Array, W_Enum, W_Struct, W_Function, W_Range, W_ErrorValue,
    RT_I32, RT_I64, RT_U32, RT_U64, RT_F64, RT_BOOL, RT_STR, RT_OBJ,
    box_int, wrap_bool, concat_strings)

# operator codes shared with the compiler
OP_ADD = 0
OP_SUB = 1
OP_MUL = 2
OP_DIV = 3
OP_MOD = 4
OP_EQ = 5
OP_NE = 6
OP_LT = 7
OP_LE = 8
OP_GT = 9
OP_GE = 10

OP_NAMES = ['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=']


def numeric_error():
    return OrusError(KIND_TYPE, 'Operands must be numeric (i32, i64, u32, u64, or f64)')


def same_type_error():
    return OrusError(KIND_TYPE, "Operands must be the same type. Use 'as' for explicit type conversion.")


def ordering_error():
    return OrusError(KIND_TYPE, 'Operands must be i32')


def promote(a, b):
    """The common type of two scalar run-time types (types.md 5)."""
    if a == b:
        return a
    if a == RT_STR or b == RT_STR:
        return RT_STR
    if a == RT_F64 or b == RT_F64:
        return RT_F64
    if a > b:
        return a
    return b


# --- scalar conversions (the `as` table, types.md 7) --------------------------

def int_of(w):
    """The stored int of a boxed integer or bool."""
    if isinstance(w, W_Int):
        return w.value
    if isinstance(w, W_Bool):
        if w.value:
            return 1
        return 0
    raise OrusError(KIND_TYPE, 'internal: not an integer')


def to_int_type(w, src, dst):
    """Convert scalar w (of type src, not string) to integer type dst."""
    if src == RT_F64:
        assert isinstance(w, W_F64)
        return N.cast_f64_to_int(w.value, dst)
    return N.cast_int(int_of(w), src, dst)


def to_float(w, src):
    if src == RT_F64:
        assert isinstance(w, W_F64)
        return w.value
    return N.cast_int_to_f64(int_of(w), src)


def scalar_to_string(w):
    """`as string` and string+number concatenation (%d/%u/%g/true/false)."""
    if isinstance(w, W_String):
        return w.str_value()
    if isinstance(w, W_F64):
        return F.format_g(w.value)
    if isinstance(w, W_Bool):
        return F.format_bool(w.value)
    if isinstance(w, W_Int):
        return F.format_int(w.value, w.scalar_type())
    raise OrusError(KIND_TYPE, 'internal: not a scalar')


def as_string_value(w):
    if isinstance(w, W_String):
        return w
    return W_String(scalar_to_string(w))


def dyn_cast(w, target):
    """`w as target` for a value of statically unknown type."""
    src = w.scalar_type()
    if src == RT_OBJ:
        raise N.cannot_cast_error(w.kind_name(), N.type_name(target))
    if src == target:
        return w
    if target == RT_STR:
        return W_String(scalar_to_string(w))
    if src == RT_STR:
        raise N.cannot_cast_error('string', N.type_name(target))
    if target == RT_F64:
        return W_F64(to_float(w, src))
    return box_int(to_int_type(w, src, target), target)


def convert_boxed_to_int(w, rt):
    """A boxed value stored where the compiler expects an integer of type
    rt (an array element or field): converted by the `as` rules."""
    src = w.scalar_type()
    if src == rt:
        return int_of(w)
    if src == RT_OBJ or src == RT_STR:
        raise N.cannot_cast_error(w.kind_name(), N.type_name(rt))
    return to_int_type(w, src, rt)


def convert_boxed_to_float(w):
    src = w.scalar_type()
    if src == RT_F64:
        assert isinstance(w, W_F64)
        return w.value
    if src == RT_OBJ or src == RT_STR:
        raise N.cannot_cast_error(w.kind_name(), 'f64')
    return to_float(w, src)


def convert_boxed_to_string(w):
    if isinstance(w, W_String):
        return w
    if w.scalar_type() == RT_OBJ:
        raise N.cannot_cast_error(w.kind_name(), 'string')
    return W_String(scalar_to_string(w))


# --- arithmetic -------------------------------------------------------------

def int_arith(op, a, b, ty):
    if op == OP_ADD:
        return N.int_add(a, b, ty)
    if op == OP_SUB:
        return N.int_sub(a, b, ty)
    if op == OP_MUL:
        return N.int_mul(a, b, ty)
    if op == OP_DIV:
        return N.int_div(a, b, ty)
    return N.int_mod(a, b, ty)


def float_arith(op, a, b):
    if op == OP_ADD:
        return a + b
    if op == OP_SUB:
        return a - b
    if op == OP_MUL:
        return a * b
    if op == OP_DIV:
        return N.div_f64(a, b)
    return N.mod_f64(a, b)


def dyn_arith(op, w_a, w_b):
    ta = w_a.scalar_type()
    tb = w_b.scalar_type()
    if ta == RT_OBJ or tb == RT_OBJ:
        if op == OP_MUL:
            if isinstance(w_a, W_Array) and isinstance(w_b, W_Int):
                return repeat_array(w_a, w_b.value, tb)
            if isinstance(w_b, W_Array) and isinstance(w_a, W_Int):
                return repeat_array(w_b, w_a.value, ta)
        if ta == tb and w_a.type_name() == w_b.type_name():
            raise numeric_error()
        raise same_type_error()
    p = promote(ta, tb)
    if p == RT_STR:
        if op == OP_ADD:
            return concat_strings(as_string_value(w_a), as_string_value(w_b))
        if ta == tb:
            raise numeric_error()
        raise same_type_error()
    if p == RT_BOOL:
        raise numeric_error()
    if p == RT_F64:
        return W_F64(float_arith(op, to_float(w_a, ta), to_float(w_b, tb)))
    a = to_int_type(w_a, ta, p)
    b = to_int_type(w_b, tb, p)
    return box_int(int_arith(op, a, b, p), p)


def repeat_array(w_arr, count, count_rt):
    if count_rt == RT_U64:
        if count < 0:
            raise repetition_error()
    if count < 0 or count > 100000000:
        raise repetition_error()
    return w_arr.repeat(count)


def repetition_error():
    return OrusError(KIND_RUNTIME,
                     'Array repetition requires a non-negative integer count and reasonable size')


def dyn_neg(w):
    t = w.scalar_type()
    if t == RT_F64:
        assert isinstance(w, W_F64)
        return W_F64(-w.value)
    if t <= RT_U64:
        assert isinstance(w, W_Int)
        return box_int(N.int_neg(w.value, t), t)
    raise numeric_error()


def is_falsy(w):
    """`not w` is true exactly for false and zero numbers (types.md 4.3)."""
    if isinstance(w, W_Bool):
        return not w.value
    if isinstance(w, W_Int):
        return w.value == 0
    if isinstance(w, W_F64):
        return w.value == 0.0
    return False


def condition_value(w):
    if isinstance(w, W_Bool):
        return w.value
    raise OrusError(KIND_TYPE, 'Condition must be boolean')


# --- comparisons ------------------------------------------------------------

def scalar_equal(w_a, ta, w_b, tb):
    if (ta == RT_STR) != (tb == RT_STR):
        return False
    if ta == RT_STR:
        assert isinstance(w_a, W_String) and isinstance(w_b, W_String)
        return w_a.str_value() == w_b.str_value()
    p = promote(ta, tb)
    if p == RT_F64:
        return to_float(w_a, ta) == to_float(w_b, tb)
    return to_int_type(w_a, ta, p) == to_int_type(w_b, tb, p)


def values_equal(w_a, w_b):
    """`==` on any two values (types.md 6)."""
    ta = w_a.scalar_type()
    tb = w_b.scalar_type()
    if ta != RT_OBJ and tb != RT_OBJ:
        return scalar_equal(w_a, ta, w_b, tb)
    if ta != RT_OBJ or tb != RT_OBJ:
        return False
    if isinstance(w_a, W_Enum) and isinstance(w_b, W_Enum):
        return enums_equal(w_a, w_b)
    return w_a is w_b


def enums_equal(w_a, w_b):
    if w_a.layout is not w_b.layout or w_a.variant != w_b.variant:
        return False
    for i in range(len(w_a.payload)):
        if not values_equal(w_a.payload[i], w_b.payload[i]):
            return False
    return True


def dyn_compare(op, w_a, w_b):
    if op == OP_EQ:
        return values_equal(w_a, w_b)
    if op == OP_NE:
        return not values_equal(w_a, w_b)
    ta = w_a.scalar_type()
    tb = w_b.scalar_type()
    if ta > RT_F64 or tb > RT_F64:
        raise ordering_error()
    p = promote(ta, tb)
    if p == RT_F64:
        return float_compare(op, to_float(w_a, ta), to_float(w_b, tb))
    return int_compare(op, to_int_type(w_a, ta, p), to_int_type(w_b, tb, p), p)


def float_compare(op, a, b):
    if op == OP_LT:
        return a < b
    if op == OP_LE:
        return a <= b
    if op == OP_GT:
        return a > b
    if op == OP_GE:
        return a >= b
    if op == OP_EQ:
        return a == b
    return a != b


def int_compare(op, a, b, ty):
    if op == OP_EQ:
        return a == b
    if op == OP_NE:
        return a != b
    if op == OP_LT:
        return N.int_lt(a, b, ty)
    if op == OP_LE:
        return N.int_le(a, b, ty)
    if op == OP_GT:
        return N.int_lt(b, a, ty)
    return N.int_le(b, a, ty)


# --- assert_eq's deep equality (builtins.md 9) --------------------------------

def deep_equal(w_a, w_b):
    ta = w_a.scalar_type()
    tb = w_b.scalar_type()
    if ta != tb:
        return False
    if ta != RT_OBJ:
        return scalar_equal(w_a, ta, w_b, tb)
    if isinstance(w_a, W_Array):
        if not isinstance(w_b, W_Array):
            return False
        n = w_a.length()
        if n != w_b.length():
            return False
        for i in range(n):
            if not deep_equal(w_a.getitem_boxed(i), w_b.getitem_boxed(i)):
                return False
        return True
    if isinstance(w_a, W_Struct):
        if not isinstance(w_b, W_Struct) or w_a.layout is not w_b.layout:
            return False
        for i in range(len(w_a.layout.field_names)):
            if not deep_equal(w_a.get_boxed(i), w_b.get_boxed(i)):
                return False
        return True
    if isinstance(w_a, W_Enum):
        if not isinstance(w_b, W_Enum):
            return False
        if w_a.layout is not w_b.layout or w_a.variant != w_b.variant:
            return False
        for i in range(len(w_a.payload)):
            if not deep_equal(w_a.payload[i], w_b.payload[i]):
                return False
        return True
    return w_a is w_b
