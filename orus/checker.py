"""The type and scope checker (types.md, semantics.md 1, 4, 6; errors.md 5).

It walks one file's AST in source order, resolves every name to a Symbol,
gives every expression a static type (`Expr.ty`), applies literal adaptation,
decides how each call is made, and reports compile-time errors.  It does not
decide storage: the compiler does that from the symbols and types.
"""

from rpython.rlib.rbigint import rbigint
from rpython.rlib import rstackovf
from rpython.rlib.rarithmetic import intmask

from orus import ast
from orus import types as T
from orus.types import prune, unify
from orus import errors as E
from orus.errors import CompileError
from orus.symbols import (Symbol, Scope, FnInfo, FieldInfo, StructInfo,
                          VariantInfo, EnumInfo, SYM_VAR, SYM_FUNC,
                          SYM_STRUCT, SYM_ENUM, SYM_MODULE, SYM_BUILTIN,
                          SC_MODULE, SC_FUNCTION, SC_BLOCK, SC_BRANCH,
                          SC_LOOP, SC_ARM)

# how a call is made (ast.Call.call_kind)
CALL_DIRECT = 1      # a top-level function or method called by name: fn
CALL_METHOD = 2      # value.method(args): fn, receiver is callee.obj
CALL_KNOWN = 3       # a variable bound by a nested `fn`: closure value, code known
CALL_INDIRECT = 4    # any other function value (statically typed or not)
CALL_BUILTIN = 5     # builtin
CALL_VARIANT = 6     # Enum.Variant(args)

# what a member expression is (ast.Member.member_kind)
MEMBER_FIELD = 1       # struct field
MEMBER_MODULE = 2      # mod.name: the module's symbol (sym)
MEMBER_VARIANT = 3     # Enum.Variant without payload
MEMBER_DYNAMIC = 4     # field of a value whose type is unknown (rejected)

BUILTINS = ['len', 'push', 'pop', 'sorted', 'range', 'input', 'int', 'float',
            'typeof', 'istype', 'assert_eq']

_BIG_I32_MIN = rbigint.fromint(-2147483648)
_BIG_I32_MAX = rbigint.fromint(2147483647)
_BIG_U32_MAX = rbigint.fromint(4294967295)


class CheckAbort(Exception):
    """Stops checking the current statement after its first error."""


def is_bare_literal(e):
    if e.parenthesized:
        return False
    return (isinstance(e, ast.IntLit) or isinstance(e, ast.FloatLit) or
            isinstance(e, ast.StringLit) or isinstance(e, ast.BoolLit))


def is_numeric_literal(e):
    if e.parenthesized:
        return False
    return isinstance(e, ast.IntLit) or isinstance(e, ast.FloatLit)


def big_fits(v, kind):
    """Does the exact integer v fit in the integer type `kind`?"""
    if kind == T.K_U64:
        if v.sign < 0:
            return False
        try:
            v.touint()
        except OverflowError:
            return False
        return True
    try:
        x = v.toint()
    except OverflowError:
        return False
    if kind == T.K_I32:
        return -2147483648 <= x <= 2147483647
    if kind == T.K_U32:
        return 0 <= x <= 4294967295
    return True          # i64


def int_literal_value(lit):
    """The stored machine-word value of an integer literal (u64 as its bits)."""
    v = lit.value
    if v.sign < 0:
        return v.toint()
    try:
        return v.toint()
    except OverflowError:
        return intmask(v.touint())


def natural_int_type(lit):
    """The type an integer literal has on its own, or None when its value
    fits no type it may take (lexical.md 5.2)."""
    if lit.suffix:
        return T.SCALAR_BY_NAME[lit.suffix]
    if big_fits(lit.value, T.K_I32):
        return T.I32
    if big_fits(lit.value, T.K_I64):
        return T.I64
    return None


def disp(t):
    """How an error message names a type: a type variable is `type_var`
    even when bound (as in the original)."""
    if isinstance(t, T.TypeVar):
        if t.instance is None:
            return 'type_var'
        return 'type_var'
    return t.display()


def disp_pruned(t):
    return prune(t).display()


def disp_named(t):
    """Like disp_pruned, but structs and enums by their own name."""
    t = prune(t)
    if isinstance(t, T.StructType):
        return t.info.name
    if isinstance(t, T.EnumType):
        return t.info.name
    return t.display()


def mismatch(actual, expected):
    return 'this is a `%s`, but `%s` was expected' % (actual, expected)


def plural(n, word):
    if n == 1:
        return '1 ' + word
    return '%d %ss' % (n, word)


def arity_message(name, expected, got):
    return "Function '%s' expects %s but received %s" % (
        name, plural(expected, 'argument'), plural(got, 'argument'))


class LoopInfo(object):
    def __init__(self, label, parent):
        self.label = label
        self.parent = parent


