"""Random well-typed Orus programs for differential testing (untranslated
interpreter vs. the translated binary with the JIT forced on early).

The generator is type directed: it keeps an environment of variables (type,
mutability, scope) and builds expressions of a requested type, following the
typing rules of types.md 3-4 and the scoping rules of semantics.md 1-2:

* literals are only left unsuffixed (relying on literal adaptation) where the
  spec says they adapt: annotated bindings, assignments, annotated arguments,
  returns, struct fields, and an operand whose other operand is not a literal;
  elsewhere they carry a suffix (`5i64`, `7u32`) or are float literals;
* every reassigned variable is declared `mut` (or by a plain binding inside a
  loop/function, which is mutable);
* every declaration gets a fresh name, so nothing is shadowed or redefined;
* names declared in `if` branches or `try` bodies are not used after them;
* loops are bounded: `while` loops have a counter that is incremented first,
  `for` loops have literal or frozen bounds, arrays iterated by `for x in a`
  are never pushed to, recursion carries an explicit decreasing depth;
* statements that can fail at run time (overflow, division by zero, casts,
  indexing, pop) are usually wrapped in `try`/`catch NAME` that prints the
  error, so the program keeps going; a few are left bare so that uncaught
  run-time errors (exit 70 and the diagnostic) are compared too.

Programs print many intermediate values: every print is an observation point.

Two drivers: `HypothesisSource` (shrinkable, used by the tests) and
`RandomSource` (a seeded random.Random, for `python -m tests.orusgen SEED`).

Known interpreter bugs can be kept out of the programs temporarily with
`AVOID` (a set of feature names, see `Gen.avoid`), so a fuzzing run does not
keep re-finding the same discrepancy.
"""

import random

INT_TYPES = ['i32', 'i64', 'u32', 'u64']
NUM_TYPES = INT_TYPES + ['f64']
SCALAR_TYPES = NUM_TYPES + ['bool', 'string']
ARRAY_TYPES = ['[i32]', '[i64]', '[f64]', '[string]']

I32_MIN, I32_MAX = -2 ** 31, 2 ** 31 - 1
I64_MIN, I64_MAX = -2 ** 63, 2 ** 63 - 1
U32_MAX = 2 ** 32 - 1
U64_MAX = 2 ** 64 - 1

RANGES = {
    'i32': (I32_MIN, I32_MAX),
    'i64': (I64_MIN, I64_MAX),
    'u32': (0, U32_MAX),
    'u64': (0, U64_MAX),
}

# each type's boundary values (types.md 6-7): min, max, 0, -1 (when it has one)
BOUNDARY = {
    'i32': [I32_MIN, I32_MAX, 0, -1, 1, I32_MIN + 1, I32_MAX - 1],
    'i64': [I64_MIN, I64_MAX, 0, -1, 1, I32_MAX + 1, I32_MIN - 1, U32_MAX,
            U32_MAX + 1],
    'u32': [0, U32_MAX, 1, I32_MAX, I32_MAX + 1, U32_MAX - 1],
    'u64': [0, U64_MAX, 1, I64_MAX, I64_MAX + 1, U32_MAX, U32_MAX + 1],
}
F64_BOUNDARY = ['1.7976931348623157e308', '-1.7976931348623157e308', '0.0',
                '-1.0', '5e-324', '-0.0', '2147483647.0', '2147483648.0',
                '-2147483648.5', '4294967295.0', '4294967296.0',
                '9223372036854775807.0', '9.3e18', '1.8446744073709552e19',
                '-0.5', '0.5', '1e-5', '123456.789', '1e21', '2.5e-3']

# features that can be switched off while a known bug is being fixed, so a
# fuzzing run does not keep finding it: ORUS_FUZZ_AVOID=nan,sloppy
#   nan     NaN and infinities (computed: `inf - inf`)
#   sloppy  arithmetic with a literal of another type (run-time promotion)
import os as _os
AVOID = set(x for x in _os.environ.get('ORUS_FUZZ_AVOID', '').split(',') if x)

# f64 values that are not literals: infinities and NaN
F64_SPECIAL = ['(1e308 * 10.0)', '(-1e308 * 10.0)',
               '((1e308 * 10.0) - (1e308 * 10.0))', '(0.0 * -1.0)']

STRING_WORDS = ['a', 'b', 'xy', 'orus', 'jit', 'loop', 'Z', '0', ' ', '-',
                'caf\xc3\xa9', 'tab\\t', 'nl\\n', 'q\\"', 'long string value',
                '', 'k=', 'back\\\\slash', 'at@']


class RandomSource(object):
    def __init__(self, seed):
        self.rnd = random.Random(seed)

    def integer(self, lo, hi):
        return self.rnd.randint(lo, hi)


class HypothesisSource(object):
    def __init__(self, draw):
        from hypothesis import strategies as st
        self.draw = draw
        self.st = st
        self.cache = {}

    def integer(self, lo, hi):
        key = (lo, hi)
        s = self.cache.get(key)
        if s is None:
            s = self.cache[key] = self.st.integers(lo, hi)
        return self.draw(s)


class E(object):
    """A generated expression: code, its literal kind, whether it can fail.

    lit: None (not a literal), 'typed' (a literal token whose own type is the
    requested type: i32 `5`, `5i64`, `2.5`, `"x"`, `true`), 'bare' (an
    unsuffixed literal relying on literal adaptation)."""

    __slots__ = ('code', 'lit', 'risky')

    def __init__(self, code, lit=None, risky=False):
        self.code = code
        self.lit = lit
        self.risky = risky


class Var(object):
    __slots__ = ('name', 'type', 'mutable', 'frozen', 'kind', 'span')

    def __init__(self, name, type, mutable, kind='var', span=None):
        self.name = name
        self.type = type
        self.mutable = mutable
        self.frozen = 0        # >0: a loop depends on it, do not assign/push
        self.kind = kind       # var, param, loopvar, global, closure
        self.span = span       # loop variables: (low, high) of the values


class Func(object):
    def __init__(self, name, params, ret, index):
        self.name = name
        self.params = params       # [(name, type)]
        self.ret = ret             # type or 'void'
        self.index = index
        self.recursive = False     # first param is a depth counter
        self.binary = False        # recursion calls itself twice
        self.cost = 1
        self.fmt = 0
        self.depth_cap = 0


class Struct(object):
    def __init__(self, name, fields):
        self.name = name
        self.fields = fields       # [(name, type, default_code_or_None)]
        self.methods = []          # [(name, params, ret)] params excl. self


class Ctx(object):
    """Where statements are being generated."""

    def __init__(self, func=None):
        self.func = func           # Func or None (top level)
        self.loops = 0             # enclosing loops (in this function)
        self.mult = 1              # product of enclosing loop trip counts
        self.in_branch = 0
        self.in_try = 0
        self.labels = []
        self.work = 0              # estimated statement executions
        self.fmt = 0               # estimated f64 formattings (slow untranslated)


def lit_int(v, t):
    """An integer literal of value v whose own type is t."""
    if t == 'i32':
        return str(v)
    if t == 'i64':
        if I32_MIN <= v <= I32_MAX:
            return '%di64' % v
        return str(v)
    return '%d%s' % (v, t)


def float_text(x):
    s = repr(float(x))
    if 'e' not in s and '.' not in s and 'inf' not in s and 'nan' not in s:
        s += '.0'
    return s


