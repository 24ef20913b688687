"""The JIT driver of the Orus interpreter loop.

Greens: the program counter and the Code object (both constant within a
trace, so every read of the bytecode folds away).  Red: the frame, which is
virtualizable: its three register files live in machine registers while a
trace runs.  `is_recursive` because Orus calls re-enter the portal."""

from rpython.rlib import jit

from orus.bytecode import OPNAMES
from jit import rpython_fixes

# before any trace is optimized (the translated JIT and the trace tests both
# import this module first)
rpython_fixes.apply()


def get_printable_location(pc, code):
    """How a merge point shows in PYPYLOG traces: file:line and opcode."""
    return '%s:%d %s' % (code.path, code.lines[pc], OPNAMES[code.bytecode[pc]])


driver = jit.JitDriver(greens=['pc', 'code'], reds=['frame'],
                       virtualizables=['frame'],
                       get_printable_location=get_printable_location,
                       is_recursive=True, name='orus')