class Checker(object):
    def __init__(self, module, loader):
        self.module = module            # symbols.ModuleInfo
        self.loader = loader            # resolves `use` (see modules.py)
        self.errors = []
        self.cur_fn = None              # FnInfo being checked, None at top level
        self.loop = None                # innermost LoopInfo of the current function
        self.deferred_void_calls = []   # calls of not-yet-checked functions whose value is used
        self.result_enum = RESULT_ENUM
        self.builtin_scope = Scope(None, SC_MODULE, None)
        for name in BUILTINS:
            sym = Symbol(name, SYM_BUILTIN, T.ANY, 0, 0)
            sym.builtin = name
            self.builtin_scope.names[name] = sym
        sym = Symbol('Result', SYM_ENUM, self.result_enum.type, 0, 0)
        sym.enum = self.result_enum
        self.builtin_scope.names['Result'] = sym
        module.scope.parent = self.builtin_scope

    # ------------------------------------------------------------------
    # errors

    def error(self, code, message, line, col):
        for e in self.errors:
            if e.message == message and e.line == line and e.col == col:
                raise CheckAbort()
        self.errors.append(CompileError(code, message, line, col))
        raise CheckAbort()

    def type_error(self, message, line, col):
        self.error(E.E_TYPE, message, line, col)

    def undefined(self, name, line, col):
        self.error(E.E_UNDEFINED,
                   "Undefined variable '%s'. Variables must be declared before use." % name,
                   line, col)

    # ------------------------------------------------------------------
    # entry

    def check_module(self, tree):
        """Check a whole file (or, in the REPL, one more input of the same
        module: its names join the module's scope)."""
        self.errors = []
        self.deferred_void_calls = []
        self.module.ast = tree
        main = FnInfo('<module>', '<module>', self.module)
        self.module.main_fn = main
        scope = self.module.scope
        # imported names first: signatures may use imported struct and enum
        # types, and the modules have already run (semantics.md 0)
        for stmt in tree.body:
            if isinstance(stmt, ast.Use):
                self.check_stmt_safely(stmt, scope)
        try:
            self.predeclare(tree.body)
        except CheckAbort:
            return self.errors
        for stmt in tree.body:
            if not isinstance(stmt, ast.Use):
                self.check_stmt_safely(stmt, scope)
        self.finish()
        return self.errors

    def check_stmt_safely(self, stmt, scope):
        try:
            self.check_stmt(stmt, scope, False)
        except CheckAbort:
            self.recover_declaration(stmt, scope)
        except rstackovf.StackOverflow:
            # a chain like `a and b and ...` half a million terms long is
            # not nesting in the parser's sense, but the checker recurses
            rstackovf.check_stack_overflow()
            self.errors.append(too_complex(stmt.line, stmt.col))
            self.recover_declaration(stmt, scope)

    def recover_declaration(self, stmt, scope):
        """After an error in a declaration, declare the name anyway (as `any`)
        so that later uses do not report it again as undefined."""
        name = ''
        line = stmt.line
        if isinstance(stmt, ast.VarDecl):
            name = stmt.name
        elif isinstance(stmt, ast.PlainBind):
            name = stmt.name
        if name and self.lookup(scope, name) is None:
            sym = Symbol(name, SYM_VAR, T.ANY, line, stmt.col)
            sym.mutable = True
            self.add_local_symbol(scope, sym)

    def finish(self):
        for call in self.deferred_void_calls:
            fn = call.fn
            if fn is not None and fn.is_void:
                try:
                    self.type_error(mismatch('void', 'value'), call.paren_line,
                                    call.paren_col)
                except CheckAbort:
                    pass

    # ------------------------------------------------------------------
    # scopes and symbols

    def lookup(self, scope, name):
        s = scope
        while s is not None:
            sym = s.lookup_here(name)
            if sym is not None:
                return sym
            s = s.parent
        return None

    def resolve_name(self, scope, name, line, col):
        """Find a visible name, marking captures by nested functions."""
        sym = self.lookup(scope, name)
        if sym is None:
            self.undefined(name, line, col)
        assert sym is not None
        self.note_use(sym)
        return sym

    def note_use(self, sym):
        if sym.kind != SYM_VAR:
            return
        cur = self.cur_fn
        if sym.owner is None:
            if sym.is_global and cur is not None:
                sym.used_in_function = True
            elif not sym.is_global and cur is not None:
                # a block-local of the module code used by a function
                # defined inside that block: a capture
                sym.captured = True
                self.add_capture_chain(cur, sym)
            return
        if sym.owner is not cur:
            sym.captured = True
            self.add_capture_chain(cur, sym)

    def add_capture_chain(self, fn, sym):
        """Every function between the use and the declaring one captures."""
        while fn is not None and fn is not sym.owner:
            found = False
            for c in fn.captures:
                if c is sym:
                    found = True
                    break
            if not found:
                fn.captures.append(sym)
            fn = fn.parent

    def declare(self, scope, sym, line, col):
        old = scope.lookup_here(sym.name)
        if old is not None:
            self.error(E.E_REDEFINED, "Variable '%s' is already defined on line %d"
                       % (sym.name, old.line), line, col)
        self.add_local_symbol(scope, sym)

    def add_local_symbol(self, scope, sym):
        scope.names[sym.name] = sym
        sym.owner = scope.owner
        sym.module = self.module
        if sym.kind == SYM_VAR:
            if scope.owner is None:
                if scope.kind == SC_MODULE:
                    sym.is_global = True
                    self.module.globals.append(sym)
                else:
                    self.module.main_fn.locals.append(sym)
            else:
                scope.owner.locals.append(sym)

    def in_nonbranch_block(self, scope):
        """Is a plain binding here mutable?  Inside a function, a loop body,
        an if branch or a match arm (semantics.md 1.2)."""
        if scope.owner is not None:
            return True
        s = scope
        while s is not None and s.kind != SC_MODULE:
            if s.kind == SC_LOOP or s.kind == SC_BRANCH or s.kind == SC_ARM:
                return True
            s = s.parent
        return False

    # ------------------------------------------------------------------
    # type annotations

    def resolve_type(self, ref, for_binding, init_type):
        """TypeRef -> Type.  Unknown names are errors (types.md 2)."""
        if ref.kind == ast.TYPE_ARRAY:
            elem = self.resolve_type(ref.elem, for_binding, init_type)
            if ref.length and not ref.length[0].isdigit():
                sym = self.lookup(self.module.scope, ref.length)
                if sym is None or not sym.is_const:
                    self.undefined(ref.length, ref.line, ref.col)
            return T.ArrayType(elem)
        if ref.kind == ast.TYPE_FN:
            params = [self.resolve_type(p, False, None) for p in ref.args]
            ret = T.VOID
            if ref.ret is not None:
                ret = self.resolve_type(ref.ret, False, None)
            return T.FuncType(params, ret)
        name = ref.name
        t = T.SCALAR_BY_NAME.get(name, None)
        if t is not None:
            return t
        if name == 'bytes':
            return T.ANY
        sym = self.lookup(self.module.scope, name)
        if sym is not None and sym.kind == SYM_STRUCT:
            return sym.struct.type
        if sym is not None and sym.kind == SYM_ENUM:
            return sym.enum.type
        if self.cur_generics is not None and name in self.cur_generics:
            return T.ANY
        if for_binding:
            actual = 'unknown'
            if init_type is not None:
                actual = disp(init_type)
            self.error(E.E_UNKNOWN_TYPE, mismatch(actual, name), ref.line, ref.col)
        self.error(E.E_UNKNOWN_TYPE, mismatch(name, 'valid type'), ref.line, ref.col)
        return T.ANY

    cur_generics = None

    # ------------------------------------------------------------------
    # declarations that take effect before the first statement

    def predeclare(self, body):
        scope = self.module.scope
        # 1. struct and enum names
        for stmt in body:
            if isinstance(stmt, ast.StructDef):
                info = StructInfo(stmt.name, self.module, stmt.line, stmt.col)
                sym = Symbol(stmt.name, SYM_STRUCT, info.type, stmt.line, stmt.col)
                sym.struct = info
                sym.exported = stmt.is_pub
                self.predeclare_symbol(sym, stmt)
                self.module.structs.append(info)
            elif isinstance(stmt, ast.EnumDef):
                info = EnumInfo(stmt.name, self.module, stmt.line, stmt.col)
                info.generics = stmt.generics
                sym = Symbol(stmt.name, SYM_ENUM, info.type, stmt.line, stmt.col)
                sym.enum = info
                sym.exported = stmt.is_pub
                self.predeclare_symbol(sym, stmt)
                self.module.enums.append(info)
        # 2. their fields and variants
        for stmt in body:
            if isinstance(stmt, ast.StructDef):
                self.declare_struct_fields(stmt)
            elif isinstance(stmt, ast.EnumDef):
                self.declare_enum_variants(stmt)
        # 3. top-level functions and methods
        for stmt in body:
            if isinstance(stmt, ast.FnDef):
                fn = self.make_fn_info(stmt.name, stmt.name, stmt.params,
                                       stmt.ret_type, stmt.body, stmt, None)
                fn.is_toplevel = True
                stmt.fn = fn
                sym = Symbol(stmt.name, SYM_FUNC, T.ANY, stmt.line, stmt.col)
                sym.fn = fn
                sym.exported = stmt.is_pub
                fn.symbol = sym
                stmt.sym = sym
                self.predeclare_symbol(sym, stmt)
            elif isinstance(stmt, ast.ImplDef):
                self.declare_impl(stmt)

    def predeclare_symbol(self, sym, stmt):
        scope = self.module.scope
        old = scope.lookup_here(sym.name)
        if old is not None:
            try:
                self.error(E.E_REDEFINED, "Variable '%s' is already defined on line %d"
                           % (sym.name, old.line), stmt.line, stmt.col)
            except CheckAbort:
                return
        scope.names[sym.name] = sym
        sym.module = self.module
        if sym.exported:
            self.module.exports[sym.name] = sym

    def declare_struct_fields(self, stmt):
        info = self.lookup(self.module.scope, stmt.name).struct
        for f in stmt.fields:
            try:
                if f.name in info.field_index:
                    self.error(E.E_REDEFINED, "Variable '%s' is already defined on line %d"
                               % (f.name, info.fields[info.field_index[f.name]].line),
                               f.line, f.col)
                ty = self.resolve_type(f.type_ref, False, None)
                fi = FieldInfo(f.name, ty, f.default, len(info.fields), f.line, f.col)
                info.field_index[f.name] = len(info.fields)
                info.fields.append(fi)
            except CheckAbort:
                pass

    def declare_enum_variants(self, stmt):
        info = self.lookup(self.module.scope, stmt.name).enum
        old_generics = self.cur_generics
        self.cur_generics = stmt.generics
        try:
            for v in stmt.variants:
                try:
                    if v.name in info.variant_index:
                        self.error(E.E_REDEFINED, "Variable '%s' is already defined on line %d"
                                   % (v.name, info.variants[info.variant_index[v.name]].index),
                                   v.line, v.col)
                    vi = VariantInfo(info, v.name, len(info.variants))
                    for p in v.payload:
                        vi.payload.append(self.resolve_type(p.type_ref, False, None))
                        vi.payload_names.append(p.name)
                    info.variant_index[v.name] = len(info.variants)
                    info.variants.append(vi)
                except CheckAbort:
                    pass
        finally:
            self.cur_generics = old_generics

    def declare_impl(self, stmt):
        sym = self.lookup(self.module.scope, stmt.name)
        if sym is None or sym.kind != SYM_STRUCT:
            try:
                self.error(E.E_UNKNOWN_TYPE, mismatch(stmt.name, 'valid type'),
                           stmt.name_line, stmt.name_col)
            except CheckAbort:
                return
        info = sym.struct
        for m in stmt.methods:
            is_method = len(m.params) > 0 and m.params[0].name == 'self'
            params = m.params
            if is_method:
                params = m.params[1:]
            try:
                if m.name in info.methods:
                    self.error(E.E_REDEFINED, "Variable '%s' is already defined on line %d"
                               % (m.name, info.methods[m.name].line), m.line, m.col)
                fn = self.make_fn_info(m.name, m.name, params, m.ret_type,
                                       m.body, m, None)
            except CheckAbort:
                continue
            fn.is_toplevel = True
            fn.struct = info
            fn.is_method = is_method
            fn.is_static = not is_method
            if is_method:
                selfsym = Symbol('self', SYM_VAR, info.type, m.params[0].line,
                                 m.params[0].col)
                fn.params.insert(0, selfsym)
                fn.param_types.insert(0, info.type)
            m.fn = fn
            info.methods[m.name] = fn

    def make_fn_info(self, name, display, params, ret_ref, body, node, parent):
        fn = FnInfo(name, display, self.module)
        fn.node = node
        fn.body = body
        fn.line = node.line
        fn.col = node.col
        fn.parent = parent
        for p in params:
            if p.type_ref is not None:
                pt = self.resolve_type(p.type_ref, False, None)
            else:
                pt = T.TypeVar()
            psym = Symbol(p.name, SYM_VAR, pt, p.line, p.col)
            fn.params.append(psym)
            fn.param_types.append(pt)
        if ret_ref is not None:
            fn.ret = self.resolve_type(ret_ref, False, None)
            fn.ret_annotated = True
            if fn.ret.kind == T.K_VOID:
                fn.is_void = True
        else:
            fn.ret = T.TypeVar()
        self.module.functions.append(fn)
        return fn

    # ------------------------------------------------------------------
    # statements

    def check_block(self, stmts, scope, tail):
        n = len(stmts)
        for i in range(n):
            stmt = stmts[i]
            try:
                self.check_stmt(stmt, scope, tail and i == n - 1)
            except CheckAbort:
                self.recover_declaration(stmt, scope)

    def check_stmt(self, s, scope, tail):
        if isinstance(s, ast.ExprStmt):
            self.check_expr_stmt(s, scope, tail)
        elif isinstance(s, ast.Print):
            for a in s.args:
                self.check_value(a, scope, None)
        elif isinstance(s, ast.VarDecl):
            self.check_var_decl(s, scope)
        elif isinstance(s, ast.PlainBind):
            self.check_plain_bind(s, scope)
        elif isinstance(s, ast.If):
            self.check_if(s, scope, tail)
        elif isinstance(s, ast.While):
            self.check_condition(s.cond, scope)
            self.check_loop_body(s.body, s.label, scope, None)
        elif isinstance(s, ast.ForRange):
            self.check_for_range(s, scope)
        elif isinstance(s, ast.ForIn):
            self.check_for_in(s, scope)
        elif isinstance(s, ast.Break):
            self.check_jump(s.label, 'break', s.line, s.col)
        elif isinstance(s, ast.Continue):
            self.check_jump(s.label, 'continue', s.line, s.col)
        elif isinstance(s, ast.Return):
            self.check_return(s, scope)
        elif isinstance(s, ast.FnDef):
            self.check_fn_def(s, scope)
        elif isinstance(s, ast.MatchStmt):
            self.check_match_stmt(s, scope, tail)
        elif isinstance(s, ast.Try):
            self.check_try(s, scope)
        elif isinstance(s, ast.Destructure):
            self.check_destructure(s, scope)
        elif isinstance(s, ast.Pass):
            pass
        elif isinstance(s, ast.StructDef):
            self.check_struct_defaults(s, scope)
        elif isinstance(s, ast.EnumDef):
            if scope.kind != SC_MODULE:
                self.error(E.E_SYNTAX, "'enum' declarations are only allowed at module scope",
                           s.line, s.col)
        elif isinstance(s, ast.ImplDef):
            self.check_impl(s, scope)
        elif isinstance(s, ast.Use):
            self.check_use(s, scope)
        else:
            self.error(E.E_INTERNAL, 'unknown statement', s.line, s.col)

    def check_expr_stmt(self, s, scope, tail):
        e = s.expr
        if isinstance(e, ast.Call):
            e.value_used = False
        fn = self.cur_fn
        if tail and fn is not None and not fn.is_void and not isinstance(e, ast.Assign):
            expected = None
            if fn.ret_annotated:
                expected = fn.ret
            t = self.check_expr(e, scope, expected)
            if prune(t).kind == T.K_VOID:
                return
            if isinstance(e, ast.Call) and e.fn is not None and not e.fn.checked \
                    and not e.fn.checking and not e.fn.ret_annotated:
                # a forward call whose callee may turn out to be void: not a result
                return
            s.is_result = True
            if isinstance(e, ast.Call):
                e.value_used = True
            self.add_result(e, t, expected)
            return
        self.check_expr(e, scope, None)

    def add_result(self, e, t, expected):
        """A value the current function produces (return or implicit)."""
        fn = self.cur_fn
        fn.has_value_return = True
        if fn.ret_annotated:
            if expected is None and not is_bare_literal(e):
                if not unify(t, fn.ret):
                    self.type_error(mismatch(disp(t), disp_pruned(fn.ret)), e.line, e.col)
            return
        if not unify(fn.ret, t):
            self.type_error(mismatch(disp_pruned(t), disp_pruned(fn.ret)), e.line, e.col)

    def check_var_decl(self, s, scope):
        if s.is_const and scope.owner is None and scope.kind == SC_MODULE:
            check_constant_name(self, s.name, s.name_line, s.name_col)
        if s.type_ref is not None:
            declared = self.resolve_type_for_binding(s.type_ref, s.value, scope)
            self.check_against(s.value, scope, declared, True)
            ty = declared
        else:
            ty = self.check_value(s.value, scope, None)
            ty = self.binding_type(ty)
        sym = Symbol(s.name, SYM_VAR, ty, s.name_line, s.name_col)
        sym.mutable = s.mutable
        sym.is_const = s.is_const
        sym.from_init = s.type_ref is None
        if s.is_const and is_numeric_literal(s.value):
            sym.const_value = s.value
        sym.exported = s.is_pub
        self.declare(scope, sym, s.name_line, s.name_col)
        s.sym = sym
        if s.is_pub and scope.kind == SC_MODULE:
            self.module.exports[s.name] = sym

    def resolve_type_for_binding(self, ref, value, scope):
        try:
            return self.resolve_type(ref, True, None)
        except CheckAbort:
            pass
        # unknown annotation: report with the initializer's type
        self.errors.pop()
        init_t = None
        try:
            init_t = self.check_expr(value, scope, None)
        except CheckAbort:
            pass
        return self.resolve_type(ref, True, init_t)

    def binding_type(self, ty):
        """The type a new variable gets from its initializer."""
        p = prune(ty)
        if p.kind == T.K_VOID:
            return p
        if isinstance(p, T.TypeVar):
            return ty
        return p

    def check_plain_bind(self, s, scope):
        sym = self.lookup(scope, s.name)
        if sym is not None and sym.kind != SYM_BUILTIN:
            # an assignment to a visible variable
            self.note_use(sym)
            if sym.kind != SYM_VAR or not sym.mutable:
                self.check_value(s.value, scope, None)
                self.error(E.E_MUTABLE_REQUIRED,
                           "Cannot assign to immutable variable '%s'. Add 'mut' when declaring it."
                           % s.name, s.line, s.col)
            self.check_against(s.value, scope, sym.ty, False)
            s.sym = sym
            s.declares = False
            return
        ty = self.check_value(s.value, scope, None)
        ty = self.binding_type(ty)
        # hoisting out of if branches (semantics.md 1.2)
        target, outer_if = self.hoist_target(scope)
        nsym = Symbol(s.name, SYM_VAR, ty, s.line, s.col)
        nsym.from_init = True
        nsym.mutable = self.in_nonbranch_block(scope)
        nsym.hoisted = target is not scope
        if outer_if is not None:
            outer_if.hoisted_syms.append(nsym)
        if target.kind == SC_MODULE:
            nsym.exported = True        # plain top-level bindings are exported
        self.declare(target, nsym, s.line, s.col)
        if nsym.exported:
            self.module.exports[s.name] = nsym
        s.sym = nsym
        s.declares = True

    def check_destructure(self, s, scope):
        t = self.check_value(s.value, scope, None)
        p = prune(t)
        elem = T.ANY
        if isinstance(p, T.ArrayType):
            elem = p.elem
        elif not T.is_unknown(p):
            self.type_error(mismatch(disp(t), 'array'), s.value.line, s.value.col)
        for name in s.names:
            sym = self.lookup(scope, name)
            if sym is not None and sym.kind != SYM_BUILTIN:
                self.note_use(sym)
                if sym.kind != SYM_VAR or not sym.mutable:
                    self.error(E.E_MUTABLE_REQUIRED,
                               "Cannot assign to immutable variable '%s'. Add 'mut' when declaring it."
                               % name, s.line, s.col)
                if not unify(sym.ty, elem):
                    self.type_error(mismatch(disp(elem), disp(sym.ty)), s.line, s.col)
                s.syms.append(sym)
                s.declares.append(False)
                continue
            target, outer_if = self.hoist_target(scope)
            nsym = Symbol(name, SYM_VAR, self.binding_type(elem), s.line, s.col)
            nsym.from_init = True
            nsym.mutable = self.in_nonbranch_block(scope)
            nsym.hoisted = target is not scope
            if outer_if is not None:
                outer_if.hoisted_syms.append(nsym)
            if target.kind == SC_MODULE:
                nsym.exported = True
                self.module.exports[name] = nsym
            self.declare(target, nsym, s.line, s.col)
            s.syms.append(nsym)
            s.declares.append(True)

    def check_condition(self, cond, scope):
        t = self.check_value(cond, scope, None)
        if isinstance(t, T.TypeVar):
            return      # a type variable: checked when the condition runs
        p = prune(t)
        if p.kind == T.K_BOOL or p.kind == T.K_VAR or p.kind == T.K_ANY:
            return
        self.type_error(mismatch(disp(t), 'bool'), cond.line, cond.col)

    def check_if(self, s, scope, tail):
        fn = self.cur_fn
        is_tail = (tail and s.else_body is not None and fn is not None and
                   not fn.is_void)
        s.is_tail = is_tail
        for br in s.branches:
            self.check_condition(br.cond, scope)
            self.check_block(br.body, self.branch_scope(scope, s), is_tail)
        if s.else_body is not None:
            self.check_block(s.else_body, self.branch_scope(scope, s), is_tail)

    def branch_scope(self, scope, if_stmt):
        sc = Scope(scope, SC_BRANCH, scope.owner)
        sc.stmt = if_stmt
        return sc

    def hoist_target(self, scope):
        """Where a plain binding in `scope` declares its name: out of every
        enclosing if branch (semantics.md 1.2).  Also returns the outermost
        if statement it leaves (or None)."""
        target = scope
        outer_if = None
        while target.kind == SC_BRANCH:
            outer_if = target.stmt
            target = target.parent
        return target, outer_if

    def check_loop_body(self, body, label, scope, loop_scope):
        if loop_scope is None:
            loop_scope = Scope(scope, SC_LOOP, scope.owner)
        old = self.loop
        self.loop = LoopInfo(label, old)
        try:
            self.check_block(body, loop_scope, False)
        finally:
            self.loop = old

    def check_for_range(self, s, scope):
        for e in [s.start, s.end]:
            self.check_value(e, scope, None)
        if s.step is not None:
            self.check_value(s.step, scope, None)
        header = Scope(scope, SC_BLOCK, scope.owner)
        sym = Symbol(s.var, SYM_VAR, T.I32, s.var_line, s.var_col)
        sym.mutable = True
        self.declare(header, sym, s.var_line, s.var_col)
        s.sym = sym
        self.check_loop_body(s.body, s.label, header, Scope(header, SC_LOOP, scope.owner))

    def check_for_in(self, s, scope):
        t = self.check_value(s.iterable, scope, None)
        p = prune(t)
        if isinstance(p, T.ArrayType):
            elem = p.elem
        elif p.kind == T.K_STRING:
            elem = T.ANY          # run-time error: Value not iterable
        else:
            elem = T.ANY
        header = Scope(scope, SC_BLOCK, scope.owner)
        sym = Symbol(s.var, SYM_VAR, self.binding_type(elem), s.var_line, s.var_col)
        sym.mutable = True
        self.declare(header, sym, s.var_line, s.var_col)
        s.sym = sym
        self.check_loop_body(s.body, s.label, header, Scope(header, SC_LOOP, scope.owner))

    def check_jump(self, label, word, line, col):
        if self.loop is None:
            self.error(E.E_CONTROL_FLOW, "'%s' can only be used inside a loop" % word,
                       line, col)
        if label:
            l = self.loop
            while l is not None:
                if l.label == label:
                    return
                l = l.parent
            self.error(E.E_CONTROL_FLOW, "Label '%s' not found for %s statement"
                       % (label, word), line, col)

    def check_return(self, s, scope):
        fn = self.cur_fn
        if fn is None:
            self.error(E.E_SYNTAX, "'return' can only be used inside a function",
                       s.line, s.col)
        assert fn is not None
        if len(s.values) == 0:
            fn.has_bare_return = True
            if fn.ret_annotated:
                if not fn.is_void:
                    self.type_error(mismatch('void', disp_pruned(fn.ret)), s.line, s.col)
            elif fn.has_value_return:
                self.type_error(mismatch('void', 'type_var'), s.line, s.col)
            return
        if fn.is_void and fn.ret_annotated:
            t = self.check_value(s.values[0], scope, None)
            self.type_error(mismatch(disp(t), 'void'), s.values[0].line, s.values[0].col)
        if fn.has_bare_return and not fn.ret_annotated:
            self.type_error(mismatch('void', 'type_var'), s.line, s.col)
        if len(s.values) == 1:
            e = s.values[0]
            expected = None
            if fn.ret_annotated:
                expected = fn.ret
                self.check_against(e, scope, fn.ret, False)
                fn.has_value_return = True
                return
            t = self.check_value(e, scope, None)
            self.add_result(e, t, None)
            return
        # return a, b: the array [a, b]
        arr = ast.ArrayLit(s.values, True, s.values[0].line, s.values[0].col)
        s.values = [arr]
        if fn.ret_annotated:
            self.check_against(arr, scope, fn.ret, False)
            fn.has_value_return = True
            return
        t = self.check_value(arr, scope, None)
        self.add_result(arr, t, None)

    # ------------------------------------------------------------------
    # functions

    def check_fn_def(self, s, scope):
        if scope.kind == SC_MODULE:
            fn = s.fn
            if fn is None:
                return            # its signature had an error
            self.check_fn_body(fn, scope)
            return
        # a nested function: a local variable holding a closure, usable
        # from its own body and after its definition
        fn = self.make_fn_info(s.name, s.name, s.params, s.ret_type, s.body,
                               s, self.cur_fn)
        s.fn = fn
        if self.cur_fn is not None:
            self.cur_fn.children.append(fn)
        sym = Symbol(s.name, SYM_VAR, fn.func_type(), s.name_line, s.name_col)
        sym.fn = fn
        fn.symbol = sym
        self.declare(scope, sym, s.name_line, s.name_col)
        s.sym = sym
        self.check_fn_body(fn, scope)
        sym.ty = fn.func_type()

    def check_fn_body(self, fn, scope):
        if fn.checked or fn.checking:
            return
        fn.checking = True
        old_fn = self.cur_fn
        old_loop = self.loop
        self.cur_fn = fn
        self.loop = None
        body_scope = Scope(scope, SC_FUNCTION, fn)
        try:
            for p in fn.params:
                self.declare(body_scope, p, p.line, p.col)
            self.check_block(fn.body, body_scope, not fn.is_void)
        except CheckAbort:
            pass
        finally:
            self.cur_fn = old_fn
            self.loop = old_loop
            fn.checking = False
            fn.checked = True
        self.finish_fn(fn)

    def finish_fn(self, fn):
        if not fn.ret_annotated:
            if not fn.has_value_return:
                fn.is_void = True
                # forward users saw the result variable; it is void now
                fn.ret = T.VOID
                fn.ftype = None
        if not fn.is_void:
            last_gives = False
            if len(fn.body) > 0:
                last_gives = stmt_gives_result(fn.body[len(fn.body) - 1])
            if not last_gives:
                fn.may_miss_result = True
        if fn.is_toplevel:
            for pt in fn.param_types:
                if T.has_free_vars(pt):
                    fn.polymorphic = True
            if T.has_free_vars(fn.ret):
                fn.polymorphic = True
        fn.ftype = None

    def check_fn_expr(self, e, scope):
        fn = self.make_fn_info('<fn>', '<fn>', e.params, e.ret_type, e.body,
                               e, self.cur_fn)
        e.fn = fn
        if self.cur_fn is not None:
            self.cur_fn.children.append(fn)
        self.check_fn_body(fn, scope)
        return fn.func_type()

    def check_impl(self, s, scope):
        if scope.kind != SC_MODULE:
            self.error(E.E_SYNTAX, "'impl' declarations are only allowed at module scope",
                       s.line, s.col)
        for m in s.methods:
            fn = m.fn
            if fn is None:
                continue
            self.check_fn_body(fn, scope)

    def check_struct_defaults(self, s, scope):
        if scope.kind != SC_MODULE:
            self.error(E.E_SYNTAX, "'struct' declarations are only allowed at module scope",
                       s.line, s.col)
        info = self.lookup(self.module.scope, s.name).struct
        for f in info.fields:
            if f.default is not None:
                try:
                    self.check_against(f.default, scope, f.ty, False)
                except CheckAbort:
                    pass

    # ------------------------------------------------------------------
    # match

    def check_match_stmt(self, s, scope, tail):
        fn = self.cur_fn
        is_tail = tail and fn is not None and not fn.is_void
        s.is_tail = is_tail
        subj_t = self.check_value(s.subject, scope, None)
        self.check_patterns(s.arms, subj_t, scope, False, s.line, s.col)
        for arm in s.arms:
            arm_scope = Scope(scope, SC_ARM, scope.owner)
            self.bind_pattern(arm, arm_scope)
            self.check_block(arm.body, arm_scope, is_tail)

    def check_patterns(self, arms, subj_t, scope, is_expr, line, col):
        enum = None
        has_wild = False
        has_enum_arm = False
        seen_variants = []
        seen_literals = []
        for arm in arms:
            p = arm.pattern
            if p.kind == ast.PAT_WILDCARD:
                has_wild = True
            elif p.kind == ast.PAT_ENUM:
                has_enum_arm = True
                sym = self.lookup(scope, p.enum_name)
                if sym is None or sym.kind != SYM_ENUM:
                    self.undefined(p.enum_name, p.line, p.col)
                info = sym.enum
                v = info.find_variant(p.variant)
                if v is None:
                    self.undefined(p.variant, p.line, p.col)
                assert v is not None
                if not unify(subj_t, info.type):
                    self.type_error(mismatch(disp(subj_t), 'enum'), p.line, p.col)
                enum = info
                if len(p.bindings) != len(v.payload) and (p.has_parens or len(v.payload) > 0):
                    self.type_error(mismatch(plural(len(p.bindings), 'binding'),
                                             plural(len(v.payload), 'field')),
                                    p.line, p.col)
                for sv in seen_variants:
                    if sv is v:
                        self.error(E.E_CONTROL_FLOW, '%s.%s arm appears more than once'
                                   % (info.name, v.name), p.line, p.col)
                seen_variants.append(v)
                p.variant_info = v
            else:
                self.check_value(p.value, scope, None)
                key = literal_key(p.value)
                if key:
                    for k in seen_literals:
                        if k == key:
                            self.error(E.E_CONTROL_FLOW,
                                       'Literal pattern %s appears more than once' % key,
                                       p.line, p.col)
                    seen_literals.append(key)
        if has_enum_arm and not has_wild and enum is not None:
            missing = []
            for v in enum.variants:
                found = False
                for sv in seen_variants:
                    if sv is v:
                        found = True
                if not found:
                    missing.append(v.name)
            if len(missing) == 1:
                self.error(E.E_CONTROL_FLOW, 'Match on %s is missing variant: %s'
                           % (enum.name, missing[0]), line, col)
            elif len(missing) > 1:
                self.error(E.E_CONTROL_FLOW, 'Match on %s is missing variants: %s'
                           % (enum.name, ', '.join(missing)), line, col)
        if is_expr and not has_enum_arm and not has_wild:
            self.error(E.E_CONTROL_FLOW,
                       "Match expression is not exhaustive: add a '_' arm", line, col)

    def bind_pattern(self, arm, arm_scope):
        p = arm.pattern
        if p.kind != ast.PAT_ENUM:
            return
        v = p.variant_info
        for i in range(len(p.bindings)):
            name = p.bindings[i]
            if name == '_' or i >= len(v.payload):
                p.binding_syms.append(None)
                continue
            pt = v.payload[i]
            pos = p.binding_pos[i]
            sym = Symbol(name, SYM_VAR, pt, pos.line, pos.col)
            self.declare(arm_scope, sym, pos.line, pos.col)
            p.binding_syms.append(sym)

    def check_match_expr(self, e, scope, expected):
        subj_t = self.check_value(e.subject, scope, None)
        self.check_patterns(e.arms, subj_t, scope, True, e.line, e.col)
        result = None
        if expected is not None and not T.is_unknown(expected):
            for arm in e.arms:
                arm_scope = Scope(scope, SC_ARM, scope.owner)
                self.bind_pattern(arm, arm_scope)
                self.check_against(arm.expr, arm_scope, expected, False)
            return expected
        # the type of the first arm that is not a bare literal, else of the first arm
        first_nonlit = -1
        for i in range(len(e.arms)):
            if not is_bare_literal(e.arms[i].expr):
                first_nonlit = i
                break
        scopes = []
        for arm in e.arms:
            arm_scope = Scope(scope, SC_ARM, scope.owner)
            self.bind_pattern(arm, arm_scope)
            scopes.append(arm_scope)
        if first_nonlit >= 0:
            result = self.check_value(e.arms[first_nonlit].expr, scopes[first_nonlit], None)
        for i in range(len(e.arms)):
            if i == first_nonlit:
                continue
            arm = e.arms[i]
            if result is None:
                result = self.check_value(arm.expr, scopes[i], None)
                continue
            if first_nonlit >= 0 and is_numeric_literal(arm.expr):
                self.check_against(arm.expr, scopes[i], result, False)
                continue
            t = self.check_value(arm.expr, scopes[i], None)
            if not unify(result, t):
                self.type_error(mismatch(disp(t), disp(result)), arm.expr.line, arm.expr.col)
        if result is None:
            return T.ANY
        return result

    # ------------------------------------------------------------------
    # try / catch, use

    def check_try(self, s, scope):
        self.check_block(s.body, Scope(scope, SC_BLOCK, scope.owner), False)
        handler_scope = Scope(scope, SC_BLOCK, scope.owner)
        if s.catch_name:
            sym = Symbol(s.catch_name, SYM_VAR, T.ANY, s.catch_line, s.catch_col)
            self.declare(handler_scope, sym, s.catch_line, s.catch_col)
            s.catch_sym = sym
        self.check_block(s.handler, handler_scope, False)

    def check_use(self, s, scope):
        if scope.kind != SC_MODULE:
            self.error(E.E_SYNTAX, "'use' declarations are only allowed at module scope",
                       s.line, s.col)
        target = self.loader.load_module(s.path, s.line, s.col)
        dotted = '.'.join(s.path)
        if len(s.items) == 0 and not s.star:
            name = s.alias
            if not name:
                name = s.path[len(s.path) - 1]
            sym = Symbol(name, SYM_MODULE, T.ANY, s.line, s.col)
            sym.target_module = target
            self.bind_import(scope, sym, s.line, s.col)
            return
        if s.star:
            for name in target.exports:
                self.bind_import_alias(scope, name, target.exports[name], s.line, s.col)
            return
        for item in s.items:
            exp = target.exports.get(item.name, None)
            if exp is None:
                self.error(E.E_IMPORT, "module '%s' does not export '%s'" % (dotted, item.name),
                           item.line, item.col)
            name = item.alias
            if not name:
                name = item.name
            self.bind_import_alias(scope, name, exp, item.line, item.col)

    def bind_import(self, scope, sym, line, col):
        old = scope.lookup_here(sym.name)
        if old is not None:
            self.error(E.E_REDEFINED, "Variable '%s' is already defined on line %d"
                       % (sym.name, old.line), line, col)
        scope.names[sym.name] = sym

    def bind_import_alias(self, scope, name, exp, line, col):
        old = scope.lookup_here(name)
        if old is not None and old is not exp:
            self.error(E.E_REDEFINED, "Variable '%s' is already defined on line %d"
                       % (name, old.line), line, col)
        scope.names[name] = exp

    # ------------------------------------------------------------------
    # expressions

    def check_value(self, e, scope, expected):
        """An expression whose value is used: a void call is an error."""
        t = self.check_expr(e, scope, expected)
        if prune(t).kind == T.K_VOID:
            self.type_error(mismatch('void', 'value'), e.line, e.col)
        return t

    def check_against(self, e, scope, expected, in_binding):
        """Check e where a value of type `expected` is required: a bare literal
        adapts (types.md 3.2); anything else must unify."""
        if is_bare_literal(e):
            t = self.adapt_literal(e, expected, in_binding)
            e.ty = t
            return t
        t = self.check_value(e, scope, expected)
        if not unify(t, expected):
            self.type_error(mismatch(disp(t), disp_pruned(expected)), e.line, e.col)
        return t

    def adapt_literal(self, e, expected, in_binding):
        exp = prune(expected)
        code = E.E_TYPE
        if in_binding:
            code = E.E_TYPE_FEATURE
        if isinstance(e, ast.IntLit):
            own = natural_int_type(e)
            if T.is_integer_kind(exp.kind) and not e.suffix:
                if big_fits(e.value, exp.kind):
                    return exp
                self.type_error('Integer literal %s is out of range for %s'
                                % (e.value_text(), exp.display()), e.line, e.col)
            if exp.kind == T.K_F64 and not e.suffix:
                if not big_fits_f64(e.value):
                    self.type_error('Integer literal %s is out of range for f64'
                                    % e.value_text(), e.line, e.col)
                return T.F64
            if own is None:
                self.type_error('Integer literal %s is out of range for i64'
                                % e.value_text(), e.line, e.col)
            assert own is not None
            if exp.kind == T.K_VAR:
                unify(exp, own)
                return own
            if exp.kind == T.K_ANY or exp is own:
                return own
            self.error(code, mismatch(own.display(), disp_named(exp)), e.line, e.col)
            return own
        if isinstance(e, ast.FloatLit):
            own = T.F64
        elif isinstance(e, ast.StringLit):
            own = T.STRING
        else:
            own = T.BOOL
        if exp.kind == T.K_VAR:
            unify(exp, own)
            return own
        if exp.kind == T.K_ANY or exp is own:
            return own
        self.error(code, mismatch(own.display(), disp_named(exp)), e.line, e.col)
        return own

    def literal_type(self, e):
        """The own type of a bare literal (errors for out-of-range)."""
        if isinstance(e, ast.IntLit):
            t = natural_int_type(e)
            if t is None:
                self.type_error('Integer literal %s is out of range for i64'
                                % e.value_text(), e.line, e.col)
            assert t is not None
            return t
        if isinstance(e, ast.FloatLit):
            return T.F64
        if isinstance(e, ast.StringLit):
            return T.STRING
        return T.BOOL

    def check_expr(self, e, scope, expected):
        t = self.check_expr_inner(e, scope, expected)
        e.ty = t
        return t

    def check_expr_inner(self, e, scope, expected):
        if isinstance(e, ast.IntLit) or isinstance(e, ast.FloatLit) or \
                isinstance(e, ast.StringLit) or isinstance(e, ast.BoolLit):
            if expected is not None and is_bare_literal(e):
                exp = prune(expected)
                if (T.is_numeric_kind(exp.kind) and
                        (isinstance(e, ast.IntLit) or isinstance(e, ast.FloatLit))):
                    try:
                        return self.adapt_literal(e, exp, False)
                    except CheckAbort:
                        self.errors.pop()
            return self.literal_type(e)
        if isinstance(e, ast.Name):
            return self.check_name(e, scope)
        if isinstance(e, ast.Binary):
            return self.check_binary(e, scope)
        if isinstance(e, ast.Unary):
            return self.check_unary(e, scope)
        if isinstance(e, ast.Call):
            return self.check_call(e, scope, expected)
        if isinstance(e, ast.Cast):
            return self.check_cast(e, scope)
        if isinstance(e, ast.Conditional):
            return self.check_conditional(e, scope, expected)
        if isinstance(e, ast.Assign):
            return self.check_assign(e, scope)
        if isinstance(e, ast.Member):
            return self.check_member(e, scope)
        if isinstance(e, ast.Index):
            return self.check_index(e, scope)
        if isinstance(e, ast.Slice):
            return self.check_slice(e, scope)
        if isinstance(e, ast.ArrayLit):
            return self.check_array_lit(e, scope, expected)
        if isinstance(e, ast.ArrayFill):
            return self.check_array_fill(e, scope, expected)
        if isinstance(e, ast.StructLit):
            return self.check_struct_lit(e, scope)
        if isinstance(e, ast.FnExpr):
            return self.check_fn_expr(e, scope)
        if isinstance(e, ast.MatchExpr):
            return self.check_match_expr(e, scope, expected)
        if isinstance(e, ast.Timestamp):
            return T.F64
        self.error(E.E_INTERNAL, 'unknown expression', e.line, e.col)
        return T.ANY

    def check_name(self, e, scope):
        sym = self.resolve_name(scope, e.name, e.line, e.col)
        e.sym = sym
        if sym.kind == SYM_VAR:
            if sym.hoisted:
                e.check_init = True
            elif sym.is_global and self.cur_fn is not None:
                e.check_init = True
            elif sym.owner is None and sym.is_global and sym.const_value is None:
                e.check_init = False
            return sym.ty
        if sym.kind == SYM_FUNC:
            fn = sym.fn
            return fn.func_type()
        if sym.kind == SYM_BUILTIN:
            self.undefined(e.name, e.line, e.col)
        if sym.kind == SYM_STRUCT:
            self.type_error(mismatch('struct', 'value'), e.line, e.col)
        if sym.kind == SYM_ENUM:
            self.type_error(mismatch('enum', 'value'), e.line, e.col)
        self.type_error(mismatch('module', 'value'), e.line, e.col)
        return T.ANY

    # --- operators ---------------------------------------------------------

    def check_binary(self, e, scope):
        op = e.op
        if op == 'and' or op == 'or':
            return self.check_logical(e, scope)
        if op in ('==', '!=', '<', '<=', '>', '>=', 'matches'):
            self.check_value(e.left, scope, None)
            self.check_value(e.right, scope, None)
            return T.BOOL
        lt = self.check_value(e.left, scope, None)
        rt = self.check_value(e.right, scope, None)
        lp = prune(lt)
        rp = prune(rt)
        # 1. array repetition
        if op == '*':
            if isinstance(lp, T.ArrayType) and T.is_integer_kind(rp.kind):
                return lp
            if isinstance(rp, T.ArrayType) and T.is_integer_kind(lp.kind):
                return rp
        # 2. exactly one bare literal: the other operand's type
        llit = is_bare_literal(e.left)
        rlit = is_bare_literal(e.right)
        if llit != rlit:
            if llit:
                other = rt
                lit_t = lt
            else:
                other = lt
                lit_t = rt
            if isinstance(prune(other), T.TypeVar):
                unify(other, lit_t)
            return other
        # 3. same type
        if not unify(lt, rt):
            self.type_error(mismatch(disp(rt), disp(lt)), e.op_line, e.op_col)
        return lt

    def check_logical(self, e, scope):
        lt = self.check_value(e.left, scope, None)
        rt = self.check_value(e.right, scope, None)
        lp = prune(lt)
        rp = prune(rt)
        if lp.kind == T.K_I32 and rp.kind == T.K_I32:
            return T.I32
        if lp.kind != T.K_BOOL:
            self.type_error(mismatch(disp(lt), 'bool'), e.left.line, e.left.col)
        if rp.kind != T.K_BOOL:
            self.type_error(mismatch(disp(rt), 'bool'), e.right.line, e.right.col)
        return T.BOOL

    def check_unary(self, e, scope):
        t = self.check_value(e.operand, scope, None)
        if e.op == 'not':
            return T.BOOL
        p = prune(t)
        if T.is_numeric_kind(p.kind) or p.kind == T.K_VAR or p.kind == T.K_ANY:
            return t
        self.type_error(mismatch(disp(t), 'numeric type'), e.operand.line, e.operand.col)
        return t

    def check_cast(self, e, scope):
        t = self.check_value(e.expr, scope, None)
        target = T.SCALAR_BY_NAME.get(e.target, None)
        if target is None or e.target == 'void' or e.target == 'any':
            self.error(E.E_UNKNOWN_TYPE, mismatch(e.target, 'valid type'),
                       e.target_line, e.target_col)
        assert target is not None
        p = prune(t)
        if p.kind == T.K_VAR or p.kind == T.K_ANY:
            return target
        if p.kind == T.K_STRING:
            if target.kind != T.K_STRING:
                self.type_error(mismatch('string', target.display()), e.op_line, e.op_col)
            return target
        if T.is_scalar_kind(p.kind):
            return target
        self.type_error(mismatch(p.display(), target.display()), e.op_line, e.op_col)
        return target

    def check_conditional(self, e, scope, expected):
        ct = self.check_value(e.cond, scope, None)
        cp = prune(ct)
        if not isinstance(ct, T.TypeVar) and not (
                cp.kind == T.K_BOOL or cp.kind == T.K_VAR or cp.kind == T.K_ANY):
            self.type_error(mismatch(disp(ct), 'bool'), e.cond.line, e.cond.col)
        if expected is not None and not T.is_unknown(expected):
            self.check_against(e.then_expr, scope, expected, False)
            self.check_against(e.else_expr, scope, expected, False)
            return expected
        a_lit = is_numeric_literal(e.then_expr)
        b_lit = is_numeric_literal(e.else_expr)
        if a_lit and not b_lit:
            bt = self.check_value(e.else_expr, scope, None)
            if T.is_numeric_kind(prune(bt).kind):
                self.check_against(e.then_expr, scope, bt, False)
                return bt
            at = self.check_value(e.then_expr, scope, None)
            if not unify(at, bt):
                self.type_error(mismatch(disp(bt), disp(at)), e.else_expr.line, e.else_expr.col)
            return at
        at = self.check_value(e.then_expr, scope, None)
        if b_lit and not a_lit and T.is_numeric_kind(prune(at).kind):
            self.check_against(e.else_expr, scope, at, False)
            return at
        bt = self.check_value(e.else_expr, scope, None)
        if not unify(at, bt):
            self.type_error(mismatch(disp(bt), disp(at)), e.else_expr.line, e.else_expr.col)
        return at

    def check_assign(self, e, scope):
        target = e.target
        if isinstance(target, ast.Name):
            sym = self.lookup(scope, target.name)
            if sym is None or sym.kind == SYM_BUILTIN:
                self.undefined(target.name, target.line, target.col)
            assert sym is not None
            self.note_use(sym)
            target.sym = sym
            if sym.kind != SYM_VAR or not sym.mutable:
                self.error(E.E_MUTABLE_REQUIRED,
                           "Cannot assign to immutable variable '%s'. Add 'mut' when declaring it."
                           % target.name, target.line, target.col)
            tt = sym.ty
            target.ty = tt
            if sym.hoisted and e.op != '=':
                target.check_init = True
            elif sym.is_global and self.cur_fn is not None and e.op != '=':
                target.check_init = True
        elif isinstance(target, ast.Member):
            tt = self.check_member(target, scope)
            target.ty = tt
            if target.member_kind != MEMBER_FIELD:
                self.error(E.E_MUTABLE_REQUIRED,
                           "Cannot assign to immutable variable '%s'. Add 'mut' when declaring it."
                           % target.name, target.name_line, target.name_col)
        elif isinstance(target, ast.Index):
            if e.op != '=':
                self.error(E.E_SYNTAX, "Compound assignment to an array element is not supported; "
                           "write 'a[i] = a[i] + value'", e.op_line, e.op_col)
            tt = self.check_index(target, scope)
            target.ty = tt
        else:
            self.error(E.E_SYNTAX, 'Invalid assignment target.', target.line, target.col)
            return T.ANY
        if e.op == '=':
            self.check_against(e.value, scope, tt, False)
            return tt
        # compound: typed as the binary operation (types.md 3.3)
        vt = self.check_value(e.value, scope, None)
        if is_bare_literal(e.value):
            p = prune(tt)
            if isinstance(p, T.TypeVar):
                unify(p, vt)
            return tt
        tp = prune(tt)
        vp = prune(vt)
        if e.op == '*=' and isinstance(tp, T.ArrayType) and T.is_integer_kind(vp.kind):
            return tt
        if not unify(tt, vt):
            self.type_error(mismatch(disp(vt), disp(tt)), e.op_line, e.op_col)
        return tt

    # --- member, index, literals ------------------------------------------

    def check_member(self, e, scope):
        obj = e.obj
        if isinstance(obj, ast.Name):
            sym = self.lookup(scope, obj.name)
            if sym is not None and sym.kind == SYM_MODULE:
                obj.sym = sym
                target = sym.target_module
                exp = target.exports.get(e.name, None)
                if exp is None:
                    self.error(E.E_IMPORT, "module '%s' does not export '%s'"
                               % (target.name, e.name), e.name_line, e.name_col)
                assert exp is not None
                e.member_kind = MEMBER_MODULE
                e.sym = exp
                if exp.kind == SYM_VAR:
                    if self.cur_fn is not None:
                        exp.used_in_function = True
                    return exp.ty
                if exp.kind == SYM_FUNC:
                    return exp.fn.func_type()
                self.type_error(mismatch(disp(exp.ty), 'value'), e.line, e.col)
            if sym is not None and sym.kind == SYM_ENUM:
                obj.sym = sym
                info = sym.enum
                v = info.find_variant(e.name)
                if v is None:
                    self.undefined(e.name, e.name_line, e.name_col)
                assert v is not None
                if len(v.payload) > 0:
                    self.type_error(arity_message(info.name + '.' + v.name,
                                                  len(v.payload), 0), e.name_line, e.name_col)
                e.member_kind = MEMBER_VARIANT
                e.variant = v
                return info.type
            if sym is not None and sym.kind == SYM_STRUCT:
                self.type_error(mismatch('struct', 'value'), e.line, e.col)
        t = self.check_value(obj, scope, None)
        p = prune(t)
        if isinstance(p, T.StructType):
            f = p.info.find_field(e.name)
            if f is None:
                self.undefined(e.name, e.name_line, e.name_col)
            assert f is not None
            e.member_kind = MEMBER_FIELD
            e.struct = p.info
            e.field_index = f.index
            return f.ty
        if p.kind == T.K_VAR or p.kind == T.K_ANY:
            self.type_error(mismatch(disp(t), 'struct or enum'), e.line, e.col)
        self.type_error(mismatch(disp(t), 'struct or enum'), e.line, e.col)
        return T.ANY

    def check_index(self, e, scope):
        t = self.check_value(e.obj, scope, None)
        it = self.check_value(e.index, scope, None)
        ip = prune(it)
        if not (T.is_integer_kind(ip.kind) or ip.kind == T.K_VAR or ip.kind == T.K_ANY):
            self.type_error(mismatch(disp(it), 'i32'), e.index.line, e.index.col)
        p = prune(t)
        if isinstance(p, T.ArrayType):
            return p.elem
        if p.kind == T.K_STRING:
            return T.STRING
        if p.kind == T.K_VAR or p.kind == T.K_ANY:
            return T.ANY
        self.type_error(mismatch(disp(t), 'array'), e.obj.line, e.obj.col)
        return T.ANY

    def check_slice(self, e, scope):
        t = self.check_value(e.obj, scope, None)
        for b in [e.start, e.end]:
            if b is not None:
                bt = self.check_value(b, scope, None)
                bp = prune(bt)
                if not (T.is_integer_kind(bp.kind) or bp.kind == T.K_VAR or
                        bp.kind == T.K_ANY):
                    self.type_error(mismatch(disp(bt), 'i32'), b.line, b.col)
        p = prune(t)
        if isinstance(p, T.ArrayType):
            return p
        if p.kind == T.K_VAR or p.kind == T.K_ANY:
            return T.ANY
        self.type_error(mismatch(disp(t), 'array'), e.obj.line, e.obj.col)
        return T.ANY

    def check_array_lit(self, e, scope, expected):
        exp_elem = None
        if expected is not None:
            ep = prune(expected)
            if isinstance(ep, T.ArrayType) and not T.is_unknown(ep.elem):
                exp_elem = ep.elem
        if len(e.elements) == 0:
            if exp_elem is not None:
                return T.ArrayType(exp_elem)
            return T.ArrayType(T.TypeVar())
        if exp_elem is not None:
            for el in e.elements:
                self.check_against(el, scope, exp_elem, False)
            return T.ArrayType(exp_elem)
        elem = self.check_value(e.elements[0], scope, None)
        elem = self.binding_type(elem)
        for i in range(1, len(e.elements)):
            el = e.elements[i]
            t = self.check_value(el, scope, None)
            if not unify(elem, t):
                self.type_error(mismatch(disp(t), disp(elem)), el.line, el.col)
        return T.ArrayType(elem)

    def check_array_fill(self, e, scope, expected):
        exp_elem = None
        if expected is not None:
            ep = prune(expected)
            if isinstance(ep, T.ArrayType) and not T.is_unknown(ep.elem):
                exp_elem = ep.elem
        count = e.count
        if isinstance(count, ast.Name):
            sym = self.lookup(scope, count.name)
            if sym is None or sym.kind != SYM_VAR or not sym.is_const:
                self.undefined(count.name, count.line, count.col)
            self.check_expr(count, scope, None)
        else:
            self.check_expr(count, scope, None)
        if exp_elem is not None:
            self.check_against(e.value, scope, exp_elem, False)
            return T.ArrayType(exp_elem)
        elem = self.check_value(e.value, scope, None)
        return T.ArrayType(self.binding_type(elem))

    def check_struct_lit(self, e, scope):
        if e.module:
            msym = self.lookup(scope, e.module)
            if msym is None or msym.kind != SYM_MODULE:
                self.undefined(e.module, e.line, e.col)
            exp = msym.target_module.exports.get(e.type_name, None)
            if exp is None:
                self.error(E.E_IMPORT, "module '%s' does not export '%s'"
                           % (msym.target_module.name, e.type_name), e.line, e.col)
            sym = exp
        else:
            sym = self.lookup(scope, e.type_name)
        if sym is None or sym.kind != SYM_STRUCT:
            self.undefined(e.type_name, e.line, e.col)
        info = sym.struct
        e.struct = info
        inits = [None] * len(info.fields)
        for fi in e.fields:
            f = info.find_field(fi.name)
            if f is None:
                self.undefined(fi.name, fi.line, fi.col)
            assert f is not None
            if inits[f.index] is not None:
                self.error(E.E_REDEFINED, "Variable '%s' is already defined on line %d"
                           % (fi.name, fi.line), fi.line, fi.col)
            self.check_against(fi.value, scope, f.ty, False)
            inits[f.index] = fi.value
        for f in info.fields:
            if inits[f.index] is None:
                if f.default is None:
                    self.type_error("Struct literal for '%s' is missing field '%s'"
                                    % (info.name, f.name), e.line, e.col)
                inits[f.index] = f.default
        e.inits = inits
        return info.type

    # --- calls ---------------------------------------------------------------

    def check_call(self, e, scope, expected):
        callee = e.callee
        if isinstance(callee, ast.Name):
            sym = self.lookup(scope, callee.name)
            if sym is None:
                self.undefined(callee.name, callee.line, callee.col)
            assert sym is not None
            if sym.kind == SYM_BUILTIN:
                e.call_kind = CALL_BUILTIN
                e.builtin = sym.builtin
                return self.check_builtin(e, sym.builtin, scope)
            if sym.kind == SYM_FUNC:
                callee.sym = sym
                e.call_kind = CALL_DIRECT
                return self.check_fn_call(e, sym.fn, e.args, scope, sym.fn.display_name)
            if sym.kind == SYM_VAR and sym.fn is not None and not sym.mutable:
                self.check_name(callee, scope)
                e.call_kind = CALL_KNOWN
                return self.check_fn_call(e, sym.fn, e.args, scope, sym.fn.display_name)
        elif isinstance(callee, ast.Member):
            r = self.check_member_call(e, callee, scope)
            if r is not None:
                return r
        ct = self.check_value(callee, scope, None)
        return self.check_indirect_call(e, ct, scope)

    def check_indirect_call(self, e, ct, scope):
        e.call_kind = CALL_INDIRECT
        p = prune(ct)
        if isinstance(p, T.FuncType):
            if len(p.params) != len(e.args):
                self.type_error(arity_message('<fn>', len(p.params), len(e.args)),
                                e.paren_line, e.paren_col)
            for i in range(len(e.args)):
                self.check_against(e.args[i], scope, p.params[i], False)
            return p.ret
        if p.kind == T.K_VAR or p.kind == T.K_ANY:
            for a in e.args:
                self.check_value(a, scope, None)
            return T.ANY
        self.type_error(mismatch(disp(ct), 'function'), e.callee.line, e.callee.col)
        return T.ANY

    def check_member_call(self, e, callee, scope):
        obj = callee.obj
        if isinstance(obj, ast.Name):
            sym = self.lookup(scope, obj.name)
            if sym is not None and sym.kind == SYM_MODULE:
                obj.sym = sym
                target = sym.target_module
                exp = target.exports.get(callee.name, None)
                if exp is None:
                    self.error(E.E_IMPORT, "module '%s' does not export '%s'"
                               % (target.name, callee.name), callee.name_line, callee.name_col)
                assert exp is not None
                callee.member_kind = MEMBER_MODULE
                callee.sym = exp
                if exp.kind == SYM_FUNC:
                    e.call_kind = CALL_DIRECT
                    return self.check_fn_call(e, exp.fn, e.args, scope, exp.fn.display_name)
                if exp.kind == SYM_VAR:
                    if self.cur_fn is not None:
                        exp.used_in_function = True
                    callee.ty = exp.ty
                    return self.check_indirect_call(e, exp.ty, scope)
                self.type_error(mismatch(disp(exp.ty), 'function'), callee.line, callee.col)
            if sym is not None and sym.kind == SYM_STRUCT:
                obj.sym = sym
                info = sym.struct
                fn = info.methods.get(callee.name, None)
                if fn is None:
                    self.undefined(callee.name, callee.name_line, callee.name_col)
                assert fn is not None
                e.call_kind = CALL_DIRECT
                if fn.is_method:
                    # the arity excludes self (semantics.md 5)
                    self.type_error(arity_message(fn.display_name, len(fn.params) - 1,
                                                  len(e.args)), e.paren_line, e.paren_col)
                return self.check_fn_call(e, fn, e.args, scope, fn.display_name)
            if sym is not None and sym.kind == SYM_ENUM:
                obj.sym = sym
                info = sym.enum
                v = info.find_variant(callee.name)
                if v is None:
                    self.undefined(callee.name, callee.name_line, callee.name_col)
                assert v is not None
                e.call_kind = CALL_VARIANT
                e.variant = v
                if len(v.payload) != len(e.args):
                    self.type_error(arity_message(info.name + '.' + v.name, len(v.payload),
                                                  len(e.args)), e.paren_line, e.paren_col)
                for i in range(len(e.args)):
                    self.check_against(e.args[i], scope, v.payload[i], False)
                return info.type
        t = self.check_value(obj, scope, None)
        p = prune(t)
        if isinstance(p, T.StructType):
            fn = p.info.methods.get(callee.name, None)
            if fn is not None and fn.is_method:
                e.call_kind = CALL_METHOD
                callee.member_kind = MEMBER_FIELD
                return self.check_fn_call(e, fn, e.args, scope, fn.display_name)
            f = p.info.find_field(callee.name)
            if f is None:
                self.undefined(callee.name, callee.name_line, callee.name_col)
            assert f is not None
            callee.member_kind = MEMBER_FIELD
            callee.struct = p.info
            callee.field_index = f.index
            callee.ty = f.ty
            return self.check_indirect_call(e, f.ty, scope)
        self.type_error(mismatch(disp(t), 'struct or enum'), obj.line, obj.col)
        return None

    def check_fn_call(self, e, fn, args, scope, name):
        """A call whose target function is known statically."""
        e.fn = fn
        nparams = len(fn.params)
        offset = 0
        if e.call_kind == CALL_METHOD:
            offset = 1          # the receiver is self
        if nparams - offset != len(args):
            self.type_error(arity_message(name, nparams - offset, len(args)),
                            e.paren_line, e.paren_col)
        param_types = fn.param_types
        ret = fn.ret
        if fn.polymorphic and fn.checked:
            vm = T.new_varmap()
            param_types = [T.instantiate(p, vm) for p in fn.param_types]
            ret = T.instantiate(fn.ret, vm)
        for i in range(len(args)):
            pt = param_types[i + offset]
            if T.is_unknown(pt) and is_bare_literal(args[i]):
                at = self.literal_type(args[i])
                args[i].ty = at
                if isinstance(prune(pt), T.TypeVar):
                    unify(pt, at)
            else:
                self.check_against(args[i], scope, pt, False)
        if fn.is_void and fn.checked and e.value_used:
            self.type_error(mismatch('void', 'value'), e.paren_line, e.paren_col)
        if not fn.checked and e.value_used and not fn.ret_annotated:
            self.deferred_void_calls.append(e)
        if fn.is_void and fn.checked:
            return T.VOID
        return ret

    # --- builtins -------------------------------------------------------------

    def builtin_arity(self, e, name, lo, hi):
        n = len(e.args)
        if n < lo or n > hi:
            expected = lo
            if n > hi:
                expected = hi
            self.type_error(arity_message(name, expected, n), e.paren_line, e.paren_col)

    def check_builtin(self, e, name, scope):
        args = e.args
        if name == 'len':
            self.builtin_arity(e, name, 1, 1)
            t = self.check_value(args[0], scope, None)
            p = prune(t)
            if not (isinstance(p, T.ArrayType) or p.kind == T.K_STRING or
                    p.kind == T.K_VAR or p.kind == T.K_ANY):
                self.type_error(mismatch(disp(t), 'array'), args[0].line, args[0].col)
            return T.I32
        if name == 'push':
            self.builtin_arity(e, name, 2, 2)
            at = self.check_value(args[0], scope, None)
            elem = T.TypeVar()
            if not unify(at, T.ArrayType(elem)):
                self.type_error(mismatch(disp(at), 'array'), args[0].line, args[0].col)
            pe = prune(elem)
            if is_bare_literal(args[1]):
                if isinstance(pe, T.TypeVar) or pe.kind == T.K_ANY:
                    lt = self.literal_type(args[1])
                    args[1].ty = lt
                    unify(elem, lt)
                else:
                    self.adapt_literal_elem(args[1], elem)
            else:
                vt = self.check_value(args[1], scope, None)
                if not unify(elem, vt):
                    self.type_error(mismatch(disp(vt), disp(elem)), args[1].line, args[1].col)
            return at
        if name == 'pop':
            self.builtin_arity(e, name, 1, 1)
            at = self.check_value(args[0], scope, None)
            elem = T.TypeVar()
            if not unify(at, T.ArrayType(elem)):
                self.type_error(mismatch(disp(at), 'array'), args[0].line, args[0].col)
            return elem
        if name == 'sorted':
            self.builtin_arity(e, name, 1, 1)
            at = self.check_value(args[0], scope, None)
            elem = T.TypeVar()
            if not unify(at, T.ArrayType(elem)):
                self.type_error(mismatch(disp(at), 'array'), args[0].line, args[0].col)
            return at
        if name == 'range':
            self.builtin_arity(e, name, 1, 3)
            for a in args:
                self.check_value(a, scope, None)
            return T.ANY
        if name == 'input':
            self.builtin_arity(e, name, 0, 1)
            if len(args) == 1:
                self.check_string_arg(args[0], scope)
            return T.STRING
        if name == 'int':
            self.builtin_arity(e, name, 1, 1)
            self.check_value(args[0], scope, None)
            return T.I32
        if name == 'float':
            self.builtin_arity(e, name, 1, 1)
            self.check_value(args[0], scope, None)
            return T.F64
        if name == 'typeof':
            self.builtin_arity(e, name, 1, 1)
            self.check_value(args[0], scope, None)
            return T.STRING
        if name == 'istype':
            self.builtin_arity(e, name, 2, 2)
            self.check_value(args[0], scope, None)
            self.check_string_arg(args[1], scope)
            return T.BOOL
        if name == 'assert_eq':
            self.builtin_arity(e, name, 3, 3)
            self.check_string_arg(args[0], scope)
            self.check_value(args[1], scope, None)
            self.check_value(args[2], scope, None)
            return T.BOOL
        self.error(E.E_INTERNAL, 'unknown builtin', e.line, e.col)
        return T.ANY

    def adapt_literal_elem(self, arg, elem):
        t = self.adapt_literal_or_mismatch(arg, elem)
        arg.ty = t

    def adapt_literal_or_mismatch(self, arg, elem):
        """push(a, literal): the literal adapts to the element type; a
        mismatch names the element type variable (errors.md 5.3)."""
        pe = prune(elem)
        if isinstance(arg, ast.IntLit) and (T.is_integer_kind(pe.kind) or pe.kind == T.K_F64):
            return self.adapt_literal(arg, pe, False)
        own = self.literal_type(arg)
        if own is pe:
            return own
        self.type_error(mismatch(own.display(), disp(elem)), arg.line, arg.col)
        return own

    def check_string_arg(self, a, scope):
        t = self.check_value(a, scope, None)
        p = prune(t)
        if p.kind == T.K_STRING or p.kind == T.K_VAR or p.kind == T.K_ANY:
            return
        self.type_error(mismatch(disp(t), 'string'), a.line, a.col)


