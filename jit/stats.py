"""`--jit-stats`: what the JIT did during a run, printed at exit.

A JitHookInterface (handed to the JIT only through targetorus.jitpolicy)
counts compilations and aborts and remembers which Orus source line each
compiled loop belongs to; the JIT's own counters give tracing and backend
times; per-loop run counters (enabled by enable() when --jit-stats is given)
give the hottest loops.

The hooks are annotated late, during JIT generation: every field they write
is also written by reset() with non-constant values of the same types,
otherwise translation fails (TOOLCHAIN.md 5)."""

import os

from rpython.rlib import jit
from rpython.rlib.jit import Counters
from rpython.rlib.nonconst import NonConstant
from rpython.rlib.objectmodel import we_are_translated, compute_unique_id
from rpython.rlib.rstring import StringBuilder, assert_str0
from rpython.rlib import rfloat
from rpython.rtyper.annlowlevel import cast_base_ptr_to_instance
from rpython.rtyper.lltypesystem import lltype
from rpython.rtyper.rclass import OBJECT

from orus.bytecode import Code, OPNAMES


def runtime_zero():
    """0 that the annotator cannot fold into a constant."""
    if we_are_translated():
        return NonConstant(0)
    return 0


def runtime_signed():
    """A signed int the annotator cannot fold (ids may be negative)."""
    if we_are_translated():
        return NonConstant(-1)
    return -1


def runtime_text():
    if we_are_translated():
        return NonConstant('')
    return ''


class JitStats(object):
    def __init__(self):
        self.enabled = False
        self.jit_available = False       # set by target() for -Ojit builds
        self.loops = 0
        self.entry_bridges = 0
        self.bridges = 0
        self.aborts = 0
        self.too_long = 0
        self.label_ids = []              # unique ids of loop labels ...
        self.label_locs = []             # ... and their Orus location
        self.entry_ids = []              # numbers of function-entry traces ...
        self.entry_locs = []             # ... and their Orus location

    def reset(self):
        self.loops = runtime_zero()
        self.entry_bridges = runtime_zero()
        self.bridges = runtime_zero()
        self.aborts = runtime_zero()
        self.too_long = runtime_zero()
        self.label_ids = [runtime_signed()]
        self.label_locs = [runtime_text()]
        self.entry_ids = [runtime_signed()]
        self.entry_locs = [runtime_text()]
        del self.label_ids[:]
        del self.label_locs[:]
        del self.entry_ids[:]
        del self.entry_locs[:]

    def location_of(self, kind, number):
        if kind == 'l':
            ids = self.label_ids
            locs = self.label_locs
        else:
            ids = self.entry_ids
            locs = self.entry_locs
        for i in range(len(ids)):
            if ids[i] == number:
                return locs[i]
        return '?'


STATS = JitStats()


def location_of_greenkey(greenkey):
    """'file:line OPCODE' of a trace's start.  (debug_info's own
    get_greenkey_repr() is only filled in when PYPYLOG is on.)"""
    if greenkey is None or len(greenkey) != 2:
        return '?'
    pc = greenkey[0].getint()
    ll_code = lltype.cast_opaque_ptr(lltype.Ptr(OBJECT),
                                     greenkey[1].getref_base())
    code = cast_base_ptr_to_instance(Code, ll_code)
    if code is None or pc < 0 or pc >= len(code.lines):
        return '?'
    # get_printable_location's own text; not a call to it, whose pc is
    # annotated non-negative and must stay so
    text = '%s:%d %s' % (code.path, code.lines[pc], OPNAMES[code.bytecode[pc]])
    return assert_str0(text)      # the same annotation as reset()'s seed


class OrusJitHooks(jit.JitHookInterface):
    """Never referenced by interpreter code: only from jitpolicy()."""

    def after_compile(self, debug_info):
        if debug_info.type == 'loop':
            STATS.loops += 1
        else:
            STATS.entry_bridges += 1
        loc = location_of_greenkey(debug_info.greenkey)
        if debug_info.type != 'loop':
            STATS.entry_ids.append(debug_info.looptoken.number)
            STATS.entry_locs.append(loc)
        from rpython.jit.metainterp.resoperation import rop
        for op in debug_info.operations:
            if op.getopnum() == rop.LABEL:
                STATS.label_ids.append(compute_unique_id(op.getdescr()))
                STATS.label_locs.append(loc)

    def after_compile_bridge(self, debug_info):
        STATS.bridges += 1

    def on_abort(self, reason, jitdriver, greenkey, greenkey_repr, logops,
                 operations):
        STATS.aborts += 1

    def on_trace_too_long(self, jitdriver, greenkey, greenkey_repr):
        STATS.too_long += 1


HOOKS = OrusJitHooks()


def enable():
    """Called for --jit-stats before the program runs.  The backend puts run
    counters into compiled code only while it logs (compile.py: `log =
    have_debug_prints() or jitlog_enabled()`), so a jitlog is opened on
    /dev/null: it costs a little compile time, never run time beyond the
    counters themselves."""
    STATS.enabled = True
    if we_are_translated() and STATS.jit_available:
        from rpython.rlib import jit_hooks
        from rpython.rlib.rjitlog import rjitlog
        jit_hooks.stats_set_debug(None, True)
        try:
            fd = os.open('/dev/null', os.O_WRONLY, 0)
            rjitlog.enable_jitlog(fd)
        except (OSError, rjitlog.JitlogError):
            pass        # no per-loop counts, the rest of the report stands


