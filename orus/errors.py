"""Diagnostics: compile-time and run-time errors and their rendering.

Every error carries a position (line, column; 1-based, column 0 allowed for a
few syntax errors).  The rendering follows errors.md section 3 exactly.
"""

# --- error codes (errors.md section 4) ---------------------------------------
# code -> (category, title, help, note)
E_DIV_ZERO = 'E0001'
E_INDEX = 'E0002'
E_OVERFLOW = 'E0004'
E_INVALID_OP = 'E0005'
E_MOD_ZERO = 'E0006'
E_INVALID_LITERAL = 'E0010'
E_MISSING_PAREN = 'E1003'
E_SYNTAX = 'E1006'
E_INDENT = 'E1008'
E_TOO_COMPLEX = 'E1009'
E_UNDEFINED = 'E1010'
E_REDEFINED = 'E1011'
E_INVALID_NAME = 'E1013'
E_MUTABLE_REQUIRED = 'E1014'
E_BAD_MULTI_DECL = 'E1015'
E_PRINT_SEPARATOR = 'E1019'
E_MISSING_BRACKET = 'E1020'
E_CONTROL_FLOW = 'E1400'
E_TYPE = 'E2001'
E_TYPE_FEATURE = 'E2001F'   # E2001 with the second title (parser / run-time type errors)
E_UNKNOWN_TYPE = 'E2003'
E_IMPORT = 'E3004'
E_INTERNAL = 'E9001'

_CODES = {
    E_DIV_ZERO: ('RUNTIME PANIC', 'Oh no! You tried to divide by zero',
                 "Add a check before dividing to make sure the number isn't zero.",
                 'Division by zero is mathematically undefined.'),
    E_INDEX: ('RUNTIME PANIC', 'Index is outside the valid range',
              'Check that your index is between 0 and the array length - 1.', ''),
    E_OVERFLOW: ('RUNTIME PANIC', 'Number got too big to handle',
                 'Try using a larger number type like i64 or check for overflow before the operation.', ''),
    E_INVALID_OP: ('RUNTIME PANIC', "This operation isn't allowed here", '', ''),
    E_MOD_ZERO: ('RUNTIME PANIC', "Can't find remainder when dividing by zero",
                 "Add a check to ensure the divisor isn't zero before using the modulo operator.", ''),
    E_INVALID_LITERAL: ('RUNTIME PANIC', "Couldn't parse this number",
                        'Ensure the text only contains digits (and an optional sign or decimal point) before calling int() or float().',
                        'Only base-10 numbers are supported for int() and float() conversions.'),
    E_MISSING_PAREN: ('SYNTAX ERROR', 'Missing closing parenthesis',
                      "Add a closing ')' to match the opening parenthesis.", ''),
    E_SYNTAX: ('SYNTAX ERROR', "This syntax isn't quite right",
               'Compare this syntax with a working example or check the docs to see what structure is expected here.',
               'Orus expected a different structure here. Re-read the surrounding code to find the mismatch.'),
    E_INDENT: ('SYNTAX ERROR', 'Indentation looks off',
               "If you meant to start a block, add a ':' on the previous line or remove this extra indentation.",
               "Blocks in Orus begin after lines ending with ':' and end when the indentation returns."),
    E_TOO_COMPLEX: ('SYNTAX ERROR', 'Expression is too deeply nested',
                    'Break this into smaller expressions using intermediate variables.', ''),
    E_UNDEFINED: ('SYNTAX ERROR', "Can't find this variable",
                  "Make sure you've declared the variable before using it, or check the spelling.",
                  'Variables must be declared before they can be used in Orus.'),
    E_REDEFINED: ('SYNTAX ERROR', 'This variable name is already taken',
                  'Choose a different name for this variable, or use assignment to change the existing one.',
                  'Each variable can only be declared once in the same scope.'),
    E_INVALID_NAME: ('SYNTAX ERROR', "This isn't a valid variable name",
                     'Variable names should start with a letter or underscore, followed by letters, numbers, or underscores.',
                     'Good variable names are descriptive and follow snake_case convention.'),
    E_MUTABLE_REQUIRED: ('SYNTAX ERROR', 'This variable needs to be mutable',
                         "Add 'mut' before the variable name when declaring it: 'mut variable_name = value'",
                         'Variables are immutable by default in Orus for safety and predictability.'),
    E_BAD_MULTI_DECL: ('SYNTAX ERROR', "Something's wrong with this variable declaration",
                       "Check the syntax for multiple variable declarations: 'var1 = value1, var2 = value2'",
                       'Multiple variables can be declared on one line, separated by commas.'),
    E_PRINT_SEPARATOR: ('SYNTAX ERROR', 'Print arguments need commas between them',
                        'Separate each value with a comma, like print("Hello", name).',
                        'Commas help Orus understand where one print value ends and the next one begins.'),
    E_MISSING_BRACKET: ('SYNTAX ERROR', 'Missing closing bracket',
                        "Add a closing ']' to match the opening '[' and finish the expression.",
                        "Each '[' introduces a list or index expression that must be closed with a matching ']'."),
    E_CONTROL_FLOW: ('SYNTAX ERROR', 'Something went wrong', '', ''),
    E_TYPE: ('TYPE MISMATCH', 'Type mismatch found',
             "Try converting one value to match the other's type, like `x as string` or `y as i32`.",
             'Orus keeps types separate to help prevent unexpected behavior and bugs.'),
    E_TYPE_FEATURE: ('TYPE MISMATCH', 'Type error (handled by feature module)', '', ''),
    E_UNKNOWN_TYPE: ('TYPE MISMATCH', 'Type not recognized',
                     "Double-check the spelling, or choose from Orus's available types below.",
                     'Available types: i32, i64, u32, u64, f64, bool, string.'),
    E_IMPORT: ('MODULE ERROR', 'Failed to use this module', '', ''),
    E_INTERNAL: ('INTERNAL ERROR', 'Internal compiler error (this is our bug!)', '', ''),
}


