"""Orus programs for the JIT trace tests, compiled untranslated at import
time, and the RPython entry point that runs one of them.

Kept out of the test module so that pytest's assertion rewriting never
touches the RPython functions (TOOLCHAIN.md 3).  Every program defines
`fn run(n: i64) -> i64`; run_program(which, n) calls it."""

from orus.symbols import ModuleInfo
from orus.modules import Loader
from orus.interpreter import Frame, execute
from orus.main import execute_module

# a counting loop over i64: the loop must be integer ops only
LOOP_I64 = 0
# recursive fib: traced from the function start, recursion compiled
FIB = 1
# f64 arithmetic in a while loop
FLOAT_LOOP = 2
# a loop calling a small function: the call is inlined
CALL_IN_LOOP = 3
# not traced: uses closures, try/catch, strings, structs and enums so that
# the annotator sees every kind of prebuilt constant the interpreter reads
# (an empty prebuilt list would otherwise be annotated as impossible)
EVERYTHING = 4
# a sum over an [f64] array
FLOAT_ARRAY_SUM = 5
# a loop reading and writing numeric struct fields
STRUCT_FIELDS = 6
# a loop calling a closure held in a local variable
CLOSURE_CALL = 7
# a loop calling a function value passed through an unannotated parameter
FUNCTION_VALUE_CALL = 8
# the anchor benchmarks' hot loops, scaled down (benchmarks/*/NAME.orus)
BENCH_LOOP_SUM = 9
BENCH_MANDELBROT = 10
BENCH_SIEVE = 11
# a method call on a struct inside a loop
METHOD_CALL = 12
# ordered float comparisons with NaN: `not (x <= y)` is not `x > y`
NAN_COMPARE = 13
# a loop with a run-time step whose counter is compared with a constant: the
# guard on the counter must not fix the step (jit/rpython_fixes.py)
VARIABLE_STEP = 14

