"""Room on the C stack for deep Orus recursion.

Each Orus call nests a few C frames of the interpreter (or of JIT-compiled
code), so the binary raises its stack limit at start-up (the main thread's
stack grows on demand up to RLIMIT_STACK) and tells RPython's stack check
how much it may use.  The interpreter's own call-depth limit
(interpreter.MAX_DEPTH) is what programs normally hit; the RPython check is
the safety net that turns a real C stack exhaustion into `Stack overflow`."""

from rpython.rlib import rstack
from rpython.rlib.objectmodel import we_are_translated
from rpython.rtyper.lltypesystem import rffi, lltype
from rpython.translator.tool.cbuild import ExternalCompilationInfo

_C = r"""
#include <sys/resource.h>

long orus_raise_stack_limit(long want)
{
    struct rlimit rl;
    rlim_t target = (rlim_t)want;
    if (getrlimit(RLIMIT_STACK, &rl) != 0)
        return -1;
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= target)
        return want;
    if (rl.rlim_max != RLIM_INFINITY && target > rl.rlim_max)
        target = rl.rlim_max;
    rl.rlim_cur = target;
    if (setrlimit(RLIMIT_STACK, &rl) != 0)
        return -1;
    return (long)target;
}
"""

_eci = ExternalCompilationInfo(
    post_include_bits=['RPY_EXTERN long orus_raise_stack_limit(long);'],
    separate_module_sources=[_C])

_raise_stack_limit = rffi.llexternal('orus_raise_stack_limit', [lltype.Signed],
                                     lltype.Signed, compilation_info=_eci,
                                     _nowrapper=True)

# RPython's default stack allowance (src/stack.h MAX_STACK_SIZE on x86-64)
RPY_DEFAULT_STACK = 3 << 18
# The kernel keeps at least 128 MB free below the main thread's stack when it
# places other mappings, so that is as far as the stack can really grow.
WANTED_STACK = 96 * 1024 * 1024

# GC roots of every nested call live on RPython's shadow stack, which has a
# fixed size and no overflow check: it must hold MAX_DEPTH calls (about a
# dozen roots each) with room to spare.  Set at translation time (target()).
SHADOW_STACK_ENTRIES = 4 * 1024 * 1024


def configure_translation():
    from rpython.memory.gctransform.shadowstack import ShadowStackPool
    ShadowStackPool.root_stack_depth = SHADOW_STACK_ENTRIES


def setup_deep_stack():
    if not we_are_translated():
        return          # untranslated: orus/__main__.py uses a big thread stack
    got = _raise_stack_limit(WANTED_STACK)
    if got <= 0:
        return
    # leave a margin below the OS limit for signal handling and C helpers
    usable = got - (got >> 3)
    rstack._stack_set_length_fraction(float(usable) / float(RPY_DEFAULT_STACK))
