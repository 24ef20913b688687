"""The abstract syntax tree produced by the parser.

Every node has `line` and `col` (1-based, of its first token unless stated
otherwise).  The checker later attaches its results to the nodes (types,
resolved symbols); those fields are declared in the node's __init__ so that
every node class has a fixed set of attributes.
"""


class Node(object):
    def __init__(self, line, col):
        self.line = line
        self.col = col


# =============================================================================
# Type annotations
# =============================================================================

TYPE_NAMED = 0      # i32, string, Point, Option[i32]
TYPE_ARRAY = 1      # [T] or [T, N]
TYPE_FN = 2         # fn(A, B) -> R   (only as a return type)


class TypeRef(Node):
    def __init__(self, kind, line, col):
        Node.__init__(self, line, col)
        self.kind = kind
        self.name = ''          # TYPE_NAMED: the identifier
        self.args = []          # TYPE_NAMED: generic arguments; TYPE_FN: parameter types
        self.elem = None        # TYPE_ARRAY: element type
        self.length = ''        # TYPE_ARRAY: '' or the literal digits or a constant name
        self.ret = None         # TYPE_FN: return type or None
        self.optional = False   # trailing '?'


# =============================================================================
# Expressions
# =============================================================================

class Expr(Node):
    def __init__(self, line, col):
        Node.__init__(self, line, col)
        self.parenthesized = False   # written inside ( ): never a "bare literal"
        # filled in by the checker
        self.ty = None


class IntLit(Expr):
    """An integer literal.  `value` is an rbigint holding the exact value
    (already negated for a negative literal; for hex/binary/octal literals
    whose digits fit in 32 bits, already reinterpreted as the i32 with those
    bits, lexical.md 5.2).  `suffix` is '' or one of i32 i64 u32 u64 and has
    already been validated by the parser (the value fits).  A float literal
    with an integer suffix (2e3i32) becomes an IntLit."""

    def __init__(self, value, suffix, nondecimal, negative, line, col):
        Expr.__init__(self, line, col)
        self.value = value
        self.suffix = suffix
        self.nondecimal = nondecimal
        self.negative = negative
        # set for a literal too long to convert (parser.huge_int_literal):
        # the text its messages show
        self.huge_text = ''

    def value_text(self):
        """The value in decimal, as messages show it."""
        if self.huge_text:
            return self.huge_text
        return self.value.str()


class FloatLit(Expr):
    """A float literal, or an integer literal with the f64 suffix."""

    def __init__(self, value, negative, line, col):
        Expr.__init__(self, line, col)
        self.value = value
        self.negative = negative


class StringLit(Expr):
    def __init__(self, value, line, col):
        Expr.__init__(self, line, col)
        self.value = value


class BoolLit(Expr):
    def __init__(self, value, line, col):
        Expr.__init__(self, line, col)
        self.value = value


class Name(Expr):
    def __init__(self, name, line, col):
        Expr.__init__(self, line, col)
        self.name = name
        # checker: the symbol read, and whether the read must check that the
        # variable has been assigned (semantics.md 1.2)
        self.sym = None
        self.check_init = False


class Unary(Expr):
    """op is '-' or 'not'."""

    def __init__(self, op, operand, line, col):
        Expr.__init__(self, line, col)
        self.op = op
        self.operand = operand


class Binary(Expr):
    """op is one of + - * / % == != < <= > >= and or matches.
    line/col are those of the left operand; op_line/op_col of the operator."""

    def __init__(self, op, left, right, line, col, op_line, op_col):
        Expr.__init__(self, line, col)
        self.op = op
        self.left = left
        self.right = right
        self.op_line = op_line
        self.op_col = op_col


class Cast(Expr):
    """`expr as T`; target is a type name (identifier).  op_line/op_col: `as`;
    target_line/target_col: the type name."""

    def __init__(self, expr, target, line, col, op_line, op_col,
                 target_line, target_col):
        Expr.__init__(self, line, col)
        self.expr = expr
        self.target = target
        self.op_line = op_line
        self.op_col = op_col
        self.target_line = target_line
        self.target_col = target_col


