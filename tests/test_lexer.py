"""Lexer tests (lexical.md): token streams, layout tokens, literals, errors."""

import pytest

from orus import tokens as T
from orus.errors import CompileError, E_SYNTAX, E_INDENT
from orus.lexer import tokenize, Lexer


def toks(src):
    return tokenize(src)


def kinds(src):
    return [T.TOKEN_NAMES[t.kind] for t in tokenize(src)]


def texts(src):
    return [t.text for t in tokenize(src) if t.text]


def lex_error(src):
    with pytest.raises(CompileError) as info:
        tokenize(src)
    e = info.value
    return e.code, e.line, e.col, e.message


# --- basic streams --------------------------------------------------------------

def test_simple_statement():
    assert kinds('x = 1\n') == ['IDENTIFIER', 'EQUAL', 'NUMBER', 'NEWLINE', 'EOF']


def test_no_trailing_newline_still_ends_line():
    assert kinds('x = 1') == ['IDENTIFIER', 'EQUAL', 'NUMBER', 'NEWLINE', 'EOF']


def test_empty_and_blank_files():
    assert kinds('') == ['EOF']
    assert kinds('\n\n   \n\t\n') == ['EOF']
    assert kinds('// only a comment\n/* and\n a block */\n') == ['EOF']


def test_positions_are_one_based():
    ts = toks('ab = "x"\n  \ncd(1)\n')
    got = [(T.TOKEN_NAMES[t.kind], t.line, t.col) for t in ts]
    assert got == [('IDENTIFIER', 1, 1), ('EQUAL', 1, 4), ('STRING', 1, 6),
                   ('NEWLINE', 2, 0), ('IDENTIFIER', 3, 1), ('LEFT_PAREN', 3, 3),
                   ('NUMBER', 3, 4), ('RIGHT_PAREN', 3, 5), ('NEWLINE', 4, 0),
                   ('EOF', 4, 0)]


def test_newline_token_is_at_column_zero_of_next_line():
    ts = toks('if x\n    y\n')
    nl = ts[2]
    assert nl.kind == T.NEWLINE and (nl.line, nl.col) == (2, 0)


def test_keywords_and_identifiers():
    src = ('and as break catch continue do elif else enum fn for if impl in match '
           'matches mut not or pass print pub return struct try use while')
    ks = kinds(src)[:-2]
    assert len(ks) == 27
    assert all(k != 'IDENTIFIER' for k in ks)
    assert kinds('true false timestamp self i32 Result _ _x9') == (
        ['IDENTIFIER'] * 8 + ['NEWLINE', 'EOF'])


def test_keyword_describe():
    ts = toks('if x )')
    assert ts[0].describe() == "'if'"
    assert ts[1].describe() == 'IDENTIFIER'
    assert ts[2].describe() == 'RIGHT_PAREN'


def test_operators():
    src = '( ) [ ] { } , . .. : := ; -> \' ? @ + - * / % += -= *= /= %= = == != < <= > >= & | ^ << >> ! ~'
    assert kinds(src)[:-2] == [
        'LEFT_PAREN', 'RIGHT_PAREN', 'LEFT_BRACKET', 'RIGHT_BRACKET', 'LEFT_BRACE',
        'RIGHT_BRACE', 'COMMA', 'DOT', 'DOT_DOT', 'COLON', 'COLON_EQUAL', 'SEMICOLON',
        'ARROW', 'APOSTROPHE', 'QUESTION', 'AT', 'PLUS', 'MINUS', 'STAR', 'SLASH',
        'MODULO', 'PLUS_EQUAL', 'MINUS_EQUAL', 'STAR_EQUAL', 'SLASH_EQUAL',
        'MODULO_EQUAL', 'EQUAL', 'EQUAL_EQUAL', 'BANG_EQUAL', 'LESS', 'LESS_EQUAL',
        'GREATER', 'GREATER_EQUAL', 'BIT_AND', 'BIT_OR', 'BIT_XOR', 'SHIFT_LEFT',
        'SHIFT_RIGHT', 'BANG', 'TILDE']


def test_dot_dot_versus_dot():
    assert kinds('1..5')[:3] == ['NUMBER', 'DOT_DOT', 'NUMBER']
    assert kinds('0..=3')[:4] == ['NUMBER', 'DOT_DOT', 'EQUAL', 'NUMBER']
    assert kinds('0.. =3')[:4] == ['NUMBER', 'DOT_DOT', 'EQUAL', 'NUMBER']
    assert kinds('a.b')[:3] == ['IDENTIFIER', 'DOT', 'IDENTIFIER']
    assert kinds('1.')[:2] == ['NUMBER', 'DOT']
    assert kinds('.5')[:2] == ['DOT', 'NUMBER']