def code_info(code):
    if code in _CODES:
        return _CODES[code]
    return _CODES[E_INTERNAL]


# --- run-time error kinds (builtins.md section 5) ----------------------------
KIND_RUNTIME = 'runtime'
KIND_VALUE = 'value'
KIND_INDEX = 'index'
KIND_TYPE = 'type'
KIND_CONVERSION = 'conversion'
KIND_ARGUMENT = 'argument'


class CompileError(Exception):
    """A compile-time diagnostic (exit 65).  `path` is filled in by whoever
    knows which file is being compiled, if the raiser did not know."""

    def __init__(self, code, message, line, col, path=''):
        self.code = code
        self.message = message
        self.line = line
        self.col = col
        self.path = path
        self.source = None         # text of the file, for the source line
        self.unframed = False      # the chained-cast message (errors.md 3.4)


class UnframedError(CompileError):
    """The one compile-time message printed without the frame."""

    def __init__(self, message, line, col, path=''):
        CompileError.__init__(self, E_SYNTAX, message, line, col, path)
        self.unframed = True


class OrusError(Exception):
    """A run-time error of an Orus program: catchable by try/catch, otherwise
    printed with its diagnostic and exit code 70.  `line`/`col` are 0 until
    the interpreter locates it at the instruction that raised it."""

    def __init__(self, kind, message, code=''):
        self.kind = kind
        self.message = message
        self.code = code
        self.line = 0
        self.col = 0
        self.path = ''
        self.source = None
        self.located = False

    def error_code(self):
        """The diagnostic code (errors.md section 4, run-time table)."""
        if self.code:
            return self.code
        if self.message.startswith('Integer overflow'):
            return E_OVERFLOW
        if self.kind == KIND_INDEX:
            return E_INDEX
        if self.kind == KIND_TYPE:
            return E_TYPE_FEATURE
        if self.kind == KIND_CONVERSION:
            return E_INVALID_LITERAL
        return E_INVALID_OP


def div_by_zero():
    return OrusError(KIND_RUNTIME, 'Division by zero', E_DIV_ZERO)


def mod_by_zero():
    return OrusError(KIND_RUNTIME, 'Division by zero', E_MOD_ZERO)


def overflow():
    return OrusError(KIND_VALUE, 'Integer overflow')


# --- rendering (errors.md section 3) -----------------------------------------
RED = '\x1b[0;31m'
BOLD = '\x1b[1m'
CYAN = '\x1b[0;36m'
GREEN = '\x1b[0;32m'
RESET = '\x1b[0m'


def _source_line(text, line):
    """Line `line` (1-based) of `text` without its newline and trailing \\r,
    or None when there is no such line."""
    if line <= 0:
        return None
    start = 0
    n = 1
    while n < line:
        i = text.find('\n', start)
        if i < 0:
            return None
        start = i + 1
        n += 1
    if start > len(text):
        return None
    end = text.find('\n', start)
    if end < 0:
        end = len(text)
        if start == end:
            return None       # past the last line
    assert end >= start
    s = text[start:end]
    if s.endswith('\r'):
        n = len(s) - 1
        assert n >= 0
        s = s[:n]
    return s


def _pad3(n):
    s = str(n)
    while len(s) < 3:
        s = ' ' + s
    return s


def render(code, message, path, line, col, source_text, color):
    """The framed diagnostic text for one error (ends with an empty line)."""
    category, title, help_text, note = code_info(code)
    head = category + ': ' + title
    ndash = 60 - len(category) - len(title) - 4
    if ndash > 50:
        ndash = 50
    loc = '%s:%d:%d' % (path, line, col)
    parts = []
    if color:
        parts.append(RED + '-- ' + head + ' ' + RESET)
    else:
        parts.append('-- ' + head + ' ')
    if ndash > 0:
        parts.append('-' * ndash + ' ')
    else:
        parts.append(' ')
    parts.append(loc + '\n\n')
    src = None
    if source_text is not None:
        src = _source_line(source_text, line)
    caret_col = col
    if src is not None:
        if caret_col > len(src):
            caret_col = len(src)       # clamp to the last character
        num = _pad3(line)
        if color:
            num = BOLD + num + RESET
        parts.append(num + ' | ' + src + '\n')
    else:
        parts.append('      | (source line not available)\n')
    pad = ''
    if caret_col > 1:
        pad = ' ' * (caret_col - 1)
    caret = '^'
    if color:
        caret = RED + '^' + RESET
    parts.append('      | ' + pad + caret + ' ' + message + '\n')
    parts.append('      |\n')
    parts.append('      = ' + message + '\n')
    if help_text:
        word = 'help'
        if color:
            word = CYAN + 'help' + RESET
        parts.append('      = ' + word + ': ' + help_text + '\n')
    if note:
        word = 'note'
        if color:
            word = GREEN + 'note' + RESET
        parts.append('      = ' + word + ': ' + note + '\n')
    parts.append('\n')
    return ''.join(parts)


def render_unframed(message):
    return message + '\n'
