"""PYTEST_DONT_REWRITE -- RPython functions are defined in this module.

Tests of orus/format.py: the f64 print representation (types.md 13), C %g
and %.Nf, integer text in decimal/hex/binary/octal, and the int()/float()
builtins of builtins.md 7 with every exact message; checked against Python
reference models, the spec examples, and (marked `rpython`) the same
functions compiled to C.
"""

import math
import random
import re
import struct

import pytest
from hypothesis import given, settings, strategies as st

from orus import format as F
from orus.numeric import I32, I64, U32, U64, F64, BOOL
from orus.errors import (OrusError, KIND_CONVERSION, E_INVALID_LITERAL)

INF = float('inf')
NAN = float('nan')


def to_stored_u64(m):
    m %= 2 ** 64
    return int(m - 2 ** 64) if m >= 2 ** 63 else int(m)


def conv_message(fn, *args):
    with pytest.raises(OrusError) as info:
        fn(*args)
    e = info.value
    assert e.kind == KIND_CONVERSION
    assert e.error_code() == E_INVALID_LITERAL
    return e.message


# =============================================================================
# format_f64: the print representation
# =============================================================================

def trim(s):
    if 'e' in s:
        mant, exp = s.split('e', 1)
        exp = 'e' + exp
    else:
        mant, exp = s, ''
    if '.' in mant:
        mant = mant.rstrip('0').rstrip('.')
    return mant + exp


def ref_format_f64(x):
    if x == 0.0:
        return '0'
    if math.isnan(x):
        return 'nan'
    if math.isinf(x):
        return 'inf' if x > 0 else '-inf'
    if abs(x) < 0.0001:
        return trim('%.17g' % x)
    return trim(format(x, '.17f'))


SPEC_F64_EXAMPLES = [
    # types.md 13
    (2.0, '2'), (0.1, '0.10000000000000001'), (3.14, '3.14000000000000012'),
    (0.1 + 0.2, '0.30000000000000004'), (1500.025, '1500.02500000000009095'),
    (0.025, '0.025'), (1e21, '1000000000000000000000'),
    (0.00001, '1.0000000000000001e-05'), (0.0, '0'), (-0.0, '0'),
    (NAN, 'nan'), (INF, 'inf'), (-INF, '-inf'),
    # float_format.expected
    (0.5, '0.5'), (1.25, '1.25'), (-7.75, '-7.75'),
    (1.0 / 3.0, '0.33333333333333331'), (0.0001, '0.0001'),
    (0.5 * 4.0, '2'), (1e308 * 10.0, 'inf'), (-(1e308 * 10.0), '-inf'),
    (1e308 * 10.0 - 1e308 * 10.0, 'nan'),
    # casts.expected, conversions.expected, print_specs.expected
    (37.5, '37.5'), (300.0, '300'), (2.5, '2.5'), (-1000.0, '-1000'),
    (7.0, '7'), (2.0 / 3.0, '0.66666666666666663'),
    # dynamic_casts.expected
    (3.0, '3'), (5000000000.0, '5000000000'),
]


@pytest.mark.parametrize('x,text', SPEC_F64_EXAMPLES)
def test_format_f64_spec_examples(x, text):
    assert F.format_f64(x) == text


def test_format_f64_more():
    assert F.format_f64(-0.00001) == '-1.0000000000000001e-05'
    assert F.format_f64(5e-324) == '4.9406564584124654e-324'
    assert F.format_f64(1e-5 * 9.9) == '9.9000000000000008e-05'
    assert F.format_f64(123.0) == '123'
    assert F.format_f64(-2.5) == '-2.5'
    assert F.format_f64(1e300).startswith('1000000000000000052504760255204')
    assert '.' not in F.format_f64(1e300)


def random_doubles(n, seed):
    rnd = random.Random(seed)
    out = []
    while len(out) < n:
        x = struct.unpack('<d', struct.pack('<Q', rnd.getrandbits(64)))[0]
        if not math.isnan(x):
            out.append(x)
    return out


# doubles with interesting decimal expansions at every magnitude
FORMAT_FLOATS = ([0.0, -0.0, NAN, INF, -INF, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3,
                  1e-4, 9.999999999999999e-05, 1.0000000000000001e-04, 1e-5,
                  5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
                  0.5, 1.5, 2.5, 0.125, 1e16, 1e17, 1e21, 1e22, 123456.789,
                  1234.5678, 1e20, 1e-20, 999999.5, 9999995.0, 0.0001234,
                  -1234567.891, 4.35, 2.675, 1.005]
                 + random_doubles(120, 1)
                 + [random.Random(2).uniform(-1e6, 1e6) for _ in range(60)])


