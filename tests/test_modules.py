"""Module resolution and module diagnostics (semantics.md 8, errors.md 5.5).

These checks cannot be plain program files: their diagnostics name paths
that depend on where the files live (the importer's directory, a module's
own path), or they need a particular working directory or ORUSPATH.  Each
test builds its files in a fresh temporary directory and runs the program
in-process (tests/programs.py run_untranslated) from a scratch directory.
"""

import os
import shutil
import tempfile

import pytest

from tests.programs import run_untranslated

HINT = 'Hint: Set the ORUSPATH environment variable to add additional module directories.'


@pytest.fixture
def tree():
    """A temporary directory; tree.write('a/b.orus', text) creates a file."""
    root = os.path.realpath(tempfile.mkdtemp(prefix='orus_mod_'))

    class Tree(object):
        path = root

        def write(self, rel, text):
            full = os.path.join(root, rel)
            d = os.path.dirname(full)
            if not os.path.isdir(d):
                os.makedirs(d)
            with open(full, 'w') as f:
                f.write(text)
            return full

        def dir(self, rel):
            full = os.path.join(root, rel)
            if not os.path.isdir(full):
                os.makedirs(full)
            return full

    yield Tree()
    shutil.rmtree(root, ignore_errors=True)


def run(path, cwd=None, env=None, stdin=b''):
    """(status, stdout, stderr) as text; ORUSPATH is unset unless given."""
    environ = {'ORUSPATH': None}
    if env:
        environ.update(env)
    scratch = None
    if cwd is None:
        scratch = tempfile.mkdtemp(prefix='orus_cwd_')
        cwd = scratch
    try:
        status, out, err = run_untranslated(path, stdin, cwd, env=environ)
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    return status, out.decode('utf-8'), err.decode('utf-8')


def frame(category, title, path, line, col, source, message, extra=()):
    """The diagnostic layout of errors.md 3 (no colors)."""
    n = max(0, min(60 - len(category) - len(title) - 4, 50))
    lines = ['-- %s: %s %s %s:%d:%d' % (category, title, '-' * n, path, line, col), '']
    lines.append('%3d | %s' % (line, source))
    lines.append('      | ' + ' ' * (col - 1) + '^ ' + message)
    lines.append('      |')
    lines.append('      = ' + message)
    for e in extra:
        lines.append('      = ' + e)
    lines.append('')
    return '\n'.join(lines) + '\n'


def split_header(err):
    """(header location path, rest of stderr after the header line)."""
    first, rest = err.split('\n', 1)
    assert first.startswith('-- '), err
    location = first.rsplit(' ', 1)[1]
    path, line, col = location.rsplit(':', 2)
    return path, first, rest


def error_located_in(main, module, status, out):
    """Run main, which must end with `status` and stdout `out` and a
    diagnostic whose header names `module`; (path, first, rest, stderr)."""
    got_status, got_out, err = run(main)
    assert got_status == status
    assert got_out == out
    path, first, rest = split_header(err)
    assert os.path.samefile(path, module)
    return path, first, rest, err


# --- missing modules -------------------------------------------------------

def missing_module_lines(err):
    """The lines of the module-resolution message (first occurrence)."""
    start = err.index("Unable to resolve module")
    end = err.index(HINT, start) + len(HINT)
    return err[start:end].split('\n')


def test_missing_module_message(tree):
    main = tree.write('app/main.orus', 'print("never")\nuse no.such.module\n')
    status, out, err = run(main)
    assert status == 65
    assert out == ''
    lines = missing_module_lines(err)
    assert lines[0] == ("Unable to resolve module 'no.such.module'. "
                        "Normalized path 'no/such/module.orus'.")
    assert lines[1] == 'Search roots tried:'
    assert lines[-1] == HINT
    places = lines[2:-1]
    # at least the working directory and the importer's directory, in that order
    assert len(places) >= 2
    for p in places:
        assert p.startswith('  - ') and p.endswith(')'), p
    assert places[0].endswith(' (current working directory)')
    assert 'no/such/module.orus' in places[0]
    importer = os.path.join(tree.path, 'app', 'no', 'such', 'module.orus')
    assert places[1] == '  - %s (importer directory)' % importer
    labels = [p[p.rindex(' ('):] for p in places]
    assert labels[2:] in ([], [' (runtime directory)'])
    # the frame: module error at the `use`, message printed once in the
    # caret line and once after `=`, then the trailer
    assert err.startswith('-- MODULE ERROR: Failed to use this module ')
    path, first, rest = split_header(err)
    assert first.endswith(' %s:2:1' % main)
    assert '  2 | use no.such.module\n      | ^ Unable to resolve module' in err
    assert err.count("Unable to resolve module 'no.such.module'") == 2
    assert '      = help' not in err and '      = note' not in err
    assert err.endswith('\nCompilation failed for "%s".\n' % main)