def test_label_tokens():
    assert kinds("'outer: while x")[:4] == ['APOSTROPHE', 'IDENTIFIER', 'COLON', 'WHILE']


def test_carriage_return_is_whitespace():
    assert kinds('x = 1\r\ny = 2\r\n') == kinds('x = 1\ny = 2\n')
    assert kinds('if a:\r\n    b\r\n') == kinds('if a:\n    b\n')


# --- comments -------------------------------------------------------------------

def test_line_comment():
    assert kinds('x = 1 // c = 2\n') == ['IDENTIFIER', 'EQUAL', 'NUMBER', 'NEWLINE', 'EOF']


def test_block_comment_inside_expression():
    assert texts('x = 1 /* note */ + 2\n') == ['x', '=', '1', '+', '2']


def test_block_comment_spanning_lines_keeps_line_numbers():
    ts = toks('/* a\nb\n*/ x\ny\n')
    assert [(t.text, t.line, t.col) for t in ts if t.text] == [('x', 3, 4), ('y', 4, 1)]


def test_block_comments_do_not_nest():
    # ` c */` is source code after the first `*/`
    assert texts('/* a /* b */ c */') == ['c', '*', '/']


def test_unterminated_block_comment_at_its_start():
    assert lex_error('x = 1\n  /* never\nclosed') == (
        E_SYNTAX, 2, 3, 'Unterminated block comment.')
    assert lex_error('/*')[3] == 'Unterminated block comment.'
    assert lex_error('/* x *')[3] == 'Unterminated block comment.'


def test_comment_only_lines_produce_no_layout_tokens():
    src = 'if a:\n    x\n        // deep comment\n// shallow comment\n    y\n'
    assert kinds(src) == ['IF', 'IDENTIFIER', 'COLON', 'NEWLINE', 'INDENT', 'IDENTIFIER',
                          'NEWLINE', 'IDENTIFIER', 'NEWLINE', 'DEDENT', 'EOF']


# --- indentation ----------------------------------------------------------------

def test_indent_dedent():
    src = 'if a:\n    b\n    if c:\n        d\ne\n'
    assert kinds(src) == ['IF', 'IDENTIFIER', 'COLON', 'NEWLINE', 'INDENT', 'IDENTIFIER',
                          'NEWLINE', 'IF', 'IDENTIFIER', 'COLON', 'NEWLINE', 'INDENT',
                          'IDENTIFIER', 'NEWLINE', 'DEDENT', 'DEDENT', 'IDENTIFIER',
                          'NEWLINE', 'EOF']


def test_layout_token_positions():
    ts = toks('if a:\n    b\nc\n')
    ind = [t for t in ts if t.kind == T.INDENT][0]
    ded = [t for t in ts if t.kind == T.DEDENT][0]
    assert (ind.line, ind.col) == (2, 5)
    assert (ded.line, ded.col) == (3, 1)


def test_dedents_at_end_of_file():
    assert kinds('if a:\n  if b:\n    c')[-5:] == ['IDENTIFIER', 'NEWLINE', 'DEDENT',
                                                  'DEDENT', 'EOF']


def test_tab_counts_four_columns_for_width_and_position():
    ts = toks('if a:\n\tb = 1\n    c\n')
    b = [t for t in ts if t.text == 'b'][0]
    eq = [t for t in ts if t.text == '='][0]
    assert (b.line, b.col) == (2, 5)
    assert eq.col == 7
    # tab line and 4-space line are at the same level: no INDENT/DEDENT between
    assert kinds('if a:\n\tb\n    c\n').count('INDENT') == 1
    assert kinds('if a:\n\tb\n    c\n').count('DEDENT') == 1


def test_tab_after_indentation_is_one_column():
    ts = toks('a\t= 1\n')
    assert ts[1].col == 3


def test_any_indent_amount():
    assert kinds('if a:\n  b\n  c\n').count('INDENT') == 1
    assert kinds('if a:\n        b\n').count('INDENT') == 1


def test_inconsistent_indentation():
    assert lex_error('if a:\n    b\n  c\n') == (E_INDENT, 3, 3, 'Inconsistent indentation.')
    assert lex_error('if a:\n\tif b:\n\t\tc\n  d\n') == (
        E_INDENT, 4, 3, 'Inconsistent indentation.')


def test_deeper_line_without_block_gives_indent_token():
    # the parser reports it; the lexer just produces the INDENT
    assert kinds('x = 1\n    y = 2\n')[4:6] == ['INDENT', 'IDENTIFIER']


# --- numbers --------------------------------------------------------------------