class Conditional(Expr):
    """`then_expr if cond else else_expr`."""

    def __init__(self, then_expr, cond, else_expr, line, col):
        Expr.__init__(self, line, col)
        self.then_expr = then_expr
        self.cond = cond
        self.else_expr = else_expr


class Call(Expr):
    """callee(args).  paren_line/paren_col: the '('."""

    def __init__(self, callee, args, line, col, paren_line, paren_col):
        Expr.__init__(self, line, col)
        self.callee = callee
        self.args = args
        self.paren_line = paren_line
        self.paren_col = paren_col
        # checker: how the call is made (checker.CALL_*) and its target
        self.call_kind = 0
        self.fn = None            # FnInfo for direct/method/known calls
        self.builtin = ''         # builtin name for CALL_BUILTIN
        self.variant = None       # VariantInfo for CALL_VARIANT
        self.value_used = True    # False when the call is an expression statement


class Index(Expr):
    """obj[index].  bracket_line/bracket_col: the '['."""

    def __init__(self, obj, index, line, col, bracket_line, bracket_col):
        Expr.__init__(self, line, col)
        self.obj = obj
        self.index = index
        self.bracket_line = bracket_line
        self.bracket_col = bracket_col


class Slice(Expr):
    """obj[start..end]; start/end may be None.  bracket_*: the '['."""

    def __init__(self, obj, start, end, line, col, bracket_line, bracket_col):
        Expr.__init__(self, line, col)
        self.obj = obj
        self.start = start
        self.end = end
        self.bracket_line = bracket_line
        self.bracket_col = bracket_col


class Member(Expr):
    """obj.name.  name_line/name_col: the member name."""

    def __init__(self, obj, name, line, col, name_line, name_col):
        Expr.__init__(self, line, col)
        self.obj = obj
        self.name = name
        self.name_line = name_line
        self.name_col = name_col
        # checker: checker.MEMBER_* and what it resolved to
        self.member_kind = 0
        self.field_index = -1
        self.struct = None        # StructInfo for a field access
        self.sym = None           # Symbol for a module member
        self.variant = None       # VariantInfo for an enum variant value


class FieldInit(Node):
    def __init__(self, name, value, line, col):
        Node.__init__(self, line, col)
        self.name = name
        self.value = value


class StructLit(Expr):
    """Name{ f: e, ... } or module.Name{ ... }.  `type_name` is the struct
    name; `module` is '' or the namespace identifier."""

    def __init__(self, module, type_name, fields, line, col):
        Expr.__init__(self, line, col)
        self.module = module
        self.type_name = type_name
        self.fields = fields
        self.struct = None        # checker: StructInfo
        # checker: per struct field (declaration order), the init expression
        # (a FieldInit value or the field default)
        self.inits = []


class ArrayLit(Expr):
    """[e1, e2, ...]; `trailing_comma` records a final ','."""

    def __init__(self, elements, trailing_comma, line, col):
        Expr.__init__(self, line, col)
        self.elements = elements
        self.trailing_comma = trailing_comma


class ArrayFill(Expr):
    """[value, count]: `count` copies of `value` (grammar.md 6).  `count` is
    an IntLit or a Name."""

    def __init__(self, value, count, line, col):
        Expr.__init__(self, line, col)
        self.value = value
        self.count = count


class Param(Node):
    def __init__(self, name, type_ref, line, col):
        Node.__init__(self, line, col)
        self.name = name
        self.type_ref = type_ref        # TypeRef or None


class FnExpr(Expr):
    """fn(params) -> R: <indented body>."""

    def __init__(self, params, ret_type, body, line, col):
        Expr.__init__(self, line, col)
        self.params = params
        self.ret_type = ret_type        # TypeRef or None
        self.body = body                # list of Stmt
        self.fn = None                  # checker: FnInfo


PAT_WILDCARD = 0    # _
PAT_ENUM = 1        # Type.Variant or Type.Variant(a, _, b)
PAT_VALUE = 2       # any other expression, compared with ==


class Pattern(Node):
    def __init__(self, kind, line, col):
        Node.__init__(self, line, col)
        self.kind = kind
        self.enum_name = ''       # PAT_ENUM
        self.variant = ''         # PAT_ENUM
        self.bindings = []        # PAT_ENUM: names, '_' for an ignored position
        self.binding_pos = []     # PAT_ENUM: (line, col) of each binding, as Node
        self.has_parens = False   # PAT_ENUM: written with ( )
        self.value = None         # PAT_VALUE: the expression
        self.variant_info = None  # checker: VariantInfo (PAT_ENUM)
        self.binding_syms = []    # checker: Symbol per binding (None for '_')


