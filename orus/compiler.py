"""Checked AST -> register bytecode (orus/bytecode.py).

Representation ("rt") of every value: the compiler knows, for each
expression, the run-time type of its value when it can (RT_I32 ... RT_STR,
RT_OBJ, arrays as RT_ARRAY + element rt) and otherwise uses RT_DYN (a boxed
value whose operations dispatch at run time).  Numbers with a known rt live
unboxed in int/float registers.

The rt of an expression can differ from the checker's type: run-time operand
promotion (types.md 5) makes `i + 1.5` an f64 and `"n: " + i` a string even
though the checker types both as i32.  A variable therefore takes the rt of
the values stored into it: an unannotated one the rt of its initializer, and
when stores disagree it is widened (to RT_DYN, or to an array of a wider
element rt).  The rt of every variable (and function result) is fixed for
the duration of one compilation pass, and the stores seen during the pass
decide the rts of the next; a module is compiled until no rt changes
(usually twice).  A value of unknown type
(RT_DYN) makes an unannotated variable dynamic, but is converted when stored
into a declared type (annotated variable, parameter, declared result), so
that typed code stays unboxed.
"""

from rpython.rlib.rarithmetic import intmask
from rpython.rlib.objectmodel import we_are_translated

from orus import ast
from orus import types as T
from orus.types import prune
from orus import bytecode as B
from orus import numeric as N
from orus.errors import CompileError, E_INTERNAL, E_TYPE
from orus import checker as C
from orus.symbols import SYM_VAR, SYM_FUNC, SYM_STRUCT, SYM_ENUM, SYM_MODULE
from orus.runtime.objects import (
    W_Object, W_String, W_Function, W_Enum, IntCell, FloatCell, RefCell,
    StructLayout, EnumLayout,
    RT_I32, RT_I64, RT_U32, RT_U64, RT_F64, RT_BOOL, RT_STR, RT_OBJ, RT_DYN,
    RT_VOID, KIND_INT, KIND_FLOAT, KIND_REF)
from orus.runtime import dynamic as D
from orus.interpreter import W_LayoutBox

RT_ARRAY = 100          # an array: RT_ARRAY + element rt (nests)

MAX_PASSES = 8

# error kinds for RAISE (index into interpreter.KIND_NAMES)
RK_RUNTIME = 0
RK_VALUE = 1
RK_INDEX = 2
RK_TYPE = 3

# storage of a symbol, seen from the function being compiled
ST_REG = 0        # a register of this frame
ST_CELL = 1       # a register of this frame holding a cell (captured)
ST_UP = 2         # a cell of the closure (captured from an enclosing function)
ST_GLOBAL = 3     # a module global (a prebuilt cell)


def rt_of(t):
    """The representation of values of checker type t."""
    t = prune(t)
    k = t.kind
    if k <= T.K_STRING:
        return k            # RT_I32 ... RT_STR share the type kind numbers
    if k == T.K_VOID:
        return RT_VOID
    if isinstance(t, T.ArrayType):
        return RT_ARRAY + rt_of(t.elem)
    if k == T.K_STRUCT or k == T.K_ENUM or k == T.K_FUNC:
        return RT_OBJ
    return RT_DYN


def rt_join(a, b):
    if a == b:
        return a
    if a >= RT_ARRAY and b >= RT_ARRAY:
        return RT_ARRAY + rt_join(a - RT_ARRAY, b - RT_ARRAY)
    return RT_DYN


def kind_of(rt):
    if rt == RT_F64:
        return KIND_FLOAT
    if rt <= RT_BOOL:
        return KIND_INT
    return KIND_REF


def is_array_rt(rt):
    return rt >= RT_ARRAY


def is_scalar_rt(rt):
    return rt <= RT_STR


def is_number_rt(rt):
    return rt <= RT_F64


def is_int_rt(rt):
    return rt <= RT_U64


# opcode tables by integer type
_ADD = [B.ADD_I32, B.ADD_I64, B.ADD_U32, B.ADD_U64]
_SUB = [B.SUB_I32, B.SUB_I64, B.SUB_U32, B.SUB_U64]
_MUL = [B.MUL_I32, B.MUL_I64, B.MUL_U32, B.MUL_U64]
_DIV = [B.DIV_I32, B.DIV_I64, B.DIV_U32, B.DIV_U64]
_MOD = [B.MOD_I32, B.MOD_I64, B.MOD_U32, B.MOD_U64]
_NEG = [B.NEG_I32, B.NEG_I64, B.NEG_U32, B.NEG_U64]

_OPCODES = {'+': D.OP_ADD, '-': D.OP_SUB, '*': D.OP_MUL, '/': D.OP_DIV,
            '%': D.OP_MOD, '==': D.OP_EQ, '!=': D.OP_NE, 'matches': D.OP_EQ,
            '<': D.OP_LT, '<=': D.OP_LE, '>': D.OP_GT, '>=': D.OP_GE,
            '+=': D.OP_ADD, '-=': D.OP_SUB, '*=': D.OP_MUL, '/=': D.OP_DIV,
            '%=': D.OP_MOD}


class LoopCtx(object):
    def __init__(self, label, continue_target):
        self.label = label
        self.continue_target = continue_target   # pc, or -1 when patched later
        self.breaks = []
        self.continues = []


class ModuleCompiler(object):
    """Compiles one file: its top-level code, functions and methods."""

    def __init__(self, minfo):
        self.minfo = minfo
        self.changed = False
        self.first_pass = True
        self.touched = []          # symbols stored to during this pass
        self.touched_fns = []      # functions that returned during this pass
        self.line = 1              # the statement being compiled
        self.col = 1

    def current_location(self):
        return self.line, self.col

    def compile(self):
        m = self.minfo
        # prebuilt function values for top-level functions and methods:
        # their codes are installed after the last pass
        for fn in m.functions:
            if fn.is_toplevel and fn.w_func is None:
                fn.w_func = W_Function(None, [])
        main_code = None
        for attempt in range(MAX_PASSES):
            self.changed = False
            self.first_pass = attempt == 0
            codes = []
            fns = []
            for fn in m.functions:
                if fn.is_toplevel and fn.checked and not fn.frozen:
                    fc = FnCompiler(self, fn, None)
                    codes.append(fc.compile_function())
                    fns.append(fn)
            main_code = FnCompiler(self, m.main_fn, None).compile_main(m.ast.body)
            self.settle_rts()
            if not self.changed:
                for i in range(len(fns)):
                    fns[i].code = codes[i]
                    fns[i].w_func.code = codes[i]
                break
        else:
            raise CompileError(E_INTERNAL, 'compiler did not converge', 0, 0)
        m.code = main_code
        return main_code

    # --- representations -------------------------------------------------

    def sym_rt(self, sym):
        if sym.rt == -1:
            sym.rt = rt_of(sym.ty)
            if sym.rt == RT_VOID:
                sym.rt = RT_DYN
        return sym.rt

    def widen_sym(self, sym, val_rt):
        """A value of rt val_rt is stored into sym (this pass)."""
        if sym.module is not self.minfo or sym.frozen:
            return              # another file's (or input's) variable: final
        if not sym.touched:
            sym.touched = True
            self.touched.append(sym)
        if val_rt == RT_DYN:
            sym.seen_dyn = True
        elif sym.seen_rt == -1:
            sym.seen_rt = val_rt
        else:
            sym.seen_rt = rt_join(sym.seen_rt, val_rt)

    def fn_ret_rt(self, fn):
        if fn.ret_rt == -1:
            if fn.is_void:
                fn.ret_rt = RT_VOID
            else:
                fn.ret_rt = rt_of(fn.ret)
                if fn.ret_rt == RT_VOID:
                    fn.ret_rt = RT_DYN
        return fn.ret_rt

    def widen_ret(self, fn, val_rt):
        if fn.module is not self.minfo or fn.frozen:
            return
        if self.fn_ret_rt(fn) == RT_VOID:
            return
        if not fn.touched:
            fn.touched = True
            self.touched_fns.append(fn)
        if val_rt == RT_DYN:
            fn.seen_ret_dyn = True
        elif fn.seen_ret_rt == -1:
            fn.seen_ret_rt = val_rt
        else:
            fn.seen_ret_rt = rt_join(fn.seen_ret_rt, val_rt)

    def settle_rts(self):
        """The rts for the next pass.  In the first pass an unannotated
        variable (or result) takes exactly what was stored (its provisional
        rt came from the checker's type); afterwards rts only widen, so the
        passes converge."""
        for sym in self.touched:
            new = settled_rt(sym.rt, sym.seen_rt, sym.seen_dyn, sym.from_init,
                             self.first_pass)
            if new != sym.rt:
                sym.rt = new
                self.changed = True
            sym.seen_rt = -1
            sym.seen_dyn = False
            sym.touched = False
        self.touched = []
        for fn in self.touched_fns:
            new = settled_rt(fn.ret_rt, fn.seen_ret_rt, fn.seen_ret_dyn,
                             not fn.ret_annotated, self.first_pass)
            if new != fn.ret_rt:
                fn.ret_rt = new
                self.changed = True
            fn.seen_ret_rt = -1
            fn.seen_ret_dyn = False
            fn.touched = False
        self.touched_fns = []

    def global_cell(self, sym):
        """The prebuilt cell of a module global (of the kind its rt needs)."""
        kind = kind_of(self.sym_rt(sym))
        cell = sym.cell
        if kind == KIND_INT:
            if not isinstance(cell, IntCell):
                cell = IntCell(0)
                cell.ready = False
        elif kind == KIND_FLOAT:
            if not isinstance(cell, FloatCell):
                cell = FloatCell(0.0)
                cell.ready = False
        else:
            if not isinstance(cell, RefCell):
                cell = RefCell(None)
                cell.ready = False
        sym.cell = cell
        return cell