@pytest.mark.parametrize('src', [
    '42', '1_000_000', '0x1F', '0xdead_beef', '0XAB', '0b1010', '0B1', '0o755',
    '0O7', '3.75', '6.02e23', '2.5E-3', '1e+3', '7u32', '10i64', '3f64', '0xFFu32',
    '2e3i32', '1_0.5_5e1_0', '0b1f64', '007'])
def test_number_text_is_raw(src):
    ts = toks(src)
    assert ts[0].kind == T.NUMBER and ts[0].text == src
    assert ts[1].kind == T.NEWLINE


def test_hex_digits_are_greedy_so_f64_is_not_a_suffix():
    assert texts('0x1f64') == ['0x1f64']


def test_suffix_must_be_a_whole_word():
    assert texts('5u') == ['5', 'u']
    assert texts('5i8') == ['5', 'i8']
    assert texts('5i32x') == ['5', 'i32x']
    assert texts('5 i32') == ['5', 'i32']
    assert texts('0b1a') == ['0b1', 'a']


@pytest.mark.parametrize('src,message', [
    ('1__0', 'Invalid underscore placement in number.'),
    ('10_', 'Invalid underscore placement in number.'),
    ('1_e3', 'Invalid underscore placement in number.'),
    ('1_.5', 'Invalid underscore placement in number.'),
    ('0x_1', 'Invalid hexadecimal literal.'),
    ('0xF_', 'Invalid underscore placement in number.'),
    ('1e', "Invalid scientific notation: Expected digit after 'e' or 'E'."),
    ('1e+', "Invalid scientific notation: Expected digit after 'e' or 'E'."),
    ('2.5Ex', "Invalid scientific notation: Expected digit after 'e' or 'E'."),
    ('0x', 'Invalid hexadecimal literal.'),
    ('0xg', 'Invalid hexadecimal literal.'),
    ('0b', 'Invalid binary literal.'),
    ('0b2', 'Invalid binary literal.'),
    ('0b102', 'Invalid binary literal.'),
    ('0o', 'Invalid octal literal.'),
    ('0o9', 'Invalid octal literal.'),
    ('0o78', 'Invalid octal literal.'),
])
def test_number_errors_at_literal_start(src, message):
    assert lex_error('x = ' + src + '\n') == (E_SYNTAX, 1, 5, message)


# --- strings --------------------------------------------------------------------

def test_string_escapes_are_decoded():
    ts = toks(r'"a\nb\tc\rd\\e\"f\0g"')
    assert ts[0].kind == T.STRING
    assert ts[0].text == 'a\nb\tc\rd\\e"f\x00g'


def test_string_with_raw_newline():
    ts = toks('s = "a\nb"\nt\n')
    assert ts[2].text == 'a\nb'
    t = [x for x in ts if x.text == 't'][0]
    assert (t.line, t.col) == (3, 1)
    # the newline inside the string is not a NEWLINE token
    assert kinds('s = "a\nb"\n').count('NEWLINE') == 1


def test_string_bytes_kept():
    assert toks('"\xc3\xa9"')[0].text == '\xc3\xa9'


def test_invalid_escape_at_backslash():
    assert lex_error('x = "ab\\qc"') == (E_SYNTAX, 1, 8, 'Invalid escape sequence.')


def test_unterminated_string_at_quote():
    assert lex_error('x = 1\ny = "abc\n') == (E_SYNTAX, 2, 5, 'Unterminated string.')
    assert lex_error('"abc\\') == (E_SYNTAX, 1, 1, 'Unterminated string.')


# --- unexpected characters ------------------------------------------------------

@pytest.mark.parametrize('ch', ['$', '#', '`', '\\', '\x80', '\xc3'])
def test_unexpected_character(ch):
    assert lex_error('x = 1\n  y = ' + ch + '\n') == (E_SYNTAX, 2, 7, 'Unexpected character.')


def test_non_ascii_in_comments_is_fine():
    assert kinds('// \xc3\xa9\nx /* \xff */\n') == ['IDENTIFIER', 'NEWLINE', 'EOF']


def test_unexpected_character_after_tab_indentation():
    assert lex_error('if a:\n\tx = $\n') == (E_SYNTAX, 2, 9, 'Unexpected character.')


# --- partial results ------------------------------------------------------------

def test_run_keeps_tokens_before_the_error():
    lx = Lexer('x = 1\ny = $\n')
    ts = lx.run()
    assert [t.text for t in ts if t.text] == ['x', '=', '1', 'y', '=']
    assert lx.error is not None
    assert lx.error.message == 'Unexpected character.'
    assert (lx.error.line, lx.error.col) == (2, 5)