# -----------------------------------------------------------------------------
# helpers

def check_constant_name(checker, name, line, col):
    if not ('A' <= name[0] <= 'Z'):
        checker.error(E.E_INVALID_NAME,
                      "Invalid variable name '%s': module constants must start with an uppercase letter"
                      % name, line, col)
    for ch in name:
        if not (('A' <= ch <= 'Z') or ('0' <= ch <= '9') or ch == '_'):
            checker.error(E.E_INVALID_NAME,
                          "Invalid variable name '%s': module constants must use SCREAMING_SNAKE_CASE "
                          "(uppercase letters, digits, and underscores)" % name, line, col)


def too_complex(line, col):
    return CompileError(E.E_TOO_COMPLEX,
                        'this statement is too long or too deeply nested to compile',
                        line, col)


def big_fits_f64(v):
    try:
        v.tofloat()
    except OverflowError:
        return False
    return True


def literal_key(e):
    """A text identifying a literal pattern for the duplicate check, or ''."""
    if e.parenthesized:
        return ''
    if isinstance(e, ast.IntLit):
        return e.value_text()
    if isinstance(e, ast.StringLit):
        return '"' + e.value + '"'
    if isinstance(e, ast.BoolLit):
        if e.value:
            return 'true'
        return 'false'
    if isinstance(e, ast.FloatLit):
        from orus.format import format_f64
        return format_f64(e.value)
    return ''


