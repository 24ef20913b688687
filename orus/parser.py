"""The Orus parser (grammar.md): source text -> orus.ast.Module.

A hand-written recursive-descent parser over the token list of
orus.lexer.  Parsing stops at the first error, raised as a CompileError
(or, for chained casts, the UnframedError of errors.md 3.4).  Lexical
errors are raised only when the parser reaches the point where the lexer
stopped, so errors come out in source order.

Notes on the grammar as implemented here:

* Statement separators (NEWLINE, ';', and at the top level ',') are
  optional between two complete statements, in blocks as at the top level
  (grammar.md 1-2).  A construct that ends with an indented block (a `fn`
  or `match` expression) ends its statement: after the DEDENT no operator,
  call, conditional `if` ... continues the expression.
* The fill rule `[v, n]` is disabled while parsing the argument list of a
  call (at any depth, also in a `fn`/`match` expression written inside the
  arguments); `print(...)` is a statement, so it applies there.
* Array *type* annotations skip NEWLINE/INDENT/DEDENT (lexical.md 8); the
  DEDENT/INDENT tokens that would balance skipped ones are then removed from
  the token list (see settle_layout_debt).
* Error positions: the offending token, except that the unclosed-bracket
  errors point at the '[' and the "Empty X block" errors (and the other
  missing-block errors after a line break) at the NEWLINE token, i.e.
  column 0 of the line after the header (lexer.py).
"""

import math

from rpython.rlib.rbigint import rbigint
from rpython.rlib.rfloat import string_to_float
from rpython.rlib.rstring import StringBuilder

from orus import ast
from orus import tokens as T
from orus.errors import (CompileError, UnframedError, E_SYNTAX, E_INDENT,
                         E_CONTROL_FLOW, E_MISSING_PAREN, E_MISSING_BRACKET,
                         E_PRINT_SEPARATOR, E_TOO_COMPLEX, E_BAD_MULTI_DECL)
from orus.lexer import Lexer

MAX_DEPTH = 1000

INDENT_MESSAGE = "It looks like this line is indented, but there's no open block above it."
CHAINED_CAST = ("Error: Chained type casts are not allowed at line %d:%d. Use parentheses "
                "like '((a as type1) as type2)' or an intermediate variable for clarity.")

# literal ranges (lexical.md 5.2)
_TWO_31 = rbigint.fromstr('2147483648', 10)
_TWO_32 = rbigint.fromstr('4294967296', 10)
_I32_MIN = rbigint.fromstr('-2147483648', 10)
_I32_MAX = rbigint.fromstr('2147483647', 10)
_I64_MIN = rbigint.fromstr('-9223372036854775808', 10)
_I64_MAX = rbigint.fromstr('9223372036854775807', 10)
_U32_MAX = rbigint.fromstr('4294967295', 10)
_U64_MAX = rbigint.fromstr('18446744073709551615', 10)
_ZERO = rbigint.fromint(0)
# Decimal literals longer than this are beyond f64 (the widest type an integer
# literal adapts to); non-decimal ones beyond this many digits are beyond 64
# bits.  Such literals are only ever out of range, so they are not converted
# (rbigint's conversions are quadratic: a million digits would take hours).
_MAX_DECIMAL_DIGITS = 400
_MAX_NONDECIMAL_DIGITS = 130
_MAX_NONDECIMAL_F64_DIGITS = 1100     # 2 ** 1100 is beyond f64 in any base
_HUGE = rbigint.fromint(10).pow(rbigint.fromint(_MAX_DECIMAL_DIGITS + 1))


def parse(text):
    """Parse a whole file; raises CompileError on the first error."""
    return Parser(text).parse_module()


# --- token classes -------------------------------------------------------------

def is_assign_op(k):
    return (k == T.EQUAL or k == T.PLUS_EQUAL or k == T.MINUS_EQUAL or
            k == T.STAR_EQUAL or k == T.SLASH_EQUAL or k == T.MODULO_EQUAL)


def is_unsupported_op(k):
    """Tokens the lexer produces but no rule accepts (grammar.md 8)."""
    return (k == T.BIT_AND or k == T.BIT_OR or k == T.BIT_XOR or
            k == T.SHIFT_LEFT or k == T.SHIFT_RIGHT or k == T.BANG or
            k == T.TILDE)


def binary_prec(k):
    """Binding power of a binary operator (grammar.md 6.1), 0 for none."""
    if k == T.OR:
        return 1
    if k == T.AND:
        return 2
    if (k == T.EQUAL_EQUAL or k == T.BANG_EQUAL or k == T.LESS or
            k == T.LESS_EQUAL or k == T.GREATER or k == T.GREATER_EQUAL or
            k == T.MATCHES or k == T.AS):
        return 3
    if k == T.PLUS or k == T.MINUS:
        return 4
    if k == T.STAR or k == T.SLASH or k == T.MODULO:
        return 5
    return 0


def can_start_expr(tok):
    k = tok.kind
    if k == T.IDENTIFIER or k == T.NUMBER or k == T.STRING:
        return True
    if k == T.LEFT_PAREN or k == T.LEFT_BRACKET or k == T.MINUS or k == T.NOT:
        return True
    if k == T.FN or k == T.MATCH:
        return True
    # so that `~x` / `!x` get their own message
    return k == T.TILDE or k == T.BANG


def ends_line(k):
    return k == T.NEWLINE or k == T.SEMICOLON or k == T.EOF or k == T.DEDENT


# --- numeric literals --------------------------------------------------------

def literal_base(text):
    if len(text) > 2 and text[0] == '0':
        c = text[1]
        if c == 'x' or c == 'X':
            return 16
        if c == 'b' or c == 'B':
            return 2
        if c == 'o' or c == 'O':
            return 8
    return 10


def fits_suffix(v, suffix):
    if suffix == 'i32':
        return v.ge(_I32_MIN) and v.le(_I32_MAX)
    if suffix == 'i64':
        return v.ge(_I64_MIN) and v.le(_I64_MAX)
    if suffix == 'u32':
        return v.ge(_ZERO) and v.le(_U32_MAX)
    return v.ge(_ZERO) and v.le(_U64_MAX)      # u64


def strip_underscores(s, start):
    b = StringBuilder()
    i = start
    while i < len(s):
        c = s[i]
        if c != '_':
            b.append(c)
        i += 1
    return b.build()


def suffix_error(suffix, line, col):
    return CompileError(E_SYNTAX, "invalid numeric literal suffix '" + suffix + "'",
                        line, col)