class Report(object):
    def __init__(self):
        self.tracing_time = 0.0
        self.backend_time = 0.0
        self.traces = 0
        self.total_loops = 0
        self.total_bridges = 0
        self.bridge_entries = 0
        self.hot_counts = []
        self.hot_locs = []


HOT_LIMIT = 10


def collect():
    r = Report()
    started = (STATS.loops + STATS.entry_bridges + STATS.bridges +
               STATS.aborts + STATS.too_long) > 0
    # the JIT's profiler exists only once it has traced something: reading
    # its counters earlier crashes (TOOLCHAIN.md 5)
    if we_are_translated() and STATS.jit_available and started:
        from rpython.rlib import jit_hooks
        r.tracing_time = jit_hooks.stats_get_times_value(None, Counters.TRACING)
        r.backend_time = jit_hooks.stats_get_times_value(None, Counters.BACKEND)
        r.traces = jit_hooks.stats_get_counter_value(None, Counters.TRACING)
        r.total_loops = jit_hooks.stats_get_counter_value(None, Counters.TOTAL_COMPILED_LOOPS)
        r.total_bridges = jit_hooks.stats_get_counter_value(None, Counters.TOTAL_COMPILED_BRIDGES)
        runs = jit_hooks.stats_get_loop_run_times(None)
        for i in range(len(runs)):
            kind = runs[i].type
            count = runs[i].counter
            if kind == 'b':
                r.bridge_entries += count
            elif kind == 'l':
                add_hot(r, count, STATS.location_of('l', runs[i].number))
            elif kind == 'e':
                # a function compiled from its start: its calls
                loc = STATS.location_of('e', runs[i].number)
                if loc != '?':
                    add_hot(r, count, loc + ' (function entries)')
        while len(r.hot_counts) > HOT_LIMIT:
            r.hot_counts.pop()
            r.hot_locs.pop()
    return r


def add_hot(r, count, loc):
    """Insert a run count, keeping the list sorted (collect() keeps the
    HOT_LIMIT highest).  A loop's two labels (the peeled first iteration's
    and the loop's) are one location: their counts add up."""
    for k in range(len(r.hot_locs)):
        if r.hot_locs[k] == loc:
            count += r.hot_counts[k]
            del r.hot_counts[k]
            del r.hot_locs[k]
            break
    i = len(r.hot_counts)
    r.hot_counts.append(count)
    r.hot_locs.append(loc)
    while i > 0 and r.hot_counts[i - 1] < r.hot_counts[i]:
        r.hot_counts[i - 1], r.hot_counts[i] = r.hot_counts[i], r.hot_counts[i - 1]
        r.hot_locs[i - 1], r.hot_locs[i] = r.hot_locs[i], r.hot_locs[i - 1]
        i -= 1


def pad_left(s, width):
    if len(s) >= width:
        return s
    return ' ' * (width - len(s)) + s


def seconds(x):
    return rfloat.formatd(x, 'f', 6)


def format_text():
    r = collect()
    b = StringBuilder()
    b.append('JIT statistics\n')
    b.append('  loops compiled:      %d\n' % STATS.loops)
    b.append('  entry bridges:       %d  (functions compiled from their start)\n'
             % STATS.entry_bridges)
    b.append('  bridges compiled:    %d\n' % STATS.bridges)
    b.append('  bridge entries:      %d  (guard failures continuing in a bridge)\n'
             % r.bridge_entries)
    b.append('  aborted traces:      %d  (trace too long: %d)\n'
             % (STATS.aborts, STATS.too_long))
    b.append('  tracing:             %d traces, %s s\n' % (r.traces, seconds(r.tracing_time)))
    b.append('  backend:             %s s\n' % seconds(r.backend_time))
    if not STATS.jit_available:
        b.append('  (no JIT in this run: untranslated, or built without -Ojit)\n')
    b.append('  hottest loops and functions (runs, Orus location):\n')
    if len(r.hot_counts) == 0:
        b.append('    none\n')
    for i in range(len(r.hot_counts)):
        b.append('    ' + pad_left(str(r.hot_counts[i]), 12) + '  ' + r.hot_locs[i] + '\n')
    return b.build()


def json_string(s):
    b = StringBuilder()
    b.append('"')
    for c in s:
        if c == '"' or c == '\\':
            b.append('\\')
            b.append(c)
        elif ord(c) < 32:
            b.append('\\u00')
            b.append('0123456789abcdef'[ord(c) >> 4])
            b.append('0123456789abcdef'[ord(c) & 15])
        else:
            b.append(c)
    b.append('"')
    return b.build()


def format_json():
    r = collect()
    b = StringBuilder()
    b.append('{"loops": %d, "entry_bridges": %d, "bridges": %d, '
             % (STATS.loops, STATS.entry_bridges, STATS.bridges))
    b.append('"bridge_entries": %d, "aborts": %d, "aborts_trace_too_long": %d, '
             % (r.bridge_entries, STATS.aborts, STATS.too_long))
    b.append('"traces": %d, "tracing_seconds": %s, "backend_seconds": %s, '
             % (r.traces, seconds(r.tracing_time), seconds(r.backend_time)))
    b.append('"hottest_loops": [')
    for i in range(len(r.hot_counts)):
        if i > 0:
            b.append(', ')
        b.append('{"iterations": %d, "location": %s}'
                 % (r.hot_counts[i], json_string(r.hot_locs[i])))
    b.append(']}\n')
    return b.build()