SOURCES = [
    """
fn run(n: i64) -> i64:
    mut total: i64 = 0
    mut i: i64 = 0
    while i < n:
        total = total + i * 2
        i = i + 1
    return total
""",
    """
fn fib(n: i32) -> i32:
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)

fn run(n: i64) -> i64:
    return fib(n as i32) as i64
""",
    """
fn run(n: i64) -> i64:
    mut x: f64 = 0.0
    mut i: i64 = 0
    while i < n:
        x = x * 0.5 + (i as f64) * 0.25
        i = i + 1
    return x as i64
""",
    """
fn step(acc: i64, k: i64) -> i64:
    return acc + k * 3 - 1

fn run(n: i64) -> i64:
    mut acc: i64 = 0
    for k in 0..(n as i32):
        acc = step(acc, k as i64)
    return acc
""",
    """
struct P:
    x: f64
    name: string

enum E:
    A
    B(i32)

fn run(n: i64) -> i64:
    mut count = 0
    bump = fn() -> i32:
        count += 1
        return count
    p = P{ x: 1.5, name: "p" }
    e = E.B(3)
    try:
        bump()
        print(p.name, p.x, e, E.A, [1, 2, 3,], [0.5, 1.5,], ["a", "b",])
    catch err:
        print(err)
    return n + (count as i64)
""",
    """
fn run(n: i64) -> i64:
    mut a: [f64] = []
    for i in 0..(n as i32):
        push(a, (i as f64) * 0.5)
    mut s: f64 = 0.0
    mut k = 0
    while k < len(a):
        s = s + a[k]
        k = k + 1
    return s as i64
""",
    """
struct Acc:
    total: i64
    count: i32
    scale: f64

fn run(n: i64) -> i64:
    acc = Acc{ total: 0, count: 0, scale: 1.0 }
    mut i: i64 = 0
    while i < n:
        acc.total = acc.total + i
        acc.count = acc.count + 1
        acc.scale = acc.scale * 0.5 + 1.0
        i = i + 1
    return acc.total + (acc.count as i64) + (acc.scale as i64)
""",
    """
fn run(n: i64) -> i64:
    mut base: i64 = 3
    add = fn(x: i64) -> i64:
        return x + base
    mut s: i64 = 0
    mut i: i64 = 0
    while i < n:
        s = add(s) - 2
        i = i + 1
    return s
""",
    """
fn apply(f, v: i64) -> i64:
    return f(v)

fn run(n: i64) -> i64:
    step = fn(x: i64) -> i64:
        return x + 1
    mut s: i64 = 0
    mut i: i64 = 0
    while i < n:
        s = apply(step, s)
        i = i + 1
    return s
""",
    """
WRAP: i64 := 1_000_000_000_000

fn run(n: i64) -> i64:
    mut x: i64 = 0
    for i in 0..(n as i32):
        x = x + (i as i64) * 2 - 1
        if x > WRAP:
            x = x - WRAP
    return x
""",
    """
MAX_ITER: i32 := 100

fn run(n: i64) -> i64:
    w: i32 = n as i32
    mut total: i64 = 0
    for y in 0..w:
        ci: f64 = 2.0 * (y as f64) / (w as f64) - 1.0
        for x in 0..w:
            cr: f64 = 2.5 * (x as f64) / (w as f64) - 2.0
            mut zr: f64 = 0.0
            mut zi: f64 = 0.0
            mut i: i32 = 0
            while i < MAX_ITER and zr * zr + zi * zi <= 4.0:
                t: f64 = zr * zr - zi * zi + cr
                zi = 2.0 * zr * zi + ci
                zr = t
                i = i + 1
            total = total + (i as i64)
    return total
""",
    """
fn run(n: i64) -> i64:
    m: i32 = n as i32
    mut flags: [bool] = [true] * (m + 1)
    flags[0] = false
    flags[1] = false
    mut i: i32 = 2
    while i * i <= m:
        if flags[i]:
            for j in (i * i)..(m + 1)..i:
                flags[j] = false
        i = i + 1
    mut count: i32 = 0
    for k in 0..(m + 1):
        if flags[k]:
            count = count + 1
    return count as i64
""",
    """
struct Counter:
    total: i64
    step: i64

impl Counter:
    fn add(self, k: i64):
        self.total = self.total + k * self.step

fn run(n: i64) -> i64:
    c = Counter{ total: 0, step: 3 }
    mut i: i64 = 0
    while i < n:
        c.add(i)
        i = i + 1
    return c.total
""",
    """
fn run(n: i64) -> i64:
    inf = 1e308 * 10.0
    xs: [f64] = [2.0, inf - inf]
    mut count: i64 = 0
    mut i: i64 = 0
    while i < n:
        mut x = xs[i % 2]
        if x <= 1.5:
            count = count + 1000
        if x > 1.5:
            count = count + 1
        i = i + 1
    return count
""",
    """
fn run(n: i64) -> i64:
    z = 0
    mut total: i64 = 0
    mut iterations: i64 = 0
    for r in 0..(n as i32):
        step = 1
        for i in 0..6..step:
            if i == 3:
                total = total + 100
            try:
                v = 1 / z
            catch e:
                total = total + 1
            iterations = iterations + 1
            if iterations > 1000:
                return -1       // the miscompiled loop never ends
    return total
""",
]


def compile_run_function(source):
    m = ModuleInfo('', 'jit_test.orus', source)
    loader = Loader('', '', execute_module)
    loader.prepare(m)
    execute_module(m)
    for fn in m.functions:
        if fn.is_toplevel and fn.name == 'run':
            return fn.w_func
    raise ValueError('no run function')


FUNCS = [compile_run_function(src) for src in SOURCES]


def run_program(which, n):
    w_func = FUNCS[which]
    code = w_func.code
    frame = Frame(code, w_func)
    frame.ints[code.param_regs[0]] = n
    execute(frame)
    return frame.ret_i