def stmt_gives_result(s):
    """Does this statement, executed last, always provide a result?"""
    if isinstance(s, ast.ExprStmt):
        return s.is_result
    if isinstance(s, ast.Return):
        return len(s.values) > 0
    if isinstance(s, ast.If):
        return s.is_tail and block_gives_result(s)
    if isinstance(s, ast.MatchStmt):
        return s.is_tail and block_gives_result(s)
    return False


def body_gives_result(body):
    if len(body) == 0:
        return False
    last = body[len(body) - 1]
    if stmt_gives_result(last):
        return True
    # a return anywhere at the end of a path also ends the function
    return isinstance(last, ast.Return)


def block_gives_result(s):
    if isinstance(s, ast.If):
        for br in s.branches:
            if not body_gives_result(br.body):
                return False
        if s.else_body is None:
            return False
        return body_gives_result(s.else_body)
    if isinstance(s, ast.MatchStmt):
        has_wild = False
        for arm in s.arms:
            if arm.pattern.kind == ast.PAT_WILDCARD:
                has_wild = True
            if not body_gives_result(arm.body):
                return False
        return has_wild or match_is_exhaustive(s)
    return False


def match_is_exhaustive(s):
    enum = None
    seen = 0
    for arm in s.arms:
        if arm.pattern.kind == ast.PAT_ENUM and arm.pattern.variant_info is not None:
            enum = arm.pattern.variant_info.enum
            seen += 1
    if enum is None:
        return False
    return seen >= len(enum.variants)


def make_result_enum():
    info = EnumInfo('Result', None, 0, 0)
    ok = VariantInfo(info, 'Ok', 0)
    ok.payload.append(T.ANY)
    ok.payload_names.append('')
    err = VariantInfo(info, 'Err', 1)
    err.payload.append(T.ANY)
    err.payload_names.append('')
    info.variants.append(ok)
    info.variants.append(err)
    info.variant_index['Ok'] = 0
    info.variant_index['Err'] = 1
    return info


# the predeclared `Result` enum, shared by every file (types.md 10)
RESULT_ENUM = make_result_enum()