class MatchArm(Node):
    """`pattern -> body`.  For a match expression `expr` is set and `body` is
    empty; for a match statement `body` is a list of statements."""

    def __init__(self, pattern, line, col):
        Node.__init__(self, line, col)
        self.pattern = pattern
        self.expr = None
        self.body = []


class MatchExpr(Expr):
    def __init__(self, subject, arms, line, col):
        Expr.__init__(self, line, col)
        self.subject = subject
        self.arms = arms


class Timestamp(Expr):
    pass


class Assign(Expr):
    """target op value, op in = += -= *= /= %=.  target is a Name, Member or
    (only with '=') Index.  op_line/op_col: the operator."""

    def __init__(self, target, op, value, line, col, op_line, op_col):
        Expr.__init__(self, line, col)
        self.target = target
        self.op = op
        self.value = value
        self.op_line = op_line
        self.op_col = op_col


# =============================================================================
# Statements
# =============================================================================

class Stmt(Node):
    pass


class ExprStmt(Stmt):
    def __init__(self, expr, line, col):
        Stmt.__init__(self, line, col)
        self.expr = expr
        self.is_result = False    # checker: provides the function's result


class Print(Stmt):
    def __init__(self, args, line, col):
        Stmt.__init__(self, line, col)
        self.args = args


class Pass(Stmt):
    pass


class Echo(Stmt):
    """REPL only: show the value of an expression typed at the prompt."""

    def __init__(self, expr, line, col):
        Stmt.__init__(self, line, col)
        self.expr = expr


class VarDecl(Stmt):
    """`mut x[: T] = e`, `x: T = e`, `X[: T] := e` (is_const).
    name_line/name_col: the name."""

    def __init__(self, name, mutable, type_ref, value, is_const, line, col,
                 name_line, name_col):
        Stmt.__init__(self, line, col)
        self.name = name
        self.mutable = mutable
        self.type_ref = type_ref
        self.value = value
        self.is_const = is_const
        self.is_pub = False
        self.name_line = name_line
        self.name_col = name_col
        self.sym = None           # checker: the declared symbol


class PlainBind(Stmt):
    """`x = e`: assigns when x is visible, otherwise declares it
    (semantics.md 1.2).  op_line/op_col: the '='."""

    def __init__(self, name, value, line, col, op_line, op_col):
        Stmt.__init__(self, line, col)
        self.name = name
        self.value = value
        self.is_pub = False
        self.op_line = op_line
        self.op_col = op_col
        self.sym = None           # checker: the symbol assigned or declared
        self.declares = False     # checker: True when this creates the variable


class Destructure(Stmt):
    """a, b, c = e."""

    def __init__(self, names, value, line, col):
        Stmt.__init__(self, line, col)
        self.names = names
        self.value = value
        self.syms = []            # checker: symbol per name
        self.declares = []        # checker: bool per name


class IfBranch(Node):
    def __init__(self, cond, body, line, col):
        Node.__init__(self, line, col)     # the `if` / `elif` keyword
        self.cond = cond
        self.body = body


class If(Stmt):
    """branches: the `if` and each `elif`; else_body is None without else."""

    def __init__(self, branches, else_body, line, col):
        Stmt.__init__(self, line, col)
        self.branches = branches
        self.else_body = else_body
        self.is_tail = False      # checker: in result position of a function
        # checker: variables declared by plain bindings in its branches and
        # hoisted out of it (unassigned again each time it runs)
        self.hoisted_syms = []


class While(Stmt):
    def __init__(self, cond, body, label, line, col):
        Stmt.__init__(self, line, col)
        self.cond = cond
        self.body = body
        self.label = label              # '' when unlabelled


class ForRange(Stmt):
    """for var in start..end[..step] / start..=end[..step]."""

    def __init__(self, var, start, end, step, inclusive, body, label, line,
                 col, var_line, var_col):
        Stmt.__init__(self, line, col)
        self.var = var
        self.start = start
        self.end = end
        self.step = step                # None when absent
        self.inclusive = inclusive
        self.body = body
        self.label = label
        self.var_line = var_line
        self.var_col = var_col
        self.sym = None           # checker: the loop variable


