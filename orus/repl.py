"""The interactive loop: `orus` with no file.

Every input (a line, or a block: a line ending in ':' and the following lines
up to an empty one) is parsed, checked and compiled as more top-level code of
one module, then run.  Definitions persist across inputs; the value of an
expression input is shown; errors are reported and the session goes on; end
of input ends it.
"""

from orus import ast
from orus import errors as E
from orus.errors import CompileError, OrusError
from orus.parser import parse
from orus.checker import Checker, CheckAbort
from orus.compiler import ModuleCompiler
from orus.symbols import ModuleInfo, SYM_VAR
from orus.modules import Loader, CompileFailure, fill_path
from orus.interpreter import Frame, execute, STATE
from orus import types as T
from orus.runtime import io

PROMPT = 'orus> '
CONTINUATION = '...   '
PATH = '<stdin>'


class ReplSession(object):
    def __init__(self, loader, color, interactive):
        self.loader = loader
        self.color = color
        self.interactive = interactive
        self.module = ModuleInfo('', PATH, '')
        self.checker = Checker(self.module, loader)

    def prompt(self, text):
        if self.interactive:
            io.write_stdout(text)

    def read_input(self):
        """The next input, or None at end of input."""
        self.prompt(PROMPT)
        line = io.read_line()
        if line is None:
            return None
        text = line
        stripped = line.rstrip()
        if stripped.endswith(':'):
            while True:
                self.prompt(CONTINUATION)
                more = io.read_line()
                if more is None or more.strip() == '':
                    break
                text = text + '\n' + more
        return text

    def run(self):
        while True:
            text = self.read_input()
            if text is None:
                if self.interactive:
                    io.write_stdout('\n')
                return 0
            if text.strip() == '':
                continue
            self.run_input(text)

    def run_input(self, text):
        m = self.module
        m.source = text
        snapshot = Snapshot(m)
        try:
            tree = parse(text)
            for stmt in tree.body:
                if isinstance(stmt, ast.Use):
                    self.loader.load_module(stmt.path, stmt.line, stmt.col)
            errors = self.checker.check_module(tree)
        except CompileError as e:
            fill_path(e, m)
            snapshot.restore(m)
            self.report([e])
            return
        except CompileFailure as f:
            snapshot.restore(m)
            self.report(f.errors)
            return
        if errors:
            for e in errors:
                fill_path(e, m)
            snapshot.restore(m)
            self.report(errors)
            return
        echo_last_value(tree)
        try:
            code = ModuleCompiler(m).compile()
        except CompileError as e:
            fill_path(e, m)
            snapshot.restore(m)
            self.report([e])
            return
        freeze(m)
        STATE.depth = 0
        try:
            execute(Frame(code, None))
        except OrusError as e:
            io.write_stderr(E.render(e.error_code(), e.message, e.path, e.line,
                                     e.col, e.source, self.color))

    def report(self, errors):
        parts = []
        for e in errors:
            if e.unframed:
                parts.append(E.render_unframed(e.message))
            else:
                parts.append(E.render(e.code, e.message, e.path, e.line, e.col,
                                      e.source, self.color))
        io.write_stderr(''.join(parts))


class Snapshot(object):
    """What an input that fails to compile must not leave behind."""

    def __init__(self, m):
        self.names = {}
        for k in m.scope.names:
            self.names[k] = m.scope.names[k]
        self.exports = {}
        for k in m.exports:
            self.exports[k] = m.exports[k]
        self.nfunctions = len(m.functions)
        self.nglobals = len(m.globals)
        self.nstructs = len(m.structs)
        self.nenums = len(m.enums)

    def restore(self, m):
        m.scope.names = self.names
        m.exports = self.exports
        del m.functions[self.nfunctions:]
        del m.globals[self.nglobals:]
        del m.structs[self.nstructs:]
        del m.enums[self.nenums:]


def echo_last_value(tree):
    """An expression input shows its value (unless it is an assignment or a
    call without a result)."""
    body = tree.body
    if len(body) == 0:
        return
    last = body[len(body) - 1]
    if not isinstance(last, ast.ExprStmt):
        return
    e = last.expr
    if isinstance(e, ast.Assign) or e.ty is None:
        return
    if T.prune(e.ty).kind == T.K_VOID:
        return
    if isinstance(e, ast.Call):
        fn = e.fn
        if fn is not None and (fn.is_void or fn.may_miss_result):
            return
        e.value_used = True
    body[len(body) - 1] = ast.Echo(e, last.line, last.col)


def freeze(m):
    """Inputs that ran keep their representations: later inputs convert
    values into them instead of recompiling what already ran."""
    for sym in m.globals:
        sym.frozen = True
    for fn in m.functions:
        if fn.is_toplevel:
            fn.frozen = True