class Gen(object):
    """One program.  `src.integer(lo, hi)` supplies every choice."""

    BUDGET = 1500          # rough cap on loop iterations x statement cost
    TOTAL = 6000           # stop adding loops past this much estimated work
    # untranslated, formatting an f64 (print, `as string`) goes through
    # ll2ctypes and costs ~5 ms: keep their number per program bounded
    FMT_BUDGET = 150

    def __init__(self, src, avoid=None):
        self.src = src
        self.avoid = AVOID if avoid is None else avoid
        self.counter = 0
        self.scopes = [[]]
        self.funcs = []
        self.structs = []
        self.lines = []
        self.indent = 0
        self.print_no = 0
        self.max_depth = 3
        self.raw_rate = 0
        self.wild = False          # many boundary and huge values
        self.defining = None       # Func whose body is being generated
        self.helpers = []          # polymorphic helper functions
        self.factories = []        # closure factories
        self.in_call = 0           # inside call arguments: no fill arrays
        self.no_strvars = 0        # strings built without string variables

    # --- choices --------------------------------------------------------

    def int(self, lo, hi):
        return self.src.integer(lo, hi)

    def chance(self, percent):
        return self.int(0, 99) < percent

    def choice(self, seq):
        return seq[self.int(0, len(seq) - 1)]

    def weighted(self, options):
        """options: [(weight, value)] with weight > 0; picks one."""
        total = sum(w for w, _ in options)
        k = self.int(0, total - 1)
        for w, v in options:
            if k < w:
                return v
            k -= w
        return options[-1][1]

    def fresh(self, prefix='v'):
        self.counter += 1
        return '%s%d' % (prefix, self.counter)

    # --- output ---------------------------------------------------------

    def emit(self, line):
        self.lines.append('    ' * self.indent + line)

    # --- environment ----------------------------------------------------

    def declare(self, var):
        self.scopes[-1].append(var)
        return var

    def visible(self):
        seen = []
        for scope in self.scopes:
            seen.extend(scope)
        return seen

    def vars_of(self, t):
        return [v for v in self.visible() if v.type == t]

    def assignable(self, t=None):
        return [v for v in self.visible()
                if v.mutable and not v.frozen and v.kind in ('var', 'global')
                and (t is None or v.type == t)]

    def push_scope(self):
        self.scopes.append([])

    def pop_scope(self):
        self.scopes.pop()

    def struct(self, name):
        for s in self.structs:
            if s.name == name:
                return s
        return None

    # --- literals -------------------------------------------------------

    def int_value(self, t):
        r = self.int(0, 19)
        lo, hi = RANGES[t]
        if r < (4 if self.wild else 1):
            return self.choice(BOUNDARY[t])
        if r < 15:
            v = self.int(-20, 300)
        elif r < 18 or not self.wild:
            v = self.int(-100000, 100000)
        else:
            v = self.int(lo, hi) if t != 'u64' else self.int(0, U64_MAX)
        if v < lo:
            v = -v
        return min(max(v, lo), hi)

    def float_code(self):
        r = self.int(0, 9)
        if r < (2 if self.wild else 1):
            return self.choice(F64_BOUNDARY)
        if r < 5:
            return float_text(self.int(-400, 400) / 4.0)
        if r < 8:
            return float_text(self.int(-1000000, 1000000) / 1000.0)
        return '%de%d' % (self.int(1, 99), self.int(-30, 30))

    def string_lit(self):
        n = self.int(0, 2)
        return '"%s"' % ''.join(self.choice(STRING_WORDS) for _ in range(n))

    def literal(self, t, adapt):
        """A literal of type t; unsuffixed (bare) only when adapt."""
        if t == 'bool':
            return E(self.choice(['true', 'false']), 'typed')
        if t == 'string':
            return E(self.string_lit(), 'typed')
        if t == 'f64':
            if adapt and self.chance(20):
                return E(str(self.int(-50, 50)), 'bare')
            return E(self.float_code(), 'typed')
        v = self.int_value(t)
        # an operand literal must have a type of its own (value within i64);
        # an expected-type position also adapts larger u64 values
        if adapt and t != 'i32' and self.chance(60) and v >= I64_MIN and \
                (v <= I64_MAX or (t == 'u64' and adapt != 'op')):
            return E(str(v), 'bare')
        return E(lit_int(v, t), 'typed')

    # --- expressions ----------------------------------------------------

    def expr(self, t, depth=0, adapt=False):
        """An expression of static (and run-time) type t."""
        if t in ARRAY_TYPES:
            return self.array_expr(t, depth)
        if self.struct(t) is not None:
            return self.struct_expr(t, depth)
        leaf = depth >= self.max_depth
        options = [(3, 'lit'), (8, 'var')]
        if not leaf:
            options += [(2, 'call'), (2, 'cond'), (2, 'index'), (2, 'field')]
            if t in NUM_TYPES:
                options += [(10, 'arith'), (3, 'cast'), (1, 'neg'),
                            (1, 'boundary')]
                if t == 'f64' and 'nan' not in self.avoid:
                    options.append((1, 'special'))
                if t == 'i32':
                    options += [(2, 'len'), (1, 'bitand')]
            elif t == 'bool':
                options += [(6, 'cmp'), (3, 'logic'), (1, 'not'), (1, 'cast')]
            elif t == 'string':
                options += [(4, 'concat'), (3, 'cast'), (2, 'strindex'),
                            (1, 'mixconcat')]
        if t == 'string' and self.no_strvars:
            options = [(w, k) for w, k in options
                       if k not in ('var', 'call', 'index', 'field',
                                    'mixconcat')]
        for _ in range(4):
            kind = self.weighted(options)
            e = self.expr_kind(kind, t, depth, adapt)
            if e is not None:
                return e
        return self.literal(t, adapt)

    def expr_kind(self, kind, t, depth, adapt):
        d = depth + 1
        if kind == 'lit':
            return self.literal(t, adapt)
        if kind == 'special':
            return E(self.choice(F64_SPECIAL))
        if kind == 'boundary':
            if t == 'f64':
                return E(self.choice(F64_BOUNDARY), 'typed')
            return E(lit_int(self.choice(BOUNDARY[t]), t), 'typed')
        if kind == 'var':
            vs = self.vars_of(t)
            if not vs:
                return None
            return E(self.choice(vs).name)
        if kind == 'arith':
            op = self.weighted([(5, '+'), (4, '-'), (4, '*'), (2, '/'),
                                (2, '%')])
            a = self.expr(t, d)
            if a.lit is None and 'sloppy' not in self.avoid and \
                    self.chance(3):
                # a literal of another type: the checker types the result
                # as `t` (types.md 4.1 rule 2), the run-time value is
                # promoted (types.md 5)
                other = self.choice([x for x in NUM_TYPES if x != t])
                b = self.literal(other, False)
                return E('(%s %s %s)' % (a.code, op, b.code), None, True)
            b = self.expr(t, d, adapt='op' if a.lit is None else False)
            if a.lit == 'bare' or (a.lit and b.lit == 'bare'):
                return None
            return E('(%s %s %s)' % (a.code, op, b.code), None, True)
        if kind == 'neg':
            a = self.expr(t, d)
            return E('-(%s)' % a.code, None, True)
        if kind == 'bitand':
            a = self.expr('i32', d)
            b = self.expr('i32', d)
            return E('(%s %s %s)' % (a.code, self.choice(['and', 'or']),
                                     b.code), None, a.risky or b.risky)
        if kind == 'cast':
            if t == 'string':
                src = self.choice(NUM_TYPES + ['bool'])
                if src == 'f64':
                    if not self.fmt_ok():
                        src = 'i64'
                    self.fmt_use()
            elif t == 'bool':
                src = self.choice(NUM_TYPES)
            else:
                src = self.choice(NUM_TYPES + ['bool'])
            a = self.expr(src, d)
            return E('((%s) as %s)' % (a.code, t), None, True)
        if kind == 'cond':
            c = self.bool_expr(d)
            a = self.expr(t, d)
            b = self.expr(t, d, adapt='op' if a.lit is None and
                          t in NUM_TYPES else False)
            if a.lit == 'bare' or (a.lit and b.lit == 'bare'):
                return None
            return E('(%s if %s else %s)' % (a.code, c.code, b.code), None,
                     a.risky or b.risky or c.risky)
        if kind == 'call':
            return self.call_expr(t, d)
        if kind == 'index':
            arrs = self.vars_of('[%s]' % t) if t in ('i32', 'i64', 'f64',
                                                     'string') else []
            if not arrs:
                return None
            a = self.choice(arrs)
            return E('%s[%s]' % (a.name, self.index_expr(a.name, d)), None,
                     True)
        if kind == 'len':
            cands = [v for v in self.visible()
                     if v.type in ARRAY_TYPES or v.type == 'string']
            if not cands:
                return None
            return E('len(%s)' % self.choice(cands).name)
        if kind == 'field':
            opts = []
            for v in self.visible():
                s = self.struct(v.type)
                if s is not None:
                    for fname, ftype, _ in s.fields:
                        if ftype == t:
                            opts.append('%s.%s' % (v.name, fname))
                    for mname, mparams, mret in s.methods:
                        if mret == t:
                            opts.append((v.name, mname, mparams))
            if not opts:
                return None
            o = self.choice(opts)
            if isinstance(o, tuple):
                vname, mname, mparams = o
                args = [self.expr(pt, d, adapt=True) for _, pt in mparams]
                return E('%s.%s(%s)' % (vname, mname,
                                         ', '.join(a.code for a in args)),
                         None, True)
            return E(o)
        if kind == 'cmp':
            if self.chance(12):
                # mixed types: run-time promotion (types.md 5)
                ta, tb = self.choice(NUM_TYPES), self.choice(NUM_TYPES)
            else:
                ta = tb = self.choice(NUM_TYPES + ['string', 'bool'])
            a = self.expr(ta, d)
            b = self.expr(tb, d)
            if ta in ('string', 'bool') or ta != tb:
                op = self.choice(['==', '!='])
                if self.chance(5):
                    op = '<'   # run-time `Operands must be i32` for strings
            else:
                op = self.choice(['==', '!=', '<', '<=', '>', '>='])
            return E('(%s %s %s)' % (a.code, op, b.code), None, True)
        if kind == 'logic':
            a = self.bool_expr(d)
            b = self.bool_expr(d)
            return E('(%s %s %s)' % (a.code, self.choice(['and', 'or']),
                                     b.code), None, a.risky or b.risky)
        if kind == 'not':
            a = self.expr(self.choice(['bool', 'bool', 'i32', 'f64']), d)
            return E('(not %s)' % a.code, None, a.risky)
        if kind == 'concat':
            a = self.expr('string', d)
            b = self.expr('string', d)
            if a.lit and b.lit:
                b = E('(%s)' % b.code)
            return E('(%s + %s)' % (a.code, b.code), None,
                     a.risky or b.risky)
        if kind == 'mixconcat':
            vs = self.vars_of('string')
            if not vs:
                return None
            other = self.weighted([(3, 'i32'), (1, 'f64'), (1, 'bool')])
            if other == 'f64':
                if not self.fmt_ok():
                    other = 'i32'
                self.fmt_use()
            lit = self.literal(other, False)
            if other == 'i32' and lit.code.startswith('-'):
                lit = E(lit.code[1:], 'typed')
            return E('(%s + %s)' % (self.choice(vs).name, lit.code))
        if kind == 'strindex':
            vs = self.vars_of('string')
            if vs and self.chance(70):
                sv = self.choice(vs).name
                return E('%s[%s]' % (sv, self.index_expr(sv, d)), None, True)
            s = self.expr('string', d)
            i = self.expr('i32', d)
            return E('%s[%s]' % (s.code if s.lit is None else '(%s)' % s.code,
                                 i.code), None, True)
        return None

    def bool_expr(self, depth):
        if self.chance(30):
            e = self.phase_cond()
            if e is not None:
                return e
        return self.expr('bool', depth)

    def phase_cond(self):
        """A condition on a loop counter that changes value part way
        through the loop: the JIT then compiles a bridge."""
        vs = [v for v in self.visible() if v.span is not None]
        if not vs:
            return None
        v = self.choice(vs)
        lo, hi = v.span
        if hi <= lo:
            return None
        mid = self.int(lo, hi)
        r = self.int(0, 4)
        if r == 0:
            return E('%s > %d' % (v.name, mid))
        if r == 1:
            return E('%s <= %d' % (v.name, mid))
        if r == 2:
            return E('%s == %d' % (v.name, mid))
        k = self.int(2, 9)
        return E('%s %% %d == %d' % (v.name, k, self.int(0, k - 1)))

    def index_expr(self, aname, depth):
        r = self.int(0, 5)
        if r == 0:
            return self.expr('i32', depth).code
        if r == 1:
            return str(self.int(0, 6))
        return '(%s) %% len(%s)' % (self.expr('i32', depth).code, aname)

    def array_literal(self, t, adapt, n=None):
        elem = t[1:-1]
        if n is None:
            n = self.int(0, 6)
        if n == 2 or n == 0 or self.chance(30):
            trail = ','
        else:
            trail = ''
        items = [self.expr(elem, self.max_depth - 1, adapt=adapt)
                 for _ in range(n)]
        if not adapt:
            items = [i for i in items]
        code = '[%s%s]' % (', '.join(i.code for i in items), trail if n else '')
        return E(code, None, any(i.risky for i in items))

    def array_expr(self, t, depth, fresh_only=False):
        """An array expression; fresh_only: a new array (never an alias)."""
        options = [(4, 'lit'), (2, 'fill'), (2, 'sorted'), (1, 'slice')]
        if depth < self.max_depth:
            options.append((2, 'call'))
        if not fresh_only:
            options.append((4, 'var'))
        for _ in range(4):
            kind = self.weighted(options)
            if kind == 'lit':
                # an unannotated literal array: elements typed on their own
                n = self.int(1, 6)
                return self.array_literal(t, False, n)
            if kind == 'fill' and not self.in_call:
                elem = t[1:-1]
                v = self.literal(elem, False)
                if t == '[i32]' and v.code.startswith('-'):
                    v = E('(%s)' % v.code)
                return E('[%s, %d]' % (v.code, self.int(0, 40)))
            vs = self.vars_of(t)
            if kind == 'var' and vs:
                return E(self.choice(vs).name)
            if kind == 'sorted' and vs:
                return E('sorted(%s)' % self.choice(vs).name)
            if kind == 'slice' and vs:
                a = self.choice(vs).name
                s = self.int(0, 3)
                e = self.int(s, 8)
                return E('%s[%d..%d]' % (a, s, e), None, True)
            if kind == 'call':
                e = self.call_expr(t, depth + 1)
                if e is not None:
                    return e
        return self.array_literal(t, False, self.int(1, 4))

    def struct_literal(self, s, depth):
        parts = []
        for fname, ftype, default in s.fields:
            if default is not None and self.chance(40):
                continue
            parts.append('%s: %s' % (fname, self.expr(ftype, depth + 1,
                                                       adapt=True).code))
        if self.chance(50):
            order = list(range(len(parts)))
            parts = [parts[i] for i in reversed(order)]
        return E('%s{ %s }' % (s.name, ', '.join(parts)), None, True)

    def struct_expr(self, t, depth):
        s = self.struct(t)
        vs = self.vars_of(t)
        if vs and self.chance(40):
            return E(self.choice(vs).name)
        if depth < self.max_depth and self.chance(50):
            e = self.call_expr(t, depth + 1)
            if e is not None:
                return e
        return self.struct_literal(s, depth)

    def call_expr(self, t, depth):
        """A call of a user function returning t, or None."""
        closures = [v for v in self.visible() if v.kind == 'closure' and
                    v.type.split(':')[1] == t]
        if closures and self.chance(50):
            v = self.choice(closures)
            params = [p for p in v.type.split(':')[2:] if p]
            self.in_call += 1
            args = [self.expr(pt, depth, adapt=True).code for pt in params]
            self.in_call -= 1
            return E('%s(%s)' % (v.name, ', '.join(args)), None, True)
        cands = []
        for f in self.funcs:
            if f.ret != t:
                continue
            if self.defining is not None and f.index >= self.defining.index:
                continue
            if f.cost * self.cur_mult() > self.BUDGET or \
                    not self.fmt_ok(f.fmt):
                continue
            cands.append(f)
        if not cands:
            return None
        f = self.choice(cands)
        return self.call(f, depth)

    def call(self, f, depth):
        if f is not self.defining:
            self.ctx.work += f.cost * self.ctx.mult
            self.ctx.fmt += f.fmt * self.ctx.mult
        args = []
        params = f.params
        if f.recursive:
            if f is self.defining:
                args.append('%s - 1' % f.params[0][0])
            else:
                args.append(self.depth_arg(f))
            params = params[1:]
        self.in_call += 1
        for _, pt in params:
            if pt in ARRAY_TYPES:
                args.append(self.array_expr(pt, depth).code)
            else:
                args.append(self.expr(pt, depth, adapt=True).code)
        self.in_call -= 1
        return E('%s(%s)' % (f.name, ', '.join(args)), None, True)

    def depth_arg(self, f):
        if self.chance(50):
            return str(self.int(0, f.depth_cap))
        return '(%s) %% %d' % (self.expr('i32', self.max_depth - 1).code,
                               f.depth_cap + 1)

    def cur_mult(self):
        return self.ctx.mult

    def fmt_ok(self, n=1):
        return self.ctx.fmt + n * self.ctx.mult <= self.FMT_BUDGET

    def fmt_use(self, n=1):
        self.ctx.fmt += n * self.ctx.mult

    def fmt_count(self, t):
        """How many f64 a printed value of type t formats (a guess)."""
        if t == 'f64':
            return 1
        if t == '[f64]':
            return 8
        s = self.struct(t)
        if s is not None:
            return sum(1 for _, ft, _ in s.fields if ft == 'f64')
        return 0

    def can_print(self, t):
        n = self.fmt_count(t)
        if n and not self.fmt_ok(n):
            return False
        self.fmt_use(n)
        return True

    def printable_type(self, t):
        n = self.fmt_count(t)
        if n and not self.fmt_ok(n):
            return self.choice(['i32', 'i64', 'u32', 'bool', 'string'])
        self.fmt_use(n)
        return t

    # --- statements -----------------------------------------------------

    def wrap_try(self, body_fn, force=False):
        """Run body_fn inside try/catch (printing the error)."""
        self.emit(self.choice(['try:', 'try:', 'do:']))
        self.indent += 1
        self.push_scope()
        self.ctx.in_try += 1
        body_fn()
        self.ctx.in_try -= 1
        self.pop_scope()
        self.indent -= 1
        if self.chance(85):
            name = self.fresh('err')
            self.emit('catch %s:' % name)
            self.indent += 1
            self.emit('print("caught %d", %s)' % (self.next_print(), name))
            self.indent -= 1
        else:
            self.emit('catch:')
            self.indent += 1
            self.emit('print("caught %d")' % self.next_print())
            self.indent -= 1

    def risky(self, emit_fn):
        """Emit a statement that may raise: usually inside try/catch."""
        if self.ctx.in_try or self.chance(self.raw_rate):
            emit_fn()
        else:
            self.wrap_try(emit_fn)

    def next_print(self):
        self.print_no += 1
        return self.print_no

    def stmt_print(self):
        n = self.int(1, 4)
        types = [self.printable_type(self.choice(
            SCALAR_TYPES + SCALAR_TYPES[:5] + ARRAY_TYPES +
            [st.name for st in self.structs])) for _ in range(n)]
        exprs = [self.expr(t, 1) for t in types]
        r = self.int(0, 9)
        if r < 6:
            args = ['"p%d"' % self.next_print()] + [e.code for e in exprs]
        elif r < 8:
            specs = [self.choice(['@', '@x', '@X', '@b', '@o', '@.2f', '@.0f',
                                  '@.5f']) for _ in exprs]
            fmt = 'p%d %s' % (self.next_print(), ' '.join(specs))
            args = ['"%s"' % fmt] + [e.code for e in exprs]
        else:
            args = [e.code for e in exprs]
            if exprs[0].lit and types[0] == 'string':
                args.insert(0, '"p%d"' % self.next_print())
        code = 'print(%s)' % ', '.join(args)
        if any(e.risky for e in exprs):
            self.risky(lambda: self.emit(code))
        else:
            self.emit(code)

    def stmt_decl(self, t=None, mutable=None):
        if t is None:
            t = self.weighted([(12, self.choice(NUM_TYPES)), (2, 'bool'),
                               (3, 'string'), (4, self.choice(ARRAY_TYPES))] +
                              ([(3, self.choice(self.structs).name)]
                               if self.structs else []))
        name = self.fresh()
        if mutable is None:
            mutable = self.chance(70)
        in_block = self.ctx.func is not None or self.ctx.loops or \
            self.ctx.in_branch
        if t in ARRAY_TYPES:
            if self.chance(50):
                e = self.array_literal(t, True, self.int(0, 7))
                if self.chance(30):
                    e = E('[%s, %d]' % (self.expr(t[1:-1], 2, adapt=True).code,
                                       self.int(0, 30)))
                code = '%s: %s = %s' % (name, t, e.code)
            else:
                e = self.array_expr(t, 1, fresh_only=True)
                code = '%s = %s' % (name, e.code)
            if mutable:
                code = 'mut ' + code
        else:
            form = self.int(0, 3)
            if form <= 1:
                e = self.expr(t, 0, adapt=True)
                code = '%s: %s = %s' % (name, t, e.code)
                if mutable:
                    code = 'mut ' + code
            else:
                e = self.expr(t, 0)
                if e.lit == 'bare':
                    e = self.literal(t, False)
                code = '%s = %s' % (name, e.code)
                if mutable and not in_block:
                    code = 'mut ' + code
                elif in_block and not self.ctx.in_try:
                    mutable = True
                elif mutable:
                    code = 'mut ' + code
        var = Var(name, t, mutable)
        if e.risky and not self.ctx.in_try:
            # inside try the declaration would be local to the try body:
            # declare it first with a safe value, then assign inside try
            self.emit('mut %s: %s = %s' % (name, t, self.safe_value(t)))
            var.mutable = True
            self.declare(var)
            rhs = code.split(' = ', 1)[1]
            self.risky(lambda: self.emit('%s = %s' % (name, rhs)))
            return
        self.emit(code)
        self.declare(var)

    def safe_value(self, t):
        if t in INT_TYPES:
            return str(self.int(0, 9))
        if t == 'f64':
            return '0.5'
        if t == 'bool':
            return 'false'
        if t == 'string':
            return '"s"'
        if t in ARRAY_TYPES:
            return '[]'
        s = self.struct(t)
        return '%s{ %s }' % (s.name, ', '.join(
            '%s: %s' % (f, '1' if ft != 'f64' else '1.5')
            for f, ft, _ in s.fields))

    def stmt_assign(self):
        vs = self.assignable()
        vs = [v for v in vs if v.type not in ARRAY_TYPES or self.chance(30)]
        if not vs:
            return self.stmt_decl()
        v = self.choice(vs)
        t = v.type
        if t in ARRAY_TYPES:
            e = self.array_expr(t, 1, fresh_only=True)
            code = '%s = %s' % (v.name, e.code)
        elif self.struct(t) is not None:
            e = self.struct_literal(self.struct(t), 1)
            code = '%s = %s' % (v.name, e.code)
        elif t in NUM_TYPES and self.chance(50):
            op = self.weighted([(5, '+='), (3, '-='), (3, '*='), (1, '/='),
                                (1, '%=')])
            e = self.expr(t, 1, adapt='op')
            code = '%s %s %s' % (v.name, op, e.code)
            e = E(code, None, True)
        elif t == 'string':
            # no string variables on the right: strings must not be able to
            # double in a loop (s = s + s), only grow linearly
            self.no_strvars += 1
            e = self.expr(t, 1)
            self.no_strvars -= 1
            code = '%s %s %s' % (v.name, self.choice(['=', '+=']), e.code)
        else:
            e = self.expr(t, 0, adapt=True)
            code = '%s = %s' % (v.name, e.code)
        if e.risky:
            self.risky(lambda: self.emit(code))
        else:
            self.emit(code)
        if self.chance(40) and self.can_print(v.type):
            self.emit('print("a%d", %s)' % (self.next_print(), v.name))

    def stmt_array_op(self):
        arrs = [v for v in self.visible() if v.type in ARRAY_TYPES]
        if not arrs:
            return self.stmt_decl(self.choice(ARRAY_TYPES))
        a = self.choice(arrs)
        elem = a.type[1:-1]
        r = self.int(0, 5)
        if r <= 1 and not a.frozen and a.kind != 'param':
            self.no_strvars += 1
            e = self.expr(elem, 1, adapt=True)
            self.no_strvars -= 1
            code = 'push(%s, %s)' % (a.name, e.code)
            if e.risky:
                self.risky(lambda: self.emit(code))
            else:
                self.emit(code)
        elif r == 2 and not a.frozen and a.kind != 'param' and \
                self.can_print(elem):
            self.risky(lambda: self.emit('print("pop%d", pop(%s))' % (
                self.next_print(), a.name)))
        elif r == 3:
            self.no_strvars += 1
            e = self.expr(elem, 1, adapt=True)
            self.no_strvars -= 1
            idx = self.index_expr(a.name, 1)
            self.risky(lambda: self.emit('%s[%s] = %s' % (a.name, idx,
                                                          e.code)))
        elif r == 4:
            self.emit('print("len%d", len(%s))' % (self.next_print(), a.name))
        elif self.can_print(a.type):
            e = self.array_expr(a.type, 1)
            self.risky(lambda: self.emit('print("arr%d", %s)' % (
                self.next_print(), e.code)))

    def stmt_field(self):
        opts = []
        for v in self.visible():
            s = self.struct(v.type)
            if s is not None:
                opts.append((v, s))
        if not opts:
            return self.stmt_print()
        v, s = self.choice(opts)
        r = self.int(0, 3)
        if r == 0 and s.methods:
            mname, mparams, mret = self.choice(s.methods)
            args = [self.expr(pt, 1, adapt=True).code for _, pt in mparams]
            call = '%s.%s(%s)' % (v.name, mname, ', '.join(args))
            if mret == 'void' or not self.can_print(mret):
                self.risky(lambda: self.emit(call))
            else:
                self.risky(lambda: self.emit('print("m%d", %s)' % (
                    self.next_print(), call)))
            return
        fname, ftype, _ = self.choice(s.fields)
        if r == 1:
            op = self.choice(['+=', '-=', '*='])
            e = self.expr(ftype, 1, adapt='op')
            code = '%s.%s %s %s' % (v.name, fname, op, e.code)
        else:
            e = self.expr(ftype, 1, adapt=True)
            code = '%s.%s = %s' % (v.name, fname, e.code)
        self.risky(lambda: self.emit(code))
        if self.chance(50) and self.can_print(v.type):
            self.emit('print("f%d", %s)' % (self.next_print(), v.name))

    def block(self, nstmts, kind=None):
        """An indented block of statements in a new scope."""
        self.indent += 1
        self.push_scope()
        n0 = len(self.lines)
        for _ in range(nstmts):
            self.stmt()
        if len(self.lines) == n0:
            self.emit('pass')
        self.pop_scope()
        self.indent -= 1

    def stmt_if(self):
        conds = [self.bool_expr(0)] + [self.bool_expr(1)
                                       for _ in range(self.int(0, 2))]
        nums = [v for v in self.visible() if v.type in NUM_TYPES]
        if nums and self.chance(25):
            # one operand pair compared several ways (x < c, then x >= c):
            # what the trace optimizer likes to fold
            v = self.choice(nums)
            other = self.expr(v.type, 2, adapt='op')
            ops = ['<', '<=', '>', '>=', '==', '!=']
            conds = [E('%s %s %s' % (v.name, self.choice(ops), other.code),
                       None, other.risky)
                     for _ in range(self.int(1, 3))]
        emit_if = lambda: self._if_chain(conds)
        if any(c.risky for c in conds):
            self.risky(emit_if)
        else:
            emit_if()

    def _if_chain(self, conds):
        self.ctx.in_branch += 1
        self.emit('if %s:' % conds[0].code)
        self.block(self.int(1, 3))
        for c in conds[1:]:
            self.emit('elif %s:' % c.code)
            self.block(self.int(1, 2))
        if self.chance(50):
            self.emit('else:')
            self.block(self.int(1, 2))
        self.ctx.in_branch -= 1

    def trip(self):
        """Trip count for a new loop, given the enclosing ones."""
        if self.ctx.mult == 1:
            n = self.weighted([(5, self.int(20, 120)), (2, self.int(3, 20))])
        else:
            n = self.int(2, 12)
        while n > 2 and self.ctx.mult * n > self.BUDGET // 4:
            n //= 2
        return max(n, 1)

    def loop_body(self, n, counter_first=None, first_var=None):
        self.ctx.loops += 1
        old_mult = self.ctx.mult
        self.ctx.mult *= max(n, 1)
        self.indent += 1
        self.push_scope()
        if counter_first:
            self.emit(counter_first)
        if first_var is not None:
            self.declare(first_var)
        n0 = len(self.lines)
        for _ in range(self.int(1, 4)):
            self.stmt()
        if self.chance(50):
            self.emit_print_some()
        if len(self.lines) == n0:
            self.emit('pass')
        self.pop_scope()
        self.indent -= 1
        self.ctx.mult = old_mult
        self.ctx.loops -= 1

    def emit_print_some(self):
        vs = [v for v in self.visible() if v.type in SCALAR_TYPES and
              (v.type != 'f64' or self.fmt_ok())]
        if vs:
            picks = [self.choice(vs) for _ in range(self.int(1, 3))]
            picks = [v.name for v in picks if self.can_print(v.type)]
        if vs and picks:
            self.emit('print("o%d", %s)' % (self.next_print(), ', '.join(picks)))

    def label(self):
        if self.chance(15):
            name = self.fresh('lbl')
            self.ctx.labels.append(name)
            return name
        return None

    def stmt_while(self):
        n = self.trip()
        c = self.fresh('c')
        self.emit('mut %s = 0' % c)
        cvar = self.declare(Var(c, 'i32', True, 'var', (1, n)))
        cvar.frozen += 1
        cond = '%s < %d' % (c, n)
        if self.chance(25):
            extra = self.bool_expr(2)
            if not extra.risky:
                cond = '(%s) and %s' % (cond, extra.code)
        lbl = self.label()
        self.emit(("'%s: " % lbl if lbl else '') + 'while %s:' % cond)
        self.loop_body(n, '%s += 1' % c)
        if lbl:
            self.ctx.labels.remove(lbl)
        cvar.frozen -= 1
        self.emit('print("w%d", %s)' % (self.next_print(), c))

    def stmt_for(self):
        n = self.trip()
        r = self.int(0, 9)
        i = self.fresh('i')
        frozen = []
        span = None
        if r < 4:
            start = self.int(-50, 50)
            span = (start, start + n)
            head = '%d..%d' % (start, start + n)
            if self.chance(30):
                head = '%d..=%d' % (start, start + n - 1)
        elif r < 6:
            step = self.int(1, 5)
            start = self.int(-100, 100)
            span = (start, start + n * step)
            if self.chance(50):
                head = '%d..%d..%d' % (start, start + n * step, step)
            else:
                head = '%d..%d..-%d' % (start + n * step, start, step)
                if self.chance(30):
                    head = '%d..=%d..-%d' % (start + n * step, start, step)
        elif r < 8:
            # END (and maybe START/STEP) given as variables: re-read each time
            bv = self.fresh('n')
            self.emit('mut %s = %d' % (bv, n))
            bvar = self.declare(Var(bv, 'i32', True))
            bvar.frozen += 1
            frozen.append(bvar)
            if self.chance(40):
                sv = self.fresh('s')
                step = self.int(1, 3)
                self.emit('mut %s = %d' % (sv, step))
                svar = self.declare(Var(sv, 'i32', True))
                svar.frozen += 1
                frozen.append(svar)
                head = '0..%s..%s' % (bv, sv)
            else:
                head = '0..%s' % bv
            span = (0, n)
        elif r < 9:
            # zero step: runs until the body breaks out
            cv = self.fresh('c')
            self.emit('mut %s = 0' % cv)
            cvar = self.declare(Var(cv, 'i32', True))
            cvar.frozen += 1
            frozen.append(cvar)
            lbl = self.label()
            self.emit(("'%s: " % lbl if lbl else '') +
                      'for %s in %d..%d..0:' % (i, self.int(-5, 5),
                                               self.int(6, 20)))
            self.push_scope()
            self.declare(Var(i, 'i32', False, 'loopvar'))
            self.loop_body(n, '%s += 1\n%sif %s > %d:\n%s    break' % (
                cv, '    ' * (self.indent + 1), cv, n,
                '    ' * (self.indent + 1)))
            self.pop_scope()
            if lbl:
                self.ctx.labels.remove(lbl)
            for v in frozen:
                v.frozen -= 1
            self.emit('print("z%d", %s)' % (self.next_print(), cv))
            return
        else:
            # near the i32 maximum: the increment overflows (C30)
            start = I32_MAX - self.int(0, 12)
            step = self.int(1, 4)
            head = '%d..%s%d..%d' % (start, self.choice(['', '=']), I32_MAX,
                                     step)
            lbl = None

            def emit_loop():
                self.emit('for %s in %s:' % (i, head))
                self.push_scope()
                self.declare(Var(i, 'i32', False, 'loopvar'))
                self.loop_body(3)
                self.pop_scope()
            self.risky(emit_loop)
            return
        lbl = self.label()
        self.emit(("'%s: " % lbl if lbl else '') + 'for %s in %s:' % (i, head))
        self.push_scope()
        self.declare(Var(i, 'i32', False, 'loopvar', span))
        self.loop_body(n)
        self.pop_scope()
        if lbl:
            self.ctx.labels.remove(lbl)
        for v in frozen:
            v.frozen -= 1

    def stmt_foreach(self):
        arrs = [v for v in self.visible() if v.type in ARRAY_TYPES]
        x = self.fresh('x')
        if not arrs or self.chance(25):
            # range() iterator: values of type `any`, used through casts
            n = self.trip()
            step = self.int(1, 4)
            lo = self.int(-20, 20)
            head = 'range(%d, %d, %d)' % (lo, lo + n * step, step)
            if self.chance(30):
                head = 'range(%d, %d, -%d)' % (lo + n * step, lo, step)
            self.emit('for %s in %s:' % (x, head))
            self.push_scope()
            self.declare(Var(x, 'any', False, 'loopvar'))
            t = self.choice(NUM_TYPES)
            r = self.fresh('r')
            self.loop_body(n, '%s = (%s as %s)' % (r, x, t),
                           Var(r, t, True))
            self.pop_scope()
            return
        a = self.choice(arrs)
        a.frozen += 1
        self.emit('for %s in %s:' % (x, a.name))
        self.push_scope()
        self.declare(Var(x, a.type[1:-1], False, 'loopvar'))
        self.loop_body(40)
        self.pop_scope()
        a.frozen -= 1

    def stmt_kernel(self):
        """A hot loop updating accumulators of several types, kept bounded
        (modulo, wrapping unsigned, damped floats) so that every iteration
        runs the same compiled code until a phase change."""
        n = self.trip()
        accs = []
        for _ in range(self.int(1, 3)):
            t = self.choice(NUM_TYPES)
            name = self.fresh('acc')
            self.emit('mut %s: %s = %d' % (name, t, self.int(0, 9)))
            accs.append(self.declare(Var(name, t, True)))
        i = self.fresh('k')
        lo = self.int(0, 5)
        self.emit('for %s in %d..%d:' % (i, lo, lo + n))
        self.push_scope()
        iv = self.declare(Var(i, 'i32', False, 'loopvar', (lo, lo + n)))
        self.indent += 1
        old_mult = self.ctx.mult
        self.ctx.mult *= n
        self.ctx.loops += 1
        for a in accs:
            a.frozen += 1
        for a in accs:
            self.emit(self.kernel_update(a, i))
        if self.chance(60):
            c = self.phase_cond() or E('%s == %d' % (i, lo + n // 2))
            self.emit('if %s:' % c.code)
            self.indent += 1
            a = self.choice(accs)
            self.emit(self.kernel_update(a, i, phase=True))
            if self.chance(30):
                self.emit(self.choice(['continue', 'break']) if
                          self.chance(70) else 'continue')
            self.indent -= 1
        if self.chance(30):
            self.stmt()
        for a in accs:
            a.frozen -= 1
        self.ctx.loops -= 1
        self.ctx.mult = old_mult
        self.indent -= 1
        self.pop_scope()
        self.emit('print("kern%d", %s)' % (self.next_print(),
                                           ', '.join(a.name for a in accs)))

    def kernel_update(self, a, i, phase=False):
        t = a.type
        n = a.name
        if t == 'i32':
            return self.choice([
                '%s = (%s * %d + %s) %% %d' % (n, n, self.int(2, 999), i,
                                               self.int(1000, 1000003)),
                '%s = (%s + %s * %s) %% %d' % (n, n, i, i, self.int(7, 65536)),
                '%s = %s - %d if %s > %d else %s + %s' % (
                    n, n, self.int(1, 500), n, self.int(0, 9999), n, i),
            ])
        if t == 'i64':
            return self.choice([
                '%s = (%s * %d + (%s as i64)) %% %d' % (
                    n, n, self.int(2, 99999), i, self.int(1000, 1000000007)),
                '%s = (%s + ((%s as i64) << 0)) %% 97' % (n, n, i)
                if False else '%s += (%s as i64) * %d' % (n, i,
                                                          self.int(-999, 999)),
            ])
        if t == 'u32':
            return self.choice([
                '%s = %s * 1664525 + 1013904223' % (n, n),
                '%s = %s * %d + (%s as u32)' % (n, n, self.int(2, 70000), i),
                '%s -= %d' % (n, self.int(1, 99)),
            ])
        if t == 'u64':
            return self.choice([
                '%s = %s * 6364136223846793005 + 1442695040888963407' % (n, n),
                '%s = (%s ^ 0) + (%s as u64)' % (n, n, i) if False else
                '%s = %s * %d + (%s as u64)' % (n, n, self.int(2, 2 ** 40), i),
                '%s -= %d' % (n, self.int(1, 99)),
            ])
        return self.choice([
            '%s = %s * 0.5 + (%s as f64) * %s' % (n, n, i, self.float_small()),
            '%s = %s + 1.0 / ((%s as f64) + 0.5)' % (n, n, i),
            '%s = -%s * 0.75 + %s' % (n, n, self.float_small()),
        ])

    def float_small(self):
        return float_text(self.int(-400, 400) / 8.0)

    def stmt_match(self):
        """A match statement on an integer or a string, literal arms."""
        if self.chance(70):
            subj = self.expr('i32', 1)
            k = self.int(2, 7)
            code = '(%s) %% %d' % (subj.code, k)
            pats = sorted(set(self.int(-1, k) for _ in range(self.int(1, 4))))
            pats = [str(p) for p in pats]
        else:
            subj = self.expr('string', 1)
            code = subj.code
            words = sorted(set(self.choice(['', 'a', 'b', 'xy', 'orus', '0'])
                               for _ in range(self.int(1, 4))))
            pats = ['"%s"' % w for w in words]

        def emit_match():
            self.emit('match %s:' % code)
            self.indent += 1
            arms = list(pats)
            if self.chance(80):
                arms.insert(self.int(0, len(arms)), '_')
            for pat in arms:
                if self.chance(60):
                    self.emit('%s -> print("arm%d", %s)' % (
                        pat, self.next_print(), pat if pat != '_' else '"_"'))
                else:
                    self.emit('%s ->' % pat)
                    self.ctx.in_branch += 1
                    self.block(self.int(1, 2))
                    self.ctx.in_branch -= 1
            self.indent -= 1
        self.risky(emit_match)

    def stmt_match_expr(self):
        t = self.choice(NUM_TYPES + ['string', 'bool'])
        name = self.fresh()
        self.emit('mut %s: %s = %s' % (name, t, self.safe_value(t)))
        subj = self.expr('i32', 1)
        k = self.int(2, 6)
        pats = sorted(set(self.int(0, k - 1) for _ in range(self.int(1, 3))))
        arms = [(str(p), self.expr(t, 1, adapt=True).code) for p in pats]
        arms.append(('_', self.expr(t, 1, adapt=True).code))

        def emit_match():
            self.emit('%s = match (%s) %% %d:' % (name, subj.code, k))
            self.indent += 1
            for pat, val in arms:
                self.emit('%s -> %s' % (pat, val))
            self.indent -= 1
        self.risky(emit_match)
        self.declare(Var(name, t, True))
        if self.can_print(t):
            self.emit('print("mx%d", %s)' % (self.next_print(), name))

    def stmt_poly(self):
        """Calls of the polymorphic helpers with values of any type: the
        same call site sees several types."""
        if not self.helpers:
            return self.stmt_print()
        h = self.choice(self.helpers)
        t = self.printable_type(self.choice(SCALAR_TYPES + ARRAY_TYPES))
        if h == 'poly_twice':
            t = self.printable_type(self.choice(NUM_TYPES + ['string']))
        self.in_call += 1
        e = self.expr(t, 1)
        self.in_call -= 1
        if h == 'poly_show':
            code = 'poly_show("ps%d", %s)' % (self.next_print(), e.code)
        else:
            code = 'print("%s%d", %s(%s))' % (h, self.next_print(), h, e.code)
        self.risky(lambda: self.emit(code))

    def stmt_closure(self):
        """A closure from one of the factories, stored in a variable."""
        if not self.factories:
            return self.stmt_print()
        fac = self.choice(self.factories)
        name = self.fresh('cl')
        if fac == 'make_counter':
            self.emit('%s = make_counter(%d, %d)' % (name, self.int(-9, 9),
                                                      self.int(-3, 5)))
            typ = 'cl:i64:'
        elif fac == 'make_adder':
            self.emit('%s = make_adder(%d)' % (name, self.int(-50, 50)))
            typ = 'cl:i32:i32'
        else:
            self.emit('%s = make_scaler(%s)' % (name, self.float_small()))
            typ = 'cl:f64:f64'
        self.declare(Var(name, typ, False, 'closure'))

    def stmt_deeprec(self):
        """A recursive function called very deep, maybe past the call
        depth limit (`Stack overflow`, caught)."""
        fs = [f for f in self.funcs if f.recursive and not f.binary and
              f.cost // (f.depth_cap + 1) <= 6 and f.fmt == 0]
        if not fs or self.ctx.mult > 1 or self.ctx.func is not None:
            return self.stmt_print()
        f = self.choice(fs)
        depth = self.choice([500, 3000, 10001, 49998, 49999, 50000, 60000])
        call = self.call(f, 1).code
        call = call.replace('%s(' % f.name, '%s(%d, ' % (f.name, depth), 1)
        # drop the generated depth argument (the first one)
        head, rest = call.split('(', 1)
        args = rest[:-1].split(', ', 2)
        call = '%s(%s)' % (head, ', '.join([args[0]] + args[2:]))
        self.wrap_try(lambda: self.emit('print("deep%d", %s)' % (
            self.next_print(), call)))

    def stmt_tryblock(self):
        n = self.int(1, 4)

        def body():
            n0 = len(self.lines)
            for _ in range(n):
                self.stmt()
            if len(self.lines) == n0:
                self.emit('pass')
        self.wrap_try(body)

    def stmt_break(self):
        if not self.ctx.loops:
            return self.stmt_print()
        kw = self.choice(['break', 'continue'])
        target = ''
        if self.ctx.labels and self.chance(50):
            target = " '" + self.choice(self.ctx.labels)
        c = self.bool_expr(1)
        if c.risky:
            # keep break/continue outside try so the condition cannot skip it
            c = E('(%s == %d)' % (self.loopvar_or_zero(), self.int(0, 30)))
        self.emit('if %s:' % c.code)
        self.indent += 1
        self.emit(kw + target)
        self.indent -= 1

    def loopvar_or_zero(self):
        vs = [v for v in self.visible() if v.kind == 'loopvar' and
              v.type == 'i32']
        if vs:
            return vs[-1].name
        return '0'

    def stmt_call(self):
        cands = [f for f in self.funcs
                 if (self.defining is None or f.index < self.defining.index)
                 and f.cost * self.ctx.mult <= self.BUDGET
                 and self.fmt_ok(f.fmt)]
        if not cands:
            return self.stmt_print()
        f = self.choice(cands)
        call = self.call(f, 1)
        if f.ret == 'void' or not self.can_print(f.ret):
            self.risky(lambda: self.emit(call.code))
        else:
            self.risky(lambda: self.emit('print("r%d", %s)' % (
                self.next_print(), call.code)))

    def stmt_return(self):
        f = self.ctx.func
        if f is None or f.ret == 'void' or not self.ctx.loops:
            return self.stmt_print()
        c = self.bool_expr(1)
        if c.risky:
            c = E('(%s == %d)' % (self.loopvar_or_zero(), self.int(0, 30)))
        self.emit('if %s:' % c.code)
        self.indent += 1
        self.emit('return %s' % self.ret_expr(f).code)
        self.indent -= 1

    def ret_expr(self, f):
        if f.ret in ARRAY_TYPES:
            return self.array_expr(f.ret, 1, fresh_only=True)
        return self.expr(f.ret, 0, adapt=True)

    def stmt(self):
        self.ctx.work += self.ctx.mult
        nesting = self.indent
        big = nesting < 4 and self.ctx.work < self.TOTAL
        options = [(10, 'print'), (8, 'decl'), (8, 'assign'), (3, 'array'),
                   (2, 'call')]
        if self.structs:
            options.append((3, 'field'))
        if self.helpers:
            options.append((2, 'poly'))
        if self.factories:
            options.append((1, 'closure'))
        if big:
            options += [(4, 'if'), (3, 'while'), (4, 'for'), (2, 'foreach'),
                        (2, 'tryblock'), (2, 'match'), (1, 'match_expr'),
                        (3, 'kernel')]
            if self.ctx.mult == 1 and self.ctx.func is None:
                # top level: loops are what the JIT compiles
                options += [(6, 'while'), (8, 'for'), (2, 'foreach'),
                            (4, 'kernel'), (1, 'deeprec')]
        if self.ctx.loops:
            options += [(3, 'break')]
            if self.ctx.func is not None:
                options += [(1, 'return')]
        kind = self.weighted(options)
        getattr(self, 'stmt_' + {'print': 'print', 'decl': 'decl',
                                 'assign': 'assign', 'array': 'array_op',
                                 'call': 'call', 'field': 'field',
                                 'if': 'if', 'while': 'while', 'for': 'for',
                                 'foreach': 'foreach', 'break': 'break',
                                 'tryblock': 'tryblock', 'match': 'match',
                                 'match_expr': 'match_expr',
                                 'kernel': 'kernel', 'poly': 'poly',
                                 'closure': 'closure', 'deeprec': 'deeprec',
                                 'return': 'return'}[kind])()

    # --- declarations ---------------------------------------------------

    def gen_structs(self):
        for _ in range(self.int(0, 2)):
            name = 'S%d' % (len(self.structs) + 1)
            fields = []
            for j in range(self.int(1, 4)):
                ft = self.choice(NUM_TYPES)
                default = None
                if self.chance(35):
                    default = self.literal(ft, True).code
                fields.append(('f%d' % j, ft, default))
            s = Struct(name, fields)
            self.structs.append(s)
            self.emit('struct %s:' % name)
            for fname, ft, default in fields:
                self.emit('    %s: %s%s' % (fname, ft,
                                           ' = ' + default if default else ''))
            # methods: a getter computing something, a mutator
            methods = []
            if self.chance(70):
                fname, ft, _ = self.choice(fields)
                methods.append(('get', [], ft, 'return self.%s * 2' % fname
                                if ft != 'f64' else 'return self.%s * 2.0' % fname))
            if self.chance(60):
                fname, ft, _ = self.choice(fields)
                methods.append(('bump', [('d', ft)], 'void',
                                'self.%s = self.%s + d' % (fname, fname)))
            if self.chance(40):
                parts = ['(self.%s as f64)' % f for f, _, _ in fields]
                methods.append(('total', [], 'f64',
                                'return ' + ' + '.join(parts)))
            if methods:
                self.emit('impl %s:' % name)
                for mname, params, ret, body in methods:
                    ps = ''.join(', %s: %s' % p for p in params)
                    self.emit('    fn %s(self%s)%s:' % (
                        mname, ps, '' if ret == 'void' else ' -> ' + ret))
                    self.emit('        ' + body)
                    s.methods.append((mname, params, ret))

    def gen_functions(self):
        nf = self.int(0, 5)
        for k in range(nf):
            name = 'fn%d' % (k + 1)
            params = []
            recursive = self.chance(30)
            if recursive:
                params.append(('depth', 'i32'))
            for j in range(self.int(0, 3)):
                pt = self.weighted([(6, self.choice(NUM_TYPES)), (1, 'bool'),
                                    (1, 'string'),
                                    (2, self.choice(ARRAY_TYPES))] +
                                   ([(1, self.choice(self.structs).name)]
                                    if self.structs else []))
                params.append(('p%d' % j, pt))
            ret = self.weighted([(6, self.choice(NUM_TYPES)), (1, 'bool'),
                                 (1, 'string'), (1, self.choice(ARRAY_TYPES)),
                                 (2, 'void')] +
                                ([(1, self.choice(self.structs).name)]
                                 if self.structs else []))
            if recursive and ret == 'void':
                ret = 'i64'
            f = Func(name, params, ret, k)
            f.recursive = recursive
            self.gen_function(f)
            self.funcs.append(f)

    def gen_function(self, f):
        self.defining = f
        saved_ctx = self.ctx
        self.ctx = Ctx(f)
        self.push_scope()
        for pname, pt in f.params:
            self.declare(Var(pname, pt, False, 'param'))
        ps = ', '.join('%s: %s' % p for p in f.params)
        head = 'fn %s(%s)%s:' % (f.name, ps,
                                 ' -> ' + f.ret if f.ret != 'void' or
                                 self.chance(50) else '')
        self.emit(head)
        self.indent += 1
        factor = 1
        if f.recursive:
            f.binary = self.chance(30) and f.ret in NUM_TYPES
            f.depth_cap = self.int(2, 8) if f.binary else self.int(5, 60)
            self.emit('if depth <= 0:')
            self.indent += 1
            self.emit('return %s' % self.ret_expr(f).code)
            self.indent -= 1
            factor = 2 ** (f.depth_cap + 1) if f.binary else f.depth_cap + 1
            # loops in the body run once per recursive call
            self.ctx.mult = factor
        n0 = len(self.lines)
        for _ in range(self.int(1, 4)):
            self.stmt()
        if len(self.lines) == n0:
            self.emit('pass')
        if f.ret != 'void':
            if f.recursive:
                rec = self.call(f, 1).code
                if f.binary:
                    rec = '(%s + %s)' % (rec, self.call(f, 1).code)
                self.emit('return %s' % rec)
            else:
                form = self.int(0, 3)
                if form == 0 and f.ret not in ARRAY_TYPES and \
                        self.struct(f.ret) is None:
                    # implicit result: an if/else ending in expressions
                    self.emit('if %s:' % self.bool_expr(1).code)
                    self.emit('    %s' % self.safe_paren(self.ret_expr(f)))
                    self.emit('else:')
                    self.emit('    %s' % self.safe_paren(self.ret_expr(f)))
                elif form == 1:
                    self.emit(self.safe_paren(self.ret_expr(f)))
                else:
                    self.emit('return %s' % self.ret_expr(f).code)
        elif f.recursive:
            self.emit(self.call(f, 1).code)
        self.indent -= 1
        self.pop_scope()
        f.cost = max(1, self.ctx.work)
        f.fmt = self.ctx.fmt
        self.ctx = saved_ctx
        self.defining = None

    def safe_paren(self, e):
        """An expression statement for an implicit result (never `-lit`
        alone or something that looks like a declaration); a literal stays
        bare so that it adapts to the declared result type."""
        if e.lit:
            return e.code
        return '(%s)' % e.code

    def gen_helpers(self):
        self.helpers = []
        self.factories = []
        if self.chance(40):
            self.helpers = ['poly_id', 'poly_show', 'poly_twice']
            self.emit('fn poly_id(v):')
            self.emit('    return v')
            self.emit('fn poly_show(tag: string, v):')
            self.emit('    print(tag, v, typeof(v))')
            self.emit('fn poly_twice(v):')
            self.emit('    return v + v')
        if self.chance(40):
            self.factories = ['make_counter', 'make_adder', 'make_scaler']
            self.emit('fn make_counter(start: i64, step: i64) -> fn() -> i64:')
            self.emit('    mut count = start')
            self.emit('    return fn() -> i64:')
            self.emit('        count += step')
            self.emit('        return count')
            self.emit('fn make_adder(k: i32) -> fn(i32) -> i32:')
            self.emit('    return fn(x: i32) -> i32:')
            self.emit('        return x + k')
            self.emit('fn make_scaler(k: f64) -> fn(f64) -> f64:')
            self.emit('    return fn(x: f64) -> f64:')
            self.emit('        return x * k')

    def gen_globals(self):
        for _ in range(self.int(0, 3)):
            t = self.choice(NUM_TYPES + ['string'])
            name = self.fresh('g')
            self.emit('mut %s: %s = %s' % (name, t,
                                          self.literal(t, True).code))
            self.declare(Var(name, t, True, 'global'))

    def program(self):
        self.ctx = Ctx()
        self.max_depth = self.int(2, 4)
        self.raw_rate = self.choice([0, 0, 1, 3])
        self.wild = self.chance(35)
        self.gen_structs()
        self.gen_helpers()
        self.gen_globals()
        self.gen_functions()
        for _ in range(self.int(2, 6)):
            self.stmt_decl()
        for _ in range(self.int(3, 14)):
            self.stmt()
        self.emit('print("end")')
        return '\n'.join(self.lines) + '\n'


def generate(src, avoid=None):
    return Gen(src, avoid).program()


def program_strategy(avoid=None):
    """A hypothesis strategy for program texts."""
    from hypothesis import strategies as st

    @st.composite
    def programs(draw):
        return generate(HypothesisSource(draw), avoid)
    return programs()


if __name__ == '__main__':
    import sys
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    sys.stdout.write(generate(RandomSource(seed)))