def test_format_f64_table():
    for x in FORMAT_FLOATS:
        assert F.format_f64(x) == ref_format_f64(x), repr(x)


@settings(max_examples=1000, deadline=None)
@given(st.floats())
def test_prop_format_f64(x):
    assert F.format_f64(x) == ref_format_f64(x)


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=-1e-3, max_value=1e-3))
def test_prop_format_f64_small(x):
    assert F.format_f64(x) == ref_format_f64(x)


# =============================================================================
# format_g (C %g) and format_fixed (C %.Nf)
# =============================================================================

def test_format_g_examples():
    assert F.format_g(1234.5678) == '1234.57'            # types.md 7
    assert F.format_g(1e20) == '1e+20'
    assert F.format_g(1234567.891) == '1.23457e+06'      # types.md 5
    assert F.format_g(2.5) == '2.5'                      # dynamic_casts
    assert F.format_g(2.0) == '2'
    assert F.format_g(-0.0) == '-0'
    assert F.format_g(0.0) == '0'
    assert F.format_g(NAN) == 'nan'
    assert F.format_g(INF) == 'inf'
    assert F.format_g(-INF) == '-inf'
    assert F.format_g(0.0001) == '0.0001'
    assert F.format_g(0.00001) == '1e-05'
    assert F.format_g(123456.0) == '123456'
    assert F.format_g(1234567.0) == '1.23457e+06'


def test_format_g_table():
    for x in FORMAT_FLOATS:
        assert F.format_g(x) == '%g' % x, repr(x)


@settings(max_examples=1000, deadline=None)
@given(st.floats())
def test_prop_format_g(x):
    assert F.format_g(x) == '%g' % x


def test_format_fixed_examples():
    assert F.format_fixed(2.0 / 3.0, 2) == '0.67'        # builtins.md 1.2
    assert F.format_fixed(2.0 / 3.0, 4) == '0.6667'      # print_specs
    assert F.format_fixed(3.14159, 0) == '3'
    assert F.format_fixed(2.5, 0) == '2'                 # ties to even, as C
    assert F.format_fixed(0.125, 2) == '0.12'
    assert F.format_fixed(-0.0, 1) == '-0.0'
    assert F.format_fixed(1e21, 1) == '1000000000000000000000.0'
    assert F.format_fixed(INF, 2) == 'inf'
    assert F.format_fixed(-INF, 2) == '-inf'
    assert F.format_fixed(NAN, 2) == 'nan'
    assert F.format_fixed(1.0, 30) == '1.' + '0' * 30


def test_format_fixed_table():
    for x in FORMAT_FLOATS:
        for n in (0, 2, 6, 17):
            assert F.format_fixed(x, n) == format(x, '.%df' % n), (x, n)


@settings(max_examples=500, deadline=None)
@given(st.floats(), st.integers(min_value=0, max_value=40))
def test_prop_format_fixed(x, n):
    assert F.format_fixed(x, n) == format(x, '.%df' % n)


# =============================================================================
# integers
# =============================================================================

INT_EDGES = sorted(set([0, 1, -1, 2, -2, 7, -17, 202, 255, 256, 4095,
                        2 ** 31 - 1, -2 ** 31, 2 ** 31, 2 ** 32 - 1, 2 ** 32,
                        5000000000, -5000000000, 2 ** 62, -2 ** 62,
                        2 ** 63 - 1, -2 ** 63, 1234567890123]))


def ref_radix(v, base, upper=False):
    u = v % 2 ** 64
    if base == 16:
        s = '%x' % u
        return s.upper() if upper else s
    if base == 8:
        return '%o' % u
    return bin(u)[2:]


def test_format_int():
    assert F.format_int(-17, I32) == '-17'
    assert F.format_int(4294967295, U32) == '4294967295'
    assert F.format_int(-1, U64) == '18446744073709551615'
    assert F.format_int(-2 ** 63, U64) == '9223372036854775808'
    assert F.format_int(-2 ** 63, I64) == '-9223372036854775808'
    assert F.format_int(1, BOOL) == 'true'
    assert F.format_int(0, BOOL) == 'false'
    assert F.format_bool(True) == 'true'
    for v in INT_EDGES:
        assert F.format_int(v, I64) == str(v)
        assert F.format_int(v, U64) == str(v % 2 ** 64)
        assert type(F.format_int(v, U64)) is str


