"""Token kinds produced by the lexer and consumed by the parser."""

# Each kind has a display name used in syntax error messages
# ("Expected an expression, but found RIGHT_PAREN instead.").
_NAMES = [
    # structure
    'EOF', 'NEWLINE', 'INDENT', 'DEDENT',
    # literals and names
    'IDENTIFIER', 'NUMBER', 'STRING',
    # punctuation
    'LEFT_PAREN', 'RIGHT_PAREN', 'LEFT_BRACKET', 'RIGHT_BRACKET',
    'LEFT_BRACE', 'RIGHT_BRACE', 'COMMA', 'DOT', 'DOT_DOT', 'COLON',
    'COLON_EQUAL', 'SEMICOLON', 'ARROW', 'APOSTROPHE', 'QUESTION', 'AT',
    # operators
    'PLUS', 'MINUS', 'STAR', 'SLASH', 'MODULO',
    'PLUS_EQUAL', 'MINUS_EQUAL', 'STAR_EQUAL', 'SLASH_EQUAL', 'MODULO_EQUAL',
    'EQUAL', 'EQUAL_EQUAL', 'BANG_EQUAL', 'LESS', 'LESS_EQUAL', 'GREATER',
    'GREATER_EQUAL',
    # lexed but accepted by no grammar rule (grammar.md section 8)
    'BIT_AND', 'BIT_OR', 'BIT_XOR', 'SHIFT_LEFT', 'SHIFT_RIGHT', 'BANG',
    'TILDE',
    # keywords (lexical.md section 4)
    'AND', 'AS', 'BREAK', 'CATCH', 'CONTINUE', 'DO', 'ELIF', 'ELSE', 'ENUM',
    'FN', 'FOR', 'IF', 'IMPL', 'IN', 'MATCH', 'MATCHES', 'MUT', 'NOT', 'OR',
    'PASS', 'PRINT', 'PUB', 'RETURN', 'STRUCT', 'TRY', 'USE', 'WHILE',
]

for _i, _n in enumerate(_NAMES):
    globals()[_n] = _i

TOKEN_NAMES = _NAMES[:]

KEYWORDS = {
    'and': AND, 'as': AS, 'break': BREAK, 'catch': CATCH,
    'continue': CONTINUE, 'do': DO, 'elif': ELIF, 'else': ELSE,
    'enum': ENUM, 'fn': FN, 'for': FOR, 'if': IF, 'impl': IMPL, 'in': IN,
    'match': MATCH, 'matches': MATCHES, 'mut': MUT, 'not': NOT, 'or': OR,
    'pass': PASS, 'print': PRINT, 'pub': PUB, 'return': RETURN,
    'struct': STRUCT, 'try': TRY, 'use': USE, 'while': WHILE,
}

FIRST_KEYWORD = AND
LAST_KEYWORD = WHILE


def is_keyword(kind):
    return FIRST_KEYWORD <= kind <= LAST_KEYWORD


class Token(object):
    """One token.  `text` is the source text of the token (for STRING: the
    decoded value, escapes processed; for NUMBER: the raw text as written,
    underscores included).  `line`/`col` are 1-based; in the indentation of
    a line a tab counts 4 columns.  INDENT/DEDENT/NEWLINE/EOF have empty text.
    """
    _immutable_fields_ = ['kind', 'text', 'line', 'col']

    def __init__(self, kind, text, line, col):
        self.kind = kind
        self.text = text
        self.line = line
        self.col = col

    def describe(self):
        """How a syntax error names this token: keywords in quotes, the rest
        by kind name (RIGHT_PAREN, NEWLINE, IDENTIFIER, ...)."""
        if is_keyword(self.kind):
            return "'" + self.text + "'"
        return TOKEN_NAMES[self.kind]
