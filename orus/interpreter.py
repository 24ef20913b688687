"""The dispatch loop.

`execute(frame)` is the JIT portal: it runs one Orus function (or a
module's top-level code) until it returns; Orus calls re-enter it with a new
frame, so recursive functions are traced from their start and compiled as
call_assembler.  Backward jumps (LOOP) are where hot loops enter the JIT.
"""

from rpython.rlib import jit, rstackovf
from rpython.rlib.rarithmetic import ovfcheck
from rpython.rlib.debug import make_sure_not_resized

from orus import bytecode as B
from orus import numeric as N
from orus import format as F
from orus import builtins
from orus.errors import (OrusError, KIND_RUNTIME, KIND_VALUE, KIND_INDEX,
                         KIND_TYPE, KIND_CONVERSION, KIND_ARGUMENT)
from orus.runtime import io
from orus.runtime import dynamic as D
from orus.runtime.show import format_print, show
from orus.runtime.objects import (
    W_Object, W_Int, W_I32, W_I64, W_U32, W_U64, W_Bool, W_F64, W_String,
    W_Array, W_IntArray, W_BoolArray, W_FloatArray, W_RefArray, W_Struct,
    StructLayout, make_int_array,
    W_Enum, EnumLayout, W_Function, Cell, IntCell, FloatCell, RefCell,
    W_Range, W_ErrorValue,
    RT_I32, RT_I64, RT_U32, RT_U64, RT_F64, RT_BOOL, RT_STR, RT_OBJ, RT_DYN,
    RT_VOID, KIND_INT, KIND_FLOAT, KIND_REF, rt_kind, box_int, wrap_bool,
    concat_strings)
from jit.driver import driver

# The deepest nesting of Orus calls (semantics.md 4.1: at least 10,000).
# Counted explicitly so that the binary and the untranslated interpreter
# stop at the same depth (the binary's C stack and shadow stack are sized
# for it, see runtime/stack.py).
MAX_DEPTH = 50000

KIND_NAMES = [KIND_RUNTIME, KIND_VALUE, KIND_INDEX, KIND_TYPE,
              KIND_CONVERSION, KIND_ARGUMENT]


class ExecState(object):
    def __init__(self):
        self.depth = 0


STATE = ExecState()


EMPTY_INTS = [0] * 0
EMPTY_FLOATS = [0.0] * 0
EMPTY_REFS = [None] * 0


class Frame(object):
    _virtualizable_ = ['ints[*]', 'floats[*]', 'refs[*]']
    _immutable_fields_ = ['code', 'closure']

    def __init__(self, code, closure):
        self = jit.hint(self, access_directly=True, fresh_virtualizable=True)
        self.code = code
        self.closure = closure
        # an empty register file is shared: allocating it for every call
        # would cost compiled calls (call_assembler frames) an allocation
        if code.n_ints == 0:
            self.ints = EMPTY_INTS
        else:
            self.ints = [0] * code.n_ints
        if code.n_floats == 0:
            self.floats = EMPTY_FLOATS
        else:
            self.floats = [0.0] * code.n_floats
        if code.n_refs == 0:
            self.refs = EMPTY_REFS
        else:
            self.refs = [None] * code.n_refs
        self.ret_i = 0
        self.ret_f = 0.0
        self.ret_r = None
        self.has_result = False


class Missing(Exception):
    pass


# Virtualizable frame arrays must be indexed with numbers the annotator
# knows are non-negative, and without a branch between reading the array
# and indexing it (an `assert r >= 0` would split the block once helpers are
# inlined).  Register numbers are small, so masking proves it for free.
REG_MASK = 0x3fffffff


def reg(bc, i):
    """A register operand."""
    return bc[i] & REG_MASK


def nonneg(r):
    return r & REG_MASK


def string_of(w):
    """A value the compiler knows is a string, as a W_String."""
    if isinstance(w, W_String):
        return w
    return D.convert_boxed_to_string(w)


def str_of(w):
    """The text of a value the compiler knows is a string."""
    if isinstance(w, W_String):
        return w.str_value()
    return D.convert_boxed_to_string(w).str_value()


def unassigned(name):
    return OrusError(KIND_RUNTIME, "Variable '%s' used before assignment" % name)


def execute(frame):
    """Run frame's code to its end (the JIT portal)."""
    code = frame.code
    pc = 0
    while True:
        driver.jit_merge_point(pc=pc, code=code, frame=frame)
        bc = code.bytecode
        op = bc[pc]
        if op == B.LOOP:
            pc = nonneg(bc[pc + 1])
            driver.can_enter_jit(pc=pc, code=code, frame=frame)
            continue
        if op == B.RET_I:
            frame.ret_i = frame.ints[reg(bc, pc + 1)]
            frame.has_result = True
            return
        if op == B.RET_F:
            frame.ret_f = frame.floats[reg(bc, pc + 1)]
            frame.has_result = True
            return
        if op == B.RET_R:
            frame.ret_r = frame.refs[reg(bc, pc + 1)]
            frame.has_result = True
            return
        if op == B.RET_NONE:
            return
        # pc is masked like register operands: bytecode reads at pc + k
        # then need no negative-index check (which would split blocks)
        try:
            pc = nonneg(dispatch(frame, code, pc, op))
        except OrusError as e:
            pc = nonneg(handle_error(frame, code, pc, e))
        except MemoryError:
            pc = nonneg(handle_error(frame, code, pc, out_of_memory()))


def out_of_memory():
    return OrusError(KIND_RUNTIME, 'Out of memory')


@jit.unroll_safe
def handle_error(frame, code, pc, e):
    """Locate the error at this instruction (if nothing nearer did) and jump
    to the innermost enclosing catch, or propagate it."""
    if not e.located:
        e.line = code.lines[pc]
        e.col = code.cols[pc]
        e.path = code.path
        e.source = code.source
        e.located = True
    for h in code.handlers:
        if h.start <= pc < h.end:
            r = h.reg
            if r >= 0:
                frame.refs[r] = W_ErrorValue(e.kind, e.message)
            return h.target
    raise e


