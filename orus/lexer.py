"""The Orus lexer (lexical.md): source text -> list of tokens.

Layout tokens:
* NEWLINE ends every line that produced at least one token; blank lines and
  lines holding only comments produce nothing.  A NEWLINE is positioned at
  column 0 of the *next* line (as in the original implementation: this is
  why a missing ':' after `if` is reported at `LINE+1:0`, errors.md 3).
* INDENT / DEDENT are emitted before the first token of a line whose
  indentation width (space = 1, tab = 4) differs from the enclosing one; they
  carry the position of that first token.  At end of file a final NEWLINE
  (when the last line had tokens) and one DEDENT per open level precede EOF.
* NEWLINE/INDENT/DEDENT are produced inside brackets too: the parser decides
  where a line break may continue a statement (lexical.md 8).

Columns are 1-based byte offsets, except that every tab of a line's leading
indentation counts 4 columns.

Errors: `tokenize` raises the first lexical error as a CompileError.  The
parser uses `Lexer.run`, which returns the tokens read before the error and
keeps the error in `Lexer.error`, so that a syntax error earlier in the file
is reported first (parsing stops at the first error in source order).
"""

from rpython.rlib.rstring import StringBuilder

from orus import tokens as T
from orus.tokens import Token
from orus.errors import CompileError, E_SYNTAX, E_INDENT


SUFFIXES = ['i32', 'i64', 'u32', 'u64', 'f64']


def is_digit(c):
    return '0' <= c <= '9'


def is_alpha(c):
    return ('a' <= c <= 'z') or ('A' <= c <= 'Z') or c == '_'


def is_ident_char(c):
    return is_alpha(c) or is_digit(c)


def is_hex_digit(c):
    return is_digit(c) or ('a' <= c <= 'f') or ('A' <= c <= 'F')


def is_bin_digit(c):
    return c == '0' or c == '1'


def is_oct_digit(c):
    return '0' <= c <= '7'


def is_base_digit(c, base):
    if base == 16:
        return is_hex_digit(c)
    if base == 2:
        return is_bin_digit(c)
    if base == 8:
        return is_oct_digit(c)
    return is_digit(c)


class LexError(Exception):
    """Internal: carries the CompileError out of the scanning loop."""

    def __init__(self, error):
        self.error = error