def test_missing_module_lists_oruspath_entries(tree):
    main = tree.write('main.orus', 'use pkg.thing as t\nprint(t.x)\n')
    a = tree.dir('first')
    b = tree.dir('second')
    status, out, err = run(main, env={'ORUSPATH': '%s:%s' % (a, b)})
    assert status == 65
    assert out == ''
    places = missing_module_lines(err)[2:-1]
    assert places[-2:] == ['  - %s/pkg/thing.orus (ORUSPATH entry)' % a,
                           '  - %s/pkg/thing.orus (ORUSPATH entry)' % b]
    assert places[0].endswith('pkg/thing.orus (current working directory)')
    assert places[1] == '  - %s/pkg/thing.orus (importer directory)' % tree.path


def test_missing_module_message_is_not_truncated(tree):
    # compatibility.md C40: long search lists are printed in full
    deep = 'd' * 60 + '/' + 'e' * 60 + '/' + 'f' * 60
    main = tree.write(deep + '/main.orus',
                      'use some.rather.long.module.name.that.is.missing\n')
    status, out, err = run(main, env={'ORUSPATH': tree.dir('x' * 80)})
    assert status == 65
    lines = missing_module_lines(err)
    assert lines[-1] == HINT
    assert any(l.endswith('(ORUSPATH entry)') for l in lines)
    assert len('\n'.join(lines)) > 255


def test_missing_module_inside_a_module_names_that_module(tree):
    main = tree.write('main.orus', 'use lib.outer\nprint("never")\n')
    outer = tree.write('lib/outer.orus', 'print("never either")\nuse inner_missing\n')
    path, first, rest, err = error_located_in(main, outer, 65, '')
    assert first.startswith('-- MODULE ERROR: Failed to use this module ')
    assert first.endswith(':2:1')
    lines = missing_module_lines(err)
    assert lines[0] == ("Unable to resolve module 'inner_missing'. "
                        "Normalized path 'inner_missing.orus'.")
    # the importer directory of a module is the module's own directory
    assert '  - %s/lib/inner_missing.orus (importer directory)' % tree.path in lines
    assert err.endswith('\nCompilation failed for "%s".\n' % main)


# --- diagnostics located in a module ---------------------------------------

def test_compile_error_in_module_uses_module_path(tree):
    main = tree.write('main.orus', 'use lib.bad\nprint("main")\n')
    bad = tree.write('lib/bad.orus', 'pub fn f() -> i32:\n    return "text"\n')
    path, first, rest, err = error_located_in(main, bad, 65, '')
    expected = frame('TYPE MISMATCH', 'Type mismatch found', path, 2, 12,
                     '    return "text"',
                     'this is a `string`, but `i32` was expected',
                     ["help: Try converting one value to match the other's type, "
                      "like `x as string` or `y as i32`.",
                      'note: Orus keeps types separate to help prevent unexpected '
                      'behavior and bugs.'])
    assert err == expected + 'Compilation failed for "%s".\n' % main


def test_syntax_error_in_module_uses_module_path(tree):
    main = tree.write('main.orus', 'use helpers.broken: f\nprint(f())\n')
    broken = tree.write('helpers/broken.orus', 'pub fn f() -> i32:\n    return $\n')
    path, first, rest, err = error_located_in(main, broken, 65, '')
    assert first.startswith("-- SYNTAX ERROR: This syntax isn't quite right ")
    assert first.endswith(':2:12')
    assert '  2 |     return $\n' in rest
    assert 'Unexpected character.' in rest
    assert err.endswith('Compilation failed for "%s".\n' % main)


