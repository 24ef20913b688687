"""Run-time values that live on the heap.

Numbers whose type the compiler knows never appear here: they are unboxed in
frame registers, array storage and struct fields.  Boxes (W_I32 ... W_F64)
exist only for values of statically unknown type (unannotated parameters,
`range()` values, `any`), whose operations dispatch on the box class.
"""

from rpython.rlib import jit
from rpython.rlib.debug import make_sure_not_resized

# run-time type codes (the same numbers as numeric.I32 ... numeric.STRING)
RT_I32 = 0
RT_I64 = 1
RT_U32 = 2
RT_U64 = 3
RT_F64 = 4
RT_BOOL = 5
RT_STR = 6
RT_OBJ = 7      # a heap object whose exact kind the compiler knows
RT_DYN = 8      # anything, boxed; operations dispatch at run time
RT_VOID = 9

RT_NAMES = ['i32', 'i64', 'u32', 'u64', 'f64', 'bool', 'string', 'object',
            'dynamic', 'void']

# register files
KIND_INT = 0
KIND_FLOAT = 1
KIND_REF = 2


def rt_kind(rt):
    if rt == RT_F64:
        return KIND_FLOAT
    if rt <= RT_BOOL:
        return KIND_INT
    return KIND_REF


def rt_is_int(rt):
    return rt <= RT_U64


class W_Object(object):
    _attrs_ = []

    def type_name(self):
        """What typeof() returns."""
        raise NotImplementedError

    def kind_name(self):
        """How error messages name the type: like typeof(), except that
        every struct is `struct`, every enum `enum` (errors.md 5.3)."""
        return self.type_name()

    def scalar_type(self):
        """RT_I32 .. RT_STR for numbers, bools and strings, else RT_OBJ."""
        return RT_OBJ


class W_Int(W_Object):
    """A boxed integer; the subclass says which type."""
    _attrs_ = _immutable_fields_ = ['value']

    def __init__(self, value):
        self.value = value


class W_I32(W_Int):
    _attrs_ = []

    def type_name(self):
        return 'i32'

    def scalar_type(self):
        return RT_I32


class W_I64(W_Int):
    _attrs_ = []

    def type_name(self):
        return 'i64'

    def scalar_type(self):
        return RT_I64


class W_U32(W_Int):
    _attrs_ = []

    def type_name(self):
        return 'u32'

    def scalar_type(self):
        return RT_U32


class W_U64(W_Int):
    _attrs_ = []

    def type_name(self):
        return 'u64'

    def scalar_type(self):
        return RT_U64


class W_Bool(W_Object):
    _attrs_ = _immutable_fields_ = ['value']

    def __init__(self, value):
        self.value = value

    def type_name(self):
        return 'bool'

    def scalar_type(self):
        return RT_BOOL


W_TRUE = W_Bool(True)
W_FALSE = W_Bool(False)


def wrap_bool(b):
    if b:
        return W_TRUE
    return W_FALSE


class W_F64(W_Object):
    _attrs_ = _immutable_fields_ = ['value']

    def __init__(self, value):
        self.value = value

    def type_name(self):
        return 'f64'

    def scalar_type(self):
        return RT_F64


class W_String(W_Object):
    """An immutable byte string.  Use str_value(): a string built by
    concatenation (W_BufString) keeps its text in a shared buffer."""
    _attrs_ = ['_s']
    _immutable_fields_ = ['_s']

    def __init__(self, s):
        self._s = s

    def str_value(self):
        return self._s

    def str_length(self):
        return len(self._s)

    def type_name(self):
        return 'string'

    def scalar_type(self):
        return RT_STR


class StrBuf(object):
    """An append-only text buffer shared by the successive versions of a
    string built by repeated concatenation (`s = s + piece` in a loop is
    then linear, not quadratic)."""
    _attrs_ = ['chunks', 'length']

    def __init__(self, first):
        self.chunks = [first]
        self.length = len(first)

    def append(self, s):
        self.chunks.append(s)
        self.length += len(s)

    def prefix(self, n):
        """The first n bytes of the buffer as one string."""
        if len(self.chunks) > 1:
            self.chunks = [''.join(self.chunks)]
        s = self.chunks[0]
        if n == len(s):
            return s
        assert n >= 0
        return s[:n]


class W_BufString(W_String):
    """The first `length` bytes of a StrBuf."""
    _attrs_ = ['buf', 'length', 'flat']

    def __init__(self, buf, length):
        W_String.__init__(self, '')
        self.buf = buf
        self.length = length
        self.flat = None

    def str_value(self):
        flat = self.flat
        if flat is None:
            flat = self.buf.prefix(self.length)
            self.flat = flat
        return flat

    def str_length(self):
        return self.length


# concatenations shorter than this make flat strings
SHORT_STRING = 64


