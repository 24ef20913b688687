"""Untranslated entry point: python2.7 -m orus FILE.orus

Runs the same code as the translated binary on CPython.  Orus recursion
nests several Python frames per Orus call, so the interpreter runs in a
thread with a large stack and a high recursion limit."""

import sys
import threading


def quiet_rpython_imports():
    """Importing RPython's JIT support warns on stderr that this is not a
    Mercurial checkout; the untranslated interpreter must print exactly what
    the binary prints, so silence that warning."""
    import rpython.tool.version
    rpython.tool.version.maywarn = lambda err, repo_type='Mercurial': None


def call_with_big_stack(fn):
    """fn() in a thread with a 1 GB stack and a high recursion limit; its
    result, or None if the thread died."""
    result = []

    def target():
        result.append(fn())

    sys.setrecursionlimit(1000000)
    threading.stack_size(1024 * 1024 * 1024)
    t = threading.Thread(target=target)
    t.start()
    t.join()
    if not result:
        return None
    return result[0]


def run_with_big_stack(argv):
    quiet_rpython_imports()

    def run():
        from orus.main import main
        return main(argv)
    status = call_with_big_stack(run)
    if status is None:
        return 70
    return status


if __name__ == '__main__':
    sys.exit(run_with_big_stack(sys.argv))
