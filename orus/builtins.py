"""The builtin functions of builtins.md that are not compiled inline.

Every builtin here takes and returns boxed values; the compiler emits
specialised instructions for the hot cases (len and push/pop on arrays
whose element type it knows)."""

import time

from rpython.rlib.listsort import make_timsort_class
from rpython.rlib.rarithmetic import r_uint

from orus import bytecode as B
from orus import format as F
from orus import numeric as N
from orus.errors import (OrusError, KIND_RUNTIME, KIND_VALUE, KIND_TYPE,
                         KIND_ARGUMENT)
from orus.runtime import io
from orus.runtime.objects import (
    W_Object, W_Int, W_I32, W_I64, W_U32, W_U64, W_Bool, W_F64, W_String,
    W_Array, W_IntArray, W_BoolArray, W_FloatArray, W_RefArray, W_Range,
    W_ErrorValue,
    RT_I32, RT_I64, RT_U32, RT_U64, RT_F64, RT_BOOL, RT_STR, RT_OBJ, RT_DYN,
    wrap_bool)
from orus.runtime.dynamic import deep_equal
from orus.runtime.show import render_for_assert


def not_an_array():
    return OrusError(KIND_TYPE, 'Value is not an array')


def builtin_len(w):
    if isinstance(w, W_Array):
        return w.length()
    if isinstance(w, W_String):
        return w.str_length()
    raise not_an_array()


def builtin_push(w_arr, w_value):
    if not isinstance(w_arr, W_Array):
        raise not_an_array()
    w_arr.append_boxed(w_value)
    return w_arr


def builtin_pop(w_arr):
    if not isinstance(w_arr, W_Array):
        raise not_an_array()
    if w_arr.length() == 0:
        raise empty_pop()
    return w_arr.pop_boxed()


def empty_pop():
    return OrusError(KIND_VALUE, 'Cannot pop from an empty array')


# --- sorted -------------------------------------------------------------------

def _u64_lt(a, b):
    return r_uint(a) < r_uint(b)


IntSort = make_timsort_class()
U64Sort = make_timsort_class(lt=_u64_lt)
FloatSort = make_timsort_class()
StrSort = make_timsort_class()


def not_comparable():
    return OrusError(KIND_RUNTIME, 'sorted() requires an array of comparable elements')


def sort_ints(items, rt):
    copy = items[:]
    if rt == RT_U64:
        U64Sort(copy).sort()
    else:
        IntSort(copy).sort()
    return copy


def sort_bools(items):
    n_false = 0
    for b in items:
        if not b:
            n_false += 1
    return [False] * n_false + [True] * (len(items) - n_false)


def sort_floats(items):
    copy = items[:]
    FloatSort(copy).sort()
    return copy


def sort_strs(items):
    copy = items[:]
    StrSort(copy).sort()
    return copy


def builtin_sorted(w_arr):
    if isinstance(w_arr, W_IntArray):
        return W_IntArray(sort_ints(w_arr.items, w_arr.rt), w_arr.rt)
    if isinstance(w_arr, W_BoolArray):
        return W_BoolArray(sort_bools(w_arr.items))
    if isinstance(w_arr, W_FloatArray):
        return W_FloatArray(sort_floats(w_arr.items))
    if not isinstance(w_arr, W_RefArray):
        raise not_an_array()
    items = w_arr.items
    if len(items) == 0:
        return W_RefArray([], w_arr.rt)
    first_t = items[0].scalar_type()
    for w in items:
        if w.scalar_type() != first_t or first_t == RT_OBJ:
            raise not_comparable()
    if first_t == RT_STR:
        strs = [unwrap_str(w) for w in items]
        return W_RefArray([W_String(s) for s in sort_strs(strs)], w_arr.rt)
    if first_t == RT_F64:
        fl = [unwrap_float(w) for w in items]
        return W_RefArray([W_F64(x) for x in sort_floats(fl)], w_arr.rt)
    ints = [unwrap_intlike(w) for w in items]
    sorted_ints = sort_ints(ints, first_t)
    from orus.runtime.objects import box_int
    return W_RefArray([box_int(v, first_t) for v in sorted_ints], w_arr.rt)


def unwrap_str(w):
    assert isinstance(w, W_String)
    return w.str_value()