def settled_rt(current, seen, seen_dyn, unannotated, first_pass):
    """The rt of a variable (or result) for the next pass, from the rts
    stored into it during this one.  An unannotated variable takes what is
    stored (in the first pass its rt was only the checker's guess), and a
    value of unknown type makes it dynamic.  A declared type (annotation,
    parameter, declared result) is widened only by values whose different
    representation is known statically (run-time promotion); values of
    unknown type are converted to it."""
    if seen == -1:
        base = current
    elif unannotated and first_pass:
        base = seen
    else:
        base = rt_join(current, seen)
    if unannotated and seen_dyn:
        return RT_DYN
    return base


def struct_layout(info):
    if info.layout is None:
        names = []
        rts = []
        slots = []
        counts = [0, 0, 0]
        for f in info.fields:
            rt = rt_of(f.ty)
            if rt == RT_VOID:
                rt = RT_DYN
            k = kind_of(rt)
            names.append(f.name)
            rts.append(rt)
            slots.append(counts[k])
            f.rt = rt
            f.slot = counts[k]
            counts[k] += 1
        info.layout = StructLayout(info.name, names, rts, slots, counts[0],
                                   counts[1], counts[2])
    return info.layout


def enum_layout(info):
    if info.runtime is None:
        names = [v.name for v in info.variants]
        counts = [len(v.payload) for v in info.variants]
        info.runtime = EnumLayout(info.name, names, counts)
    return info.runtime


def variant_value(v):
    """The shared value of a payload-less variant."""
    if v.w_value is None:
        v.w_value = W_Enum(enum_layout(v.enum), v.index, [])
    return v.w_value