def make_number(text, negative, line, col):
    """The literal node for NUMBER text (lexical.md 5): IntLit with an exact
    rbigint or FloatLit; `negative` for a negative literal (5.1)."""
    base = literal_base(text)
    n = len(text)
    suffix = ''
    end = n
    if n >= 4:
        k = n - 3
        assert k >= 0
        tail = text[k:n]
        if tail == 'i32' or tail == 'i64' or tail == 'u32' or tail == 'u64':
            suffix = tail
        elif tail == 'f64' and base != 16:      # f is a hex digit
            suffix = tail
        if suffix:
            end = n - 3
    assert end >= 0
    body = text[0:end]
    if base != 10:
        digits = strip_underscores(body, 2)
    else:
        digits = strip_underscores(body, 0)
    is_float = base == 10 and (digits.find('.') >= 0 or digits.find('e') >= 0 or
                               digits.find('E') >= 0)
    if is_float:
        f = string_to_float(digits)
        if negative:
            f = -f
        if suffix == '' or suffix == 'f64':
            return make_float(f, negative, line, col)
        # an integer suffix on a float literal: only for a whole value
        if math.isinf(f) or math.isnan(f) or math.floor(f) != f:
            raise suffix_error(suffix, line, col)
        v = rbigint.fromfloat(f)
        if not fits_suffix(v, suffix):
            raise suffix_error(suffix, line, col)
        return ast.IntLit(v, suffix, False, negative, line, col)
    significant = len(digits.lstrip('0'))
    limit = _MAX_DECIMAL_DIGITS if base == 10 else _MAX_NONDECIMAL_DIGITS
    if base != 10 and suffix == 'f64':
        limit = _MAX_NONDECIMAL_F64_DIGITS
    if significant > limit:
        return huge_int_literal(text, digits, base, suffix, negative, line, col)
    v = rbigint.fromstr(digits, base)
    if base != 10 and v.lt(_TWO_32) and v.ge(_TWO_31):
        # a 32-bit pattern: the i32 with those bits
        v = v.sub(_TWO_32)
    if negative:
        v = v.neg()
    if suffix == 'f64':
        if base == 10:
            f = string_to_float(digits)
            if negative:
                f = -f
        else:
            try:
                f = v.tofloat()
            except OverflowError:
                raise suffix_error(suffix, line, col)
        return make_float(f, negative, line, col)
    if suffix and not fits_suffix(v, suffix):
        raise suffix_error(suffix, line, col)
    return ast.IntLit(v, suffix, base != 10, negative, line, col)


def huge_int_literal(text, digits, base, suffix, negative, line, col):
    """An integer literal too long for any type: a stand-in value beyond
    every range, and the text its out-of-range message shows (the value in
    decimal for a decimal literal, the literal as written otherwise)."""
    if suffix == 'f64':
        if base != 10:
            raise suffix_error(suffix, line, col)
        f = string_to_float(digits)
        if negative:
            f = -f
        return make_float(f, negative, line, col)
    if suffix:
        raise suffix_error(suffix, line, col)
    v = _HUGE
    shown = digits.lstrip('0') if base == 10 else text
    if negative:
        v = v.neg()
        shown = '-' + shown
    lit = ast.IntLit(v, suffix, base != 10, negative, line, col)
    lit.huge_text = shown
    return lit


def make_float(f, negative, line, col):
    return ast.FloatLit(f, negative, line, col)


# --- the parser ----------------------------------------------------------------