def unwrap_float(w):
    assert isinstance(w, W_F64)
    return w.value


def unwrap_intlike(w):
    if isinstance(w, W_Int):
        return w.value
    assert isinstance(w, W_Bool)
    if w.value:
        return 1
    return 0


# --- range ------------------------------------------------------------------

def range_arg(w):
    t = w.scalar_type()
    if t == RT_I32 or t == RT_I64 or t == RT_U32:
        assert isinstance(w, W_Int)
        return w.value
    if t == RT_U64:
        assert isinstance(w, W_Int)
        if w.value < 0:
            raise bad_range()
        return w.value
    raise bad_range()


def bad_range():
    return OrusError(KIND_ARGUMENT, 'Invalid arguments provided to range()')


def builtin_range(args_w):
    start = 0
    step = 1
    if len(args_w) == 1:
        stop = range_arg(args_w[0])
    else:
        start = range_arg(args_w[0])
        stop = range_arg(args_w[1])
        if len(args_w) == 3:
            step = range_arg(args_w[2])
            if step == 0:
                raise bad_range()
    return W_Range(start, stop, step)


# --- input, int, float, typeof ------------------------------------------------

def builtin_input(args_w):
    if len(args_w) == 1:
        w = args_w[0]
        if isinstance(w, W_String):
            io.write_stdout(w.str_value())
    elif io.isatty(0) and io.isatty(2):
        io.write_stderr('input> ')
    line = io.read_line()
    if line is None:
        raise OrusError(KIND_ARGUMENT, 'input() reached end of file')
    return W_String(line)


def builtin_int(w):
    t = w.scalar_type()
    if t == RT_STR:
        assert isinstance(w, W_String)
        return F.builtin_int_from_string(w.str_value())
    if t == RT_F64:
        assert isinstance(w, W_F64)
        return F.builtin_int_from_f64(w.value)
    if t <= RT_U64:
        assert isinstance(w, W_Int)
        return F.builtin_int_from_int(w.value, t)
    raise F.int_bad_arg_error(w.kind_name())


def builtin_float(w):
    t = w.scalar_type()
    if t == RT_STR:
        assert isinstance(w, W_String)
        return F.builtin_float_from_string(w.str_value())
    if t == RT_F64:
        assert isinstance(w, W_F64)
        return w.value
    if t <= RT_U64:
        assert isinstance(w, W_Int)
        return N.cast_int_to_f64(w.value, t)
    raise F.float_bad_arg_error(w.kind_name())


def builtin_assert_eq(w_label, w_actual, w_expected):
    if deep_equal(w_actual, w_expected):
        return True
    if isinstance(w_label, W_String):
        label = w_label.str_value()
    else:
        label = render_for_assert(w_label)
    msg = ('assert_eq failed (' + label + ')\n  expected: ' +
           render_for_assert(w_expected) + '\n  actual:   ' +
           render_for_assert(w_actual))
    raise OrusError(KIND_RUNTIME, msg)


def call_builtin(bid, args_w):
    """BUILTIN instruction: every argument and the result boxed."""
    if bid == B.B_LEN:
        return W_I32(builtin_len(args_w[0]))
    if bid == B.B_PUSH:
        return builtin_push(args_w[0], args_w[1])
    if bid == B.B_POP:
        return builtin_pop(args_w[0])
    if bid == B.B_SORTED:
        return builtin_sorted(args_w[0])
    if bid == B.B_RANGE:
        return builtin_range(args_w)
    if bid == B.B_INPUT:
        return builtin_input(args_w)
    if bid == B.B_INT:
        return W_I32(builtin_int(args_w[0]))
    if bid == B.B_FLOAT:
        return W_F64(builtin_float(args_w[0]))
    if bid == B.B_TYPEOF:
        return W_String(args_w[0].type_name())
    if bid == B.B_ISTYPE:
        w_name = args_w[1]
        if not isinstance(w_name, W_String):
            return wrap_bool(False)
        return wrap_bool(args_w[0].type_name() == w_name.str_value())
    if bid == B.B_ASSERT_EQ:
        return wrap_bool(builtin_assert_eq(args_w[0], args_w[1], args_w[2]))
    raise OrusError(KIND_RUNTIME, 'unknown builtin')


def timestamp():
    return time.time()