class ForIn(Stmt):
    """for var in expr (an array or a range iterator at run time)."""

    def __init__(self, var, iterable, body, label, line, col, var_line,
                 var_col):
        Stmt.__init__(self, line, col)
        self.var = var
        self.iterable = iterable
        self.body = body
        self.label = label
        self.var_line = var_line
        self.var_col = var_col
        self.sym = None           # checker: the loop variable


class Break(Stmt):
    def __init__(self, label, line, col):
        Stmt.__init__(self, line, col)
        self.label = label


class Continue(Stmt):
    def __init__(self, label, line, col):
        Stmt.__init__(self, line, col)
        self.label = label


class Return(Stmt):
    """return, return e, return a, b (values has 0, 1 or more entries)."""

    def __init__(self, values, line, col):
        Stmt.__init__(self, line, col)
        self.values = values


class FnDef(Stmt):
    """fn name(params) -> R: body.  name_line/name_col: the name."""

    def __init__(self, name, params, ret_type, body, line, col, name_line,
                 name_col):
        Stmt.__init__(self, line, col)
        self.name = name
        self.params = params
        self.ret_type = ret_type        # TypeRef or None
        self.body = body
        self.is_pub = False
        self.name_line = name_line
        self.name_col = name_col
        self.fn = None            # checker: FnInfo
        self.sym = None           # checker: the symbol bound to the function


class FieldDef(Node):
    def __init__(self, name, type_ref, default, line, col):
        Node.__init__(self, line, col)
        self.name = name
        self.type_ref = type_ref
        self.default = default          # Expr or None


class StructDef(Stmt):
    def __init__(self, name, fields, line, col):
        Stmt.__init__(self, line, col)
        self.name = name
        self.fields = fields
        self.is_pub = False


class PayloadDef(Node):
    def __init__(self, name, type_ref, line, col):
        Node.__init__(self, line, col)
        self.name = name                # '' for a bare type
        self.type_ref = type_ref


class VariantDef(Node):
    def __init__(self, name, payload, line, col):
        Node.__init__(self, line, col)
        self.name = name
        self.payload = payload          # list of PayloadDef


class EnumDef(Stmt):
    def __init__(self, name, generics, variants, line, col):
        Stmt.__init__(self, line, col)
        self.name = name
        self.generics = generics        # list of str
        self.variants = variants
        self.is_pub = False


class ImplDef(Stmt):
    """impl Name: methods.  name_line/name_col: the struct name."""

    def __init__(self, name, methods, line, col, name_line, name_col):
        Stmt.__init__(self, line, col)
        self.name = name
        self.methods = methods          # list of FnDef (is_pub per method)
        self.is_pub = False
        self.name_line = name_line
        self.name_col = name_col


class MatchStmt(Stmt):
    def __init__(self, subject, arms, line, col):
        Stmt.__init__(self, line, col)
        self.subject = subject
        self.arms = arms
        self.is_tail = False      # checker: in result position of a function


class Try(Stmt):
    """try:/do: body catch [name]: handler."""

    def __init__(self, body, catch_name, handler, line, col, catch_line,
                 catch_col):
        Stmt.__init__(self, line, col)
        self.body = body
        self.catch_name = catch_name    # '' for `catch:`
        self.handler = handler
        self.catch_line = catch_line
        self.catch_col = catch_col
        self.catch_sym = None     # checker: the error variable (or None)


class UseItem(Node):
    def __init__(self, name, alias, line, col):
        Node.__init__(self, line, col)
        self.name = name
        self.alias = alias              # '' when not renamed


class Use(Stmt):
    """use a.b.c [as m] [: x, y as z | : *]."""

    def __init__(self, path, alias, items, star, line, col):
        Stmt.__init__(self, line, col)
        self.path = path                # list of str
        self.alias = alias
        self.items = items              # list of UseItem
        self.star = star


class Module(Node):
    """A whole file."""

    def __init__(self, body):
        Node.__init__(self, 1, 1)
        self.body = body
