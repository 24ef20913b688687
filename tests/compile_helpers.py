"""Helpers for the checker and compiler unit tests: run the pipeline on a
source string without executing it."""

from orus.parser import parse
from orus.checker import Checker
from orus.compiler import ModuleCompiler
from orus.symbols import ModuleInfo
from orus.bytecode import OPNAMES, instr_length


class NoModules(object):
    def load_module(self, path, line, col):
        raise AssertionError('no modules in unit tests')


def check_source(source):
    """(ModuleInfo, list of CompileError) after checking."""
    m = ModuleInfo('', 'test.orus', source)
    errors = Checker(m, NoModules()).check_module(parse(source))
    return m, errors


def check_errors(source):
    return [e.message for e in check_source(source)[1]]


def compile_source(source):
    m, errors = check_source(source)
    assert errors == [], [e.message for e in errors]
    ModuleCompiler(m).compile()
    return m


def function(m, name):
    for fn in m.functions:
        if fn.name == name:
            return fn
    raise KeyError(name)


def opnames(code):
    """The opcode names of a code object, in order."""
    names = []
    pc = 0
    bc = code.bytecode
    while pc < len(bc):
        names.append(OPNAMES[bc[pc]])
        pc += instr_length(bc, pc)
    return names