def test_format_radix_spec_examples():
    assert F.format_hex(-17, False) == 'ffffffffffffffef'
    assert F.format_hex(-1, False) == 'ffffffffffffffff'  # print_specs
    assert F.format_hex(202, False) == 'ca'
    assert F.format_hex(202, True) == 'CA'
    assert F.format_bin(202) == '11001010'
    assert F.format_oct(202) == '312'
    assert F.format_hex(255, False) == 'ff'
    assert F.format_bin(0) == '0'
    assert F.format_bin(-1) == '1' * 64
    assert F.format_hex(0, True) == '0'
    assert F.format_oct(0) == '0'
    assert F.format_oct(-1) == '1777777777777777777777'
    assert F.format_oct(-2 ** 63) == '1' + '0' * 21


def test_format_radix_edges():
    for v in INT_EDGES:
        assert F.format_hex(v, False) == ref_radix(v, 16)
        assert F.format_hex(v, True) == ref_radix(v, 16, True)
        assert F.format_bin(v) == ref_radix(v, 2)
        assert F.format_oct(v) == ref_radix(v, 8)


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=-2 ** 63, max_value=2 ** 63 - 1))
def test_prop_format_radix(v):
    assert F.format_hex(v, False) == ref_radix(v, 16)
    assert F.format_hex(v, True) == ref_radix(v, 16, True)
    assert F.format_bin(v) == ref_radix(v, 2)
    assert F.format_oct(v) == ref_radix(v, 8)
    assert F.format_int(v, I64) == str(v)
    assert F.format_int(v, U64) == str(v % 2 ** 64)


# =============================================================================
# int() (builtins.md 7)
# =============================================================================

MSG_INT_DEC = ('int() argument must be an integer string (decimals are not '
               'allowed). Use float() to parse decimal values, got ')
MSG_INT_BAD = 'int() argument must be an integer string, got '


def quoted(text):
    if len(text) > 52:
        text = text[:52] + '...'
    return '"' + text + '"'


_INT_RE = re.compile(r'^[ \t\n\r\x0b\x0c]*(?:([+-]?[0-9]+)[ \t\n\r\x0b\x0c]*)?$')


def ref_int_from_string(text):
    m = _INT_RE.match(text)
    if m is None:
        if '.' in text or 'e' in text or 'E' in text:
            return ('err', MSG_INT_DEC + quoted(text))
        return ('err', MSG_INT_BAD + quoted(text))
    if m.group(1) is None:
        return ('ok', 0)
    v = int(m.group(1))
    if not (-2 ** 31 <= v <= 2 ** 31 - 1):
        return ('err', 'int() overflow: ' + quoted(text) +
                ' is out of range for i32')
    return ('ok', v)


def outcome(fn, *args):
    try:
        r = fn(*args)
    except OrusError as e:
        assert e.kind == KIND_CONVERSION
        return ('err', e.message)
    if not isinstance(r, float):
        assert type(r) is int
    return ('ok', r)


INT_STRINGS = [
    # conversions.expected
    ('42', 42), ('  -17 ', -17), ('40', 40),
    ('', 0), ('   ', 0), (' \t\n', 0), ('+5', 5), ('-0', 0), ('007', 7),
    ('2147483647', 2147483647), ('-2147483648', -2147483648),
    ('\x0b\x0c12\r\n', 12), ('000000000000000000000000000042', 42),
]

