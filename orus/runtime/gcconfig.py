"""The garbage collector's defaults, chosen at translation time.

RPython's incminimark GC sizes its nursery from the L2 cache size it reads
from the machine.  On these VMs that reads as 480 MB, giving a 240 MB
nursery: every allocation touches fresh memory (page faults instead of
cache hits), and the first major collection waits for a 1.9 GB heap.  We
fix the defaults instead (measured with `make bench`, see
benchmarks/README.md):

* NURSERY: small enough to stay in the cache, so short-lived objects
  (struct_churn's temporaries, frames of compiled calls) are cheap;
* MIN_HEAP: the heap size below which no major collection happens; it is
  raised from 8 x nursery so that programs building large arrays
  (quicksort, sieve) do not pay for repeated major collections while they
  grow.

The usual environment variables still override both: PYPY_GC_NURSERY,
PYPY_GC_MIN (and PYPY_GC_MAJOR_COLLECT, PYPY_GC_GROWTH, PYPY_GC_MAX).
"""

from rpython.memory.gc import env as gcenv

NURSERY = 4 * 1024 * 1024
MIN_HEAP = 256 * 1024 * 1024

_read_uint_from_env = gcenv.read_uint_from_env


def estimate_best_nursery_size():
    return NURSERY


def read_uint_from_env(varname):
    value = _read_uint_from_env(varname)
    if value == 0 and varname == 'PYPY_GC_MIN':
        return MIN_HEAP
    return value


def configure_translation():
    """Install the defaults; called from target() before the GC is built."""
    gcenv.estimate_best_nursery_size = estimate_best_nursery_size
    gcenv.read_uint_from_env = read_uint_from_env