def test_runtime_error_in_module_function_uses_module_path(tree):
    main = tree.write('main.orus',
                      'use lib.calc: ratio\nprint(ratio(6, 3))\nprint(ratio(1, 0))\n'
                      'print("never")\n')
    calc = tree.write('lib/calc.orus',
                      'pub fn ratio(a: i32, b: i32) -> i32:\n    return a / b\n')
    path, first, rest, err = error_located_in(main, calc, 70, '2\n')
    expected = frame('RUNTIME PANIC', 'Oh no! You tried to divide by zero', path,
                     2, 14, '    return a / b', 'Division by zero',
                     ["help: Add a check before dividing to make sure the number "
                      "isn't zero.",
                      'note: Division by zero is mathematically undefined.'])
    assert err == expected


def test_runtime_error_in_module_top_level_code(tree):
    # module code runs before the importing file; an uncaught error there ends
    # the program (exit 70) with the module's output kept
    main = tree.write('main.orus', 'use lib.failing\nprint("main never runs")\n')
    failing = tree.write('lib/failing.orus',
                         'print("failing: start")\nvalues = [1, 2,]\nprint(values[2])\n')
    path, first, rest, err = error_located_in(main, failing, 70, 'failing: start\n')
    expected = frame('RUNTIME PANIC', 'Index is outside the valid range', path,
                     3, 13, 'print(values[2])', 'Array index out of bounds',
                     ['help: Check that your index is between 0 and the array '
                      'length - 1.'])
    assert err == expected
    assert 'Compilation failed' not in err


def test_caught_error_from_module_function(tree):
    main = tree.write('main.orus',
                      'use lib.calc\ntry:\n    print(calc.ratio(1, 0))\n'
                      'catch e:\n    print("caught", e, typeof(e))\n')
    tree.write('lib/calc.orus', 'pub fn ratio(a: i32, b: i32) -> i32:\n    return a / b\n')
    status, out, err = run(main)
    assert (status, err) == (0, '')
    assert out == 'caught Error: Division by zero runtime error Division by zero\n'


# --- import cycles (not defined by the spec: must be a clean compile error) -

def check_clean_cycle_failure(status, out, err, main, names):
    assert status == 65, (status, err)
    assert out == ''
    assert 'Traceback' not in err and 'Internal compiler error' not in err
    assert err.startswith('-- ')
    assert any(("'%s'" % n) in err for n in names), err
    assert err.endswith('Compilation failed for "%s".\n' % main)


def test_import_cycle_between_two_modules(tree):
    main = tree.write('main.orus', 'use cyc.a\nprint("never")\n')
    tree.write('cyc/a.orus', 'use b\npub fn fa() -> i32:\n    return 1\n')
    tree.write('cyc/b.orus', 'use a\npub fn fb() -> i32:\n    return 2\n')
    status, out, err = run(main)
    check_clean_cycle_failure(status, out, err, main, ['a', 'b', 'cyc.a'])


def test_module_importing_itself(tree):
    main = tree.write('main.orus', 'use lib.selfish\nprint("never")\n')
    tree.write('lib/selfish.orus', 'use selfish\npub X := 1\n')
    status, out, err = run(main)
    check_clean_cycle_failure(status, out, err, main, ['selfish', 'lib.selfish'])


def test_three_module_cycle_prints_module_output_once_at_most(tree):
    main = tree.write('main.orus', 'use m1\nprint("never")\n')
    tree.write('m1.orus', 'use m2\nprint("m1")\n')
    tree.write('m2.orus', 'use m3\nprint("m2")\n')
    tree.write('m3.orus', 'use m1\nprint("m3")\n')
    status, out, err = run(main)
    check_clean_cycle_failure(status, out, err, main, ['m1', 'm2', 'm3'])


# --- resolution order (semantics.md 8.2) -----------------------------------

def module_printing(text):
    return 'pub WHERE := "%s"\n' % text