INT_STRING_ERRORS = [
    ('3.5', MSG_INT_DEC + '"3.5"'),
    ('1e5', MSG_INT_DEC + '"1e5"'),
    ('1E5', MSG_INT_DEC + '"1E5"'),
    ('.', MSG_INT_DEC + '"."'),
    ('x', MSG_INT_BAD + '"x"'),                       # builtins.md 5
    ('abc', MSG_INT_BAD + '"abc"'),
    ('+', MSG_INT_BAD + '"+"'),
    ('-', MSG_INT_BAD + '"-"'),
    ('- 5', MSG_INT_BAD + '"- 5"'),
    ('5 5', MSG_INT_BAD + '"5 5"'),
    ('0x10', MSG_INT_BAD + '"0x10"'),
    ('12abc', MSG_INT_BAD + '"12abc"'),
    ('one', MSG_INT_DEC + '"one"'),     # contains an e: the literal reading
    ('2147483648', 'int() overflow: "2147483648" is out of range for i32'),
    ('-2147483649', 'int() overflow: "-2147483649" is out of range for i32'),
    ('  99999999999999999999999 ',
     'int() overflow: "  99999999999999999999999 " is out of range for i32'),
    ('9' * 60, 'int() overflow: "' + '9' * 52 + '..." is out of range for i32'),
    ('a' * 53, MSG_INT_BAD + '"' + 'a' * 52 + '..."'),
    ('a' * 52, MSG_INT_BAD + '"' + 'a' * 52 + '"'),
]


@pytest.mark.parametrize('text,value', INT_STRINGS)
def test_int_from_string_ok(text, value):
    assert F.builtin_int_from_string(text) == value
    assert ref_int_from_string(text) == ('ok', value)


@pytest.mark.parametrize('text,message', INT_STRING_ERRORS)
def test_int_from_string_errors(text, message):
    assert conv_message(F.builtin_int_from_string, text) == message
    assert ref_int_from_string(text) == ('err', message)


_WS = st.sampled_from(['', ' ', '  ', '\t', '\n', ' \r\n', '\x0b', '\x0c'])


@settings(max_examples=500, deadline=None)
@given(_WS, st.sampled_from(['', '+', '-']),
       st.integers(min_value=0, max_value=10 ** 12), _WS)
def test_prop_int_from_string_numbers(pre, sign, n, post):
    text = pre + sign + str(n) + post
    assert outcome(F.builtin_int_from_string, text) == \
        ref_int_from_string(text)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=u' \t+-0123456789.eExa', max_size=12))
def test_prop_int_from_string_fuzz(text):
    text = str(text)
    assert outcome(F.builtin_int_from_string, text) == \
        ref_int_from_string(text)


def test_int_from_f64():
    assert F.builtin_int_from_f64(9.0) == 9                # conversions
    assert F.builtin_int_from_f64(-9.0) == -9
    assert F.builtin_int_from_f64(-0.0) == 0
    assert F.builtin_int_from_f64(1e-300) == 0             # fraction tiny
    assert F.builtin_int_from_f64(2147483647.0) == 2147483647
    assert F.builtin_int_from_f64(-2147483648.0) == -2147483648
    m = conv_message(F.builtin_int_from_f64, 2.5)
    assert m == 'int() argument must be a whole number, got f64 2.5'
    m = conv_message(F.builtin_int_from_f64, -0.5)
    assert m == 'int() argument must be a whole number, got f64 -0.5'
    m = conv_message(F.builtin_int_from_f64, 1.0000000000000002)
    assert m == 'int() argument must be a whole number, got f64 1'
    for x in (INF, -INF, NAN):
        m = conv_message(F.builtin_int_from_f64, x)
        assert m == 'int() overflow: value is not finite'
    m = conv_message(F.builtin_int_from_f64, 2147483648.0)
    assert m == 'int() overflow: 2.14748e+09 is out of range for i32'
    m = conv_message(F.builtin_int_from_f64, -3e9)
    assert m == 'int() overflow: -3e+09 is out of range for i32'
    m = conv_message(F.builtin_int_from_f64, 1e300)
    assert m == 'int() overflow: 1e+300 is out of range for i32'


def ref_int_from_f64(x):
    if math.isnan(x) or math.isinf(x):
        return ('err', 'int() overflow: value is not finite')
    t = float(int(x))
    if abs(x - t) > 2.2e-16:
        return ('err', 'int() argument must be a whole number, got f64 ' +
                '%g' % x)
    if not (-2 ** 31 <= int(x) <= 2 ** 31 - 1):
        return ('err', 'int() overflow: %g is out of range for i32' % x)
    return ('ok', int(x))


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.floats(),
                 st.floats(min_value=-3e9, max_value=3e9),
                 st.integers(min_value=-2 ** 32, max_value=2 ** 32)
                 .map(float)))
def test_prop_int_from_f64(x):
    assert outcome(F.builtin_int_from_f64, x) == ref_int_from_f64(x)