def dispatch(frame, code, pc, op):
    """Execute the instruction at pc (all but LOOP and RET_*); return the
    next pc."""
    bc = code.bytecode
    # --- constants and moves ---
    if op == B.LOADI:
        frame.ints[reg(bc, pc + 1)] = bc[pc + 2]
        return pc + 3
    if op == B.LOADF:
        frame.floats[reg(bc, pc + 1)] = code.floats[bc[pc + 2]]
        return pc + 3
    if op == B.LOADR:
        frame.refs[reg(bc, pc + 1)] = code.refs[bc[pc + 2]]
        return pc + 3
    if op == B.LOADNONE:
        frame.refs[reg(bc, pc + 1)] = None
        return pc + 2
    if op == B.MOVI:
        frame.ints[reg(bc, pc + 1)] = frame.ints[reg(bc, pc + 2)]
        return pc + 3
    if op == B.MOVF:
        frame.floats[reg(bc, pc + 1)] = frame.floats[reg(bc, pc + 2)]
        return pc + 3
    if op == B.MOVR:
        frame.refs[reg(bc, pc + 1)] = frame.refs[reg(bc, pc + 2)]
        return pc + 3
    # --- integer arithmetic ---
    if B.ADD_I32 <= op <= B.NEG_U64:
        return int_arith(frame, bc, pc, op)
    # --- float arithmetic ---
    if op == B.ADD_F:
        frame.floats[reg(bc, pc + 1)] = frame.floats[reg(bc, pc + 2)] + frame.floats[reg(bc, pc + 3)]
        return pc + 4
    if op == B.SUB_F:
        frame.floats[reg(bc, pc + 1)] = frame.floats[reg(bc, pc + 2)] - frame.floats[reg(bc, pc + 3)]
        return pc + 4
    if op == B.MUL_F:
        frame.floats[reg(bc, pc + 1)] = frame.floats[reg(bc, pc + 2)] * frame.floats[reg(bc, pc + 3)]
        return pc + 4
    if op == B.DIV_F:
        frame.floats[reg(bc, pc + 1)] = N.div_f64(frame.floats[reg(bc, pc + 2)], frame.floats[reg(bc, pc + 3)])
        return pc + 4
    if op == B.MOD_F:
        frame.floats[reg(bc, pc + 1)] = N.mod_f64(frame.floats[reg(bc, pc + 2)], frame.floats[reg(bc, pc + 3)])
        return pc + 4
    if op == B.NEG_F:
        frame.floats[reg(bc, pc + 1)] = -frame.floats[reg(bc, pc + 2)]
        return pc + 3
    # --- comparisons ---
    if B.EQ_I <= op <= B.GE_U64:
        return int_compare(frame, bc, pc, op)
    if B.EQ_F <= op <= B.GE_F:
        return float_compare(frame, bc, pc, op)
    if op == B.EQ_S or op == B.NE_S:
        eq = str_of(frame.refs[reg(bc, pc + 2)]) == str_of(frame.refs[reg(bc, pc + 3)])
        if op == B.NE_S:
            eq = not eq
        frame.ints[reg(bc, pc + 1)] = int(eq)
        return pc + 4
    if op == B.EQ_R or op == B.NE_R:
        eq = D.values_equal(frame.refs[reg(bc, pc + 2)], frame.refs[reg(bc, pc + 3)])
        if op == B.NE_R:
            eq = not eq
        frame.ints[reg(bc, pc + 1)] = int(eq)
        return pc + 4
    if op == B.DYN_CMP:
        r = D.dyn_compare(bc[pc + 1], frame.refs[reg(bc, pc + 3)], frame.refs[reg(bc, pc + 4)])
        frame.ints[reg(bc, pc + 2)] = int(r)
        return pc + 5
    if op == B.AND_I:
        frame.ints[reg(bc, pc + 1)] = frame.ints[reg(bc, pc + 2)] & frame.ints[reg(bc, pc + 3)]
        return pc + 4
    if op == B.OR_I:
        frame.ints[reg(bc, pc + 1)] = frame.ints[reg(bc, pc + 2)] | frame.ints[reg(bc, pc + 3)]
        return pc + 4
    if op == B.NOT_I:
        frame.ints[reg(bc, pc + 1)] = int(frame.ints[reg(bc, pc + 2)] == 0)
        return pc + 3
    if op == B.NOT_F:
        frame.ints[reg(bc, pc + 1)] = int(frame.floats[reg(bc, pc + 2)] == 0.0)
        return pc + 3
    if op == B.NOT_R:
        frame.ints[reg(bc, pc + 1)] = int(D.is_falsy(frame.refs[reg(bc, pc + 2)]))
        return pc + 3
    # --- jumps ---
    if op == B.JUMP:
        return bc[pc + 1]
    # conditions test truthiness (int_is_true), which the JIT folds into the
    # comparison that produced the bool
    if op == B.JUMP_IF_FALSE:
        if frame.ints[reg(bc, pc + 1)]:
            return pc + 3
        return bc[pc + 2]
    if op == B.JUMP_IF_TRUE:
        if frame.ints[reg(bc, pc + 1)]:
            return bc[pc + 2]
        return pc + 3
    if op == B.COND_DYN:
        frame.ints[reg(bc, pc + 1)] = int(D.condition_value(frame.refs[reg(bc, pc + 2)]))
        return pc + 3
    # --- conversions ---
    if op == B.CAST_II:
        frame.ints[reg(bc, pc + 1)] = N.cast_int(frame.ints[reg(bc, pc + 2)], bc[pc + 3], bc[pc + 4])
        return pc + 5
    if op == B.CAST_IF:
        frame.floats[reg(bc, pc + 1)] = N.cast_int_to_f64(frame.ints[reg(bc, pc + 2)], bc[pc + 3])
        return pc + 4
    if op == B.CAST_FI:
        frame.ints[reg(bc, pc + 1)] = N.cast_f64_to_int(frame.floats[reg(bc, pc + 2)], bc[pc + 3])
        return pc + 4
    if op == B.TOSTR_I:
        t = bc[pc + 3]
        v = frame.ints[reg(bc, pc + 2)]
        if t == RT_BOOL:
            s = F.format_bool(v != 0)
        else:
            s = F.format_int(v, t)
        frame.refs[reg(bc, pc + 1)] = W_String(s)
        return pc + 4
    if op == B.TOSTR_F:
        frame.refs[reg(bc, pc + 1)] = W_String(F.format_g(frame.floats[reg(bc, pc + 2)]))
        return pc + 3
    if op == B.CAST_DYN:
        frame.refs[reg(bc, pc + 1)] = D.dyn_cast(frame.refs[reg(bc, pc + 2)], bc[pc + 3])
        return pc + 4
    if op == B.BOX_I:
        frame.refs[reg(bc, pc + 1)] = box_int(frame.ints[reg(bc, pc + 2)], bc[pc + 3])
        return pc + 4
    if op == B.BOX_F:
        frame.refs[reg(bc, pc + 1)] = W_F64(frame.floats[reg(bc, pc + 2)])
        return pc + 3
    if op == B.UNBOX_I:
        frame.ints[reg(bc, pc + 1)] = D.convert_boxed_to_int(frame.refs[reg(bc, pc + 2)], bc[pc + 3])
        return pc + 4
    if op == B.UNBOX_F:
        frame.floats[reg(bc, pc + 1)] = D.convert_boxed_to_float(frame.refs[reg(bc, pc + 2)])
        return pc + 3
    if op == B.UNBOX_S:
        frame.refs[reg(bc, pc + 1)] = D.convert_boxed_to_string(frame.refs[reg(bc, pc + 2)])
        return pc + 3
    if op == B.UNBOX_BOOL:
        frame.ints[reg(bc, pc + 1)] = int(D.condition_value(frame.refs[reg(bc, pc + 2)]))
        return pc + 3
    if op == B.CONCAT:
        frame.refs[reg(bc, pc + 1)] = concat_strings(string_of(frame.refs[reg(bc, pc + 2)]),
                                                     string_of(frame.refs[reg(bc, pc + 3)]))
        return pc + 4
    if op == B.DYN_ARITH:
        frame.refs[reg(bc, pc + 2)] = D.dyn_arith(bc[pc + 1], frame.refs[reg(bc, pc + 3)],
                                             frame.refs[reg(bc, pc + 4)])
        return pc + 5
    if op == B.DYN_NEG:
        frame.refs[reg(bc, pc + 1)] = D.dyn_neg(frame.refs[reg(bc, pc + 2)])
        return pc + 3
    # --- calls ---
    if op == B.CALL:
        w_func = code.refs[bc[pc + 1]]
        assert isinstance(w_func, W_Function)
        call_known(frame, bc, pc, w_func)
        return pc + 5 + bc[pc + 4]
    if op == B.CALL_CLOSURE:
        w_func = frame.refs[reg(bc, pc + 1)]
        assert isinstance(w_func, W_Function)
        call_known(frame, bc, pc, w_func)
        return pc + 5 + bc[pc + 4]
    if op == B.CALL_BOXED:
        call_boxed(frame, bc, pc)
        return pc + 5 + bc[pc + 4]
    if op == B.PRINT:
        do_print(frame, bc, pc)
        return pc + 2 + 2 * bc[pc + 1]
    if op == B.ECHO:
        w = boxed_operand(frame, bc[pc + 1], bc[pc + 2])
        io.write_stdout(show(w) + '\n')
        return pc + 3
    if op == B.BUILTIN:
        do_builtin(frame, bc, pc)
        return pc + 4 + bc[pc + 3]
    if op == B.TIMESTAMP:
        frame.floats[reg(bc, pc + 1)] = builtins.timestamp()
        return pc + 2
    if op == B.RAISE:
        raise OrusError(KIND_NAMES[bc[pc + 1]], code.names[bc[pc + 2]])
    # --- cells, closures, globals ---
    if B.NEWCELL_I <= op <= B.CELLREADY:
        return cell_op(frame, code, bc, pc, op)
    if op == B.MAKE_FUNC:
        make_func(frame, code, bc, pc)
        return pc + 4 + bc[pc + 3]
    # --- arrays, structs, enums, iteration ---
    if B.NEWARR_I <= op <= B.RANGE_I32:
        return array_op(frame, code, bc, pc, op)
    if B.NEWSTRUCT <= op <= B.ITER_NEXT:
        return object_op(frame, code, bc, pc, op)
    raise OrusError(KIND_RUNTIME, 'internal error: bad opcode %d' % op)