def concat_strings(w_a, w_b):
    b = w_b.str_value()
    if isinstance(w_a, W_BufString):
        buf = w_a.buf
        if w_a.length == buf.length:
            # w_a is the newest version of its buffer: append in place
            buf.append(b)
            return W_BufString(buf, buf.length)
    a = w_a.str_value()
    if len(a) + len(b) < SHORT_STRING:
        return W_String(a + b)
    buf = StrBuf(a)
    buf.append(b)
    return W_BufString(buf, buf.length)


def box_int(value, rt):
    """Box an unboxed integer or bool of run-time type rt."""
    if rt == RT_I32:
        return W_I32(value)
    if rt == RT_I64:
        return W_I64(value)
    if rt == RT_U32:
        return W_U32(value)
    if rt == RT_U64:
        return W_U64(value)
    return wrap_bool(value != 0)


# ---------------------------------------------------------------------------
# arrays: storage chosen by the static element type

class W_Array(W_Object):
    _attrs_ = []

    def type_name(self):
        return 'array'

    def length(self):
        raise NotImplementedError

    def getitem_boxed(self, i):
        """Element i as a W_Object (boxing numbers)."""
        raise NotImplementedError

    def setitem_boxed(self, i, w_value):
        raise NotImplementedError

    def append_boxed(self, w_value):
        raise NotImplementedError

    def pop_boxed(self):
        raise NotImplementedError

    def elem_rt(self):
        raise NotImplementedError

    def slice(self, start, stop):
        raise NotImplementedError

    def repeat(self, count):
        raise NotImplementedError


class W_IntArray(W_Array):
    """Integers or bools of one type `rt`, unboxed."""
    _attrs_ = ['items', 'rt']
    _immutable_fields_ = ['rt']

    def __init__(self, items, rt):
        self.items = items
        self.rt = rt

    def length(self):
        return len(self.items)

    def elem_rt(self):
        return self.rt

    def getitem_boxed(self, i):
        return box_int(self.items[i], self.rt)

    def setitem_boxed(self, i, w_value):
        self.items[i] = unbox_int_for(w_value, self.rt)

    def append_boxed(self, w_value):
        self.items.append(unbox_int_for(w_value, self.rt))

    def pop_boxed(self):
        return box_int(self.items.pop(), self.rt)

    def slice(self, start, stop):
        assert start >= 0 and stop >= start
        return W_IntArray(self.items[start:stop], self.rt)

    def repeat(self, count):
        return W_IntArray(self.items * count, self.rt)


class W_BoolArray(W_Array):
    """Bools, one byte each (a sieve over millions of flags stays small)."""
    _attrs_ = ['items']

    def __init__(self, items):
        self.items = items

    def length(self):
        return len(self.items)

    def elem_rt(self):
        return RT_BOOL

    def getitem_boxed(self, i):
        return wrap_bool(self.items[i])

    def setitem_boxed(self, i, w_value):
        self.items[i] = unbox_int_for(w_value, RT_BOOL) != 0

    def append_boxed(self, w_value):
        self.items.append(unbox_int_for(w_value, RT_BOOL) != 0)

    def pop_boxed(self):
        return wrap_bool(self.items.pop())

    def slice(self, start, stop):
        assert start >= 0 and stop >= start
        return W_BoolArray(self.items[start:stop])

    def repeat(self, count):
        return W_BoolArray(self.items * count)


def make_int_array(items, rt):
    """An array of integers or bools in the storage for rt."""
    if rt == RT_BOOL:
        return W_BoolArray([v != 0 for v in items])
    return W_IntArray(items, rt)


class W_FloatArray(W_Array):
    _attrs_ = ['items']

    def __init__(self, items):
        self.items = items

    def length(self):
        return len(self.items)

    def elem_rt(self):
        return RT_F64

    def getitem_boxed(self, i):
        return W_F64(self.items[i])

    def setitem_boxed(self, i, w_value):
        self.items[i] = unbox_float_for(w_value)

    def append_boxed(self, w_value):
        self.items.append(unbox_float_for(w_value))

    def pop_boxed(self):
        return W_F64(self.items.pop())

    def slice(self, start, stop):
        assert start >= 0 and stop >= start
        return W_FloatArray(self.items[start:stop])

    def repeat(self, count):
        return W_FloatArray(self.items * count)


class W_RefArray(W_Array):
    """Strings, objects or boxed values (rt is RT_STR, RT_OBJ or RT_DYN)."""
    _attrs_ = ['items', 'rt']
    _immutable_fields_ = ['rt']

    def __init__(self, items, rt):
        self.items = items
        self.rt = rt

    def length(self):
        return len(self.items)

    def elem_rt(self):
        return self.rt

    def getitem_boxed(self, i):
        return self.items[i]

    def setitem_boxed(self, i, w_value):
        self.items[i] = w_value

    def append_boxed(self, w_value):
        self.items.append(w_value)

    def pop_boxed(self):
        return self.items.pop()

    def slice(self, start, stop):
        assert start >= 0 and stop >= start
        return W_RefArray(self.items[start:stop], self.rt)

    def repeat(self, count):
        return W_RefArray(self.items * count, self.rt)