def test_int_from_int():
    assert F.builtin_int_from_int(123, I32) == 123           # conversions
    assert F.builtin_int_from_int(-2 ** 31, I64) == -2 ** 31
    assert F.builtin_int_from_int(2 ** 31 - 1, U32) == 2 ** 31 - 1
    assert F.builtin_int_from_int(7, U64) == 7
    cases = [(5000000000, I64, '5000000000'), (-2 ** 31 - 1, I64, '-2147483649'),
             (-2 ** 63, I64, '-9223372036854775808'),
             (2 ** 31, U32, '2147483648'), (4294967295, U32, '4294967295'),
             (-1, U64, '18446744073709551615'), (2 ** 31, U64, '2147483648')]
    for v, ty, text in cases:
        m = conv_message(F.builtin_int_from_int, v, ty)
        assert m == 'int() overflow: %s is out of range for i32' % text
    m = conv_message(F.builtin_int_from_int, 1, BOOL)
    assert m == 'int() argument must be a string or number, got bool'


def test_bad_arg_errors():
    for name in ('bool', 'array', 'Point', 'function'):
        e = F.int_bad_arg_error(name)
        assert isinstance(e, OrusError)
        assert e.kind == KIND_CONVERSION
        assert e.message == ('int() argument must be a string or number, '
                             'got ' + name)
        e = F.float_bad_arg_error(name)
        assert e.kind == KIND_CONVERSION
        assert e.message == ('float() argument must be a string or number, '
                             'got ' + name)
    m = conv_message(F.builtin_float_from_int, 0, BOOL)
    assert m == 'float() argument must be a string or number, got bool'


def test_float_from_int():
    assert F.builtin_float_from_int(7, I32) == 7.0            # conversions
    assert F.builtin_float_from_int(-1, U64) == 18446744073709551616.0
    assert F.builtin_float_from_int(-1, I64) == -1.0
    assert F.builtin_float_from_int(4294967295, U32) == 4294967295.0
    assert F.builtin_float_from_int(2 ** 53 + 1, I64) == 2.0 ** 53


# =============================================================================
# float() (builtins.md 7)
# =============================================================================

MSG_FLOAT_BAD = 'float() argument must be a number, got '

_SP = '[ \\t\\n\\r\\x0b\\x0c]*'
_DEC = r'(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?'
_HEX = r'0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?'
_SPECIAL = r'(?:[iI][nN][fF](?:[iI][nN][iI][tT][yY])?|[nN][aA][nN](?:\([0-9a-zA-Z_]*\))?)'
_FLOAT_RE = re.compile('^' + _SP + '([+-]?)(?:(' + _HEX + ')|(' + _DEC + ')|(' +
                       _SPECIAL + '))' + _SP + '$')


def ref_float_from_string(text):
    """C strtod over the whole text, modelled with regular expressions and
    Python's correctly rounded float() / float.fromhex()."""
    m = _FLOAT_RE.match(text)
    overflow = ('err', 'float() overflow: ' + quoted(text) +
                ' is out of range for f64')
    if m is None:
        return ('err', MSG_FLOAT_BAD + quoted(text))
    sign, hexpart, decpart, special = m.groups()
    if special is not None:
        return overflow
    if hexpart is not None:
        mant = re.split('[pP]', hexpart[2:])[0]
        try:
            value = float.fromhex(hexpart)
        except OverflowError:
            return overflow
    else:
        mant = re.split('[eE]', decpart)[0]
        value = float(decpart)
    nonzero = any(c not in '0.' for c in mant)
    if math.isinf(value):
        return overflow
    if nonzero and value < 2.2250738585072014e-308:
        return overflow
    if sign == '-':
        value = -value
    return ('ok', value)


FLOAT_STRINGS = [
    # conversions.expected
    ('2.5', 2.5), ('-1e3', -1000.0),
    # strtod syntax
    ('  42  ', 42.0), ('+1.5', 1.5), ('.5', 0.5), ('5.', 5.0), ('1e5', 1e5),
    ('1E-2', 0.01), ('0x10', 16.0), ('0X1A', 26.0), ('-0x.8', -0.5),
    ('0x1.8p1', 3.0), ('0x1P-2', 0.25), ('\t0x10\n', 16.0), ('0', 0.0),
    ('-0', -0.0), ('0e999', 0.0), ('0x0p99999', 0.0), ('00.000', 0.0),
    ('1.7976931348623157e308', 1.7976931348623157e308),
    ('2.2250738585072014e-308', 2.2250738585072014e-308),
    ('0x1.fffffffffffff8p0', 2.0), ('0x1.fffffffffffff7ffp0', 0x1fffffffffffff / 2.0 ** 52),
    ('0x123456789abcdef0123', float(0x123456789abcdef0123)),
    ('0.1', 0.1), ('123456789012345678901234567890', 1.2345678901234568e+29),
]