def int_arith(frame, bc, pc, op):
    # NEG_* have two operands, the rest three
    d = reg(bc, pc + 1)
    a = frame.ints[reg(bc, pc + 2)]
    if op == B.NEG_I32:
        frame.ints[d] = N.neg_i32(a)
        return pc + 3
    if op == B.NEG_I64:
        frame.ints[d] = N.neg_i64(a)
        return pc + 3
    if op == B.NEG_U32:
        frame.ints[d] = N.neg_u32(a)
        return pc + 3
    if op == B.NEG_U64:
        frame.ints[d] = N.neg_u64(a)
        return pc + 3
    b = frame.ints[reg(bc, pc + 3)]
    if op == B.ADD_I32:
        r = N.add_i32(a, b)
    elif op == B.SUB_I32:
        r = N.sub_i32(a, b)
    elif op == B.MUL_I32:
        r = N.mul_i32(a, b)
    elif op == B.DIV_I32:
        r = N.div_i32(a, b)
    elif op == B.MOD_I32:
        r = N.mod_i32(a, b)
    elif op == B.ADD_I64:
        r = N.add_i64(a, b)
    elif op == B.SUB_I64:
        r = N.sub_i64(a, b)
    elif op == B.MUL_I64:
        r = N.mul_i64(a, b)
    elif op == B.DIV_I64:
        r = N.div_i64(a, b)
    elif op == B.MOD_I64:
        r = N.mod_i64(a, b)
    elif op == B.ADD_U32:
        r = N.add_u32(a, b)
    elif op == B.SUB_U32:
        r = N.sub_u32(a, b)
    elif op == B.MUL_U32:
        r = N.mul_u32(a, b)
    elif op == B.DIV_U32:
        r = N.div_u32(a, b)
    elif op == B.MOD_U32:
        r = N.mod_u32(a, b)
    elif op == B.ADD_U64:
        r = N.add_u64(a, b)
    elif op == B.SUB_U64:
        r = N.sub_u64(a, b)
    elif op == B.MUL_U64:
        r = N.mul_u64(a, b)
    elif op == B.DIV_U64:
        r = N.div_u64(a, b)
    else:
        r = N.mod_u64(a, b)
    frame.ints[d] = r
    return pc + 4