class FnCompiler(object):
    def __init__(self, mc, fn, parent):
        self.mc = mc
        self.fn = fn
        self.parent = parent
        self.ops = []
        self.lines = []
        self.cols = []
        self.floats = []
        self.refs = []
        self.names = []
        self.codes = []
        self.handlers = []
        self.nregs = [0, 0, 0]
        self.maxregs = [0, 0, 0]
        self.loops = []
        self.line = fn.line
        self.col = fn.col
        self.is_main = fn is mc.minfo.main_fn

    # --- emission -------------------------------------------------------

    def at(self, line, col):
        self.line = line
        self.col = col
        self.mc.line = line        # for a diagnostic if the C stack runs out
        self.mc.col = col

    def emit(self, op, args):
        pos = len(self.ops)
        self.ops.append(op)
        self.lines.append(self.line)
        self.cols.append(self.col)
        for a in args:
            self.ops.append(a)
            self.lines.append(self.line)
            self.cols.append(self.col)
        return pos

    def here(self):
        return len(self.ops)

    def emit_jump(self, op, cond_reg):
        """A forward jump to be patched; returns the operand position."""
        if op == B.JUMP:
            pos = self.emit(op, [-1])
            return pos + 1
        pos = self.emit(op, [cond_reg, -1])
        return pos + 2

    def patch(self, operand_pos, target):
        self.ops[operand_pos] = target

    def emit_loop(self, target):
        self.emit(B.LOOP, [target])

    # --- registers and constants ------------------------------------------

    def new_reg(self, kind):
        r = self.nregs[kind]
        self.nregs[kind] = r + 1
        if r + 1 > self.maxregs[kind]:
            self.maxregs[kind] = r + 1
        return r

    def tmp(self, rt):
        return self.new_reg(kind_of(rt))

    def mark(self):
        return [self.nregs[0], self.nregs[1], self.nregs[2]]

    def release(self, m):
        self.nregs[0] = m[0]
        self.nregs[1] = m[1]
        self.nregs[2] = m[2]

    def const_ref(self, w):
        for i in range(len(self.refs)):
            if self.refs[i] is w:
                return i
        self.refs.append(w)
        return len(self.refs) - 1

    def const_str(self, s):
        for i in range(len(self.refs)):
            w = self.refs[i]
            if isinstance(w, W_String) and w.str_value() == s:
                return i
        self.refs.append(W_String(s))
        return len(self.refs) - 1

    def const_float(self, x):
        self.floats.append(x)
        return len(self.floats) - 1

    def const_name(self, s):
        for i in range(len(self.names)):
            if self.names[i] == s:
                return i
        self.names.append(s)
        return len(self.names) - 1

    def load_int(self, value, rt):
        r = self.tmp(rt)
        self.emit(B.LOADI, [r, value])
        return r

    def load_float(self, x):
        r = self.tmp(RT_F64)
        self.emit(B.LOADF, [r, self.const_float(x)])
        return r

    def emit_raise(self, kind, message):
        self.emit(B.RAISE, [kind, self.const_name(message)])

    # --- symbols ------------------------------------------------------------

    def storage(self, sym):
        if sym.is_global:
            return ST_GLOBAL
        owner = sym.owner
        if owner is None:
            owner = self.mc.minfo.main_fn
        if owner is self.fn:
            if sym.captured:
                return ST_CELL
            return ST_REG
        return ST_UP

    def upvalue_index(self, sym):
        caps = self.fn.captures
        for i in range(len(caps)):
            if caps[i] is sym:
                return i
        raise CompileError(E_INTERNAL, 'internal: missing capture %s' % sym.name,
                           self.line, self.col)

    def allocate_locals(self):
        """Registers for every variable of this frame (before any temp)."""
        for sym in self.fn.locals:
            if sym.kind != SYM_VAR:
                continue
            rt = self.mc.sym_rt(sym)
            if sym.captured:
                sym.slot = self.new_reg(KIND_REF)
                sym.flag_slot = -1
            else:
                sym.slot = self.new_reg(kind_of(rt))
                sym.flag_slot = -1
                if sym.hoisted and kind_of(rt) != KIND_REF:
                    sym.flag_slot = self.new_reg(KIND_INT)

    def read_sym(self, sym, check):
        """Load a variable: (rt, register)."""
        rt = self.mc.sym_rt(sym)
        k = kind_of(rt)
        st = self.storage(sym)
        name = self.const_name(sym.name)
        if st == ST_REG:
            if check or sym.hoisted:
                if sym.flag_slot >= 0:
                    self.emit(B.CHECK_FLAG, [sym.flag_slot, name])
                elif k == KIND_REF:
                    self.emit(B.CHECK_REF, [sym.slot, name])
            return rt, sym.slot
        d = self.tmp(rt)
        if st == ST_CELL:
            if sym.hoisted:
                self.emit(B.CELLCHECK, [sym.slot, name])
            self.emit(_CELLGET[k], [d, sym.slot])
            return rt, d
        if st == ST_UP:
            idx = self.upvalue_index(sym)
            if sym.hoisted:
                c = self.tmp(RT_OBJ)
                self.emit(B.UPCELL, [c, idx])
                self.emit(B.CELLCHECK, [c, name])
            self.emit(_UPGET[k], [d, idx])
            return rt, d
        ci = self.const_ref(self.mc.global_cell(sym))
        if check or sym.hoisted:
            self.emit(B.GCHECK, [ci, name])
        lit = sym.const_value
        if lit is not None and rt_of(lit.ty) == rt:
            # `NAME := literal`: the value is known, only its binding must
            # have run (checked above)
            if isinstance(lit, ast.IntLit):
                return self.compile_int_lit(lit)
            if isinstance(lit, ast.FloatLit):
                return RT_F64, self.load_float(lit.value)
        self.emit(_GGET[k], [d, ci])
        return rt, d

    def write_sym(self, sym, rt, reg, declaring):
        """Store a value into a variable (declaring: a new variable)."""
        self.mc.widen_sym(sym, rt)
        srt = self.mc.sym_rt(sym)
        reg = self.coerce(rt, reg, srt)
        k = kind_of(srt)
        st = self.storage(sym)
        if st == ST_REG:
            if reg != sym.slot:
                self.emit(_MOV[k], [sym.slot, reg])
            if sym.flag_slot >= 0:
                self.emit(B.LOADI, [sym.flag_slot, 1])
            return
        if st == ST_CELL:
            if declaring and not sym.hoisted:
                self.emit(_NEWCELL[k], [sym.slot, reg])
            else:
                self.emit(_CELLSET[k], [sym.slot, reg])
                if sym.hoisted:
                    self.emit(B.CELLREADY, [sym.slot, 1])
            return
        if st == ST_UP:
            idx = self.upvalue_index(sym)
            self.emit(_UPSET[k], [idx, reg])
            if sym.hoisted:
                c = self.tmp(RT_OBJ)
                self.emit(B.UPCELL, [c, idx])
                self.emit(B.CELLREADY, [c, 1])
            return
        ci = self.const_ref(self.mc.global_cell(sym))
        self.emit(_GSET[k], [ci, reg])
        if declaring or sym.hoisted:
            self.emit(B.GREADY, [ci])

    def init_captured(self, sym, rt, reg):
        """A captured variable that comes to life holding a value already in
        a register (parameter, loop variable, catch variable, binding)."""
        srt = self.mc.sym_rt(sym)
        self.mc.widen_sym(sym, rt)
        reg = self.coerce(rt, reg, srt)
        self.emit(_NEWCELL[kind_of(srt)], [sym.slot, reg])

    def reset_hoisted(self, syms):
        """The variables hoisted out of an if statement are unassigned each
        time the statement starts (a new variable per execution)."""
        for sym in syms:
            if sym.is_global:
                continue
            if self.storage(sym) == ST_REG:
                if sym.flag_slot >= 0:
                    self.emit(B.LOADI, [sym.flag_slot, 0])
                else:
                    self.emit(B.LOADNONE, [sym.slot])
            elif self.storage(sym) == ST_CELL:
                rt = self.mc.sym_rt(sym)
                k = kind_of(rt)
                z = self.zero(rt)
                self.emit(_NEWCELL[k], [sym.slot, z])
                self.emit(B.CELLREADY, [sym.slot, 0])

    def zero(self, rt):
        k = kind_of(rt)
        r = self.tmp(rt)
        if k == KIND_INT:
            self.emit(B.LOADI, [r, 0])
        elif k == KIND_FLOAT:
            self.emit(B.LOADF, [r, self.const_float(0.0)])
        else:
            self.emit(B.LOADNONE, [r])
        return r

    # --- conversions between representations ------------------------------

    def coerce(self, rt, reg, target):
        """Make a register of representation `target` from (rt, reg)."""
        if rt == target:
            return reg
        if target == RT_DYN:
            return self.box(rt, reg)
        if target == RT_VOID:
            return reg
        tk = kind_of(target)
        if rt == RT_DYN or rt == RT_OBJ or is_array_rt(rt):
            if tk == KIND_INT:
                d = self.tmp(target)
                self.emit(B.UNBOX_I, [d, reg, target])
                return d
            if tk == KIND_FLOAT:
                d = self.tmp(target)
                self.emit(B.UNBOX_F, [d, reg])
                return d
            if target == RT_STR:
                d = self.tmp(target)
                self.emit(B.UNBOX_S, [d, reg])
                return d
            return reg              # objects and arrays: same register file
        if is_array_rt(target) or target == RT_OBJ:
            return self.box(rt, reg)
        # scalar -> another scalar: the `as` conversion
        return self.convert_scalar(rt, reg, target)

    def box(self, rt, reg):
        k = kind_of(rt)
        if k == KIND_REF:
            return reg
        d = self.tmp(RT_DYN)
        if k == KIND_FLOAT:
            self.emit(B.BOX_F, [d, reg])
        else:
            self.emit(B.BOX_I, [d, reg, rt])
        return d

    def convert_scalar(self, rt, reg, target):
        """`reg as target` for two known scalar representations."""
        if rt == target:
            return reg
        if target == RT_STR:
            d = self.tmp(RT_STR)
            if rt == RT_F64:
                self.emit(B.TOSTR_F, [d, reg])
            else:
                self.emit(B.TOSTR_I, [d, reg, rt])
            return d
        if rt == RT_STR:
            self.emit_raise(RK_TYPE, 'Cannot cast string to ' + N.type_name(target))
            return self.zero(target)
        if target == RT_F64:
            d = self.tmp(RT_F64)
            self.emit(B.CAST_IF, [d, reg, rt])
            return d
        if rt == RT_F64:
            d = self.tmp(target)
            self.emit(B.CAST_FI, [d, reg, target])
            return d
        d = self.tmp(target)
        self.emit(B.CAST_II, [d, reg, rt, target])
        return d

    def to_bool(self, rt, reg, line, col):
        """A condition value in an int register (semantics.md 2.1)."""
        if rt == RT_BOOL:
            return reg
        self.at(line, col)
        if kind_of(rt) == KIND_REF:
            d = self.tmp(RT_BOOL)
            self.emit(B.COND_DYN, [d, self.box(rt, reg)])
            return d
        d = self.tmp(RT_BOOL)
        self.emit(B.COND_DYN, [d, self.box(rt, reg)])
        return d

    # --- entry points -------------------------------------------------------

    def compile_function(self):
        fn = self.fn
        self.allocate_locals()
        param_rts = []
        param_regs = []
        for p in fn.params:
            rt = self.mc.sym_rt(p)
            param_rts.append(rt)
            if p.captured:
                r = self.new_reg(kind_of(rt))
                param_regs.append(r)
            else:
                param_regs.append(p.slot)
        for i in range(len(fn.params)):
            p = fn.params[i]
            if p.captured:
                self.init_captured(p, param_rts[i], param_regs[i])
        self.compile_block(fn.body)
        self.emit_end()
        return self.finish(fn.name, param_rts, param_regs)

    def emit_end(self):
        self.at(self.fn.line, self.fn.col)
        self.emit(B.RET_NONE, [])

    def compile_main(self, body):
        self.allocate_locals()
        self.compile_block(body)
        self.emit(B.RET_NONE, [])
        return self.finish('<module>', [], [])

    def finish(self, name, param_rts, param_regs):
        fn = self.fn
        display = '<fn>'
        if fn.display_name != '<fn>':
            display = '<fn ' + fn.display_name + '>'
        ret_rt = RT_VOID
        if not self.is_main:
            ret_rt = self.mc.fn_ret_rt(fn)
        code = B.Code(fn.display_name, display, self.mc.minfo.path,
                      self.mc.minfo.source, self.ops, self.lines,
                      self.cols, self.floats, self.refs,
                      self.names, self.codes, self.handlers,
                      self.maxregs[0], self.maxregs[1], self.maxregs[2],
                      param_rts, param_regs, ret_rt, fn.may_miss_result)
        return code

    # --- statements -------------------------------------------------------------

    def compile_block(self, stmts):
        for s in stmts:
            m = self.mark()
            self.compile_stmt(s)
            self.release(m)

    def compile_stmt(self, s):
        self.at(s.line, s.col)
        if isinstance(s, ast.ExprStmt):
            self.compile_expr_stmt(s)
        elif isinstance(s, ast.Print):
            self.compile_print(s)
        elif isinstance(s, ast.Echo):
            rt, reg = self.compile_expr(s.expr)
            self.at(s.line, s.col)
            self.emit(B.ECHO, [rt, reg])
        elif isinstance(s, ast.VarDecl):
            if s.sym is None:
                return
            rt, reg = self.compile_value_for(s.value, s.sym)
            self.write_sym(s.sym, rt, reg, True)
        elif isinstance(s, ast.PlainBind):
            if s.sym is None:
                return
            rt, reg = self.compile_value_for(s.value, s.sym)
            self.write_sym(s.sym, rt, reg, s.declares)
        elif isinstance(s, ast.If):
            self.compile_if(s)
        elif isinstance(s, ast.While):
            self.compile_while(s)
        elif isinstance(s, ast.ForRange):
            self.compile_for_range(s)
        elif isinstance(s, ast.ForIn):
            self.compile_for_in(s)
        elif isinstance(s, ast.Break):
            self.compile_break(s)
        elif isinstance(s, ast.Continue):
            self.compile_continue(s)
        elif isinstance(s, ast.Return):
            self.compile_return(s)
        elif isinstance(s, ast.FnDef):
            self.compile_nested_fn_def(s)
        elif isinstance(s, ast.MatchStmt):
            self.compile_match_stmt(s)
        elif isinstance(s, ast.Try):
            self.compile_try(s)
        elif isinstance(s, ast.Destructure):
            self.compile_destructure(s)
        # Pass, StructDef, EnumDef, ImplDef, Use: nothing at run time

    def compile_value_for(self, e, sym):
        return self.compile_expr(e)

    def compile_expr_stmt(self, s):
        e = s.expr
        if s.is_result:
            rt, reg = self.compile_expr(e)
            self.emit_return(rt, reg, e.line, e.col)
            return
        if isinstance(e, ast.Call):
            self.compile_call(e, False)
            return
        if isinstance(e, ast.Assign):
            self.compile_assign(e)
            return
        self.compile_expr(e)

    def emit_return(self, rt, reg, line, col):
        fn = self.fn
        self.mc.widen_ret(fn, rt)
        target = self.mc.fn_ret_rt(fn)
        if target == RT_VOID:
            self.emit(B.RET_NONE, [])
            return
        reg = self.coerce(rt, reg, target)
        k = kind_of(target)
        if k == KIND_INT:
            self.emit(B.RET_I, [reg])
        elif k == KIND_FLOAT:
            self.emit(B.RET_F, [reg])
        else:
            self.emit(B.RET_R, [reg])

    def compile_return(self, s):
        if len(s.values) == 0:
            self.emit(B.RET_NONE, [])
            return
        e = s.values[0]
        rt, reg = self.compile_expr(e)
        self.at(s.line, s.col)
        self.emit_return(rt, reg, s.line, s.col)

    def compile_print(self, s):
        args = []
        for a in s.args:
            rt, reg = self.compile_expr(a)
            args.append(rt)
            args.append(reg)
        self.at(s.line, s.col)
        self.emit(B.PRINT, [len(s.args)] + args)

    def compile_cond_jump(self, cond, line, col):
        """Evaluate a condition; returns the patch position of the jump taken
        when it is false."""
        rt, reg = self.compile_expr(cond)
        b = self.to_bool(rt, reg, line, col)
        return self.emit_jump(B.JUMP_IF_FALSE, b)

    def compile_if(self, s):
        self.reset_hoisted(s.hoisted_syms)
        ends = []
        for br in s.branches:
            m = self.mark()
            self.at(br.line, br.col)
            skip = self.compile_cond_jump(br.cond, br.line, br.col)
            self.release(m)
            self.compile_block(br.body)
            ends.append(self.emit_jump(B.JUMP, -1))
            self.patch(skip, self.here())
        if s.else_body is not None:
            self.compile_block(s.else_body)
        for p in ends:
            self.patch(p, self.here())

    def find_loop(self, label):
        i = len(self.loops) - 1
        while i >= 0:
            l = self.loops[i]
            if not label or l.label == label:
                return l
            i -= 1
        return self.loops[len(self.loops) - 1]

    def compile_break(self, s):
        l = self.find_loop(s.label)
        l.breaks.append(self.emit_jump(B.JUMP, -1))

    def compile_continue(self, s):
        l = self.find_loop(s.label)
        if l.continue_target >= 0:
            self.emit_loop(l.continue_target)
        else:
            l.continues.append(self.emit_jump(B.JUMP, -1))

    def close_loop(self, l, exit_pc):
        for p in l.breaks:
            self.patch(p, exit_pc)
        self.loops.pop()

    def compile_while(self, s):
        top = self.here()
        l = LoopCtx(s.label, top)
        self.loops.append(l)
        m = self.mark()
        self.at(s.line, s.col)
        exit_jump = self.compile_cond_jump(s.cond, s.line, s.col)
        self.release(m)
        self.compile_block(s.body)
        self.at(s.line, s.col)
        self.emit_loop(top)
        self.patch(exit_jump, self.here())
        self.close_loop(l, self.here())

    def range_bound(self, e, line, col):
        """A for-range bound: must be an i32 at run time (semantics.md 2.4)."""
        rt, reg = self.compile_expr(e)
        self.at(line, col)
        if rt == RT_I32:
            return reg
        if rt == RT_DYN:
            d = self.tmp(RT_I32)
            self.emit(B.RANGE_I32, [d, reg])
            return d
        if rt == RT_F64:
            self.emit_raise(RK_TYPE, 'Source register must contain i32 value')
        else:
            self.emit_raise(RK_TYPE, 'Operands must be i32')
        return self.zero(RT_I32)

    def bound_reader(self, e):
        """END and STEP given as plain variable names are re-read each time
        they are needed."""
        return isinstance(e, ast.Name) and not e.parenthesized

    def compile_for_range(self, s):
        sym = s.sym
        line = s.line
        col = s.col
        # START once
        start = self.range_bound(s.start, line, col)
        end_reg = -1
        step_reg = -1
        step_const = 1
        step_known = True
        if not self.bound_reader(s.end):
            end_reg = self.new_reg(KIND_INT)
            m = self.mark()
            r = self.range_bound(s.end, line, col)
            self.emit(B.MOVI, [end_reg, r])
            self.release(m)
        if s.step is not None:
            st = s.step
            if isinstance(st, ast.IntLit) and not st.parenthesized and \
                    C.big_fits(st.value, T.K_I32):
                step_const = C.int_literal_value(st)
            else:
                step_known = False
                if not self.bound_reader(st):
                    step_reg = self.new_reg(KIND_INT)
                    m = self.mark()
                    r = self.range_bound(st, line, col)
                    self.emit(B.MOVI, [step_reg, r])
                    self.release(m)
        # the loop variable: i = START
        if self.storage(sym) == ST_CELL:
            self.init_captured(sym, RT_I32, start)
        else:
            self.write_sym(sym, RT_I32, start, True)
        top = self.here()
        l = LoopCtx(s.label, -1)
        self.loops.append(l)
        m = self.mark()
        vrt, vreg = self.read_sym(sym, False)
        vreg = self.coerce(vrt, vreg, RT_I32)
        if end_reg >= 0:
            end = end_reg
        else:
            end = self.range_bound(s.end, line, col)
        self.at(line, col)
        cond = self.tmp(RT_BOOL)
        if step_known:
            if step_const < 0:
                op = B.GE_I if s.inclusive else B.GT_I
            else:
                op = B.LE_I if s.inclusive else B.LT_I
            self.emit(op, [cond, vreg, end])
        else:
            if step_reg >= 0:
                step = step_reg
            else:
                step = self.range_bound(s.step, line, col)
            zero = self.load_int(0, RT_I32)
            neg = self.tmp(RT_BOOL)
            self.emit(B.LT_I, [neg, step, zero])
            to_pos = self.emit_jump(B.JUMP_IF_FALSE, neg)
            self.emit(B.GE_I if s.inclusive else B.GT_I, [cond, vreg, end])
            done = self.emit_jump(B.JUMP, -1)
            self.patch(to_pos, self.here())
            self.emit(B.LE_I if s.inclusive else B.LT_I, [cond, vreg, end])
            self.patch(done, self.here())
        exit_jump = self.emit_jump(B.JUMP_IF_FALSE, cond)
        self.release(m)
        self.compile_block(s.body)
        # continue: i = i + STEP (overflow-checked)
        cont = self.here()
        for p in l.continues:
            self.patch(p, cont)
        m = self.mark()
        self.at(line, col)
        vrt, vreg = self.read_sym(sym, False)
        vreg = self.coerce(vrt, vreg, RT_I32)
        if step_known:
            step = self.load_int(step_const, RT_I32)
        elif step_reg >= 0:
            step = step_reg
        else:
            step = self.range_bound(s.step, line, col)
        nxt = self.tmp(RT_I32)
        self.at(line, col)
        self.emit(B.ADD_I32, [nxt, vreg, step])
        self.write_sym(sym, RT_I32, nxt, False)
        self.release(m)
        self.emit_loop(top)
        self.patch(exit_jump, self.here())
        self.close_loop(l, self.here())

    def compile_for_in(self, s):
        sym = s.sym
        line = s.line
        col = s.col
        rt, reg = self.compile_expr(s.iterable)
        self.at(line, col)
        if is_array_rt(rt) and rt - RT_ARRAY != RT_DYN:
            self.compile_for_array(s, rt, reg)
            return
        it = self.new_reg(KIND_REF)
        self.emit(B.ITER_PREP, [it, self.box(rt, reg)])
        self.start_loop_variable(sym, RT_DYN)
        top = self.here()
        l = LoopCtx(s.label, top)
        self.loops.append(l)
        m = self.mark()
        val = self.tmp(RT_DYN)
        self.at(line, col)
        exit_pos = self.emit(B.ITER_NEXT, [it, val, -1]) + 3
        self.write_sym(sym, RT_DYN, val, False)
        self.release(m)
        self.compile_block(s.body)
        self.emit_loop(top)
        self.patch(exit_pos, self.here())
        self.close_loop(l, self.here())

    def compile_for_array(self, s, rt, arr_reg):
        sym = s.sym
        erd = rt - RT_ARRAY
        arr = self.new_reg(KIND_REF)
        self.emit(B.MOVR, [arr, arr_reg])
        idx = self.new_reg(KIND_INT)
        self.emit(B.LOADI, [idx, 0])
        self.start_loop_variable(sym, erd)
        top = self.here()
        l = LoopCtx(s.label, -1)
        self.loops.append(l)
        m = self.mark()
        n = self.tmp(RT_I32)
        self.emit(B.LEN_A, [n, arr])
        c = self.tmp(RT_BOOL)
        self.emit(B.LT_I, [c, idx, n])
        exit_jump = self.emit_jump(B.JUMP_IF_FALSE, c)
        v = self.get_element(erd, arr, idx, RT_I64)
        self.write_sym(sym, erd, v, False)
        self.release(m)
        self.compile_block(s.body)
        cont = self.here()
        for p in l.continues:
            self.patch(p, cont)
        m = self.mark()
        one = self.load_int(1, RT_I64)
        self.emit(B.ADD_I64, [idx, idx, one])
        self.release(m)
        self.emit_loop(top)
        self.patch(exit_jump, self.here())
        self.close_loop(l, self.here())

    def start_loop_variable(self, sym, rt):
        """The variable of a `for` over a collection is one variable for the
        whole loop (semantics.md 2.5): a captured one gets its cell once."""
        if self.storage(sym) == ST_CELL:
            m = self.mark()
            self.init_captured(sym, rt, self.zero(rt))
            self.release(m)

    def compile_nested_fn_def(self, s):
        fn = s.fn
        if fn is None or fn.is_toplevel:
            return
        sym = s.sym
        st = self.storage(sym)
        if st == ST_CELL:
            # the function may call itself: its cell exists before the closure
            z = self.zero(RT_OBJ)
            self.emit(B.NEWCELL_R, [sym.slot, z])
            f = self.make_closure(fn)
            self.emit(B.CELLSET_R, [sym.slot, f])
        else:
            f = self.make_closure(fn)
            self.write_sym(sym, RT_OBJ, f, True)

    def make_closure(self, fn):
        child = FnCompiler(self.mc, fn, self)
        code = child.compile_function()
        self.codes.append(code)
        ci = len(self.codes) - 1
        cells = []
        for sym in fn.captures:
            st = self.storage(sym)
            if st == ST_CELL:
                cells.append(sym.slot)
            elif st == ST_UP:
                cells.append(-self.upvalue_index(sym) - 1)
            else:
                raise CompileError(E_INTERNAL, 'internal: capture of %s' % sym.name,
                                   self.line, self.col)
        d = self.tmp(RT_OBJ)
        self.emit(B.MAKE_FUNC, [d, ci, len(cells)] + cells)
        return d

    def compile_destructure(self, s):
        rt, reg = self.compile_expr(s.value)
        self.at(s.line, s.col)
        for i in range(len(s.names)):
            sym = s.syms[i]
            idx = self.load_int(i, RT_I32)
            if is_array_rt(rt):
                ert = rt - RT_ARRAY
                v = self.get_element(ert, reg, idx, RT_I32)
                self.write_sym(sym, ert, v, s.declares[i])
            else:
                d = self.tmp(RT_DYN)
                self.emit(B.GET_DYN, [d, self.box(rt, reg), self.box(RT_I32, idx)])
                self.write_sym(sym, RT_DYN, d, s.declares[i])

    # --- match ---------------------------------------------------------------

    def compile_match_stmt(self, s):
        srt, sreg = self.compile_expr(s.subject)
        subj = self.hold(srt, sreg)
        ends = []
        wild = None
        for arm in s.arms:
            if arm.pattern.kind == ast.PAT_WILDCARD:
                wild = arm
                continue
            m = self.mark()
            skip = self.compile_pattern_test(arm.pattern, srt, subj)
            self.bind_payload(arm.pattern, subj)
            self.release(m)
            self.compile_block(arm.body)
            ends.append(self.emit_jump(B.JUMP, -1))
            self.patch(skip, self.here())
        if wild is not None:
            self.compile_block(wild.body)
        for p in ends:
            self.patch(p, self.here())

    def hold(self, rt, reg):
        """Copy a value into a fresh register that survives the statement."""
        d = self.tmp(rt)
        self.emit(_MOV[kind_of(rt)], [d, reg])
        return d

    def compile_pattern_test(self, p, srt, subj):
        """Jump (patch position returned) when the pattern does not match."""
        self.at(p.line, p.col)
        if p.kind == ast.PAT_ENUM:
            tag = self.tmp(RT_I32)
            self.emit(B.ENUM_TAG, [tag, self.box(srt, subj)])
            want = self.load_int(p.variant_info.index, RT_I32)
            c = self.tmp(RT_BOOL)
            self.emit(B.EQ_I, [c, tag, want])
            return self.emit_jump(B.JUMP_IF_FALSE, c)
        vrt, vreg = self.compile_expr(p.value)
        self.at(p.line, p.col)
        c = self.compare(D.OP_EQ, srt, subj, vrt, vreg)
        return self.emit_jump(B.JUMP_IF_FALSE, c)

    def bind_payload(self, p, subj):
        if p.kind != ast.PAT_ENUM:
            return
        for i in range(len(p.binding_syms)):
            sym = p.binding_syms[i]
            if sym is None:
                continue
            d = self.tmp(RT_DYN)
            self.emit(B.ENUM_PAYLOAD, [d, subj, i])
            prt = rt_of(p.variant_info.payload[i])
            if self.storage(sym) == ST_CELL:
                self.init_captured(sym, RT_DYN, d)
            else:
                v = self.coerce(RT_DYN, d, prt) if prt != RT_VOID else d
                self.write_sym(sym, prt if prt != RT_VOID else RT_DYN, v, True)

    def compile_match_expr(self, e):
        rt = rt_of(e.ty)
        if rt == RT_VOID:
            rt = RT_DYN
        result = self.tmp(rt)
        srt, sreg = self.compile_expr(e.subject)
        subj = self.hold(srt, sreg)
        ends = []
        wild = None
        for arm in e.arms:
            if arm.pattern.kind == ast.PAT_WILDCARD:
                wild = arm
                continue
            m = self.mark()
            skip = self.compile_pattern_test(arm.pattern, srt, subj)
            self.bind_payload(arm.pattern, subj)
            art, areg = self.compile_expr(arm.expr)
            areg = self.coerce(art, areg, rt)
            self.emit(_MOV[kind_of(rt)], [result, areg])
            self.release(m)
            ends.append(self.emit_jump(B.JUMP, -1))
            self.patch(skip, self.here())
        if wild is not None:
            m = self.mark()
            art, areg = self.compile_expr(wild.expr)
            areg = self.coerce(art, areg, rt)
            self.emit(_MOV[kind_of(rt)], [result, areg])
            self.release(m)
        for p in ends:
            self.patch(p, self.here())
        return rt, result

    # --- try / catch ----------------------------------------------------------------

    def compile_try(self, s):
        start = self.here()
        self.compile_block(s.body)
        end = self.here()
        skip = self.emit_jump(B.JUMP, -1)
        handler_pc = self.here()
        reg = -1
        sym = s.catch_sym
        if sym is not None:
            if self.storage(sym) == ST_CELL:
                reg = self.new_reg(KIND_REF)
            else:
                self.mc.sym_rt(sym)
                reg = sym.slot if kind_of(sym.rt) == KIND_REF else self.new_reg(KIND_REF)
        self.handlers.append(B.Handler(start, end, handler_pc, reg))
        if sym is not None:
            if self.storage(sym) == ST_CELL:
                self.init_captured(sym, RT_DYN, reg)
            elif reg != sym.slot:
                self.write_sym(sym, RT_DYN, reg, True)
            else:
                self.mc.widen_sym(sym, RT_DYN)
        self.compile_block(s.handler)
        self.patch(skip, self.here())

    # --- expressions ------------------------------------------------------------------

    def compile_expr(self, e):
        """Evaluate e: returns (rt, register)."""
        if isinstance(e, ast.IntLit):
            return self.compile_int_lit(e)
        if isinstance(e, ast.FloatLit):
            return RT_F64, self.load_float(e.value)
        if isinstance(e, ast.StringLit):
            d = self.tmp(RT_STR)
            self.emit(B.LOADR, [d, self.const_str(e.value)])
            return RT_STR, d
        if isinstance(e, ast.BoolLit):
            return RT_BOOL, self.load_int(1 if e.value else 0, RT_BOOL)
        if isinstance(e, ast.Name):
            return self.compile_name(e)
        if isinstance(e, ast.Binary):
            return self.compile_binary(e)
        if isinstance(e, ast.Unary):
            return self.compile_unary(e)
        if isinstance(e, ast.Call):
            return self.compile_call(e, True)
        if isinstance(e, ast.Cast):
            return self.compile_cast(e)
        if isinstance(e, ast.Conditional):
            return self.compile_conditional(e)
        if isinstance(e, ast.Assign):
            return self.compile_assign(e)
        if isinstance(e, ast.Member):
            return self.compile_member(e)
        if isinstance(e, ast.Index):
            return self.compile_index(e)
        if isinstance(e, ast.Slice):
            return self.compile_slice(e)
        if isinstance(e, ast.ArrayLit):
            return self.compile_array_lit(e)
        if isinstance(e, ast.ArrayFill):
            return self.compile_array_fill(e)
        if isinstance(e, ast.StructLit):
            return self.compile_struct_lit(e)
        if isinstance(e, ast.FnExpr):
            return RT_OBJ, self.make_closure(e.fn)
        if isinstance(e, ast.MatchExpr):
            return self.compile_match_expr(e)
        if isinstance(e, ast.Timestamp):
            d = self.tmp(RT_F64)
            self.emit(B.TIMESTAMP, [d])
            return RT_F64, d
        raise CompileError(E_INTERNAL, 'internal: cannot compile expression',
                           e.line, e.col)

    def compile_int_lit(self, e):
        rt = rt_of(e.ty)
        if rt == RT_F64:
            try:
                f = e.value.tofloat()
            except OverflowError:       # the checker rejects these first
                raise CompileError(E_TYPE, 'Integer literal %s is out of range for f64'
                                   % e.value_text(), e.line, e.col)
            return RT_F64, self.load_float(f)
        if not is_int_rt(rt):
            rt = RT_I64
        return rt, self.load_int(C.int_literal_value(e), rt)

    def compile_name(self, e):
        sym = e.sym
        if sym is None:
            raise CompileError(E_INTERNAL, 'internal: unresolved name', e.line, e.col)
        if sym.kind == SYM_FUNC:
            d = self.tmp(RT_OBJ)
            self.emit(B.LOADR, [d, self.const_ref(sym.fn.w_func)])
            return RT_OBJ, d
        self.at(e.line, e.col)
        return self.read_sym(sym, e.check_init)

    # --- operators -----------------------------------------------------------------

    def compile_binary(self, e):
        op = e.op
        if op == 'and' or op == 'or':
            return self.compile_logical(e)
        lrt, lreg = self.compile_expr(e.left)
        rrt, rreg = self.compile_expr(e.right)
        self.at(e.op_line, e.op_col)
        code = _OPCODES[op]
        if code >= D.OP_EQ:
            return RT_BOOL, self.compare(code, lrt, lreg, rrt, rreg)
        return self.arith(code, lrt, lreg, rrt, rreg)

    def arith(self, code, lrt, lreg, rrt, rreg):
        """+ - * / % on two values (types.md 4-6)."""
        if code == D.OP_MUL:
            if is_array_rt(lrt) and is_int_rt(rrt):
                d = self.tmp(lrt)
                self.emit(B.REPEAT, [d, lreg, rreg, rrt])
                return lrt, d
            if is_array_rt(rrt) and is_int_rt(lrt):
                d = self.tmp(rrt)
                self.emit(B.REPEAT, [d, rreg, lreg, lrt])
                return rrt, d
        if is_scalar_rt(lrt) and is_scalar_rt(rrt):
            p = D.promote(lrt, rrt)
            if p == RT_STR:
                if code == D.OP_ADD:
                    a = self.convert_scalar(lrt, lreg, RT_STR)
                    b = self.convert_scalar(rrt, rreg, RT_STR)
                    d = self.tmp(RT_STR)
                    self.emit(B.CONCAT, [d, a, b])
                    return RT_STR, d
                if lrt == rrt:
                    self.emit_raise(RK_TYPE, 'Operands must be numeric (i32, i64, u32, u64, or f64)')
                else:
                    self.emit_raise(RK_TYPE, "Operands must be the same type. Use 'as' for explicit type conversion.")
                return RT_STR, self.zero(RT_STR)
            if p == RT_BOOL:
                self.emit_raise(RK_TYPE, 'Operands must be numeric (i32, i64, u32, u64, or f64)')
                return RT_BOOL, self.zero(RT_BOOL)
            a = self.convert_scalar(lrt, lreg, p)
            b = self.convert_scalar(rrt, rreg, p)
            d = self.tmp(p)
            if p == RT_F64:
                opc = [B.ADD_F, B.SUB_F, B.MUL_F, B.DIV_F, B.MOD_F][code]
            else:
                opc = [_ADD, _SUB, _MUL, _DIV, _MOD][code][p]
            self.emit(opc, [d, a, b])
            return p, d
        d = self.tmp(RT_DYN)
        self.emit(B.DYN_ARITH, [code, d, self.box(lrt, lreg), self.box(rrt, rreg)])
        return RT_DYN, d

    def compare(self, code, lrt, lreg, rrt, rreg):
        """A comparison; the bool result in an int register."""
        d = self.tmp(RT_BOOL)
        if is_scalar_rt(lrt) and is_scalar_rt(rrt):
            if code == D.OP_EQ or code == D.OP_NE:
                if (lrt == RT_STR) != (rrt == RT_STR):
                    # a string and a number are never equal
                    self.emit(B.LOADI, [d, 1 if code == D.OP_NE else 0])
                    return d
                if lrt == RT_STR:
                    self.emit(B.EQ_S if code == D.OP_EQ else B.NE_S, [d, lreg, rreg])
                    return d
            elif lrt > RT_F64 or rrt > RT_F64:
                self.emit_raise(RK_TYPE, 'Operands must be i32')
                self.emit(B.LOADI, [d, 0])
                return d
            p = D.promote(lrt, rrt)
            a = self.convert_scalar(lrt, lreg, p)
            b = self.convert_scalar(rrt, rreg, p)
            if p == RT_F64:
                opc = [B.EQ_F, B.NE_F, B.LT_F, B.LE_F, B.GT_F, B.GE_F][code - D.OP_EQ]
            elif p == RT_U64:
                opc = [B.EQ_I, B.NE_I, B.LT_U64, B.LE_U64, B.GT_U64, B.GE_U64][code - D.OP_EQ]
            else:
                opc = [B.EQ_I, B.NE_I, B.LT_I, B.LE_I, B.GT_I, B.GE_I][code - D.OP_EQ]
            self.emit(opc, [d, a, b])
            return d
        if (code == D.OP_EQ or code == D.OP_NE) and lrt != RT_DYN and rrt != RT_DYN:
            # two objects, or an object and a scalar
            if kind_of(lrt) == KIND_REF and kind_of(rrt) == KIND_REF and \
                    lrt != RT_STR and rrt != RT_STR:
                self.emit(B.EQ_R if code == D.OP_EQ else B.NE_R, [d, lreg, rreg])
                return d
        self.emit(B.DYN_CMP, [code, d, self.box(lrt, lreg), self.box(rrt, rreg)])
        return d

    def compile_logical(self, e):
        lrt, lreg = self.compile_expr(e.left)
        lt = prune(e.left.ty)
        rt_ = prune(e.right.ty)
        if lt.kind == T.K_I32 and rt_.kind == T.K_I32:
            # bitwise on two i32 (types.md 4.3): both operands evaluated
            rrt, rreg = self.compile_expr(e.right)
            self.at(e.op_line, e.op_col)
            a = self.coerce(lrt, lreg, RT_I32)
            b = self.coerce(rrt, rreg, RT_I32)
            d = self.tmp(RT_I32)
            self.emit(B.AND_I if e.op == 'and' else B.OR_I, [d, a, b])
            return RT_I32, d
        d = self.tmp(RT_BOOL)
        a = self.to_bool(lrt, lreg, e.left.line, e.left.col)
        self.emit(B.MOVI, [d, a])
        if e.op == 'and':
            skip = self.emit_jump(B.JUMP_IF_FALSE, d)
        else:
            skip = self.emit_jump(B.JUMP_IF_TRUE, d)
        m = self.mark()
        rrt, rreg = self.compile_expr(e.right)
        b = self.to_bool(rrt, rreg, e.right.line, e.right.col)
        self.emit(B.MOVI, [d, b])
        self.release(m)
        self.patch(skip, self.here())
        return RT_BOOL, d

    def compile_unary(self, e):
        rt, reg = self.compile_expr(e.operand)
        self.at(e.line, e.col)
        if e.op == 'not':
            d = self.tmp(RT_BOOL)
            k = kind_of(rt)
            if k == KIND_INT:
                self.emit(B.NOT_I, [d, reg])
            elif k == KIND_FLOAT:
                self.emit(B.NOT_F, [d, reg])
            else:
                self.emit(B.NOT_R, [d, reg])
            return RT_BOOL, d
        if is_int_rt(rt):
            d = self.tmp(rt)
            self.emit(_NEG[rt], [d, reg])
            return rt, d
        if rt == RT_F64:
            d = self.tmp(rt)
            self.emit(B.NEG_F, [d, reg])
            return rt, d
        if rt == RT_BOOL or rt == RT_STR:
            self.emit_raise(RK_TYPE, 'Operands must be numeric (i32, i64, u32, u64, or f64)')
            return rt, reg
        d = self.tmp(RT_DYN)
        self.emit(B.DYN_NEG, [d, self.box(rt, reg)])
        return RT_DYN, d

    def compile_cast(self, e):
        rt, reg = self.compile_expr(e.expr)
        self.at(e.op_line, e.op_col)
        target = T.SCALAR_BY_NAME[e.target].kind
        if is_scalar_rt(rt):
            return target, self.convert_scalar(rt, reg, target)
        d = self.tmp(RT_DYN)
        self.emit(B.CAST_DYN, [d, self.box(rt, reg), target])
        return target, self.coerce(RT_DYN, d, target)

    def compile_conditional(self, e):
        rt = rt_of(e.ty)
        if rt == RT_VOID:
            rt = RT_DYN
        result = self.tmp(rt)
        m = self.mark()
        skip = self.compile_cond_jump(e.cond, e.cond.line, e.cond.col)
        self.release(m)
        art, areg = self.compile_expr(e.then_expr)
        areg = self.coerce(art, areg, rt)
        self.emit(_MOV[kind_of(rt)], [result, areg])
        self.release(m)
        end = self.emit_jump(B.JUMP, -1)
        self.patch(skip, self.here())
        brt, breg = self.compile_expr(e.else_expr)
        breg = self.coerce(brt, breg, rt)
        self.emit(_MOV[kind_of(rt)], [result, breg])
        self.release(m)
        self.patch(end, self.here())
        return rt, result

    def compile_assign(self, e):
        target = e.target
        if e.op == '=':
            vrt, vreg = self.compile_expr(e.value)
        else:
            # x op= v  is  x = x op v
            trt, treg = self.compile_expr(target)
            m = self.mark()
            rrt, rreg = self.compile_expr(e.value)
            self.at(e.op_line, e.op_col)
            vrt, vreg = self.arith(_OPCODES[e.op], trt, treg, rrt, rreg)
        self.at(e.op_line, e.op_col)
        if isinstance(target, ast.Name):
            self.write_sym(target.sym, vrt, vreg, False)
            return vrt, vreg
        if isinstance(target, ast.Member):
            self.store_field(target, vrt, vreg)
            return vrt, vreg
        assert isinstance(target, ast.Index)
        self.store_index(target, vrt, vreg)
        return vrt, vreg

    # --- calls -------------------------------------------------------------------

    def compile_call(self, e, value_used):
        """A call; (rt, reg) of its result (RT_VOID, -1 when unused)."""
        kind = e.call_kind
        if kind == C.CALL_BUILTIN:
            return self.compile_builtin(e, value_used)
        if kind == C.CALL_VARIANT:
            return self.compile_variant(e)
        if kind == C.CALL_DIRECT or kind == C.CALL_METHOD or kind == C.CALL_KNOWN:
            return self.compile_known_call(e, value_used)
        # through a function value
        callee = e.callee
        if isinstance(callee, ast.Member) and callee.member_kind == C.MEMBER_FIELD:
            frt, freg = self.compile_member(callee)
        elif isinstance(callee, ast.Member) and callee.member_kind == C.MEMBER_MODULE:
            frt, freg = self.compile_member(callee)
        else:
            frt, freg = self.compile_expr(callee)
        f = self.hold(RT_OBJ, self.box(frt, freg))
        args = []
        for a in e.args:
            art, areg = self.compile_expr(a)
            args.append(self.box(art, areg))
        self.at(e.paren_line, e.paren_col)
        d = self.tmp(RT_DYN)
        need = 1 if value_used else 0
        self.emit(B.CALL_BOXED, [f, d if value_used else -1, need, len(args)] + args)
        if not value_used:
            return RT_VOID, -1
        want = rt_of(e.ty)
        if want == RT_VOID or want == RT_OBJ or is_array_rt(want):
            return RT_DYN, d
        return want, self.coerce(RT_DYN, d, want)

    def compile_known_call(self, e, value_used):
        fn = e.fn
        args = []
        arg_nodes = e.args
        if e.call_kind == C.CALL_METHOD:
            callee = e.callee
            assert isinstance(callee, ast.Member)
            ort, oreg = self.compile_expr(callee.obj)
            args.append(self.pass_arg(fn, 0, ort, oreg))
            offset = 1
        else:
            offset = 0
        for i in range(len(arg_nodes)):
            art, areg = self.compile_expr(arg_nodes[i])
            args.append(self.pass_arg(fn, i + offset, art, areg))
        ret_rt = self.mc.fn_ret_rt(fn)
        dst = -1
        if value_used and ret_rt != RT_VOID:
            dst = self.tmp(ret_rt)
        need = 1 if (value_used and fn.may_miss_result) else 0
        if e.call_kind == C.CALL_KNOWN:
            callee = e.callee
            assert isinstance(callee, ast.Name)
            frt, freg = self.read_sym(callee.sym, False)
            self.at(e.paren_line, e.paren_col)
            self.emit(B.CALL_CLOSURE, [freg, dst, need, len(args)] + args)
        else:
            self.at(e.paren_line, e.paren_col)
            self.emit(B.CALL, [self.const_ref(fn.w_func), dst, need, len(args)] + args)
        if dst < 0:
            return RT_VOID, -1
        return ret_rt, dst

    def pass_arg(self, fn, i, rt, reg):
        """An argument for parameter i of a known function, in the
        representation the callee expects."""
        p = fn.params[i]
        self.mc.widen_sym(p, rt)
        prt = self.mc.sym_rt(p)
        return self.coerce(rt, reg, prt)

    def compile_variant(self, e):
        v = e.variant
        args = []
        for a in e.args:
            art, areg = self.compile_expr(a)
            args.append(self.box(art, areg))
        self.at(e.paren_line, e.paren_col)
        d = self.tmp(RT_OBJ)
        self.emit(B.NEWENUM, [d, self.const_ref(layout_box_for_enum(v.enum)), v.index,
                              len(args)] + args)
        return RT_OBJ, d

    def compile_builtin(self, e, value_used):
        name = e.builtin
        args = e.args
        if name == 'len':
            rt, reg = self.compile_expr(args[0])
            self.at(e.paren_line, e.paren_col)
            d = self.tmp(RT_I32)
            if is_array_rt(rt):
                self.emit(B.LEN_A, [d, reg])
            elif rt == RT_STR:
                self.emit(B.LEN_S, [d, reg])
            else:
                self.emit(B.LEN_DYN, [d, self.box(rt, reg)])
            return RT_I32, d
        if name == 'push' or name == 'pop':
            rt, reg = self.compile_expr(args[0])
            if is_array_rt(rt) and rt - RT_ARRAY != RT_DYN:
                ert = rt - RT_ARRAY
                k = kind_of(ert)
                if name == 'push':
                    vrt, vreg = self.compile_expr(args[1])
                    vreg = self.coerce(vrt, vreg, ert)
                    self.at(e.paren_line, e.paren_col)
                    self.emit(_PUSH[k], [reg, vreg])
                    return rt, reg
                self.at(e.paren_line, e.paren_col)
                d = self.tmp(ert)
                self.emit(_POP[k], [d, reg])
                return ert, d
            arr = self.box(rt, reg)
            if name == 'push':
                vrt, vreg = self.compile_expr(args[1])
                v = self.box(vrt, vreg)
                self.at(e.paren_line, e.paren_col)
                self.emit(B.PUSH_DYN, [arr, v])
                return rt, reg
            self.at(e.paren_line, e.paren_col)
            d = self.tmp(RT_DYN)
            self.emit(B.POP_DYN, [d, arr])
            want = rt_of(e.ty)
            if want == RT_VOID:
                want = RT_DYN
            return want, self.coerce(RT_DYN, d, want)
        boxed = []
        for a in args:
            art, areg = self.compile_expr(a)
            boxed.append(self.box(art, areg))
        self.at(e.paren_line, e.paren_col)
        d = self.tmp(RT_DYN)
        bid = B.BUILTIN_NAMES.index(name)
        self.emit(B.BUILTIN, [bid, d, len(boxed)] + boxed)
        if name == 'sorted':
            rt = rt_of(e.args[0].ty)
            if is_array_rt(rt):
                return rt, d
            return RT_DYN, d
        if name == 'range':
            return RT_DYN, d
        want = rt_of(e.ty)
        if want == RT_VOID:
            want = RT_DYN
        return want, self.coerce(RT_DYN, d, want)

    # --- members, indexing, literals ----------------------------------------------------

    def compile_member(self, e):
        if e.member_kind == C.MEMBER_MODULE:
            sym = e.sym
            if sym.kind == SYM_FUNC:
                d = self.tmp(RT_OBJ)
                self.emit(B.LOADR, [d, self.const_ref(sym.fn.w_func)])
                return RT_OBJ, d
            self.at(e.line, e.col)
            return self.read_sym(sym, self.fn is not self.mc.minfo.main_fn)
        if e.member_kind == C.MEMBER_VARIANT:
            d = self.tmp(RT_OBJ)
            self.emit(B.LOADR, [d, self.const_ref(variant_value(e.variant))])
            return RT_OBJ, d
        ort, oreg = self.compile_expr(e.obj)
        info = e.struct
        layout = struct_layout(info)
        f = info.fields[e.field_index]
        k = kind_of(f.rt)
        self.at(e.name_line, e.name_col)
        d = self.tmp(f.rt)
        lk = self.const_ref(layout_box_for_struct(info))
        self.emit(_GETFLD[k], [d, self.box(ort, oreg), f.slot, lk])
        return f.rt, d

    def store_field(self, target, vrt, vreg):
        ort, oreg = self.compile_expr(target.obj)
        info = target.struct
        struct_layout(info)
        f = info.fields[target.field_index]
        v = self.coerce(vrt, vreg, f.rt)
        self.at(target.name_line, target.name_col)
        lk = self.const_ref(layout_box_for_struct(info))
        self.emit(_SETFLD[kind_of(f.rt)], [self.box(ort, oreg), f.slot, v, lk])

    def get_element(self, ert, arr, idx, idx_rt):
        d = self.tmp(ert)
        if ert == RT_DYN:
            self.emit(B.GET_DYN, [d, arr, self.box(idx_rt, idx)])
        else:
            self.emit(_GET[kind_of(ert)], [d, arr, idx, idx_rt, ert])
        return d

    def index_operand(self, e):
        """An index value: an integer register and its rt, or a boxed one."""
        rt, reg = self.compile_expr(e)
        return rt, reg

    def compile_index(self, e):
        ort, oreg = self.compile_expr(e.obj)
        irt, ireg = self.compile_expr(e.index)
        self.at(e.bracket_line, e.bracket_col)
        if is_array_rt(ort) and is_int_rt(irt):
            ert = ort - RT_ARRAY
            return ert, self.get_element(ert, oreg, ireg, irt)
        if ort == RT_STR and is_int_rt(irt):
            d = self.tmp(RT_STR)
            self.emit(B.STRIDX, [d, oreg, ireg, irt])
            return RT_STR, d
        d = self.tmp(RT_DYN)
        self.emit(B.GET_DYN, [d, self.box(ort, oreg), self.box(irt, ireg)])
        want = rt_of(e.ty)
        if is_scalar_rt(want):
            return want, self.coerce(RT_DYN, d, want)
        return RT_DYN, d

    def store_index(self, target, vrt, vreg):
        ort, oreg = self.compile_expr(target.obj)
        irt, ireg = self.compile_expr(target.index)
        self.at(target.bracket_line, target.bracket_col)
        if is_array_rt(ort) and is_int_rt(irt) and ort - RT_ARRAY != RT_DYN:
            ert = ort - RT_ARRAY
            v = self.coerce(vrt, vreg, ert)
            self.emit(_SET[kind_of(ert)], [oreg, ireg, v, irt, ert])
            return
        self.emit(B.SET_DYN, [self.box(ort, oreg), self.box(irt, ireg), self.box(vrt, vreg)])

    def compile_slice(self, e):
        ort, oreg = self.compile_expr(e.obj)
        has_s = 0
        has_e = 0
        srt = RT_I32
        sreg = -1
        ert_ = RT_I32
        ereg = -1
        if e.start is not None:
            srt, sreg = self.compile_expr(e.start)
            has_s = 1
        if e.end is not None:
            ert_, ereg = self.compile_expr(e.end)
            has_e = 1
        self.at(e.bracket_line, e.bracket_col)
        if is_array_rt(ort) and is_int_rt(srt) and is_int_rt(ert_):
            if sreg < 0:
                sreg = self.load_int(0, RT_I32)
            if ereg < 0:
                ereg = self.load_int(0, RT_I32)
            d = self.tmp(ort)
            self.emit(B.SLICE, [d, oreg, sreg, ereg, has_s, has_e])
            return ort, d
        bs = self.box(srt, sreg) if has_s else self.zero(RT_DYN)
        be = self.box(ert_, ereg) if has_e else self.zero(RT_DYN)
        d = self.tmp(RT_DYN)
        self.emit(B.SLICE_DYN, [d, self.box(ort, oreg), bs, be, has_s, has_e])
        return RT_DYN, d

    def array_rt(self, e):
        rt = rt_of(e.ty)
        if not is_array_rt(rt):
            rt = RT_ARRAY + RT_DYN
        return rt

    def compile_array_lit(self, e):
        rt = self.array_rt(e)
        ert = rt - RT_ARRAY
        regs = []
        for el in e.elements:
            art, areg = self.compile_expr(el)
            regs.append(self.coerce(art, areg, ert))
        self.at(e.line, e.col)
        d = self.tmp(rt)
        k = kind_of(ert)
        if k == KIND_INT:
            self.emit(B.NEWARR_I, [d, ert, len(regs)] + regs)
        elif k == KIND_FLOAT:
            self.emit(B.NEWARR_F, [d, len(regs)] + regs)
        else:
            self.emit(B.NEWARR_R, [d, ert, len(regs)] + regs)
        return rt, d

    def compile_array_fill(self, e):
        rt = self.array_rt(e)
        ert = rt - RT_ARRAY
        vrt, vreg = self.compile_expr(e.value)
        v = self.coerce(vrt, vreg, ert)
        crt, creg = self.compile_expr(e.count)
        if not is_int_rt(crt):
            creg = self.coerce(crt, creg, RT_I64)
            crt = RT_I64
        self.at(e.line, e.col)
        d = self.tmp(rt)
        k = kind_of(ert)
        if k == KIND_INT:
            self.emit(B.FILLARR_I, [d, ert, v, creg, crt])
        elif k == KIND_FLOAT:
            self.emit(B.FILLARR_F, [d, v, creg, crt])
        else:
            self.emit(B.FILLARR_R, [d, ert, v, creg, crt])
        return rt, d

    def compile_struct_lit(self, e):
        info = e.struct
        struct_layout(info)
        # the written fields in source order, then the defaults
        values = [-1] * len(info.fields)
        for fi in e.fields:
            f = info.find_field(fi.name)
            vrt, vreg = self.compile_expr(fi.value)
            values[f.index] = self.coerce(vrt, vreg, f.rt)
        for f in info.fields:
            if values[f.index] < 0:
                vrt, vreg = self.compile_expr(e.inits[f.index])
                values[f.index] = self.coerce(vrt, vreg, f.rt)
        self.at(e.line, e.col)
        d = self.tmp(RT_OBJ)
        lk = self.const_ref(layout_box_for_struct(info))
        self.emit(B.NEWSTRUCT, [d, lk])
        for f in info.fields:
            self.emit(_SETFLD[kind_of(f.rt)], [d, f.slot, values[f.index], lk])
        return RT_OBJ, d