FLOAT_STRING_ERRORS = [
    ('abc', MSG_FLOAT_BAD + '"abc"'),                  # conversions.expected
    ('', MSG_FLOAT_BAD + '""'),
    ('   ', MSG_FLOAT_BAD + '"   "'),
    ('1e', MSG_FLOAT_BAD + '"1e"'),
    ('1e+', MSG_FLOAT_BAD + '"1e+"'),
    ('0x', MSG_FLOAT_BAD + '"0x"'),
    ('0xg', MSG_FLOAT_BAD + '"0xg"'),
    ('0x1p', MSG_FLOAT_BAD + '"0x1p"'),
    ('.', MSG_FLOAT_BAD + '"."'),
    ('+', MSG_FLOAT_BAD + '"+"'),
    ('1.5.2', MSG_FLOAT_BAD + '"1.5.2"'),
    ('1 2', MSG_FLOAT_BAD + '"1 2"'),
    ('infinit', MSG_FLOAT_BAD + '"infinit"'),
    ('nan(', MSG_FLOAT_BAD + '"nan("'),
    ('nan(1', MSG_FLOAT_BAD + '"nan(1"'),
    ('- 1', MSG_FLOAT_BAD + '"- 1"'),
    ('x' * 60, MSG_FLOAT_BAD + '"' + 'x' * 52 + '..."'),
    ('inf', 'float() overflow: "inf" is out of range for f64'),
    ('-Infinity', 'float() overflow: "-Infinity" is out of range for f64'),
    (' INF ', 'float() overflow: " INF " is out of range for f64'),
    ('nan', 'float() overflow: "nan" is out of range for f64'),
    ('NaN(0x1)', 'float() overflow: "NaN(0x1)" is out of range for f64'),
    ('1e309', 'float() overflow: "1e309" is out of range for f64'),
    ('-1e999', 'float() overflow: "-1e999" is out of range for f64'),
    ('1e-400', 'float() overflow: "1e-400" is out of range for f64'),
    ('4e-320', 'float() overflow: "4e-320" is out of range for f64'),
    ('0x1p1024', 'float() overflow: "0x1p1024" is out of range for f64'),
    ('0x1p-1080', 'float() overflow: "0x1p-1080" is out of range for f64'),
    ('1' * 400, 'float() overflow: "' + '1' * 52 + '..." is out of range for f64'),
]


def same_float(a, b):
    return struct.pack('<d', a) == struct.pack('<d', b)


@pytest.mark.parametrize('text,value', FLOAT_STRINGS)
def test_float_from_string_ok(text, value):
    got = F.builtin_float_from_string(text)
    assert same_float(got, value), (got, value)
    want = ref_float_from_string(text)
    assert want[0] == 'ok' and same_float(want[1], value)


@pytest.mark.parametrize('text,message', FLOAT_STRING_ERRORS)
def test_float_from_string_errors(text, message):
    assert conv_message(F.builtin_float_from_string, text) == message
    assert ref_float_from_string(text) == ('err', message)


def float_outcome_equal(text):
    got = outcome(F.builtin_float_from_string, text)
    want = ref_float_from_string(text)
    if got[0] == 'ok' and want[0] == 'ok':
        return same_float(got[1], want[1])
    return got == want


@settings(max_examples=1000, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False),
       st.sampled_from(['%r', '%.17g', '%e', '%.3f', '%.0e', '%.30g', 'hex',
                        'HEX']),
       _WS, _WS)
def test_prop_float_from_string_roundtrip(x, style, pre, post):
    if style == 'hex':
        body = x.hex()
    elif style == 'HEX':
        body = x.hex().upper()
    else:
        body = style % x
    text = pre + body + post
    assert float_outcome_equal(text)
    if style in ('%r', '%.17g', 'hex', 'HEX') and \
            (x == 0.0 or abs(x) >= 2.2250738585072014e-308):
        assert same_float(F.builtin_float_from_string(text), x)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=u' \t+-0123456789.eExXpPaAfFinINty()_', max_size=14))
