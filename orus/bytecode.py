"""Register bytecode: opcodes and Code objects.

A frame has three register files: `ints` (i32, i64, u32, u64 and bool, all
in a machine word), `floats` (f64) and `refs` (heap objects and boxes).
Instructions are a flat list of ints: the opcode, then its operands.  The
operand letters of each opcode (OPERANDS) say what each word is:

    i / f / r   a register in the int / float / ref file
    k           an immediate int
    K / R / N   an index into the code's float / ref / name constants
    C           an index into the code's nested codes
    j           a jump target (absolute pc)
    t           a run-time type code (objects.RT_*)
    o           an operator code (dynamic.OP_*)
    *           variable length: a count, then that many operand words
    +           variable length: a count, then pairs (type code, register)

Code objects are immutable once built, so with `code` and `pc` green the
JIT constant-folds every read of them.
"""

_OPS = [
    # name, operands
    ('LOADI', 'ik'), ('LOADF', 'fK'), ('LOADR', 'rR'), ('LOADNONE', 'r'),
    ('MOVI', 'ii'), ('MOVF', 'ff'), ('MOVR', 'rr'),

    ('ADD_I32', 'iii'), ('SUB_I32', 'iii'), ('MUL_I32', 'iii'),
    ('DIV_I32', 'iii'), ('MOD_I32', 'iii'), ('NEG_I32', 'ii'),
    ('ADD_I64', 'iii'), ('SUB_I64', 'iii'), ('MUL_I64', 'iii'),
    ('DIV_I64', 'iii'), ('MOD_I64', 'iii'), ('NEG_I64', 'ii'),
    ('ADD_U32', 'iii'), ('SUB_U32', 'iii'), ('MUL_U32', 'iii'),
    ('DIV_U32', 'iii'), ('MOD_U32', 'iii'), ('NEG_U32', 'ii'),
    ('ADD_U64', 'iii'), ('SUB_U64', 'iii'), ('MUL_U64', 'iii'),
    ('DIV_U64', 'iii'), ('MOD_U64', 'iii'), ('NEG_U64', 'ii'),
    ('ADD_F', 'fff'), ('SUB_F', 'fff'), ('MUL_F', 'fff'), ('DIV_F', 'fff'),
    ('MOD_F', 'fff'), ('NEG_F', 'ff'),

    # comparisons produce a bool (0/1) in an int register
    ('EQ_I', 'iii'), ('NE_I', 'iii'), ('LT_I', 'iii'), ('LE_I', 'iii'),
    ('GT_I', 'iii'), ('GE_I', 'iii'),
    ('LT_U64', 'iii'), ('LE_U64', 'iii'), ('GT_U64', 'iii'), ('GE_U64', 'iii'),
    ('EQ_F', 'iff'), ('NE_F', 'iff'), ('LT_F', 'iff'), ('LE_F', 'iff'),
    ('GT_F', 'iff'), ('GE_F', 'iff'),
    ('EQ_S', 'irr'), ('NE_S', 'irr'),
    ('EQ_R', 'irr'), ('NE_R', 'irr'),          # values_equal on objects
    ('DYN_CMP', 'oirr'),

    ('AND_I', 'iii'), ('OR_I', 'iii'),          # i32 and/or: bitwise
    ('NOT_I', 'ii'), ('NOT_F', 'if'), ('NOT_R', 'ir'),

    ('JUMP', 'j'), ('LOOP', 'j'), ('JUMP_IF_FALSE', 'ij'),
    ('JUMP_IF_TRUE', 'ij'), ('COND_DYN', 'ir'),

    # conversions
    ('CAST_II', 'iitt'), ('CAST_IF', 'fit'), ('CAST_FI', 'ift'),
    ('TOSTR_I', 'rit'), ('TOSTR_F', 'rf'), ('CAST_DYN', 'rrt'),
    ('BOX_I', 'rit'), ('BOX_F', 'rf'),
    ('UNBOX_I', 'irt'), ('UNBOX_F', 'fr'), ('UNBOX_S', 'rr'),
    ('UNBOX_BOOL', 'ir'),
    ('CONCAT', 'rrr'),
    ('DYN_ARITH', 'orrr'), ('DYN_NEG', 'rr'),

    # calls: function, destination register, 1 if a missing result must
    # raise, then the argument registers (kinds from the callee's parameters)
    ('CALL', 'Rrk*'), ('CALL_CLOSURE', 'rrk*'),
    # a call through a function value of unknown code: boxed arguments,
    # boxed result
    ('CALL_BOXED', 'rrk*'),
    ('RET_I', 'i'), ('RET_F', 'f'), ('RET_R', 'r'), ('RET_NONE', ''),

    ('PRINT', '+'),
    ('ECHO', 'tr'),           # REPL: show a value (type code, register)
    ('BUILTIN', 'kr*'),       # builtin id, result (boxed), boxed arguments
    ('TIMESTAMP', 'f'),
    ('RAISE', 'kN'),          # raise a run-time error: kind code, message

    # variables shared with closures, and globals
    ('NEWCELL_I', 'ri'), ('NEWCELL_F', 'rf'), ('NEWCELL_R', 'rr'),
    ('CELLGET_I', 'ir'), ('CELLGET_F', 'fr'), ('CELLGET_R', 'rr'),
    ('CELLSET_I', 'ri'), ('CELLSET_F', 'rf'), ('CELLSET_R', 'rr'),
    ('UPGET_I', 'ik'), ('UPGET_F', 'fk'), ('UPGET_R', 'rk'),
    ('UPSET_I', 'ki'), ('UPSET_F', 'kf'), ('UPSET_R', 'kr'),
    ('UPCELL', 'rk'),
    ('GGET_I', 'iR'), ('GGET_F', 'fR'), ('GGET_R', 'rR'),
    ('GSET_I', 'Ri'), ('GSET_F', 'Rf'), ('GSET_R', 'Rr'),
    ('GCHECK', 'RN'), ('GREADY', 'R'),
    ('CHECK_FLAG', 'iN'), ('CHECK_REF', 'rN'),
    ('CELLCHECK', 'rN'), ('CELLREADY', 'rk'),
    ('MAKE_FUNC', 'rC*'),     # cells: register >= 0, or -(upcell index + 1)

    # arrays
    ('NEWARR_I', 'rt*'), ('NEWARR_F', 'r*'), ('NEWARR_R', 'rt*'),
    ('FILLARR_I', 'rtiit'), ('FILLARR_F', 'rfit'), ('FILLARR_R', 'rtrit'),
    # element access: index register and its type, then the element rt the
    # compiler expects (a hint: other storage falls back to boxed access)
    ('GETI', 'iritt'), ('GETF', 'fritt'), ('GETR', 'rritt'), ('GET_DYN', 'rrr'),
    ('SETI', 'riitt'), ('SETF', 'riftt'), ('SETR', 'rirtt'), ('SET_DYN', 'rrr'),
    ('STRIDX', 'rrit'),
    ('LEN_A', 'ir'), ('LEN_S', 'ir'), ('LEN_DYN', 'ir'),
    ('PUSH_I', 'ri'), ('PUSH_F', 'rf'), ('PUSH_R', 'rr'), ('PUSH_DYN', 'rr'),
    ('POP_I', 'ir'), ('POP_F', 'fr'), ('POP_R', 'rr'), ('POP_DYN', 'rr'),
    ('SLICE', 'rriikk'),      # dst, array, start, end, has_start, has_end
    ('SLICE_DYN', 'rrrrkk'),
    ('REPEAT', 'rrit'), ('SORTED', 'rr'),
    ('RANGE_I32', 'ir'),      # a for-range bound of unknown type -> i32

    # structs and enums
    # field access: slot in the int/float/ref storage, then the layout the
    # compiler expects (checked: a value of another struct is an error)
    ('NEWSTRUCT', 'rR'),
    ('GETFLD_I', 'irkR'), ('GETFLD_F', 'frkR'), ('GETFLD_R', 'rrkR'),
    ('SETFLD_I', 'rkiR'), ('SETFLD_F', 'rkfR'), ('SETFLD_R', 'rkrR'),
    ('NEWENUM', 'rRk*'),      # layout, variant, boxed payload
    ('ENUM_TAG', 'ir'), ('ENUM_PAYLOAD', 'rrk'),

    # for-in over a value of unknown type (array or range iterator)
    ('ITER_PREP', 'rr'), ('ITER_NEXT', 'rrj'),
]