def int_compare(frame, bc, pc, op):
    a = frame.ints[reg(bc, pc + 2)]
    b = frame.ints[reg(bc, pc + 3)]
    if op == B.EQ_I:
        r = a == b
    elif op == B.NE_I:
        r = a != b
    elif op == B.LT_I:
        r = a < b
    elif op == B.LE_I:
        r = a <= b
    elif op == B.GT_I:
        r = a > b
    elif op == B.GE_I:
        r = a >= b
    elif op == B.LT_U64:
        r = N.lt_u64(a, b)
    elif op == B.LE_U64:
        r = N.le_u64(a, b)
    elif op == B.GT_U64:
        r = N.gt_u64(a, b)
    else:
        r = N.ge_u64(a, b)
    frame.ints[reg(bc, pc + 1)] = int(r)
    return pc + 4


def float_compare(frame, bc, pc, op):
    a = frame.floats[reg(bc, pc + 2)]
    b = frame.floats[reg(bc, pc + 3)]
    if op == B.EQ_F:
        r = a == b
    elif op == B.NE_F:
        r = a != b
    elif op == B.LT_F:
        r = a < b
    elif op == B.LE_F:
        r = a <= b
    elif op == B.GT_F:
        r = a > b
    else:
        r = a >= b
    frame.ints[reg(bc, pc + 1)] = int(r)
    return pc + 4


# --- calls --------------------------------------------------------------------

def run_frame(new):
    """Run a callee frame with the call-depth limit."""
    if STATE.depth >= MAX_DEPTH:
        raise OrusError(KIND_RUNTIME, 'Stack overflow')
    STATE.depth += 1
    try:
        execute(new)
    except rstackovf.StackOverflow:
        rstackovf.check_stack_overflow()
        STATE.depth -= 1
        raise OrusError(KIND_RUNTIME, 'Stack overflow')
    except OrusError:
        STATE.depth -= 1
        raise
    STATE.depth -= 1


def missing_result(callee):
    return OrusError(KIND_RUNTIME, "Function '%s' ended without returning a value"
                     % callee.name)


@jit.unroll_safe
def call_known(frame, bc, pc, w_func):
    """CALL / CALL_CLOSURE: the caller's argument registers already have the
    callee's parameter representations."""
    callee = jit.promote(w_func.code)
    dst = bc[pc + 2]
    need = bc[pc + 3]
    nargs = bc[pc + 4]
    new = Frame(callee, w_func)
    for i in range(nargs):
        src = reg(bc, pc + 5 + i)
        rt = callee.param_rts[i]
        dst_reg = nonneg(callee.param_regs[i])
        if rt == RT_F64:
            new.floats[dst_reg] = frame.floats[src]
        elif rt <= RT_BOOL:
            new.ints[dst_reg] = frame.ints[src]
        else:
            new.refs[dst_reg] = frame.refs[src]
    run_frame(new)
    if need and not new.has_result:
        raise missing_result(callee)
    if dst >= 0:
        rt = callee.ret_rt
        if rt == RT_F64:
            frame.floats[dst] = new.ret_f
        elif rt <= RT_BOOL:
            frame.ints[dst] = new.ret_i
        else:
            frame.refs[dst] = new.ret_r


def arity_error(callee, got):
    n = len(callee.param_rts)
    return OrusError(KIND_RUNTIME, "Function '%s' expects %s but received %s"
                     % (callee.name, plural(n, 'argument'), plural(got, 'argument')))


def plural(n, word):
    if n == 1:
        return '1 ' + word
    return '%d %ss' % (n, word)


@jit.unroll_safe
def call_boxed(frame, bc, pc):
    """CALL_BOXED: a function value whose code is known only at run time;
    arguments and result are boxed."""
    w_func = frame.refs[reg(bc, pc + 1)]
    if not isinstance(w_func, W_Function):
        raise OrusError(KIND_TYPE, 'Value is not a function')
    callee = jit.promote(w_func.code)
    dst = bc[pc + 2]
    need = bc[pc + 3]
    nargs = bc[pc + 4]
    if nargs != len(callee.param_rts):
        raise arity_error(callee, nargs)
    new = Frame(callee, w_func)
    for i in range(nargs):
        w_arg = frame.refs[reg(bc, pc + 5 + i)]
        rt = callee.param_rts[i]
        dst_reg = nonneg(callee.param_regs[i])
        if rt == RT_F64:
            new.floats[dst_reg] = D.convert_boxed_to_float(w_arg)
        elif rt <= RT_BOOL:
            new.ints[dst_reg] = D.convert_boxed_to_int(w_arg, rt)
        elif rt == RT_STR:
            new.refs[dst_reg] = D.convert_boxed_to_string(w_arg)
        else:
            new.refs[dst_reg] = w_arg
    run_frame(new)
    if need and not new.has_result:
        raise missing_result(callee)
    if dst >= 0:
        rt = callee.ret_rt
        if not new.has_result:
            frame.refs[dst] = None
        elif rt == RT_F64:
            frame.refs[dst] = W_F64(new.ret_f)
        elif rt <= RT_BOOL:
            frame.refs[dst] = box_int(new.ret_i, rt)
        else:
            frame.refs[dst] = new.ret_r


# --- print and builtins ---------------------------------------------------------

@jit.unroll_safe
def boxed_operand(frame, rt, r):
    r = nonneg(r)
    if rt == RT_F64:
        return W_F64(frame.floats[r])
    if rt <= RT_BOOL:
        return box_int(frame.ints[r], rt)
    return frame.refs[r]


@jit.unroll_safe
def do_print(frame, bc, pc):
    n = bc[pc + 1]
    args_w = [None] * n
    for i in range(n):
        args_w[i] = boxed_operand(frame, bc[pc + 2 + 2 * i], bc[pc + 3 + 2 * i])
    io.write_stdout(format_print(args_w) + '\n')


@jit.unroll_safe
def do_builtin(frame, bc, pc):
    bid = bc[pc + 1]
    dst = bc[pc + 2]
    n = bc[pc + 3]
    args_w = [None] * n
    for i in range(n):
        args_w[i] = frame.refs[reg(bc, pc + 4 + i)]
    w_res = builtins.call_builtin(bid, args_w)
    if dst >= 0:
        frame.refs[dst] = w_res