def test_prop_float_from_string_fuzz(text):
    assert float_outcome_equal(str(text))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=u'0123456789abcdefABCDEF.', min_size=1, max_size=40),
       st.one_of(st.just(''), st.integers(min_value=-1200, max_value=1200)
                 .map(lambda e: 'p%d' % e)),
       st.sampled_from(['', '-', '+']))
def test_prop_float_from_hex(digits, exp, sign):
    assert float_outcome_equal(sign + '0x' + str(digits) + exp)


# =============================================================================
# translated semantics
# =============================================================================

from rpython.rlib.unroll import unrolling_iterable
from rpython.rlib.rfloat import formatd


def _err_text(e):
    return 'E:' + e.kind + ':' + e.error_code() + ':' + e.message


def _runner_float_to_str(fn, inputs):
    def run():
        out = []
        for x in inputs:
            out.append(fn(x))
        return '|'.join(out)
    return run


def _runner_fixed(inputs, digits):
    def run():
        out = []
        for x in inputs:
            for n in digits:
                out.append(F.format_fixed(x, n))
        return '|'.join(out)
    return run


def _runner_int_to_str(fn, inputs):
    def run():
        out = []
        for v in inputs:
            out.append(fn(v))
        return '|'.join(out)
    return run


def _runner_int_ty_to_str(fn, inputs, types):
    def run():
        out = []
        for v in inputs:
            for ty in types:
                out.append(fn(v, ty))
        return '|'.join(out)
    return run


def _runner_str_to_int(fn, inputs):
    def run():
        out = []
        for s in inputs:
            try:
                out.append(str(fn(s)))
            except OrusError as e:
                out.append(_err_text(e))
        return '|'.join(out)
    return run


def _runner_str_to_float(fn, inputs):
    def run():
        out = []
        for s in inputs:
            try:
                out.append(formatd(fn(s), 'r', 0))
            except OrusError as e:
                out.append(_err_text(e))
        return '|'.join(out)
    return run


def _runner_f64_to_int(inputs):
    def run():
        out = []
        for x in inputs:
            try:
                out.append(str(F.builtin_int_from_f64(x)))
            except OrusError as e:
                out.append(_err_text(e))
        return '|'.join(out)
    return run


def _runner_int_builtins(inputs, types):
    def run():
        out = []
        for v in inputs:
            for ty in types:
                try:
                    out.append(str(F.builtin_int_from_int(v, ty)))
                except OrusError as e:
                    out.append(_err_text(e))
                try:
                    out.append(formatd(F.builtin_float_from_int(v, ty),
                                       'r', 0))
                except OrusError as e:
                    out.append(_err_text(e))
        return '|'.join(out)
    return run


def _hex_lower(v):
    return F.format_hex(v, False)


def _hex_upper(v):
    return F.format_hex(v, True)


TR_FLOATS = list(FORMAT_FLOATS) + [2147483648.0, -3e9, 2.5, -0.5, 1e-300]
TR_STRINGS = ([t for t, _ in INT_STRINGS] + [t for t, _ in INT_STRING_ERRORS] +
              [t for t, _ in FLOAT_STRINGS] +
              [t for t, _ in FLOAT_STRING_ERRORS] +
              ['0x1.fffffffffffffp1023', '0x1.fffffffffffff8p1023',
               '0x1p-1022', '0x0.fffffffffffff8p-1022', '2.4e-308',
               '9007199254740993', '0x20000000000001', '0x20000000000001.8',
               '1e99999999999999999999', '1e-99999999999999999999',
               '0e99999999999999999999', '0.' + '0' * 400 + '1',
               '1' + '0' * 400 + 'e-400', '0x1p+99999999999999'])
TR_INT_TYPES = [I32, I64, U32, U64, BOOL]