class Parser(object):
    def __init__(self, text):
        lx = Lexer(text)
        self.toks = lx.run()
        self.lex_error = lx.error
        self.pos = 0
        self.depth = 0           # expression nesting (MAX_DEPTH)
        self.call_depth = 0      # > 0 inside call arguments: no fill rule
        self.type_depth = 0      # nesting of array type annotations
        self.layout_debt = 0     # INDENTs minus DEDENTs skipped in array types

    # --- token access ------------------------------------------------------

    def tok(self, i):
        if i < len(self.toks):
            return self.toks[i]
        err = self.lex_error
        if err is not None:
            raise err
        return self.toks[len(self.toks) - 1]       # EOF

    def peek(self):
        return self.tok(self.pos)

    def peek_at(self, k):
        return self.tok(self.pos + k)

    def advance(self):
        t = self.tok(self.pos)
        self.pos += 1
        return t

    def check(self, kind):
        return self.peek().kind == kind

    def accept(self, kind):
        if self.peek().kind == kind:
            self.pos += 1
            return True
        return False

    def skip_newlines(self):
        while self.peek().kind == T.NEWLINE:
            self.pos += 1

    def block_ended(self):
        """True right after a construct that ended with an indented block
        (fn/match expression): nothing continues its expression."""
        return self.pos > 0 and self.toks[self.pos - 1].kind == T.DEDENT

    # --- errors --------------------------------------------------------------

    def error(self, code, message, tok):
        return CompileError(code, message, tok.line, tok.col)

    def indent_error(self, tok):
        return CompileError(E_INDENT, INDENT_MESSAGE, tok.line, tok.col)

    def expected(self, what, tok, code=E_SYNTAX):
        """`Expected WHAT, but found TOKEN instead.` at tok (an unexpected
        INDENT is the indentation error)."""
        if tok.kind == T.INDENT:
            return self.indent_error(tok)
        return CompileError(code, 'Expected ' + what + ', but found ' +
                            tok.describe() + ' instead.', tok.line, tok.col)

    def keyword_error(self, tok):
        return CompileError(E_SYNTAX, "'" + tok.text +
                            "' is a reserved keyword and cannot be used as a name",
                            tok.line, tok.col)

    def expect_name(self, what):
        """An identifier where a name is required."""
        t = self.peek()
        if t.kind == T.IDENTIFIER:
            self.pos += 1
            return t
        if T.is_keyword(t.kind):
            raise self.keyword_error(t)
        raise self.expected(what, t)

    def enter(self):
        # the outermost operand is level 0: 1000 nested parentheses (or
        # unary operators, or arrays ...) are accepted, 1001 are not
        self.depth += 1
        if self.depth > MAX_DEPTH + 1:
            raise self.error(E_TOO_COMPLEX, 'expression nesting exceeds maximum depth of 1000',
                             self.peek())

    def leave(self):
        self.depth -= 1

    # --- module and blocks -----------------------------------------------------

    def parse_module(self):
        body = []
        while True:
            t = self.peek()
            k = t.kind
            if k == T.EOF:
                break
            if k == T.NEWLINE or k == T.SEMICOLON or k == T.COMMA:
                self.pos += 1
                continue
            if k == T.INDENT:
                raise self.indent_error(t)
            body.append(self.parse_statement(True))
        return ast.Module(body)

    def parse_block(self, empty_code, empty_message):
        """After the INDENT: statements up to the matching DEDENT."""
        stmts = []
        first = self.peek()
        while True:
            t = self.peek()
            k = t.kind
            if k == T.DEDENT:
                self.pos += 1
                break
            if k == T.EOF:
                break
            if k == T.NEWLINE or k == T.SEMICOLON:
                self.pos += 1
                continue
            if k == T.INDENT:
                raise self.indent_error(t)
            stmts.append(self.parse_statement(False))
        if len(stmts) == 0:
            raise self.error(empty_code, empty_message, first)
        return stmts

    def parse_suite(self, empty_code, empty_message):
        """NEWLINE INDENT block DEDENT; without the INDENT the body is
        missing, reported at the NEWLINE (column 0 of the next line)."""
        nl = self.advance()
        assert nl.kind == T.NEWLINE
        if not self.check(T.INDENT):
            raise self.error(empty_code, empty_message, nl)
        self.pos += 1
        return self.parse_block(empty_code, empty_message)

    def parse_body(self, word):
        """`body` of if/elif/else/try/do/catch: a suite or one statement."""
        if self.check(T.NEWLINE):
            return self.parse_suite(E_CONTROL_FLOW, 'Empty ' + word + ' block')
        return [self.parse_statement(False)]

    def parse_inline_or_suite(self, word):
        """Body of while and fn definitions: a suite or `s1; s2; ...`."""
        if self.check(T.NEWLINE):
            return self.parse_suite(E_CONTROL_FLOW, 'Empty ' + word + ' block')
        stmts = [self.parse_statement(False)]
        while self.check(T.SEMICOLON):
            if ends_line(self.peek_at(1).kind):
                break
            self.pos += 1
            stmts.append(self.parse_statement(False))
        return stmts

    def require_newline_body(self):
        """Bodies that must be indented (for, fn expressions)."""
        t = self.peek()
        if t.kind != T.NEWLINE:
            raise self.error(E_SYNTAX, "Expected an indented block after ':'", t)

    def expect_block_start(self):
        """':' NEWLINE INDENT of struct/enum/impl/match (the ':' already
        consumed)."""
        t = self.peek()
        if t.kind != T.NEWLINE:
            raise self.error(E_SYNTAX, "Expected an indented block after ':'", t)
        self.pos += 1
        if not self.check(T.INDENT):
            raise self.error(E_SYNTAX, "Expected an indented block after ':'", t)
        self.pos += 1

    def expect_colon(self, word):
        t = self.peek()
        if t.kind != T.COLON:
            raise self.error(E_CONTROL_FLOW, "Expected ':' after " + word + ' statement', t)
        self.pos += 1

    # --- statements --------------------------------------------------------------

    def parse_statement(self, top):
        t = self.peek()
        k = t.kind
        if T.is_keyword(k):
            k1 = self.peek_at(1).kind
            if is_assign_op(k1) or k1 == T.COLON_EQUAL:
                raise self.keyword_error(t)      # `for = 1`, `mut := 2`
        if k == T.PRINT:
            return self.parse_print()
        if k == T.PASS:
            self.pos += 1
            return ast.Pass(t.line, t.col)
        if k == T.APOSTROPHE:
            return self.parse_labelled()
        if k == T.IF:
            return self.parse_if()
        if k == T.WHILE:
            return self.parse_while('')
        if k == T.FOR:
            return self.parse_for('')
        if k == T.TRY or k == T.DO:
            return self.parse_try()
        if k == T.MATCH:
            return self.parse_match_stmt()
        if k == T.BREAK or k == T.CONTINUE:
            return self.parse_jump()
        if k == T.RETURN:
            return self.parse_return()
        if k == T.STRUCT:
            return self.parse_struct()
        if k == T.ENUM:
            return self.parse_enum()
        if k == T.IMPL:
            return self.parse_impl()
        if k == T.FN and self.peek_at(1).kind != T.LEFT_PAREN:
            return self.parse_fn_def()
        if k == T.USE:
            if not top:
                raise self.error(E_SYNTAX,
                                 "'use' declarations are only allowed at module scope", t)
            return self.parse_use()
        if k == T.PUB:
            if not top:
                raise self.error(E_SYNTAX,
                                 "'pub' declarations are only allowed at module scope", t)
            return self.parse_pub()
        if k == T.MUT:
            return self.parse_mut()
        if k == T.IDENTIFIER and t.text != 'true' and t.text != 'false':
            # declaration, plain binding, destructuring or expression
            k1 = self.peek_at(1).kind
            if k1 == T.COLON or k1 == T.COLON_EQUAL:
                return self.parse_decl()
            if k1 == T.EQUAL:
                return self.parse_plain_binding()
            if k1 == T.COMMA:
                return self.parse_destructure()
        e = self.parse_expression()
        return ast.ExprStmt(e, e.line, e.col)

    def parse_print(self):
        kw = self.advance()
        t = self.peek()
        if t.kind != T.LEFT_PAREN:
            raise self.error(E_MISSING_PAREN, "expected '(' after print but found " +
                             t.describe(), t)
        self.pos += 1
        args = []
        if not self.check(T.RIGHT_PAREN):
            while True:
                args.append(self.parse_expression())
                t = self.peek()
                if t.kind == T.COMMA:
                    self.pos += 1
                    t2 = self.peek()
                    if not can_start_expr(t2):
                        raise self.expected("an expression after ','", t2)
                    continue
                if t.kind == T.RIGHT_PAREN:
                    break
                if t.kind == T.INDENT:
                    raise self.indent_error(t)
                if ends_line(t.kind):
                    raise self.expected("')' after print arguments", t, E_MISSING_PAREN)
                raise self.error(E_PRINT_SEPARATOR, 'I was expecting a comma before "' +
                                 t.text + '" so the next value is clear.', t)
        self.pos += 1
        return ast.Print(args, kw.line, kw.col)

    def parse_labelled(self):
        self.pos += 1                       # '
        t = self.peek()
        if t.kind != T.IDENTIFIER:
            if T.is_keyword(t.kind):
                raise self.keyword_error(t)
            raise self.expected("a label name after \"'\"", t)
        self.pos += 1
        if not self.accept(T.COLON):
            raise self.expected("':' after the loop label", self.peek())
        k = self.peek().kind
        if k == T.WHILE:
            return self.parse_while(t.text)
        if k == T.FOR:
            return self.parse_for(t.text)
        raise self.expected("'while' or 'for' after a loop label", self.peek())

    def parse_condition(self, word):
        t = self.peek()
        if t.kind == T.COLON or ends_line(t.kind):
            raise self.error(E_CONTROL_FLOW, 'Missing condition in ' + word + ' statement', t)
        cond = self.parse_expression()
        if isinstance(cond, ast.Assign) and cond.op == '=' and not cond.parenthesized:
            raise CompileError(E_CONTROL_FLOW, "Did you mean '==' instead of '=' in this " +
                               word + " condition? Assignment (=) used where comparison "
                               "(==) was likely intended", cond.op_line, cond.op_col)
        return cond

    def parse_if(self):
        kw = self.advance()
        cond = self.parse_condition('if')
        self.expect_colon('if')
        body = self.parse_body('if')
        branches = [ast.IfBranch(cond, body, kw.line, kw.col)]
        else_body = None
        while True:
            # after a same-line body, elif/else come after the NEWLINE
            if self.check(T.NEWLINE):
                k1 = self.peek_at(1).kind
                if k1 == T.ELIF or k1 == T.ELSE:
                    self.pos += 1
            t = self.peek()
            if t.kind == T.ELIF:
                self.pos += 1
                cond = self.parse_condition('elif')
                self.expect_colon('elif')
                body = self.parse_body('elif')
                branches.append(ast.IfBranch(cond, body, t.line, t.col))
            elif t.kind == T.ELSE:
                self.pos += 1
                self.expect_colon('else')
                else_body = self.parse_body('else')
                break
            else:
                break
        return ast.If(branches, else_body, kw.line, kw.col)

    def parse_while(self, label):
        kw = self.advance()
        cond = self.parse_condition('while')
        self.expect_colon('while')
        body = self.parse_inline_or_suite('while')
        return ast.While(cond, body, label, kw.line, kw.col)

    def parse_for(self, label):
        kw = self.advance()
        var = self.peek()
        if var.kind != T.IDENTIFIER:
            if T.is_keyword(var.kind) and var.kind != T.IN:
                raise self.keyword_error(var)
            raise self.error(E_CONTROL_FLOW, "Invalid loop variable 'missing': loop variable "
                             "name is required after 'for'", var)
        self.pos += 1
        if not self.accept(T.IN):
            raise self.error(E_CONTROL_FLOW, "Range 'for loop' has invalid syntax: expected "
                             "'in' after loop variable", self.peek())
        start = self.parse_expression()
        if self.accept(T.DOT_DOT):
            inclusive = self.accept(T.EQUAL)
            if not can_start_expr(self.peek()):
                raise self.error(E_CONTROL_FLOW, "Range 'incomplete' has invalid syntax: range "
                                 "end value is required after '..'", self.peek())
            end = self.parse_expression()
            step = None
            if self.accept(T.DOT_DOT):
                if not can_start_expr(self.peek()):
                    raise self.error(E_CONTROL_FLOW, "Range 'incomplete' has invalid syntax: "
                                     "step value is required after second '..'", self.peek())
                step = self.parse_expression()
            self.expect_colon('for')
            self.require_newline_body()
            body = self.parse_suite(E_CONTROL_FLOW, 'Empty for loop block')
            return ast.ForRange(var.text, start, end, step, inclusive, body, label,
                                kw.line, kw.col, var.line, var.col)
        self.expect_colon('for')
        self.require_newline_body()
        body = self.parse_suite(E_CONTROL_FLOW, 'Empty for loop block')
        return ast.ForIn(var.text, start, body, label, kw.line, kw.col, var.line, var.col)

    def parse_try(self):
        kw = self.advance()
        self.expect_colon(kw.text)
        body = self.parse_body(kw.text)
        while self.check(T.NEWLINE):
            self.pos += 1
        c = self.peek()
        if c.kind != T.CATCH:
            if c.kind == T.INDENT:
                raise self.indent_error(c)
            raise self.error(E_SYNTAX, "expected 'catch' after try block", c)
        self.pos += 1
        name = ''
        t = self.peek()
        if t.kind == T.IDENTIFIER:
            name = t.text
            self.pos += 1
        elif T.is_keyword(t.kind):
            raise self.keyword_error(t)
        self.expect_colon('catch')
        handler = self.parse_body('catch')
        return ast.Try(body, name, handler, kw.line, kw.col, c.line, c.col)

    def parse_jump(self):
        kw = self.advance()
        label = ''
        if self.accept(T.APOSTROPHE):
            t = self.peek()
            if t.kind != T.IDENTIFIER:
                if T.is_keyword(t.kind):
                    raise self.keyword_error(t)
                raise self.expected("a label name after \"'\"", t)
            self.pos += 1
            label = t.text
        if kw.kind == T.BREAK:
            return ast.Break(label, kw.line, kw.col)
        return ast.Continue(label, kw.line, kw.col)

    def parse_return(self):
        kw = self.advance()
        values = []
        if can_start_expr(self.peek()):
            values.append(self.parse_expression())
            while self.check(T.COMMA):
                self.pos += 1
                if not can_start_expr(self.peek()):
                    raise self.expected("an expression after ','", self.peek())
                values.append(self.parse_expression())
        return ast.Return(values, kw.line, kw.col)

    # --- bindings ----------------------------------------------------------

    def parse_mut(self):
        kw = self.advance()
        name = self.expect_name("a variable name after 'mut'")
        type_ref = None
        if self.accept(T.COLON):
            type_ref = self.parse_type()
        t = self.peek()
        if t.kind == T.COLON_EQUAL:
            raise self.error(E_SYNTAX, "mutable bindings must use '='; ':=' declares an "
                             "immutable constant", t)
        if t.kind != T.EQUAL and is_assign_op(t.kind):
            raise self.error(E_BAD_MULTI_DECL, "Invalid multiple declaration for '" +
                             name.text + "': compound assignments cannot declare a new "
                             "variable. Remove 'mut' to update an existing binding.", name)
        if t.kind != T.EQUAL:
            raise self.expected("'=' after the variable name", t)
        self.pos += 1
        value = self.parse_expression()
        return ast.VarDecl(name.text, True, type_ref, value, False, kw.line, kw.col,
                           name.line, name.col)

    def parse_decl(self):
        """`x: T = e`, `X: T := e`, `X := e`."""
        name = self.advance()
        type_ref = None
        if self.accept(T.COLON):
            type_ref = self.parse_type()
        t = self.peek()
        if t.kind == T.COLON_EQUAL:
            self.pos += 1
            value = self.parse_expression()
            return ast.VarDecl(name.text, False, type_ref, value, True, name.line,
                               name.col, name.line, name.col)
        if t.kind == T.EQUAL:
            self.pos += 1
            value = self.parse_expression()
            return ast.VarDecl(name.text, False, type_ref, value, False, name.line,
                               name.col, name.line, name.col)
        raise self.expected("'=' or ':=' after the type annotation", t)

    def parse_plain_binding(self):
        name = self.advance()
        op = self.advance()
        value = self.parse_expression()
        return ast.PlainBind(name.text, value, name.line, name.col, op.line, op.col)

    def parse_destructure(self):
        first = self.advance()
        names = [first.text]
        while self.accept(T.COMMA):
            t = self.peek()
            if t.kind == T.IDENTIFIER:
                names.append(t.text)
                self.pos += 1
            elif T.is_keyword(t.kind):
                raise self.keyword_error(t)
            else:
                raise self.error(E_SYNTAX, 'expected identifier in destructuring assignment', t)
        t = self.peek()
        if t.kind != T.EQUAL:
            raise self.error(E_SYNTAX, "expected '=' after destructuring pattern", t)
        self.pos += 1
        value = self.parse_expression()
        return ast.Destructure(names, value, first.line, first.col)

    def parse_pub(self):
        kw = self.advance()
        t = self.peek()
        k = t.kind
        k1 = self.peek_at(1).kind
        if k == T.FN:
            s1 = self.parse_fn_def()
            s1.is_pub = True
            return s1
        if k == T.STRUCT:
            s2 = self.parse_struct()
            s2.is_pub = True
            return s2
        if k == T.ENUM:
            s3 = self.parse_enum()
            s3.is_pub = True
            return s3
        if k == T.IMPL:
            s4 = self.parse_impl()
            s4.is_pub = True
            return s4
        if k == T.MUT:
            s5 = self.parse_mut()
            s5.is_pub = True
            return s5
        if k == T.IDENTIFIER and (k1 == T.COLON or k1 == T.COLON_EQUAL):
            s6 = self.parse_decl()
            s6.is_pub = True
            return s6
        if k == T.IDENTIFIER and k1 == T.EQUAL:
            s7 = self.parse_plain_binding()
            s7.is_pub = True
            return s7
        raise self.expected("a declaration after 'pub'", t)

    # --- declarations ------------------------------------------------------------

    def parse_params(self):
        t = self.peek()
        if t.kind != T.LEFT_PAREN:
            raise self.expected("'(' before the parameter list", t)
        self.pos += 1
        params = []
        if self.accept(T.RIGHT_PAREN):
            return params
        while True:
            p = self.peek()
            if p.kind != T.IDENTIFIER:
                if T.is_keyword(p.kind):
                    raise self.keyword_error(p)
                if len(params) > 0:
                    raise self.expected("a parameter name after ','", p)
                raise self.expected('a parameter name', p)
            self.pos += 1
            type_ref = None
            if self.accept(T.COLON):
                type_ref = self.parse_type()
            params.append(ast.Param(p.text, type_ref, p.line, p.col))
            if self.accept(T.COMMA):
                continue
            t = self.peek()
            if t.kind != T.RIGHT_PAREN:
                raise self.expected("')' after the parameters", t, E_MISSING_PAREN)
            self.pos += 1
            return params

    def parse_fn_def(self):
        kw = self.advance()
        name = self.expect_name("a function name after 'fn'")
        params = self.parse_params()
        ret = None
        if self.accept(T.ARROW):
            ret = self.parse_ret_type("in function '" + name.text + "'")
        t = self.peek()
        if t.kind != T.COLON:
            raise self.error(E_SYNTAX, "Expected ':' after function signature", t)
        self.pos += 1
        body = self.parse_inline_or_suite('function')
        return ast.FnDef(name.text, params, ret, body, kw.line, kw.col, name.line, name.col)

    def parse_struct(self):
        kw = self.advance()
        name = self.expect_name('a struct name')
        if not self.accept(T.COLON):
            raise self.expected("':' after the struct name", self.peek())
        self.expect_block_start()
        fields = []
        while True:
            t = self.peek()
            k = t.kind
            if k == T.DEDENT:
                self.pos += 1
                break
            if k == T.NEWLINE:
                self.pos += 1
                continue
            if k == T.INDENT:
                raise self.indent_error(t)
            fname = self.expect_name('a field name')
            if not self.accept(T.COLON):
                raise self.expected("':' after the field name", self.peek())
            type_ref = self.parse_type()
            default = None
            if self.accept(T.EQUAL):
                default = self.parse_expression()
            fields.append(ast.FieldDef(fname.text, type_ref, default, fname.line, fname.col))
        return ast.StructDef(name.text, fields, kw.line, kw.col)

    def parse_enum(self):
        kw = self.advance()
        name = self.expect_name('an enum name')
        generics = []
        if self.accept(T.LEFT_BRACKET):
            while True:
                t = self.peek()
                if t.kind == T.IDENTIFIER:
                    generics.append(t.text)
                    self.pos += 1
                elif T.is_keyword(t.kind):
                    raise self.error(E_SYNTAX, "expected identifier for generic parameter, "
                                     "but '" + t.text + "' is a reserved keyword", t)
                else:
                    raise self.expected('a generic parameter name', t)
                if not self.accept(T.COMMA):
                    break
            if not self.accept(T.RIGHT_BRACKET):
                raise self.expected("']' after the generic parameters", self.peek())
        if not self.accept(T.COLON):
            raise self.expected("':' after the enum name", self.peek())
        self.expect_block_start()
        variants = []
        while True:
            t = self.peek()
            k = t.kind
            if k == T.DEDENT:
                self.pos += 1
                break
            if k == T.NEWLINE:
                self.pos += 1
                continue
            if k == T.INDENT:
                raise self.indent_error(t)
            vname = self.expect_name('a variant name')
            payload = []
            if self.accept(T.LEFT_PAREN):
                if not self.check(T.RIGHT_PAREN):
                    while True:
                        p = self.peek()
                        pname = ''
                        if p.kind == T.IDENTIFIER and self.peek_at(1).kind == T.COLON:
                            pname = p.text
                            self.pos += 2
                        payload.append(ast.PayloadDef(pname, self.parse_type(), p.line, p.col))
                        if not self.accept(T.COMMA):
                            break
                t = self.peek()
                if t.kind != T.RIGHT_PAREN:
                    raise self.expected("')' after the variant payload", t, E_MISSING_PAREN)
                self.pos += 1
            variants.append(ast.VariantDef(vname.text, payload, vname.line, vname.col))
        return ast.EnumDef(name.text, generics, variants, kw.line, kw.col)

    def parse_impl(self):
        kw = self.advance()
        name = self.expect_name("a type name after 'impl'")
        if not self.accept(T.COLON):
            raise self.expected("':' after the impl name", self.peek())
        self.expect_block_start()
        methods = []
        while True:
            t = self.peek()
            k = t.kind
            if k == T.DEDENT:
                self.pos += 1
                break
            if k == T.NEWLINE:
                self.pos += 1
                continue
            if k == T.INDENT:
                raise self.indent_error(t)
            is_pub = self.accept(T.PUB)
            if not self.check(T.FN):
                raise self.expected("a method definition ('fn')", self.peek())
            m = self.parse_fn_def()
            m.is_pub = is_pub
            methods.append(m)
        return ast.ImplDef(name.text, methods, kw.line, kw.col, name.line, name.col)

    def parse_use(self):
        kw = self.advance()
        t = self.peek()
        if t.kind != T.IDENTIFIER:
            raise self.error(E_SYNTAX, "expected module name after 'use'", t)
        self.pos += 1
        path = [t.text]
        while self.accept(T.DOT):
            t = self.peek()
            if t.kind != T.IDENTIFIER:
                raise self.error(E_SYNTAX, "expected identifier after '.' in module name", t)
            self.pos += 1
            path.append(t.text)
        alias = ''
        if self.accept(T.AS):
            t = self.peek()
            if t.kind != T.IDENTIFIER:
                raise self.error(E_SYNTAX, "expected identifier after 'as'", t)
            self.pos += 1
            alias = t.text
        items = []
        star = False
        if self.accept(T.COLON):
            if self.accept(T.STAR):
                star = True
            else:
                while True:
                    t = self.peek()
                    if t.kind != T.IDENTIFIER:
                        raise self.error(E_SYNTAX, 'expected symbol name in use list', t)
                    self.pos += 1
                    item_alias = ''
                    if self.accept(T.AS):
                        a = self.peek()
                        if a.kind != T.IDENTIFIER:
                            raise self.error(E_SYNTAX, "expected alias name after 'as'", a)
                        self.pos += 1
                        item_alias = a.text
                    items.append(ast.UseItem(t.text, item_alias, t.line, t.col))
                    if not self.accept(T.COMMA):
                        break
        return ast.Use(path, alias, items, star, kw.line, kw.col)

    # --- match ---------------------------------------------------------------

    def parse_match_header(self, what):
        kw = self.advance()
        subject = self.parse_expression()
        t = self.peek()
        if t.kind != T.COLON:
            raise self.error(E_CONTROL_FLOW, "Expected ':' after match " + what, t)
        self.pos += 1
        self.expect_block_start()
        return kw, subject

    def parse_match_stmt(self):
        kw, subject = self.parse_match_header('statement')
        arms = self.parse_arms(True)
        return ast.MatchStmt(subject, arms, kw.line, kw.col)

    def parse_match_expr(self):
        kw, subject = self.parse_match_header('expression')
        arms = self.parse_arms(False)
        return ast.MatchExpr(subject, arms, kw.line, kw.col)

    def parse_arms(self, is_stmt):
        arms = []
        while True:
            t = self.peek()
            k = t.kind
            if k == T.DEDENT:
                self.pos += 1
                break
            if k == T.NEWLINE:
                self.pos += 1
                continue
            if k == T.INDENT:
                raise self.indent_error(t)
            arms.append(self.parse_arm(is_stmt))
        return arms

    def parse_arm(self, is_stmt):
        t = self.peek()
        if t.kind == T.IDENTIFIER and t.text == '_' and self.peek_at(1).kind == T.ARROW:
            self.pos += 1
            pat = ast.Pattern(ast.PAT_WILDCARD, t.line, t.col)
        elif t.kind == T.IDENTIFIER and self.peek_at(1).kind == T.DOT:
            # an identifier followed by '.' starts an enum pattern
            self.pos += 2
            variant = self.expect_name("a variant name after '.'")
            pat = ast.Pattern(ast.PAT_ENUM, t.line, t.col)
            pat.enum_name = t.text
            pat.variant = variant.text
            if self.accept(T.LEFT_PAREN):
                pat.has_parens = True
                if not self.check(T.RIGHT_PAREN):
                    while True:
                        b = self.peek()
                        if b.kind != T.IDENTIFIER:
                            if T.is_keyword(b.kind):
                                raise self.keyword_error(b)
                            if len(pat.bindings) > 0:
                                raise self.expected("a binding name after ','", b)
                            raise self.expected('a binding name', b)
                        self.pos += 1
                        pat.bindings.append(b.text)
                        pat.binding_pos.append(ast.Node(b.line, b.col))
                        if not self.accept(T.COMMA):
                            break
                c = self.peek()
                if c.kind != T.RIGHT_PAREN:
                    raise self.expected("')' after the pattern bindings", c, E_MISSING_PAREN)
                self.pos += 1
        else:
            if not can_start_expr(t):
                raise self.expected('a match arm', t)
            value = self.parse_expression()
            pat = ast.Pattern(ast.PAT_VALUE, value.line, value.col)
            pat.value = value
        arrow = self.peek()
        if arrow.kind != T.ARROW:
            raise self.expected("'->' after the match pattern", arrow)
        self.pos += 1
        arm = ast.MatchArm(pat, pat.line, pat.col)
        if is_stmt:
            if self.check(T.NEWLINE):
                arm.body = self.parse_suite(E_SYNTAX, "Expected an indented block after '->'")
            else:
                arm.body = [self.parse_statement(False)]
        else:
            arm.expr = self.parse_expression()
        return arm

    # --- types -------------------------------------------------------------------

    def parse_type(self):
        t = self.peek()
        if t.kind == T.LEFT_BRACKET:
            ref = self.parse_array_type()
        elif t.kind == T.IDENTIFIER:
            self.pos += 1
            ref = ast.TypeRef(ast.TYPE_NAMED, t.line, t.col)
            ref.name = t.text
            if self.accept(T.LEFT_BRACKET):
                ref.args.append(self.parse_type())
                while self.accept(T.COMMA):
                    ref.args.append(self.parse_type())
                if not self.accept(T.RIGHT_BRACKET):
                    raise self.expected("']' after the type arguments", self.peek(),
                                        E_MISSING_BRACKET)
        else:
            raise self.expected('a type', t)
        if self.accept(T.QUESTION):
            ref.optional = True
        return ref

    def skip_layout(self):
        """Inside an array type: line breaks and indentation are ignored."""
        while True:
            k = self.peek().kind
            if k == T.NEWLINE:
                self.pos += 1
            elif k == T.INDENT:
                self.pos += 1
                self.layout_debt += 1
            elif k == T.DEDENT:
                self.pos += 1
                self.layout_debt -= 1
            else:
                break

    def parse_array_type(self):
        lb = self.advance()
        self.type_depth += 1
        self.skip_layout()
        t = self.peek()
        if t.kind == T.RIGHT_BRACKET:
            raise self.error(E_SYNTAX, "expected an element type before ']'", t)
        if t.kind != T.IDENTIFIER and t.kind != T.LEFT_BRACKET:
            raise self.error(E_SYNTAX, 'invalid element type inside array type annotation', t)
        ref = ast.TypeRef(ast.TYPE_ARRAY, lb.line, lb.col)
        ref.elem = self.parse_type()
        self.skip_layout()
        if self.accept(T.COMMA):
            self.skip_layout()
            t = self.peek()
            if t.kind == T.NUMBER:
                lit = make_number(t.text, False, t.line, t.col)
                if not isinstance(lit, ast.IntLit):
                    raise self.error(E_SYNTAX, 'array length must be a non-negative integer '
                                     'literal within range', t)
                v = lit.value
                if v.lt(_ZERO) or v.gt(_I32_MAX):
                    raise self.error(E_SYNTAX, 'array length must be a non-negative integer '
                                     'literal within range', t)
                ref.length = v.str()
                self.pos += 1
            elif t.kind == T.MINUS and self.peek_at(1).kind == T.NUMBER:
                raise self.error(E_SYNTAX, 'array length must be a non-negative integer '
                                 'literal within range', t)
            elif t.kind == T.IDENTIFIER:
                ref.length = t.text
                self.pos += 1
            else:
                raise self.error(E_SYNTAX, 'expected a constant name or integer literal for '
                                 'the array length', t)
            self.skip_layout()
        t = self.peek()
        if t.kind != T.RIGHT_BRACKET:
            raise CompileError(E_MISSING_BRACKET, "expected ']' to close this array type, "
                               "but found " + t.describe() + ' instead.', lb.line, lb.col)
        self.pos += 1
        self.type_depth -= 1
        if self.type_depth == 0 and self.layout_debt != 0:
            self.settle_layout_debt()
        return ref

    def settle_layout_debt(self):
        """An array type spanning lines made the lexer open (or close)
        indentation levels that the annotation skipped: drop the tokens that
        would close (reopen) them, so that the blocks around stay balanced."""
        debt = self.layout_debt
        self.layout_debt = 0
        toks = self.toks
        i = self.pos
        level = 0
        while debt > 0 and i < len(toks):
            k = toks[i].kind
            if k == T.INDENT:
                level += 1
            elif k == T.DEDENT:
                if level == 0:
                    del toks[i]
                    debt -= 1
                    continue
                level -= 1
            i += 1
        while debt < 0 and i < len(toks):
            k = toks[i].kind
            if k == T.INDENT:
                del toks[i]
                debt += 1
                continue
            if k == T.DEDENT:
                break
            i += 1

    def parse_ret_type(self, context):
        """After '->': a type or a fn type."""
        t = self.peek()
        if t.kind == T.FN:
            return self.parse_fn_type()
        if t.kind == T.IDENTIFIER or t.kind == T.LEFT_BRACKET:
            return self.parse_type()
        raise self.error(E_SYNTAX, "Expected return type after '->' " + context +
                         ', but found ' + t.describe(), t)

    def parse_fn_type(self):
        kw = self.advance()
        ref = ast.TypeRef(ast.TYPE_FN, kw.line, kw.col)
        if not self.accept(T.LEFT_PAREN):
            raise self.expected("'(' after 'fn' in a function type", self.peek())
        if not self.check(T.RIGHT_PAREN):
            while True:
                t = self.peek()
                if t.kind == T.FN:
                    ref.args.append(self.parse_fn_type())
                elif t.kind == T.IDENTIFIER or t.kind == T.LEFT_BRACKET:
                    ref.args.append(self.parse_type())
                else:
                    raise self.error(E_SYNTAX, 'expected a type annotation in function type, '
                                     'but found ' + t.describe(), t)
                if not self.accept(T.COMMA):
                    break
        t = self.peek()
        if t.kind != T.RIGHT_PAREN:
            raise self.expected("')' after the function type's parameters", t,
                                E_MISSING_PAREN)
        self.pos += 1
        if self.accept(T.ARROW):
            ref.ret = self.parse_ret_type('in function type')
        return ref

    # --- expressions ---------------------------------------------------------------

    def parse_expression(self):
        return self.parse_assignment()

    def parse_assignment(self):
        left = self.parse_conditional()
        t = self.peek()
        if self.block_ended() or not is_assign_op(t.kind):
            return left
        op = t.text
        if isinstance(left, ast.Index):
            if op != '=':
                raise self.error(E_SYNTAX, "Compound assignment to an array element is not "
                                 "supported; write 'a[i] = a[i] + value'", t)
        elif not isinstance(left, ast.Name) and not isinstance(left, ast.Member):
            raise self.error(E_SYNTAX, 'Invalid assignment target.', t)
        self.pos += 1
        self.enter()
        value = self.parse_assignment()
        self.leave()
        return ast.Assign(left, op, value, left.line, left.col, t.line, t.col)

    def parse_conditional(self):
        then = self.parse_binary(1)
        t = self.peek()
        if self.block_ended() or t.kind != T.IF:
            return then
        self.pos += 1
        cond = self.parse_binary(1)
        e = self.peek()
        if e.kind == T.ELIF:
            raise self.error(E_SYNTAX, "'elif' cannot be used in a conditional expression; "
                             "nest 'a if c else b' instead", e)
        if e.kind != T.ELSE:
            raise self.error(E_SYNTAX, "Expected 'else' in conditional expression", e)
        self.pos += 1
        self.enter()
        other = self.parse_conditional()
        self.leave()
        return ast.Conditional(then, cond, other, then.line, then.col)

    def parse_binary(self, min_prec):
        """Precedence climbing over grammar.md 6.1 levels 3-7 (`as` at the
        comparison level, its target a single identifier)."""
        left = self.parse_unary()
        while True:
            if self.block_ended():
                break
            t = self.peek()
            k = t.kind
            if is_unsupported_op(k):
                raise self.error(E_SYNTAX, "Operator '" + t.text + "' is not supported", t)
            if k == T.QUESTION:
                raise self.error(E_SYNTAX, "Operator '?' is not supported; use "
                                 "'a if c else b'", t)
            prec = binary_prec(k)
            if prec == 0 or prec < min_prec:
                break
            self.pos += 1
            if k == T.AS:
                if isinstance(left, ast.Cast) and not left.parenthesized:
                    raise UnframedError(CHAINED_CAST % (t.line, t.col), t.line, t.col)
                target = self.peek()
                if target.kind != T.IDENTIFIER:
                    raise self.expected("a type name after 'as'", target)
                self.pos += 1
                left = ast.Cast(left, target.text, left.line, left.col, t.line, t.col,
                                target.line, target.col)
                continue
            right = self.parse_binary(prec + 1)
            left = ast.Binary(t.text, left, right, left.line, left.col, t.line, t.col)
        return left

    def parse_unary(self):
        self.enter()
        t = self.peek()
        k = t.kind
        if k == T.MINUS:
            self.pos += 1
            n = self.peek()
            if n.kind == T.NUMBER and literal_base(n.text) == 10:
                # a negative literal (lexical.md 5.1)
                self.pos += 1
                lit = make_number(n.text, True, t.line, t.col)
                e = self.parse_postfix_rest(lit)
            else:
                e = ast.Unary('-', self.parse_unary(), t.line, t.col)
        elif k == T.NOT:
            self.pos += 1
            e = ast.Unary('not', self.parse_unary(), t.line, t.col)
        else:
            e = self.parse_postfix_rest(self.parse_primary())
        self.leave()
        return e

    def parse_postfix_rest(self, e):
        while True:
            if self.block_ended():
                break
            t = self.peek()
            k = t.kind
            if k == T.LEFT_PAREN:
                e = self.parse_call(e)
            elif k == T.LEFT_BRACKET:
                e = self.parse_index(e)
            elif k == T.DOT:
                self.pos += 1
                name = self.expect_name("a field name after '.'")
                e = ast.Member(e, name.text, e.line, e.col, name.line, name.col)
            elif k == T.LEFT_BRACE and self.struct_lit_allowed(e):
                e = self.parse_struct_lit(e)
            else:
                break
        return e

    def struct_lit_allowed(self, e):
        """Name{...} and module.Name{...} only."""
        if e.parenthesized:
            return False
        if isinstance(e, ast.Name):
            return True
        if isinstance(e, ast.Member):
            obj = e.obj
            return isinstance(obj, ast.Name) and not obj.parenthesized
        return False

    def parse_call(self, callee):
        lp = self.advance()
        args = []
        self.call_depth += 1
        if not self.check(T.RIGHT_PAREN):
            while True:
                args.append(self.parse_expression())
                if self.accept(T.COMMA):
                    if not can_start_expr(self.peek()):
                        raise self.expected("an expression after ','", self.peek())
                    continue
                break
        t = self.peek()
        if t.kind != T.RIGHT_PAREN:
            raise self.expected("')' after arguments", t, E_MISSING_PAREN)
        self.pos += 1
        self.call_depth -= 1
        return ast.Call(callee, args, callee.line, callee.col, lp.line, lp.col)

    def close_bracket(self, lb):
        t = self.peek()
        if t.kind != T.RIGHT_BRACKET:
            if t.kind == T.INDENT:
                raise self.indent_error(t)
            raise CompileError(E_MISSING_BRACKET, "Expected ']' to close this bracket "
                               "expression, but found " + t.describe() + ' instead.',
                               lb.line, lb.col)
        self.pos += 1

    def parse_index(self, obj):
        lb = self.advance()
        self.skip_newlines()
        if self.accept(T.DOT_DOT):
            self.skip_newlines()
            end = None
            if not self.check(T.RIGHT_BRACKET):
                end = self.parse_expression()
                self.skip_newlines()
            self.close_bracket(lb)
            return ast.Slice(obj, None, end, obj.line, obj.col, lb.line, lb.col)
        index = self.parse_expression()
        self.skip_newlines()
        if self.accept(T.DOT_DOT):
            self.skip_newlines()
            end = None
            if not self.check(T.RIGHT_BRACKET):
                end = self.parse_expression()
                self.skip_newlines()
            self.close_bracket(lb)
            return ast.Slice(obj, index, end, obj.line, obj.col, lb.line, lb.col)
        self.close_bracket(lb)
        return ast.Index(obj, index, obj.line, obj.col, lb.line, lb.col)

    def parse_struct_lit(self, e):
        if isinstance(e, ast.Member):
            obj = e.obj
            assert isinstance(obj, ast.Name)
            module = obj.name
            type_name = e.name
        else:
            assert isinstance(e, ast.Name)
            module = ''
            type_name = e.name
        self.pos += 1                       # {
        fields = []
        self.skip_newlines()
        while not self.check(T.RIGHT_BRACE):
            name = self.expect_name('a field name')
            if not self.accept(T.COLON):
                raise self.expected("':' after the field name", self.peek())
            value = self.parse_expression()
            fields.append(ast.FieldInit(name.text, value, name.line, name.col))
            t = self.peek()
            if t.kind == T.COMMA:
                self.pos += 1
                self.skip_newlines()
            elif t.kind == T.NEWLINE:
                self.skip_newlines()
            elif t.kind != T.RIGHT_BRACE:
                raise self.expected("',' or '}' in the struct literal", t)
        self.pos += 1                       # }
        return ast.StructLit(module, type_name, fields, e.line, e.col)

    def parse_primary(self):
        t = self.peek()
        k = t.kind
        if k == T.NUMBER:
            self.pos += 1
            return make_number(t.text, False, t.line, t.col)
        if k == T.STRING:
            self.pos += 1
            return ast.StringLit(t.text, t.line, t.col)
        if k == T.IDENTIFIER:
            self.pos += 1
            if t.text == 'true':
                return ast.BoolLit(True, t.line, t.col)
            if t.text == 'false':
                return ast.BoolLit(False, t.line, t.col)
            if t.text == 'timestamp' and self.check(T.LEFT_PAREN):
                self.pos += 1
                if not self.accept(T.RIGHT_PAREN):
                    raise self.expected("')' after 'timestamp(' (it takes no arguments)",
                                        self.peek())
                return ast.Timestamp(t.line, t.col)
            return ast.Name(t.text, t.line, t.col)
        if k == T.LEFT_PAREN:
            self.pos += 1
            e = self.parse_expression()
            c = self.peek()
            if c.kind != T.RIGHT_PAREN:
                raise self.expected("')' after the expression", c, E_MISSING_PAREN)
            self.pos += 1
            e.parenthesized = True
            return e
        if k == T.LEFT_BRACKET:
            return self.parse_array_lit()
        if k == T.FN:
            return self.parse_fn_expr()
        if k == T.MATCH:
            return self.parse_match_expr()
        if is_unsupported_op(k):
            raise self.error(E_SYNTAX, "Operator '" + t.text + "' is not supported", t)
        if k == T.QUESTION:
            raise self.error(E_SYNTAX, "Operator '?' is not supported; use 'a if c else b'", t)
        raise self.expected('an expression', t)

    def parse_array_lit(self):
        lb = self.advance()
        self.skip_newlines()
        elements = []
        trailing = False
        if not self.check(T.RIGHT_BRACKET):
            while True:
                elements.append(self.parse_expression())
                t = self.peek()
                if t.kind == T.COMMA:
                    self.pos += 1
                    self.skip_newlines()
                    if self.check(T.RIGHT_BRACKET):
                        trailing = True
                        break
                    continue
                if t.kind == T.RIGHT_BRACKET:
                    break
                raise CompileError(E_MISSING_BRACKET, "Expected ']' to close this array "
                                   "literal, but found " + t.describe() + ' instead.',
                                   lb.line, lb.col)
        self.pos += 1
        if (len(elements) == 2 and not trailing and self.call_depth == 0 and
                is_fill_count(elements[1])):
            return ast.ArrayFill(elements[0], elements[1], lb.line, lb.col)
        return ast.ArrayLit(elements, trailing, lb.line, lb.col)

    def parse_fn_expr(self):
        kw = self.advance()
        if not self.check(T.LEFT_PAREN):
            raise self.expected("'(' after 'fn'", self.peek())
        params = self.parse_params()
        ret = None
        if self.accept(T.ARROW):
            ret = self.parse_ret_type('in function expression')
        t = self.peek()
        if t.kind != T.COLON:
            raise self.error(E_SYNTAX, "Expected ':' after function signature", t)
        self.pos += 1
        self.require_newline_body()
        # (inside call arguments the fill rule stays off in the body too:
        # "anywhere inside the argument list", grammar.md 6)
        body = self.parse_suite(E_SYNTAX, "Expected an indented block after ':'")
        return ast.FnExpr(params, ret, body, kw.line, kw.col)


def is_fill_count(e):
    """The second element of a fill `[v, n]`: an integer literal (not a
    negative one) or an identifier, not parenthesized (grammar.md 6)."""
    if e.parenthesized:
        return False
    if isinstance(e, ast.IntLit):
        return not e.negative
    return isinstance(e, ast.Name)