# --- cells and closures -----------------------------------------------------------

def cell_op(frame, code, bc, pc, op):
    if op == B.NEWCELL_I:
        frame.refs[reg(bc, pc + 1)] = IntCell(frame.ints[reg(bc, pc + 2)])
        return pc + 3
    if op == B.NEWCELL_F:
        frame.refs[reg(bc, pc + 1)] = FloatCell(frame.floats[reg(bc, pc + 2)])
        return pc + 3
    if op == B.NEWCELL_R:
        frame.refs[reg(bc, pc + 1)] = RefCell(frame.refs[reg(bc, pc + 2)])
        return pc + 3
    if op == B.CELLGET_I:
        c = frame.refs[reg(bc, pc + 2)]
        assert isinstance(c, IntCell)
        frame.ints[reg(bc, pc + 1)] = c.value
        return pc + 3
    if op == B.CELLGET_F:
        c = frame.refs[reg(bc, pc + 2)]
        assert isinstance(c, FloatCell)
        frame.floats[reg(bc, pc + 1)] = c.value
        return pc + 3
    if op == B.CELLGET_R:
        c = frame.refs[reg(bc, pc + 2)]
        assert isinstance(c, RefCell)
        frame.refs[reg(bc, pc + 1)] = c.value
        return pc + 3
    if op == B.CELLSET_I:
        c = frame.refs[reg(bc, pc + 1)]
        assert isinstance(c, IntCell)
        c.value = frame.ints[reg(bc, pc + 2)]
        return pc + 3
    if op == B.CELLSET_F:
        c = frame.refs[reg(bc, pc + 1)]
        assert isinstance(c, FloatCell)
        c.value = frame.floats[reg(bc, pc + 2)]
        return pc + 3
    if op == B.CELLSET_R:
        c = frame.refs[reg(bc, pc + 1)]
        assert isinstance(c, RefCell)
        c.value = frame.refs[reg(bc, pc + 2)]
        return pc + 3
    if op == B.UPGET_I:
        c = frame.closure.cells[bc[pc + 2]]
        assert isinstance(c, IntCell)
        frame.ints[reg(bc, pc + 1)] = c.value
        return pc + 3
    if op == B.UPGET_F:
        c = frame.closure.cells[bc[pc + 2]]
        assert isinstance(c, FloatCell)
        frame.floats[reg(bc, pc + 1)] = c.value
        return pc + 3
    if op == B.UPGET_R:
        c = frame.closure.cells[bc[pc + 2]]
        assert isinstance(c, RefCell)
        frame.refs[reg(bc, pc + 1)] = c.value
        return pc + 3
    if op == B.UPSET_I:
        c = frame.closure.cells[bc[pc + 1]]
        assert isinstance(c, IntCell)
        c.value = frame.ints[reg(bc, pc + 2)]
        return pc + 3
    if op == B.UPSET_F:
        c = frame.closure.cells[bc[pc + 1]]
        assert isinstance(c, FloatCell)
        c.value = frame.floats[reg(bc, pc + 2)]
        return pc + 3
    if op == B.UPSET_R:
        c = frame.closure.cells[bc[pc + 1]]
        assert isinstance(c, RefCell)
        c.value = frame.refs[reg(bc, pc + 2)]
        return pc + 3
    if op == B.UPCELL:
        frame.refs[reg(bc, pc + 1)] = frame.closure.cells[bc[pc + 2]]
        return pc + 3
    if op == B.GGET_I:
        c = code.refs[bc[pc + 2]]
        assert isinstance(c, IntCell)
        frame.ints[reg(bc, pc + 1)] = c.value
        return pc + 3
    if op == B.GGET_F:
        c = code.refs[bc[pc + 2]]
        assert isinstance(c, FloatCell)
        frame.floats[reg(bc, pc + 1)] = c.value
        return pc + 3
    if op == B.GGET_R:
        c = code.refs[bc[pc + 2]]
        assert isinstance(c, RefCell)
        frame.refs[reg(bc, pc + 1)] = c.value
        return pc + 3
    if op == B.GSET_I:
        c = code.refs[bc[pc + 1]]
        assert isinstance(c, IntCell)
        c.value = frame.ints[reg(bc, pc + 2)]
        return pc + 3
    if op == B.GSET_F:
        c = code.refs[bc[pc + 1]]
        assert isinstance(c, FloatCell)
        c.value = frame.floats[reg(bc, pc + 2)]
        return pc + 3
    if op == B.GSET_R:
        c = code.refs[bc[pc + 1]]
        assert isinstance(c, RefCell)
        c.value = frame.refs[reg(bc, pc + 2)]
        return pc + 3
    if op == B.GCHECK:
        c = code.refs[bc[pc + 1]]
        assert isinstance(c, Cell)
        if not c.ready:
            raise unassigned(code.names[bc[pc + 2]])
        return pc + 3
    if op == B.GREADY:
        c = code.refs[bc[pc + 1]]
        assert isinstance(c, Cell)
        if not c.ready:
            c.ready = True
        return pc + 2
    if op == B.CHECK_FLAG:
        if frame.ints[reg(bc, pc + 1)] == 0:
            raise unassigned(code.names[bc[pc + 2]])
        return pc + 3
    if op == B.CHECK_REF:
        if frame.refs[reg(bc, pc + 1)] is None:
            raise unassigned(code.names[bc[pc + 2]])
        return pc + 3
    if op == B.CELLCHECK:
        c = frame.refs[reg(bc, pc + 1)]
        assert isinstance(c, Cell)
        if not c.ready:
            raise unassigned(code.names[bc[pc + 2]])
        return pc + 3
    # CELLREADY
    c = frame.refs[reg(bc, pc + 1)]
    assert isinstance(c, Cell)
    ready = bc[pc + 2] != 0
    if c.ready != ready:
        c.ready = ready
    return pc + 3


@jit.unroll_safe
def make_func(frame, code, bc, pc):
    sub = code.codes[bc[pc + 2]]
    n = bc[pc + 3]
    cells = [None] * n
    for i in range(n):
        src = bc[pc + 4 + i]
        if src >= 0:
            cells[i] = frame.refs[src]
        else:
            cells[i] = frame.closure.cells[nonneg(-src - 1)]
    frame.refs[reg(bc, pc + 1)] = W_Function(sub, cells)


