"""What the checker knows about names: symbols, scopes, functions, structs,
enums and modules.  The compiler reads these to decide storage and calls."""

from orus import types as T

# symbol kinds
SYM_VAR = 0        # a variable (local, global, or captured by a closure)
SYM_FUNC = 1       # a top-level function: a constant function value
SYM_STRUCT = 2
SYM_ENUM = 3
SYM_MODULE = 4     # a namespace from `use a.b` / `use a.b as m`
SYM_BUILTIN = 5


class Symbol(object):
    def __init__(self, name, kind, ty, line, col):
        self.name = name
        self.kind = kind
        self.ty = ty
        self.line = line
        self.col = col
        self.mutable = False
        self.is_const = False
        self.owner = None          # FnInfo whose frame holds it; None: module scope
        self.module = None         # ModuleInfo declaring it
        self.is_global = False     # module-scope variable of its file
        self.captured = False      # read or written by a nested function
        self.hoisted = False       # declared by a plain binding in an if branch
        self.exported = False
        self.fn = None             # FnInfo: SYM_FUNC, or a variable bound by a nested `fn`
        self.struct = None         # SYM_STRUCT
        self.enum = None           # SYM_ENUM
        self.target_module = None  # SYM_MODULE
        self.builtin = ''          # SYM_BUILTIN
        self.const_value = None    # `NAME := literal`: the literal node (folded)
        # filled in by the compiler
        self.rt = -1               # run-time representation (compiler.RT_*)
        self.slot = -1             # register or cell index
        self.flag_slot = -1        # int register holding "assigned" for hoisted locals
        self.cell = None           # prebuilt cell for globals
        self.used_in_function = False
        self.seen_rt = -1          # compiler: join of the known rts stored this pass
        self.seen_dyn = False      # compiler: a value of unknown rt was stored
        self.touched = False
        self.frozen = False        # REPL: compiled and run; its rt is final
        self.from_init = False     # unannotated: its rt is its initializer's


# scope kinds
SC_MODULE = 0
SC_FUNCTION = 1     # the body of a function
SC_BLOCK = 2        # try / catch bodies, loop headers
SC_BRANCH = 3       # an if / elif / else body: plain bindings are hoisted out
SC_LOOP = 4         # a loop body
SC_ARM = 5          # a match arm body


class Scope(object):
    def __init__(self, parent, kind, owner):
        self.parent = parent
        self.kind = kind
        self.owner = owner         # FnInfo or None at module level
        self.names = {}
        self.stmt = None           # SC_BRANCH: the ast.If it belongs to

    def lookup_here(self, name):
        return self.names.get(name, None)


class FnInfo(object):
    """One function, method or function expression."""

    def __init__(self, name, display_name, module):
        self.name = name
        self.display_name = display_name   # for messages: 'add' or '<fn>'
        self.module = module
        self.params = []           # Symbols
        self.param_types = []
        self.ret = None            # Type
        self.ret_annotated = False
        self.is_void = False
        self.may_miss_result = False
        self.polymorphic = False
        self.checked = False
        self.checking = False
        self.is_method = False     # instance method (first parameter self)
        self.is_static = False     # impl function without self
        self.struct = None         # StructInfo for methods
        self.parent = None         # enclosing FnInfo for nested functions
        self.is_toplevel = False   # a top-level fn or method: no closure
        self.captures = []         # Symbols of enclosing functions it uses
        self.locals = []           # every Symbol whose storage is this frame
        self.children = []         # nested FnInfos
        self.body = []             # the statements
        self.node = None           # FnDef or FnExpr (for positions)
        self.line = 0
        self.col = 0
        self.has_value_return = False
        self.has_bare_return = False
        self.symbol = None         # the Symbol bound to it (top-level / nested fn)
        self.ftype = None          # FuncType
        # filled in by the compiler
        self.code = None
        self.w_func = None         # prebuilt function value (top-level/methods)
        self.param_rts = []
        self.ret_rt = -1
        self.seen_ret_rt = -1
        self.seen_ret_dyn = False
        self.touched = False
        self.frozen = False        # REPL: compiled in an earlier input

    def func_type(self):
        if self.ftype is None:
            self.ftype = T.FuncType(self.param_types, self.ret)
        return self.ftype


class FieldInfo(object):
    def __init__(self, name, ty, default, index, line, col):
        self.name = name
        self.ty = ty
        self.default = default     # Expr or None
        self.index = index
        self.line = line
        self.col = col
        self.rt = -1               # compiler: field representation
        self.slot = -1             # compiler: index in the struct's storage


class StructInfo(object):
    def __init__(self, name, module, line, col):
        self.name = name
        self.module = module
        self.fields = []
        self.field_index = {}
        self.methods = {}
        self.type = T.StructType(self)
        self.line = line
        self.col = col
        self.layout = None         # compiler: runtime StructLayout
        self.layout_box = None     # compiler: the layout as a code constant

    def find_field(self, name):
        i = self.field_index.get(name, -1)
        if i < 0:
            return None
        return self.fields[i]


class VariantInfo(object):
    def __init__(self, enum, name, index):
        self.enum = enum
        self.name = name
        self.index = index
        self.payload = []          # Types
        self.payload_names = []
        self.w_value = None        # compiler: the prebuilt value of a payload-less variant


class EnumInfo(object):
    def __init__(self, name, module, line, col):
        self.name = name
        self.module = module
        self.variants = []
        self.variant_index = {}
        self.generics = []
        self.type = T.EnumType(self)
        self.line = line
        self.col = col
        self.runtime = None        # compiler: runtime EnumLayout
        self.layout_box = None     # compiler: the layout as a code constant

    def find_variant(self, name):
        i = self.variant_index.get(name, -1)
        if i < 0:
            return None
        return self.variants[i]


class ModuleInfo(object):
    """One source file: its top-level scope and exported names."""

    def __init__(self, name, path, source):
        self.name = name           # dotted name ('' for the main file)
        self.path = path
        self.source = source
        self.scope = Scope(None, SC_MODULE, None)
        self.exports = {}          # name -> Symbol
        self.functions = []        # every FnInfo of the file (all depths)
        self.structs = []
        self.enums = []
        self.globals = []          # module-scope variable Symbols
        self.ast = None
        self.main_fn = None        # FnInfo-like holder for top-level code
        self.is_main = True
        self.executed = False
        self.code = None           # compiler: the module's top-level Code
