"""Static types of the checker (types.md).

Types are objects; type variables are union-find nodes (`TypeVar.instance`).
`prune` follows bound variables.  Error messages show a type by its *display
name*: the scalar names, or one of void/any/type_var/array/struct/enum/function
(errors.md 5.3).  A type variable shows as `type_var` even when it has been
bound, as in the original implementation's messages.
"""

K_I32 = 0
K_I64 = 1
K_U32 = 2
K_U64 = 3
K_F64 = 4
K_BOOL = 5
K_STRING = 6
K_VOID = 7
K_ANY = 8
K_VAR = 9
K_ARRAY = 10
K_STRUCT = 11
K_ENUM = 12
K_FUNC = 13

_DISPLAY = ['i32', 'i64', 'u32', 'u64', 'f64', 'bool', 'string', 'void',
            'any', 'type_var', 'array', 'struct', 'enum', 'function']


class Type(object):
    def __init__(self, kind):
        self.kind = kind

    def display(self):
        return _DISPLAY[self.kind]


class PrimType(Type):
    pass


I32 = PrimType(K_I32)
I64 = PrimType(K_I64)
U32 = PrimType(K_U32)
U64 = PrimType(K_U64)
F64 = PrimType(K_F64)
BOOL = PrimType(K_BOOL)
STRING = PrimType(K_STRING)
VOID = PrimType(K_VOID)
ANY = PrimType(K_ANY)

SCALAR_BY_NAME = {'i32': I32, 'i64': I64, 'u32': U32, 'u64': U64,
                  'f64': F64, 'bool': BOOL, 'string': STRING, 'str': STRING,
                  'void': VOID, 'any': ANY}


class TypeVar(Type):
    def __init__(self):
        Type.__init__(self, K_VAR)
        self.instance = None


class ArrayType(Type):
    def __init__(self, elem):
        Type.__init__(self, K_ARRAY)
        self.elem = elem


class StructType(Type):
    def __init__(self, info):
        Type.__init__(self, K_STRUCT)
        self.info = info


class EnumType(Type):
    def __init__(self, info):
        Type.__init__(self, K_ENUM)
        self.info = info


class FuncType(Type):
    def __init__(self, params, ret):
        Type.__init__(self, K_FUNC)
        self.params = params
        self.ret = ret


def prune(t):
    while isinstance(t, TypeVar):
        inst = t.instance
        if inst is None:
            return t
        t = inst
    return t


def is_integer_kind(k):
    return k == K_I32 or k == K_I64 or k == K_U32 or k == K_U64


def is_numeric_kind(k):
    return k <= K_F64


def is_scalar_kind(k):
    return k <= K_STRING


def is_unknown(t):
    """A statically unknown type: an unbound type variable or `any`."""
    t = prune(t)
    return t.kind == K_VAR or t.kind == K_ANY


def occurs(var, t):
    t = prune(t)
    if t is var:
        return True
    if isinstance(t, ArrayType):
        return occurs(var, t.elem)
    if isinstance(t, FuncType):
        for p in t.params:
            if occurs(var, p):
                return True
        return occurs(var, t.ret)
    return False


def unify(a, b):
    """Make a and b equal, binding variables; False when impossible.
    `any` unifies with everything without binding anything."""
    a = prune(a)
    b = prune(b)
    if a is b:
        return True
    if a.kind == K_ANY or b.kind == K_ANY:
        return True
    if isinstance(a, TypeVar):
        if occurs(a, b):
            return False
        a.instance = b
        return True
    if isinstance(b, TypeVar):
        if occurs(b, a):
            return False
        b.instance = a
        return True
    if a.kind != b.kind:
        return False
    if isinstance(a, ArrayType):
        assert isinstance(b, ArrayType)
        return unify(a.elem, b.elem)
    if isinstance(a, StructType):
        assert isinstance(b, StructType)
        return a.info is b.info
    if isinstance(a, EnumType):
        assert isinstance(b, EnumType)
        return a.info is b.info
    if isinstance(a, FuncType):
        assert isinstance(b, FuncType)
        if len(a.params) != len(b.params):
            return False
        for i in range(len(a.params)):
            if not unify(a.params[i], b.params[i]):
                return False
        return unify(a.ret, b.ret)
    return True      # same scalar kind


def compatible(a, b):
    """Would unify(a, b) succeed?  Checked without binding anything."""
    a = prune(a)
    b = prune(b)
    if a is b or a.kind == K_ANY or b.kind == K_ANY:
        return True
    if a.kind == K_VAR or b.kind == K_VAR:
        return True
    if a.kind != b.kind:
        return False
    if isinstance(a, ArrayType):
        assert isinstance(b, ArrayType)
        return compatible(a.elem, b.elem)
    if isinstance(a, StructType):
        assert isinstance(b, StructType)
        return a.info is b.info
    if isinstance(a, EnumType):
        assert isinstance(b, EnumType)
        return a.info is b.info
    if isinstance(a, FuncType):
        assert isinstance(b, FuncType)
        if len(a.params) != len(b.params):
            return False
        for i in range(len(a.params)):
            if not compatible(a.params[i], b.params[i]):
                return False
        return compatible(a.ret, b.ret)
    return True


class _VarMap(object):
    """Old type variable -> fresh copy, for instantiating a polymorphic
    signature (a list of pairs: RPython dicts of instances are fine but a
    short list is simpler)."""

    def __init__(self):
        self.olds = []
        self.news = []

    def get(self, var):
        for i in range(len(self.olds)):
            if self.olds[i] is var:
                return self.news[i]
        fresh = TypeVar()
        self.olds.append(var)
        self.news.append(fresh)
        return fresh


def instantiate(t, varmap):
    t = prune(t)
    if isinstance(t, TypeVar):
        return varmap.get(t)
    if isinstance(t, ArrayType):
        return ArrayType(instantiate(t.elem, varmap))
    if isinstance(t, FuncType):
        params = [instantiate(p, varmap) for p in t.params]
        return FuncType(params, instantiate(t.ret, varmap))
    return t


def new_varmap():
    return _VarMap()


def has_free_vars(t):
    t = prune(t)
    if isinstance(t, TypeVar):
        return True
    if isinstance(t, ArrayType):
        return has_free_vars(t.elem)
    if isinstance(t, FuncType):
        for p in t.params:
            if has_free_vars(p):
                return True
        return has_free_vars(t.ret)
    return False