def test_oruspath_resolution(tree):
    main = tree.write('app/main.orus',
                      'use tools.strings: WHERE\nuse extra: OTHER\nprint(WHERE, OTHER)\n')
    first = tree.dir('path1')
    second = tree.dir('path2')
    tree.write('path1/tools/strings.orus', module_printing('path1'))
    tree.write('path2/tools/strings.orus', module_printing('path2'))
    tree.write('path2/extra.orus', 'pub OTHER := "extra from path2"\n')
    status, out, err = run(main, env={'ORUSPATH': '%s:%s' % (first, second)})
    assert (status, err) == (0, '')
    assert out == 'path1 extra from path2\n'
    # entries are tried in order; an empty entry is ignored
    status, out, err = run(main, env={'ORUSPATH': ':%s::%s' % (second, first)})
    assert (status, err) == (0, '')
    assert out == 'path2 extra from path2\n'


def test_oruspath_not_set_means_not_found(tree):
    main = tree.write('app/main.orus', 'use extra: OTHER\nprint(OTHER)\n')
    tree.write('lib_dir/extra.orus', 'pub OTHER := 1\n')
    status, out, err = run(main)
    assert status == 65
    assert "Unable to resolve module 'extra'" in err
    status, out, err = run(main, env={'ORUSPATH': os.path.join(tree.path, 'lib_dir')})
    assert (status, out, err) == (0, '1\n', '')


def test_importer_directory_before_oruspath(tree):
    main = tree.write('app/main.orus', 'use where: WHERE\nprint(WHERE)\n')
    tree.write('app/where.orus', module_printing('importer'))
    tree.write('elsewhere/where.orus', module_printing('oruspath'))
    status, out, err = run(main, env={'ORUSPATH': os.path.join(tree.path, 'elsewhere')})
    assert (status, out, err) == (0, 'importer\n', '')


def test_working_directory_before_importer_directory(tree):
    main = tree.write('app/main.orus', 'use where: WHERE\nprint(WHERE)\n')
    tree.write('app/where.orus', module_printing('importer'))
    cwd = tree.dir('work')
    tree.write('work/where.orus', module_printing('cwd'))
    status, out, err = run(main, cwd=cwd)
    assert (status, out, err) == (0, 'cwd\n', '')
    # from another directory the importer's copy is used
    status, out, err = run(main)
    assert (status, out, err) == (0, 'importer\n', '')


def test_oruspath_module_uses_its_own_directory(tree):
    # a module found through ORUSPATH resolves its own `use` from its directory
    main = tree.write('app/main.orus', 'use pkg.front: greet\nprint(greet())\n')
    tree.write('libs/pkg/front.orus',
               'use back: NAME\npub fn greet() -> string:\n    return "hello " + NAME\n')
    tree.write('libs/pkg/back.orus', 'pub NAME := "back"\n')
    status, out, err = run(main, env={'ORUSPATH': os.path.join(tree.path, 'libs')})
    assert (status, out, err) == (0, 'hello back\n', '')


def test_one_instance_for_one_file_reached_by_two_paths(tree):
    # the same file found through two different use paths runs once
    main = tree.write('app/main.orus',
                      'use shared.counter as c1\nuse other\n'
                      'print(c1.bump(), other.bump_again())\n')
    tree.write('app/shared/counter.orus',
               'print("counter loaded")\nmut n = 0\n'
               'pub fn bump() -> i32:\n    n += 1\n    return n\n')
    tree.write('app/other.orus',
               'use shared.counter\n'
               'pub fn bump_again() -> i32:\n    return counter.bump()\n')
    status, out, err = run(main)
    assert (status, err) == (0, '')
    assert out == 'counter loaded\n1 2\n'


def test_relative_program_path_and_cwd(tree):
    # a program given by a relative path, run from its own directory
    tree.write('app/main.orus', 'use lib.m: V\nprint(V)\n')
    tree.write('app/lib/m.orus', 'pub V := 7\n')
    status, out, err = run('main.orus', cwd=os.path.join(tree.path, 'app'))
    assert (status, out, err) == (0, '7\n', '')