# --- arrays -------------------------------------------------------------------------

def index_error():
    return OrusError(KIND_INDEX, 'Array index out of bounds')


def negative_index():
    return OrusError(KIND_TYPE, 'Array index must be a non-negative integer')


def check_index(i, rt, length):
    """Validate an index value i (of integer type rt) against length."""
    if rt == RT_U64:
        if i < 0 or i >= length:       # huge u64: out of bounds
            raise index_error()
        return i
    if i < 0:
        raise negative_index()
    if i >= length:
        raise index_error()
    return i


def array_op(frame, code, bc, pc, op):
    if op == B.NEWARR_I:
        new_int_array(frame, bc, pc)
        return pc + 4 + bc[pc + 3]
    if op == B.NEWARR_F:
        new_float_array(frame, bc, pc)
        return pc + 3 + bc[pc + 2]
    if op == B.NEWARR_R:
        new_ref_array(frame, bc, pc)
        return pc + 4 + bc[pc + 3]
    if op == B.FILLARR_I:
        count = fill_count(frame.ints[reg(bc, pc + 4)], bc[pc + 5])
        rt = bc[pc + 2]
        v = frame.ints[reg(bc, pc + 3)]
        if rt == RT_BOOL:
            frame.refs[reg(bc, pc + 1)] = W_BoolArray([v != 0] * count)
        else:
            frame.refs[reg(bc, pc + 1)] = W_IntArray([v] * count, rt)
        return pc + 6
    if op == B.FILLARR_F:
        count = fill_count(frame.ints[reg(bc, pc + 3)], bc[pc + 4])
        frame.refs[reg(bc, pc + 1)] = W_FloatArray([frame.floats[reg(bc, pc + 2)]] * count)
        return pc + 5
    if op == B.FILLARR_R:
        count = fill_count(frame.ints[reg(bc, pc + 4)], bc[pc + 5])
        frame.refs[reg(bc, pc + 1)] = W_RefArray([frame.refs[reg(bc, pc + 3)]] * count, bc[pc + 2])
        return pc + 6
    if op == B.GETI:
        w = array_of(frame.refs[reg(bc, pc + 2)])
        i = check_index(frame.ints[reg(bc, pc + 3)], bc[pc + 4], w.length())
        if isinstance(w, W_IntArray):
            frame.ints[reg(bc, pc + 1)] = w.items[i]
        elif isinstance(w, W_BoolArray):
            frame.ints[reg(bc, pc + 1)] = int(w.items[i])
        else:
            frame.ints[reg(bc, pc + 1)] = D.convert_boxed_to_int(w.getitem_boxed(i), bc[pc + 5])
        return pc + 6
    if op == B.GETF:
        w = array_of(frame.refs[reg(bc, pc + 2)])
        i = check_index(frame.ints[reg(bc, pc + 3)], bc[pc + 4], w.length())
        if isinstance(w, W_FloatArray):
            frame.floats[reg(bc, pc + 1)] = w.items[i]
        else:
            frame.floats[reg(bc, pc + 1)] = D.convert_boxed_to_float(w.getitem_boxed(i))
        return pc + 6
    if op == B.GETR:
        w = array_of(frame.refs[reg(bc, pc + 2)])
        i = check_index(frame.ints[reg(bc, pc + 3)], bc[pc + 4], w.length())
        if isinstance(w, W_RefArray):
            w_item = w.items[i]
        else:
            w_item = w.getitem_boxed(i)
        if bc[pc + 5] == RT_STR and not isinstance(w_item, W_String):
            w_item = D.convert_boxed_to_string(w_item)
        frame.refs[reg(bc, pc + 1)] = w_item
        return pc + 6
    if op == B.GET_DYN:
        frame.refs[reg(bc, pc + 1)] = get_dyn(frame.refs[reg(bc, pc + 2)], frame.refs[reg(bc, pc + 3)])
        return pc + 4
    if op == B.SETI:
        w = array_of(frame.refs[reg(bc, pc + 1)])
        i = check_index(frame.ints[reg(bc, pc + 2)], bc[pc + 4], w.length())
        v = frame.ints[reg(bc, pc + 3)]
        if isinstance(w, W_IntArray):
            w.items[i] = v
        elif isinstance(w, W_BoolArray):
            w.items[i] = v != 0
        else:
            w.setitem_boxed(i, box_int(v, bc[pc + 5]))
        return pc + 6
    if op == B.SETF:
        w = array_of(frame.refs[reg(bc, pc + 1)])
        i = check_index(frame.ints[reg(bc, pc + 2)], bc[pc + 4], w.length())
        x = frame.floats[reg(bc, pc + 3)]
        if isinstance(w, W_FloatArray):
            w.items[i] = x
        else:
            w.setitem_boxed(i, W_F64(x))
        return pc + 6
    if op == B.SETR:
        w = array_of(frame.refs[reg(bc, pc + 1)])
        i = check_index(frame.ints[reg(bc, pc + 2)], bc[pc + 4], w.length())
        w.setitem_boxed(i, frame.refs[reg(bc, pc + 3)])
        return pc + 6
    if op == B.SET_DYN:
        set_dyn(frame.refs[reg(bc, pc + 1)], frame.refs[reg(bc, pc + 2)], frame.refs[reg(bc, pc + 3)])
        return pc + 4
    if op == B.STRIDX:
        s = str_of(frame.refs[reg(bc, pc + 2)])
        frame.refs[reg(bc, pc + 1)] = string_index(s, frame.ints[reg(bc, pc + 3)], bc[pc + 4])
        return pc + 5
    if op == B.LEN_A:
        frame.ints[reg(bc, pc + 1)] = array_of(frame.refs[reg(bc, pc + 2)]).length()
        return pc + 3
    if op == B.LEN_S:
        frame.ints[reg(bc, pc + 1)] = len(str_of(frame.refs[reg(bc, pc + 2)]))
        return pc + 3
    if op == B.LEN_DYN:
        frame.ints[reg(bc, pc + 1)] = builtins.builtin_len(frame.refs[reg(bc, pc + 2)])
        return pc + 3
    if op == B.PUSH_I:
        w = array_of(frame.refs[reg(bc, pc + 1)])
        if isinstance(w, W_IntArray):
            w.items.append(frame.ints[reg(bc, pc + 2)])
        elif isinstance(w, W_BoolArray):
            w.items.append(frame.ints[reg(bc, pc + 2)] != 0)
        else:
            w.append_boxed(box_int(frame.ints[reg(bc, pc + 2)], w.elem_rt()))
        return pc + 3
    if op == B.PUSH_F:
        w = array_of(frame.refs[reg(bc, pc + 1)])
        if isinstance(w, W_FloatArray):
            w.items.append(frame.floats[reg(bc, pc + 2)])
        else:
            w.append_boxed(W_F64(frame.floats[reg(bc, pc + 2)]))
        return pc + 3
    if op == B.PUSH_R:
        array_of(frame.refs[reg(bc, pc + 1)]).append_boxed(frame.refs[reg(bc, pc + 2)])
        return pc + 3
    if op == B.PUSH_DYN:
        builtins.builtin_push(frame.refs[reg(bc, pc + 1)], frame.refs[reg(bc, pc + 2)])
        return pc + 3
    if op == B.POP_I:
        w = array_of(frame.refs[reg(bc, pc + 2)])
        if w.length() == 0:
            raise builtins.empty_pop()
        if isinstance(w, W_IntArray):
            frame.ints[reg(bc, pc + 1)] = w.items.pop()
        elif isinstance(w, W_BoolArray):
            frame.ints[reg(bc, pc + 1)] = int(w.items.pop())
        else:
            frame.ints[reg(bc, pc + 1)] = D.convert_boxed_to_int(w.pop_boxed(), w.elem_rt())
        return pc + 3
    if op == B.POP_F:
        w = array_of(frame.refs[reg(bc, pc + 2)])
        if w.length() == 0:
            raise builtins.empty_pop()
        if isinstance(w, W_FloatArray):
            frame.floats[reg(bc, pc + 1)] = w.items.pop()
        else:
            frame.floats[reg(bc, pc + 1)] = D.convert_boxed_to_float(w.pop_boxed())
        return pc + 3
    if op == B.POP_R:
        w = array_of(frame.refs[reg(bc, pc + 2)])
        if w.length() == 0:
            raise builtins.empty_pop()
        frame.refs[reg(bc, pc + 1)] = w.pop_boxed()
        return pc + 3
    if op == B.POP_DYN:
        frame.refs[reg(bc, pc + 1)] = builtins.builtin_pop(frame.refs[reg(bc, pc + 2)])
        return pc + 3
    if op == B.SLICE:
        w = array_of(frame.refs[reg(bc, pc + 2)])
        start = 0
        if bc[pc + 5]:
            start = frame.ints[reg(bc, pc + 3)]
        end = w.length()
        if bc[pc + 6]:
            end = frame.ints[reg(bc, pc + 4)]
        frame.refs[reg(bc, pc + 1)] = slice_array(w, start, end)
        return pc + 7
    if op == B.SLICE_DYN:
        frame.refs[reg(bc, pc + 1)] = slice_dyn(frame.refs[reg(bc, pc + 2)], frame.refs[reg(bc, pc + 3)],
                                           frame.refs[reg(bc, pc + 4)], bc[pc + 5], bc[pc + 6])
        return pc + 7
    if op == B.REPEAT:
        w = array_of(frame.refs[reg(bc, pc + 2)])
        frame.refs[reg(bc, pc + 1)] = D.repeat_array(w, frame.ints[reg(bc, pc + 3)], bc[pc + 4])
        return pc + 5
    if op == B.SORTED:
        frame.refs[reg(bc, pc + 1)] = builtins.builtin_sorted(frame.refs[reg(bc, pc + 2)])
        return pc + 3
    # RANGE_I32
    frame.ints[reg(bc, pc + 1)] = range_bound_i32(frame.refs[reg(bc, pc + 2)])
    return pc + 3