def layout_box_for_struct(info):
    if info.layout_box is None:
        info.layout_box = W_LayoutBox(struct_layout(info), None)
    return info.layout_box


def layout_box_for_enum(enum):
    if enum.layout_box is None:
        enum.layout_box = W_LayoutBox(None, enum_layout(enum))
    return enum.layout_box


_MOV = [B.MOVI, B.MOVF, B.MOVR]
_CELLGET = [B.CELLGET_I, B.CELLGET_F, B.CELLGET_R]
_CELLSET = [B.CELLSET_I, B.CELLSET_F, B.CELLSET_R]
_NEWCELL = [B.NEWCELL_I, B.NEWCELL_F, B.NEWCELL_R]
_UPGET = [B.UPGET_I, B.UPGET_F, B.UPGET_R]
_UPSET = [B.UPSET_I, B.UPSET_F, B.UPSET_R]
_GGET = [B.GGET_I, B.GGET_F, B.GGET_R]
_GSET = [B.GSET_I, B.GSET_F, B.GSET_R]
_GET = [B.GETI, B.GETF, B.GETR]
_SET = [B.SETI, B.SETF, B.SETR]
_PUSH = [B.PUSH_I, B.PUSH_F, B.PUSH_R]
_POP = [B.POP_I, B.POP_F, B.POP_R]
_GETFLD = [B.GETFLD_I, B.GETFLD_F, B.GETFLD_R]
_SETFLD = [B.SETFLD_I, B.SETFLD_F, B.SETFLD_R]