FMT_RUNNERS = [
    ('format_f64', _runner_float_to_str(F.format_f64, TR_FLOATS)),
    ('format_g', _runner_float_to_str(F.format_g, TR_FLOATS)),
    ('format_fixed', _runner_fixed(TR_FLOATS, [0, 2, 17, 30])),
    ('format_int', _runner_int_ty_to_str(F.format_int, INT_EDGES,
                                         TR_INT_TYPES)),
    ('format_hex', _runner_int_to_str(_hex_lower, INT_EDGES)),
    ('format_HEX', _runner_int_to_str(_hex_upper, INT_EDGES)),
    ('format_bin', _runner_int_to_str(F.format_bin, INT_EDGES)),
    ('format_oct', _runner_int_to_str(F.format_oct, INT_EDGES)),
    ('int_from_string', _runner_str_to_int(F.builtin_int_from_string,
                                           TR_STRINGS)),
    ('float_from_string', _runner_str_to_float(F.builtin_float_from_string,
                                               TR_STRINGS)),
    ('int_from_f64', _runner_f64_to_int(TR_FLOATS)),
    ('int_float_from_int', _runner_int_builtins(INT_EDGES, TR_INT_TYPES)),
]
_FMT_UNROLLED = unrolling_iterable(
    [(i, r) for i, (_, r) in enumerate(FMT_RUNNERS)])


def run_fmt(op):
    for i, runner in _FMT_UNROLLED:
        if i == op:
            return runner()
    return 'bad op'


@pytest.fixture(scope='module')
def compiled_run_fmt():
    from rpython.translator.c.test.test_genc import compile
    return compile(run_fmt, [int])


@pytest.mark.rpython
def test_translated_matches_untranslated(compiled_run_fmt):
    mismatches = []
    for i, (name, _) in enumerate(FMT_RUNNERS):
        want = run_fmt(i)
        got = compiled_run_fmt(i)
        if got != want:
            w = want.split('|')
            g = got.split('|')
            diff = [(k, w[k], g[k]) for k in range(min(len(w), len(g)))
                    if w[k] != g[k]]
            mismatches.append((name, diff[:5], len(w), len(g)))
    assert not mismatches


# --- annotation ---------------------------------------------------------------

SIGNATURES = {
    'format_f64': 'f', 'format_g': 'f', 'format_fixed': 'fi',
    'format_int': 'ii', 'format_bool': 'b', 'format_hex': 'ib',
    'format_bin': 'i', 'format_oct': 'i', 'quote_text': 's',
    'int_bad_arg_error': 's', 'float_bad_arg_error': 's',
    'builtin_int_from_string': 's', 'builtin_int_from_f64': 'f',
    'builtin_int_from_int': 'ii', 'builtin_float_from_int': 'ii',
    'builtin_float_from_string': 's',
}
_KIND = {'i': int, 'f': float, 's': str, 'b': bool}
_RETURNS = {
    'format_f64': 'str', 'format_g': 'str', 'format_fixed': 'str',
    'format_int': 'str', 'format_bool': 'str', 'format_hex': 'str',
    'format_bin': 'str', 'format_oct': 'str', 'quote_text': 'str',
    'int_bad_arg_error': 'instance', 'float_bad_arg_error': 'instance',
    'builtin_int_from_string': 'int', 'builtin_int_from_f64': 'int',
    'builtin_int_from_int': 'int', 'builtin_float_from_int': 'float',
    'builtin_float_from_string': 'float',
}


def test_signature_table_complete():
    import types
    public = sorted(name for name, obj in vars(F).items()
                    if isinstance(obj, types.FunctionType)
                    and obj.__module__ == F.__name__
                    and not name.startswith('_'))
    assert sorted(SIGNATURES) == public
    assert sorted(_RETURNS) == public


@pytest.mark.rpython
@pytest.mark.parametrize('name', sorted(SIGNATURES))
def test_annotates_and_rtypes(name):
    from rpython.translator.interactive import Translation
    from rpython.translator.translator import graphof
    from rpython.annotator import model as am
    fn = getattr(F, name)
    t = Translation(fn, [_KIND[k] for k in SIGNATURES[name]])
    t.annotate()
    s_ret = t.context.annotator.binding(graphof(t.context, fn).getreturnvar())
    kind = _RETURNS[name]
    if kind == 'str':
        assert isinstance(s_ret, am.SomeString)
        assert not s_ret.can_be_None
    elif kind == 'int':
        assert isinstance(s_ret, am.SomeInteger)
        assert s_ret.knowntype is int and not s_ret.unsigned
    elif kind == 'float':
        assert isinstance(s_ret, am.SomeFloat)
    else:
        assert isinstance(s_ret, am.SomeInstance)
    t.rtype()