def range_bound_i32(w):
    t = w.scalar_type()
    if t == RT_I32:
        assert isinstance(w, W_Int)
        return w.value
    if t == RT_F64:
        raise OrusError(KIND_TYPE, 'Source register must contain i32 value')
    raise OrusError(KIND_TYPE, 'Operands must be i32')


def array_of(w):
    """A value the compiler knows is an array (checked: never trust it
    blindly, a wrong guess must be an error, not a crash)."""
    if isinstance(w, W_Array):
        return w
    raise builtins.not_an_array()


@jit.unroll_safe
def new_int_array(frame, bc, pc):
    n = bc[pc + 3]
    items = [0] * n
    for i in range(n):
        items[i] = frame.ints[reg(bc, pc + 4 + i)]
    frame.refs[reg(bc, pc + 1)] = make_int_array(items, bc[pc + 2])


@jit.unroll_safe
def new_float_array(frame, bc, pc):
    n = bc[pc + 2]
    items = [0.0] * n
    for i in range(n):
        items[i] = frame.floats[reg(bc, pc + 3 + i)]
    frame.refs[reg(bc, pc + 1)] = W_FloatArray(items)


@jit.unroll_safe
def new_ref_array(frame, bc, pc):
    n = bc[pc + 3]
    items = [None] * n
    for i in range(n):
        items[i] = frame.refs[reg(bc, pc + 4 + i)]
    frame.refs[reg(bc, pc + 1)] = W_RefArray(items, bc[pc + 2])


def fill_count(n, rt):
    if n < 0 or n > 100000000:
        raise D.repetition_error()
    return n


def string_index(s, i, rt):
    if i < 0 and rt != RT_U64:
        raise OrusError(KIND_TYPE, 'String index must be a non-negative integer')
    if i < 0 or i >= len(s):
        raise OrusError(KIND_INDEX, 'String index out of bounds')
    return W_String(s[i])


def boxed_index(w_idx):
    t = w_idx.scalar_type()
    if t <= RT_U64:
        assert isinstance(w_idx, W_Int)
        return w_idx.value, t
    raise negative_index()


def get_dyn(w, w_idx):
    i, rt = boxed_index(w_idx)
    if isinstance(w, W_Array):
        i = check_index(i, rt, w.length())
        return w.getitem_boxed(i)
    if isinstance(w, W_String):
        return string_index(w.str_value(), i, rt)
    raise builtins.not_an_array()