OPNAMES = [name for name, _ in _OPS]
OPERANDS = [operands for _, operands in _OPS]
for _i, (_name, _ops) in enumerate(_OPS):
    globals()[_name] = _i

# builtin ids (BUILTIN instruction)
BUILTIN_NAMES = ['len', 'push', 'pop', 'sorted', 'range', 'input', 'int',
                 'float', 'typeof', 'istype', 'assert_eq']
for _i, _name in enumerate(BUILTIN_NAMES):
    globals()['B_' + _name.upper()] = _i


def instr_length(bytecode, pc):
    """Number of words of the instruction at pc."""
    ops = OPERANDS[bytecode[pc]]
    n = 1
    for c in ops:
        if c == '*':
            n += 1 + bytecode[pc + n]
        elif c == '+':
            n += 1 + 2 * bytecode[pc + n]
        else:
            n += 1
    return n


class Handler(object):
    """A try/catch region: an error raised at a pc in [start, end) jumps to
    `target`, with the error value in ref register `reg` (or -1)."""
    _immutable_fields_ = ['start', 'end', 'target', 'reg']

    def __init__(self, start, end, target, reg):
        self.start = start
        self.end = end
        self.target = target
        self.reg = reg


class Code(object):
    _immutable_fields_ = [
        'name', 'display', 'path', 'bytecode[*]', 'lines[*]', 'cols[*]',
        'floats[*]', 'refs[*]', 'names[*]', 'codes[*]', 'handlers[*]',
        'n_ints', 'n_floats', 'n_refs', 'param_rts[*]', 'param_regs[*]',
        'ret_rt', 'may_miss_result', 'source']

    def __init__(self, name, display, path, source, bytecode, lines, cols,
                 floats, refs, names, codes, handlers, n_ints, n_floats,
                 n_refs, param_rts, param_regs, ret_rt, may_miss_result):
        self.name = name            # function name for messages ('<fn>' for lambdas)
        self.display = display      # how print shows the function value
        self.path = path
        self.source = source        # the file's text (for diagnostics)
        # copies: these lists are never resized afterwards (the JIT needs that)
        self.bytecode = bytecode[:]
        self.lines = lines[:]       # per pc: source line of the instruction
        self.cols = cols[:]
        self.floats = floats[:]
        self.refs = refs[:]
        self.names = names[:]
        self.codes = codes[:]
        self.handlers = handlers[:]
        self.n_ints = n_ints
        self.n_floats = n_floats
        self.n_refs = n_refs
        self.param_rts = param_rts[:]
        self.param_regs = param_regs[:]
        self.ret_rt = ret_rt
        self.may_miss_result = may_miss_result


def disassemble(code):
    """Readable listing (tests and debugging; not used by the binary)."""
    out = []
    pc = 0
    bc = code.bytecode
    while pc < len(bc):
        op = bc[pc]
        n = instr_length(bc, pc)
        words = [str(w) for w in bc[pc + 1:pc + n]]
        out.append('%4d %-14s %s' % (pc, OPNAMES[op], ' '.join(words)))
        pc += n
    return '\n'.join(out)