def unbox_int_for(w_value, rt):
    """Store a boxed value into int storage of type rt: the value is
    converted like `as` would (it can only differ through run-time operand
    promotion of a literal)."""
    from orus.runtime.dynamic import convert_boxed_to_int
    return convert_boxed_to_int(w_value, rt)


def unbox_float_for(w_value):
    from orus.runtime.dynamic import convert_boxed_to_float
    return convert_boxed_to_float(w_value)


# ---------------------------------------------------------------------------
# structs: field storage laid out by the compiler

class StructLayout(object):
    """The run-time shape of one struct type: for each field (declaration
    order) its representation and its index in the int/float/ref storage."""
    _immutable_fields_ = ['name', 'field_names[*]', 'field_rts[*]',
                          'field_slots[*]', 'nints', 'nfloats', 'nrefs']

    def __init__(self, name, field_names, field_rts, field_slots, nints,
                 nfloats, nrefs):
        self.name = name
        self.field_names = field_names
        self.field_rts = field_rts
        self.field_slots = field_slots
        self.nints = nints
        self.nfloats = nfloats
        self.nrefs = nrefs


NO_INTS = [0] * 0
NO_FLOATS = [0.0] * 0
NO_REFS = [None] * 0


class W_Struct(W_Object):
    _attrs_ = ['layout', 'ints', 'floats', 'refs']
    _immutable_fields_ = ['layout', 'ints', 'floats', 'refs']

    def __init__(self, layout):
        self.layout = layout
        # empty storage is shared: most structs use only one or two kinds
        # of field, and each list is an allocation
        if layout.nints == 0:
            self.ints = NO_INTS
        else:
            self.ints = [0] * layout.nints
        if layout.nfloats == 0:
            self.floats = NO_FLOATS
        else:
            self.floats = [0.0] * layout.nfloats
        if layout.nrefs == 0:
            self.refs = NO_REFS
        else:
            self.refs = [None] * layout.nrefs
        make_sure_not_resized(self.ints)
        make_sure_not_resized(self.floats)
        make_sure_not_resized(self.refs)

    def type_name(self):
        return self.layout.name

    def kind_name(self):
        return 'struct'

    def get_boxed(self, i):
        layout = self.layout
        rt = layout.field_rts[i]
        slot = layout.field_slots[i]
        if rt == RT_F64:
            return W_F64(self.floats[slot])
        if rt <= RT_BOOL:
            return box_int(self.ints[slot], rt)
        return self.refs[slot]


# ---------------------------------------------------------------------------
# enums

class EnumLayout(object):
    _immutable_fields_ = ['name', 'variant_names[*]', 'payload_counts[*]']

    def __init__(self, name, variant_names, payload_counts):
        self.name = name
        self.variant_names = variant_names
        self.payload_counts = payload_counts


class W_Enum(W_Object):
    """An enum value: the variant index and its payload (boxed)."""
    _attrs_ = ['layout', 'variant', 'payload']
    _immutable_fields_ = ['layout', 'variant', 'payload[*]']

    def __init__(self, layout, variant, payload):
        self.layout = layout
        self.variant = variant
        self.payload = payload

    def type_name(self):
        return self.layout.name

    def kind_name(self):
        return 'enum'


# ---------------------------------------------------------------------------
# functions and closures

class W_Function(W_Object):
    _attrs_ = ['code', 'cells']
    _immutable_fields_ = ['code', 'cells[*]']

    def __init__(self, code, cells):
        self.code = code
        self.cells = cells

    def type_name(self):
        return 'function'


class Cell(W_Object):
    """A variable shared between a frame and closures, or a global.
    `ready` tells whether a binding to it has executed (semantics.md 1.2);
    it changes once, so the JIT treats it as a constant."""
    _attrs_ = ['ready']
    _immutable_fields_ = ['ready?']

    def type_name(self):
        return 'cell'


class IntCell(Cell):
    _attrs_ = ['value']

    def __init__(self, value):
        self.value = value
        self.ready = True


class FloatCell(Cell):
    _attrs_ = ['value']

    def __init__(self, value):
        self.value = value
        self.ready = True


class RefCell(Cell):
    _attrs_ = ['value']

    def __init__(self, value):
        self.value = value
        self.ready = True


# ---------------------------------------------------------------------------
# range iterators and error values

class W_Range(W_Object):
    _attrs_ = ['next', 'stop', 'step']

    def __init__(self, start, stop, step):
        self.next = start
        self.stop = stop
        self.step = step

    def type_name(self):
        return 'range_iterator'


class W_ErrorValue(W_Object):
    """The value bound by `catch e`."""
    _attrs_ = _immutable_fields_ = ['kind', 'message']

    def __init__(self, kind, message):
        self.kind = kind
        self.message = message

    def type_name(self):
        return self.kind + ' error ' + self.message

    def kind_name(self):
        return 'error'