class Lexer(object):
    def __init__(self, text):
        self.text = text
        self.pos = 0
        self.line = 1
        self.line_start = 0       # offset of the first byte of the current line
        self.col_extra = 0        # 3 per tab in the current line's indentation
        self.tokens = []
        self.indents = [0]
        self.line_has_tokens = False
        self.at_line_start = True   # the indentation of this line is pending
        self.pending_width = 0
        self.error = None         # the CompileError that stopped the scan

    # --- positions and errors --------------------------------------------

    def col_of(self, p):
        return p - self.line_start + 1 + self.col_extra

    def fail(self, message, line, col):
        raise LexError(CompileError(E_SYNTAX, message, line, col))

    def peek_char(self, offset):
        i = self.pos + offset
        if i < len(self.text):
            return self.text[i]
        return '\0'

    def new_line(self, p):
        """The byte at p - 1 was a newline inside a token or comment: the
        next line starts at p, and it has no indentation of its own."""
        self.line += 1
        self.line_start = p
        self.col_extra = 0

    # --- main loop -------------------------------------------------------

    def run(self):
        """Scan the whole text; returns the tokens (ending with EOF when
        there was no error; otherwise the error is in self.error)."""
        try:
            self.scan()
        except LexError as e:
            self.error = e.error
        return self.tokens

    def scan(self):
        text = self.text
        n = len(text)
        while True:
            if self.at_line_start:
                self.measure_indent()
            if self.pos >= n:
                break
            c = text[self.pos]
            if c == '\n':
                if self.line_has_tokens:
                    self.tokens.append(Token(T.NEWLINE, '', self.line + 1, 0))
                self.pos += 1
                self.line += 1
                self.line_start = self.pos
                self.col_extra = 0
                self.line_has_tokens = False
                self.at_line_start = True
                continue
            if c == ' ' or c == '\t' or c == '\r':
                self.pos += 1
                continue
            if c == '/' and self.peek_char(1) == '/':
                while self.pos < n and text[self.pos] != '\n':
                    self.pos += 1
                continue
            if c == '/' and self.peek_char(1) == '*':
                self.skip_block_comment()
                continue
            self.scan_token()
        # end of file
        if self.line_has_tokens:
            self.tokens.append(Token(T.NEWLINE, '', self.line + 1, 0))
            eof_line = self.line + 1
        else:
            eof_line = self.line
        while len(self.indents) > 1:
            self.indents.pop()
            self.tokens.append(Token(T.DEDENT, '', eof_line, 0))
        self.tokens.append(Token(T.EOF, '', eof_line, 0))

    def measure_indent(self):
        """At the start of a physical line: measure its indentation (space 1,
        tab 4) and remember it until the line's first token."""
        text = self.text
        n = len(text)
        width = 0
        tabs = 0
        p = self.pos
        while p < n:
            c = text[p]
            if c == ' ':
                width += 1
            elif c == '\t':
                width += 4
                tabs += 1
            elif c == '\r':
                pass
            else:
                break
            p += 1
        self.pos = p
        self.col_extra = 3 * tabs
        self.pending_width = width
        self.at_line_start = False

    def start_token(self, line, col):
        """Called before each token: emits the INDENT/DEDENT tokens due for
        the first token of a line."""
        if self.line_has_tokens:
            return
        self.line_has_tokens = True
        width = self.pending_width
        top = self.indents[len(self.indents) - 1]
        if width > top:
            self.indents.append(width)
            self.tokens.append(Token(T.INDENT, '', line, col))
        elif width < top:
            while width < self.indents[len(self.indents) - 1]:
                self.indents.pop()
                self.tokens.append(Token(T.DEDENT, '', line, col))
            if width != self.indents[len(self.indents) - 1]:
                raise LexError(CompileError(E_INDENT, 'Inconsistent indentation.',
                                            line, col))

    def add(self, kind, start, end, line, col):
        assert start >= 0
        assert end >= start
        self.tokens.append(Token(kind, self.text[start:end], line, col))

    def skip_block_comment(self):
        text = self.text
        n = len(text)
        line = self.line
        col = self.col_of(self.pos)
        p = self.pos + 2
        while True:
            if p + 1 >= n:
                self.fail('Unterminated block comment.', line, col)
            c = text[p]
            if c == '*' and text[p + 1] == '/':
                self.pos = p + 2
                return
            p += 1
            if c == '\n':
                self.new_line(p)

    # --- tokens ----------------------------------------------------------

    def scan_token(self):
        text = self.text
        start = self.pos
        c = text[start]
        line = self.line
        col = self.col_of(start)
        # INDENT/DEDENT (and the indentation error) come before anything
        # this token may report
        self.start_token(line, col)
        if is_alpha(c):
            p = start + 1
            while p < len(text) and is_ident_char(text[p]):
                p += 1
            self.pos = p
            assert p >= start
            word = text[start:p]
            kind = T.KEYWORDS.get(word, T.IDENTIFIER)
            self.tokens.append(Token(kind, word, line, col))
            return
        if is_digit(c):
            self.scan_number(line, col)
            return
        if c == '"':
            self.scan_string(line, col)
            return
        c1 = self.peek_char(1)
        kind = -1
        size = 1
        if c == '(':
            kind = T.LEFT_PAREN
        elif c == ')':
            kind = T.RIGHT_PAREN
        elif c == '[':
            kind = T.LEFT_BRACKET
        elif c == ']':
            kind = T.RIGHT_BRACKET
        elif c == '{':
            kind = T.LEFT_BRACE
        elif c == '}':
            kind = T.RIGHT_BRACE
        elif c == ',':
            kind = T.COMMA
        elif c == '.':
            if c1 == '.':
                kind = T.DOT_DOT
                size = 2
            else:
                kind = T.DOT
        elif c == ':':
            if c1 == '=':
                kind = T.COLON_EQUAL
                size = 2
            else:
                kind = T.COLON
        elif c == ';':
            kind = T.SEMICOLON
        elif c == "'":
            kind = T.APOSTROPHE
        elif c == '?':
            kind = T.QUESTION
        elif c == '@':
            kind = T.AT
        elif c == '+':
            kind, size = self.pick(c1, T.PLUS, T.PLUS_EQUAL)
        elif c == '-':
            if c1 == '>':
                kind = T.ARROW
                size = 2
            else:
                kind, size = self.pick(c1, T.MINUS, T.MINUS_EQUAL)
        elif c == '*':
            kind, size = self.pick(c1, T.STAR, T.STAR_EQUAL)
        elif c == '/':
            kind, size = self.pick(c1, T.SLASH, T.SLASH_EQUAL)
        elif c == '%':
            kind, size = self.pick(c1, T.MODULO, T.MODULO_EQUAL)
        elif c == '=':
            kind, size = self.pick(c1, T.EQUAL, T.EQUAL_EQUAL)
        elif c == '!':
            kind, size = self.pick(c1, T.BANG, T.BANG_EQUAL)
        elif c == '<':
            if c1 == '<':
                kind = T.SHIFT_LEFT
                size = 2
            else:
                kind, size = self.pick(c1, T.LESS, T.LESS_EQUAL)
        elif c == '>':
            if c1 == '>':
                kind = T.SHIFT_RIGHT
                size = 2
            else:
                kind, size = self.pick(c1, T.GREATER, T.GREATER_EQUAL)
        elif c == '&':
            kind = T.BIT_AND
        elif c == '|':
            kind = T.BIT_OR
        elif c == '^':
            kind = T.BIT_XOR
        elif c == '~':
            kind = T.TILDE
        if kind < 0:
            self.fail('Unexpected character.', line, col)
        self.pos = start + size
        self.add(kind, start, start + size, line, col)

    def pick(self, c1, plain, with_equal):
        """`X` or `X=` (size 1 or 2)."""
        if c1 == '=':
            return with_equal, 2
        return plain, 1

    def scan_digits(self, p, base, line, col):
        """Digits of `base` from p (the first one already checked), with `_`
        allowed between two digits.  Returns the offset after them."""
        text = self.text
        n = len(text)
        while p < n:
            c = text[p]
            if is_base_digit(c, base):
                p += 1
            elif c == '_':
                if p + 1 < n and is_base_digit(text[p + 1], base):
                    p += 1
                else:
                    self.fail('Invalid underscore placement in number.', line, col)
            else:
                break
        return p

    def scan_number(self, line, col):
        """NUMBER token; its text is the raw source (underscores, prefix and
        suffix included).  Errors are reported at the literal's start."""
        text = self.text
        n = len(text)
        start = self.pos
        c1 = self.peek_char(1)
        base = 10
        if text[start] == '0' and (c1 == 'x' or c1 == 'X'):
            base = 16
            message = 'Invalid hexadecimal literal.'
        elif text[start] == '0' and (c1 == 'b' or c1 == 'B'):
            base = 2
            message = 'Invalid binary literal.'
        elif text[start] == '0' and (c1 == 'o' or c1 == 'O'):
            base = 8
            message = 'Invalid octal literal.'
        else:
            message = ''
        if base != 10:
            p = start + 2
            if p >= n or not is_base_digit(text[p], base):
                self.fail(message, line, col)
            p = self.scan_digits(p, base, line, col)
            if p < n and is_digit(text[p]):
                # a decimal digit outside the base right after the digits
                self.fail(message, line, col)
        else:
            p = self.scan_digits(start, 10, line, col)
            if p + 1 < n and text[p] == '.' and is_digit(text[p + 1]):
                p = self.scan_digits(p + 1, 10, line, col)
            if p < n and (text[p] == 'e' or text[p] == 'E'):
                p += 1
                if p < n and (text[p] == '+' or text[p] == '-'):
                    p += 1
                if p >= n or not is_digit(text[p]):
                    self.fail("Invalid scientific notation: Expected digit after 'e' or 'E'.",
                              line, col)
                p = self.scan_digits(p, 10, line, col)
        # a suffix must touch the digits and be a whole word
        assert p >= 0
        for suffix in SUFFIXES:
            end = p + 3
            if end <= n and text[p:end] == suffix:
                if end >= n or not is_ident_char(text[end]):
                    p = end
                    break
        self.pos = p
        self.add(T.NUMBER, start, p, line, col)

    def scan_string(self, line, col):
        """STRING token whose text is the decoded value."""
        text = self.text
        n = len(text)
        p = self.pos + 1
        b = StringBuilder()
        while True:
            if p >= n:
                self.fail('Unterminated string.', line, col)
            c = text[p]
            if c == '"':
                p += 1
                break
            if c == '\\':
                if p + 1 >= n:
                    self.fail('Unterminated string.', line, col)
                e = text[p + 1]
                if e == 'n':
                    b.append('\n')
                elif e == 't':
                    b.append('\t')
                elif e == 'r':
                    b.append('\r')
                elif e == '\\':
                    b.append('\\')
                elif e == '"':
                    b.append('"')
                elif e == '0':
                    b.append('\0')
                else:
                    self.fail('Invalid escape sequence.', self.line, self.col_of(p))
                p += 2
                continue
            b.append(c)
            p += 1
            if c == '\n':
                self.new_line(p)
        self.pos = p
        self.tokens.append(Token(T.STRING, b.build(), line, col))


def tokenize(text):
    """All tokens of `text` (ending with EOF); raises the first lexical error
    as a CompileError."""
    lx = Lexer(text)
    toks = lx.run()
    if lx.error is not None:
        raise lx.error
    return toks
