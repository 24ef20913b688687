"""Loading files: `use` resolution (semantics.md 8), and the pipeline that
turns one file into checked, compiled and executed code."""

import os
import stat

from rpython.rlib import rpath
from rpython.rlib import rstackovf

from orus import errors as E
from orus.errors import CompileError
from orus.parser import parse
from orus.checker import Checker, too_complex
from orus.compiler import ModuleCompiler
from orus.symbols import ModuleInfo
from orus import ast


class CompileFailure(Exception):
    """One or more diagnostics of a file (each carries its path)."""

    def __init__(self, errors):
        self.errors = errors


def read_file(path):
    """The bytes of a file, or None if it cannot be read as a regular file."""
    try:
        fd = os.open(path, os.O_RDONLY, 0)
    except OSError:
        return None
    try:
        try:
            st = os.fstat(fd)
        except OSError:
            return None
        if stat.S_ISDIR(st.st_mode):
            return None
        chunks = []
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return None
            if not data:
                break
            chunks.append(data)
        return ''.join(chunks)
    finally:
        os.close(fd)


def dirname(path):
    i = path.rfind('/')
    if i < 0:
        return '.'
    if i == 0:
        return '/'
    assert i > 0
    return path[:i]


def join(a, b):
    if not a or a == '.':
        return b
    if a.endswith('/'):
        return a + b
    return a + '/' + b


def is_file(path):
    try:
        st = os.stat(path)
    except OSError:
        return False
    import stat
    return stat.S_ISREG(st.st_mode)


class Loader(object):
    """Finds, compiles and runs modules; each file once per run."""

    def __init__(self, runtime_dir, oruspath, execute):
        self.runtime_dir = runtime_dir
        self.oruspath = oruspath
        self.execute = execute          # function(ModuleInfo) that runs top-level code
        self.cache = {}                 # normalized path -> ModuleInfo
        self.loading = {}               # normalized paths being loaded (cycles)
        self.importer_dirs = []         # stack: directory of the file being prepared

    def candidates(self, rel):
        """(path, label) pairs in the order of semantics.md 8.2."""
        out = []
        labels = []
        out.append(rel)
        labels.append('current working directory')
        if self.importer_dirs:
            out.append(join(self.importer_dirs[len(self.importer_dirs) - 1], rel))
            labels.append('importer directory')
        if self.runtime_dir:
            out.append(join(self.runtime_dir, rel))
            labels.append('runtime directory')
        if self.oruspath:
            for entry in self.oruspath.split(':'):
                if entry:
                    out.append(join(entry, rel))
                    labels.append('ORUSPATH entry')
        return out, labels

    def load_module(self, path_parts, line, col):
        dotted = '.'.join(path_parts)
        rel = '/'.join(path_parts) + '.orus'
        paths, labels = self.candidates(rel)
        found = ''
        for p in paths:
            if is_file(p):
                found = p
                break
        if not found:
            lines = ["Unable to resolve module '%s'. Normalized path '%s'." % (dotted, rel),
                     'Search roots tried:']
            for i in range(len(paths)):
                lines.append('  - %s (%s)' % (paths[i], labels[i]))
            lines.append('Hint: Set the ORUSPATH environment variable to add additional module directories.')
            raise CompileError(E.E_IMPORT, '\n'.join(lines), line, col)
        key = rpath.rnormpath(rpath.rabspath(found))
        m = self.cache.get(key, None)
        if m is not None:
            return m
        if key in self.loading:
            raise CompileError(E.E_IMPORT, "Module '%s' is part of an import cycle" % dotted,
                               line, col)
        self.loading[key] = True
        try:
            source = read_file(found)
            if source is None:
                raise CompileError(E.E_IMPORT, "Could not read module '%s' from '%s'"
                                   % (dotted, found), line, col)
            m = ModuleInfo(dotted, found, source)
            m.is_main = False
            self.prepare(m)
            self.cache[key] = m
            self.execute(m)
        finally:
            del self.loading[key]
        return m

    def prepare(self, m):
        """Parse, load used modules, check and compile one file.  Raises
        CompileFailure with every diagnostic found."""
        try:
            tree = parse(m.source)
        except CompileError as e:
            fill_path(e, m)
            raise CompileFailure([e])
        # modules named by `use` run before this file is checked (semantics.md 0)
        self.importer_dirs.append(dirname(m.path))
        try:
            for stmt in tree.body:
                if isinstance(stmt, ast.Use):
                    try:
                        self.load_module(stmt.path, stmt.line, stmt.col)
                    except CompileError as e:
                        fill_path(e, m)
                        raise CompileFailure([e])
            checker = Checker(m, self)
            errs = checker.check_module(tree)
        finally:
            self.importer_dirs.pop()
        if errs:
            for e in errs:
                fill_path(e, m)
            raise CompileFailure(errs)
        try:
            compiler = ModuleCompiler(m)
            try:
                compiler.compile()
            except rstackovf.StackOverflow:
                rstackovf.check_stack_overflow()
                line, col = compiler.current_location()
                raise too_complex(line, col)
        except CompileError as e:
            fill_path(e, m)
            raise CompileFailure([e])


def fill_path(e, m):
    if not e.path:
        e.path = m.path
        e.source = m.source