def set_dyn(w, w_idx, w_value):
    i, rt = boxed_index(w_idx)
    if isinstance(w, W_Array):
        i = check_index(i, rt, w.length())
        w.setitem_boxed(i, w_value)
        return
    raise builtins.not_an_array()


def slice_array(w, s, e):
    """Inclusive-end slicing (types.md 8)."""
    n = w.length()
    if s < 0 or s > n:
        raise OrusError(KIND_INDEX, 'Array slice start out of bounds')
    if e > n:
        raise OrusError(KIND_INDEX, 'Array slice end out of bounds')
    if s == n:
        if e == n:
            return w.slice(n, n)
        raise OrusError(KIND_INDEX, 'Array slice end before start')
    last = e
    if e == n:
        last = n - 1
    if last < s:
        raise OrusError(KIND_INDEX, 'Array slice end before start')
    return w.slice(s, last + 1)


def slice_dyn(w, w_start, w_end, has_start, has_end):
    if not isinstance(w, W_Array):
        raise builtins.not_an_array()
    s = 0
    if has_start:
        s, _ = boxed_index(w_start)
    e = w.length()
    if has_end:
        e, _ = boxed_index(w_end)
    return slice_array(w, s, e)


# --- structs, enums, iteration -------------------------------------------------------

class W_ArrayIter(W_Object):
    _attrs_ = ['w_arr', 'index']

    def __init__(self, w_arr):
        self.w_arr = w_arr
        self.index = 0

    def type_name(self):
        return 'iterator'


def struct_of(code, w, layout_index):
    """A value the compiler knows is a struct of the given layout."""
    box = code.refs[layout_index]
    assert isinstance(box, W_LayoutBox)
    if isinstance(w, W_Struct) and w.layout is box.layout:
        return w
    raise OrusError(KIND_TYPE, 'Value is not a ' + box.layout.name)


def object_op(frame, code, bc, pc, op):
    if op == B.NEWSTRUCT:
        box = code.refs[bc[pc + 2]]
        assert isinstance(box, W_LayoutBox)
        frame.refs[reg(bc, pc + 1)] = W_Struct(box.layout)
        return pc + 3
    if op == B.GETFLD_I:
        w = struct_of(code, frame.refs[reg(bc, pc + 2)], bc[pc + 4])
        frame.ints[reg(bc, pc + 1)] = w.ints[bc[pc + 3]]
        return pc + 5
    if op == B.GETFLD_F:
        w = struct_of(code, frame.refs[reg(bc, pc + 2)], bc[pc + 4])
        frame.floats[reg(bc, pc + 1)] = w.floats[bc[pc + 3]]
        return pc + 5
    if op == B.GETFLD_R:
        w = struct_of(code, frame.refs[reg(bc, pc + 2)], bc[pc + 4])
        frame.refs[reg(bc, pc + 1)] = w.refs[bc[pc + 3]]
        return pc + 5
    if op == B.SETFLD_I:
        w = struct_of(code, frame.refs[reg(bc, pc + 1)], bc[pc + 4])
        w.ints[bc[pc + 2]] = frame.ints[reg(bc, pc + 3)]
        return pc + 5
    if op == B.SETFLD_F:
        w = struct_of(code, frame.refs[reg(bc, pc + 1)], bc[pc + 4])
        w.floats[bc[pc + 2]] = frame.floats[reg(bc, pc + 3)]
        return pc + 5
    if op == B.SETFLD_R:
        w = struct_of(code, frame.refs[reg(bc, pc + 1)], bc[pc + 4])
        w.refs[bc[pc + 2]] = frame.refs[reg(bc, pc + 3)]
        return pc + 5
    if op == B.NEWENUM:
        new_enum(frame, code, bc, pc)
        return pc + 5 + bc[pc + 4]
    if op == B.ENUM_TAG:
        w = frame.refs[reg(bc, pc + 2)]
        if isinstance(w, W_Enum):
            frame.ints[reg(bc, pc + 1)] = w.variant
        else:
            frame.ints[reg(bc, pc + 1)] = -1
        return pc + 3
    if op == B.ENUM_PAYLOAD:
        w = frame.refs[reg(bc, pc + 2)]
        i = bc[pc + 3]
        if not isinstance(w, W_Enum) or i >= len(w.payload):
            raise OrusError(KIND_TYPE, 'Value is not an enum')
        frame.refs[reg(bc, pc + 1)] = w.payload[i]
        return pc + 4
    if op == B.ITER_PREP:
        w = frame.refs[reg(bc, pc + 2)]
        if isinstance(w, W_Range):
            frame.refs[reg(bc, pc + 1)] = w
        elif isinstance(w, W_Array):
            frame.refs[reg(bc, pc + 1)] = W_ArrayIter(w)
        else:
            raise OrusError(KIND_TYPE, 'Value not iterable')
        return pc + 3
    # ITER_NEXT
    it = frame.refs[reg(bc, pc + 1)]
    if isinstance(it, W_Range):
        v = it.next
        if (it.step > 0 and v < it.stop) or (it.step < 0 and v > it.stop):
            try:
                it.next = ovfcheck(v + it.step)
            except OverflowError:
                it.next = it.stop      # the next value would leave i64: done
            frame.refs[reg(bc, pc + 2)] = W_I64(v)
            return pc + 4
        return bc[pc + 3]
    assert isinstance(it, W_ArrayIter)
    if it.index < it.w_arr.length():
        frame.refs[reg(bc, pc + 2)] = it.w_arr.getitem_boxed(it.index)
        it.index += 1
        return pc + 4
    return bc[pc + 3]


@jit.unroll_safe
def new_enum(frame, code, bc, pc):
    box = code.refs[bc[pc + 2]]
    assert isinstance(box, W_LayoutBox)
    n = bc[pc + 4]
    payload = [None] * n
    for i in range(n):
        payload[i] = frame.refs[reg(bc, pc + 5 + i)]
    frame.refs[reg(bc, pc + 1)] = W_Enum(box.enum_layout, bc[pc + 3], payload)


class W_LayoutBox(W_Object):
    """A struct or enum layout stored among a code's ref constants."""
    _attrs_ = _immutable_fields_ = ['layout', 'enum_layout']

    def __init__(self, layout, enum_layout):
        self.layout = layout
        self.enum_layout = enum_layout

    def type_name(self):
        return 'layout'
