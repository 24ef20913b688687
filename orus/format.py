"""Numbers to text and text to numbers (RPython).

* format_f64(x)        the `print` representation of an f64 (types.md 13)
* format_g(x)          C "%g" (6 significant digits): `f64 as string`,
                       string + f64 concatenation ("%.6g"), assert_eq values
* format_fixed(x, n)   C "%.Nf" (print's `@.Nf`)
* format_int(v, ty)    decimal text of an integer-stored value of type ty
                       (u64 unsigned; bool gives true/false)
* format_hex(v, upper), format_bin(v), format_oct(v)
                       the stored int as a 64-bit quantity (print's @x @X @b @o)
* builtin_int_from_string / _from_f64 / _from_int, builtin_float_from_string,
  builtin_float_from_int, int_bad_arg_error, float_bad_arg_error
                       the int() and float() builtins (builtins.md 7)

Type codes are those of orus/numeric.py (I32=0 I64=1 U32=2 U64=3 F64=4
BOOL=5).  Float formatting goes through rpython.rlib.rfloat.formatd (the dtoa
code, correctly rounded like glibc's printf), never through '%' with a
precision, which is not RPython.
"""

import math

from rpython.rlib.rarithmetic import r_uint, intmask
from rpython.rlib.rfloat import formatd
from rpython.rlib.rdtoa import strtod

from orus.errors import OrusError, KIND_CONVERSION
from orus.numeric import I32, U64, BOOL
from orus.numeric import I32_MIN, I32_MAX

# =============================================================================
# f64 -> text
# =============================================================================


def _trim_fraction(s):
    """Remove trailing zeros after the decimal point, then a trailing '.',
    in the part before any exponent."""
    epos = s.find('e')
    if epos < 0:
        mant = s
        exp = ''
    else:
        mant = s[:epos]
        exp = s[epos:]
    if mant.find('.') < 0:
        return s
    end = len(mant)
    while end > 0 and mant[end - 1] == '0':
        end -= 1
    if end > 0 and mant[end - 1] == '.':
        end -= 1
    assert end >= 0
    return mant[:end] + exp


def format_f64(x):
    """print's f64 representation: 0 for either zero, nan, inf, -inf;
    %.17g when 0 < |x| < 0.0001, else %.17f; then trimmed."""
    if x == 0.0:
        return '0'
    if math.isnan(x):
        return 'nan'
    if math.isinf(x):
        if x > 0.0:
            return 'inf'
        return '-inf'
    if x > -0.0001 and x < 0.0001:
        s = formatd(x, 'g', 17)
    else:
        s = formatd(x, 'f', 17)
    return _trim_fraction(s)


def format_g(x):
    """C "%g": 1234.5678 -> 1234.57, 1e20 -> 1e+20, -0.0 -> -0, nan, inf,
    -inf (a NaN prints as nan whatever its sign bit)."""
    return formatd(x, 'g', 6)


def format_fixed(x, ndigits):
    """C "%.Nf" with N = ndigits >= 0 (round half to even on the exact
    binary value, like glibc); nan, inf, -inf for non-finite values."""
    if ndigits < 0:
        ndigits = 0
    return formatd(x, 'f', ndigits)


# =============================================================================
# integers -> text
# =============================================================================

_HEX_LOWER = '0123456789abcdef'
_HEX_UPPER = '0123456789ABCDEF'


def format_int(v, ty):
    """Decimal text of an integer-stored value: "%d" for i32/i64/u32, "%u"
    (the unsigned 64-bit value) for u64, true/false for bool."""
    if ty == U64:
        return str(r_uint(v))
    if ty == BOOL:
        if v:
            return 'true'
        return 'false'
    return str(v)


def format_bool(b):
    if b:
        return 'true'
    return 'false'


def _format_radix(v, shift, digits):
    u = r_uint(v)
    if u == 0:
        return '0'
    mask = r_uint((1 << shift) - 1)
    buf = []
    while u != 0:
        buf.append(digits[intmask(u & mask)])
        u = u >> shift
    buf.reverse()
    return ''.join(buf)


def format_hex(v, upper):
    """Hex digits of v as a 64-bit quantity, no prefix, no leading zeros
    (-17 -> ffffffffffffffef).  Works for every integer type since the stored
    int already is that quantity (i32 sign-extended, u64 as its bits)."""
    if upper:
        return _format_radix(v, 4, _HEX_UPPER)
    return _format_radix(v, 4, _HEX_LOWER)


def format_bin(v):
    """Binary digits of v as a 64-bit quantity (0 -> 0, -1 -> 64 ones)."""
    return _format_radix(v, 1, _HEX_LOWER)


def format_oct(v):
    """Octal digits of v as a 64-bit quantity (-1 -> 1777777777777777777777)."""
    # 64 bits = 21 full octal digits + 1 bit: the generic loop handles it since
    # the shift is logical on r_uint
    return _format_radix(v, 3, _HEX_LOWER)


# =============================================================================
# int() and float() (builtins.md 7)
# =============================================================================

TEXT_LIMIT = 52


def quote_text(text):
    """"TEXT" for the messages, cut to its first 52 bytes followed by ...
    when longer."""
    if len(text) > TEXT_LIMIT:
        text = text[:TEXT_LIMIT] + '...'
    return '"' + text + '"'


def _conv_error(msg):
    return OrusError(KIND_CONVERSION, msg)


def int_bad_arg_error(type_name):
    """int() of a bool, array, enum...: type_name is the typeof name."""
    return _conv_error('int() argument must be a string or number, got ' +
                       type_name)


def float_bad_arg_error(type_name):
    return _conv_error('float() argument must be a string or number, got ' +
                       type_name)


def _is_space(c):
    """C isspace in the "C" locale."""
    return (c == ' ' or c == '\t' or c == '\n' or c == '\r' or
            c == '\x0b' or c == '\x0c')


def _is_digit(c):
    return c >= '0' and c <= '9'


def _skip_spaces(text, i):
    n = len(text)
    while i < n and _is_space(text[i]):
        i += 1
    return i


def builtin_int_from_string(text):
    """int(string): strtol-like base 10 with optional surrounding white
    space; "" (and white space only) gives 0."""
    n = len(text)
    i = _skip_spaces(text, 0)
    j = i
    negative = False
    if j < n and (text[j] == '+' or text[j] == '-'):
        negative = text[j] == '-'
        j += 1
    start = j
    value = 0
    too_big = False
    while j < n and _is_digit(text[j]):
        if not too_big:
            value = value * 10 + (ord(text[j]) - 48)
            if value > 2147483648:
                too_big = True      # stop accumulating: no word overflow
        j += 1
    if j == start:
        # no digits: nothing converted; only white space may follow
        j = 0
        value = 0
        negative = False
    j = _skip_spaces(text, j)
    if j < n:
        if (text.find('.') >= 0 or text.find('e') >= 0 or
                text.find('E') >= 0):
            raise _conv_error(
                'int() argument must be an integer string (decimals are not '
                'allowed). Use float() to parse decimal values, got ' +
                quote_text(text))
        raise _conv_error('int() argument must be an integer string, got ' +
                          quote_text(text))
    if negative:
        if too_big or value > 2147483648:
            raise _int_string_overflow(text)
        return -value
    if too_big or value > I32_MAX:
        raise _int_string_overflow(text)
    return value


def _int_string_overflow(text):
    return _conv_error('int() overflow: ' + quote_text(text) +
                       ' is out of range for i32')


WHOLE_TOLERANCE = 2.2e-16


def builtin_int_from_f64(x):
    """int(f64) -> i32: the value when whole (fraction <= 2.2e-16 in
    magnitude) and in range."""
    if math.isnan(x) or math.isinf(x):
        raise _conv_error('int() overflow: value is not finite')
    if x >= 0.0:
        t = math.floor(x)
    else:
        t = math.ceil(x)
    frac = x - t
    if frac > WHOLE_TOLERANCE or frac < -WHOLE_TOLERANCE:
        raise _conv_error('int() argument must be a whole number, got f64 ' +
                          format_g(x))
    if t < -2147483648.0 or t > 2147483647.0:
        raise _conv_error('int() overflow: ' + format_g(x) +
                          ' is out of range for i32')
    return int(t)


def builtin_int_from_int(v, ty):
    """int(i32/i64/u32/u64) -> i32 (a bool raises the "got bool" error)."""
    if ty == BOOL:
        raise int_bad_arg_error('bool')
    if ty == I32:
        return v
    if ty == U64:
        ok = v >= 0 and v <= I32_MAX
    else:
        ok = v >= I32_MIN and v <= I32_MAX
    if not ok:
        raise _conv_error('int() overflow: ' + format_int(v, ty) +
                          ' is out of range for i32')
    return v


def builtin_float_from_int(v, ty):
    """float(i32/i64/u32/u64) -> f64 (a bool raises the "got bool" error)."""
    if ty == BOOL:
        raise float_bad_arg_error('bool')
    if ty == U64:
        return float(r_uint(v))
    return float(v)


# --- float(string) -----------------------------------------------------------

DBL_MIN = 2.2250738585072014e-308      # smallest normal double

_R_2_60 = r_uint(1) << 60

# scan results
_SCAN_NONE = 0       # nothing converted
_SCAN_DEC = 1        # decimal number
_SCAN_HEX = 2        # hexadecimal number
_SCAN_SPECIAL = 3    # inf / infinity / nan / nan(...)


def _hex_value(c):
    if c >= '0' and c <= '9':
        return ord(c) - 48
    if c >= 'a' and c <= 'f':
        return ord(c) - 87
    if c >= 'A' and c <= 'F':
        return ord(c) - 55
    return -1


def _lower(c):
    if c >= 'A' and c <= 'Z':
        return chr(ord(c) + 32)
    return c


def _match_word(text, i, word):
    """Does text[i:] start with `word` (lower case), ignoring case?"""
    n = len(text)
    k = 0
    while k < len(word):
        if i + k >= n or _lower(text[i + k]) != word[k]:
            return False
        k += 1
    return True


def _scan_exponent(text, j, marker1, marker2):
    """Position after an exponent part ([eE]/[pP] [sign] digits) starting at
    j, or j when there is none (a marker without digits is not consumed)."""
    n = len(text)
    if j < n and (text[j] == marker1 or text[j] == marker2):
        k = j + 1
        if k < n and (text[k] == '+' or text[k] == '-'):
            k += 1
        if k < n and _is_digit(text[k]):
            while k < n and _is_digit(text[k]):
                k += 1
            return k
    return j


def _scan_decimal(text, j):
    """(end, nonzero) of a decimal number at j; end == j when none."""
    n = len(text)
    k = j
    ndigits = 0
    nonzero = False
    while k < n and _is_digit(text[k]):
        if text[k] != '0':
            nonzero = True
        ndigits += 1
        k += 1
    if k < n and text[k] == '.':
        k += 1
        while k < n and _is_digit(text[k]):
            if text[k] != '0':
                nonzero = True
            ndigits += 1
            k += 1
    if ndigits == 0:
        return j, False
    k = _scan_exponent(text, k, 'e', 'E')
    return k, nonzero


def _scan_hex_digits(text, j):
    """End of the hex mantissa ([hex]* [. [hex]*] with >= 1 digit) at j, or
    j when there is none."""
    n = len(text)
    k = j
    ndigits = 0
    while k < n and _hex_value(text[k]) >= 0:
        ndigits += 1
        k += 1
    if k < n and text[k] == '.':
        k += 1
        while k < n and _hex_value(text[k]) >= 0:
            ndigits += 1
            k += 1
    if ndigits == 0:
        return j
    return k


def _hex_to_float(text, start, end):
    """The value of the hex number text[start:end] (after "0x", up to and
    including any p-exponent), correctly rounded to nearest.  Returns -1.0
    on overflow (the value is never negative here)."""
    m = r_uint(0)
    exp2 = 0
    sticky = False
    seen_point = False
    k = start
    while k < end:
        c = text[k]
        if c == '.':
            seen_point = True
            k += 1
            continue
        d = _hex_value(c)
        if d < 0:
            break                       # the 'p' of the exponent
        if m < _R_2_60:
            m = m * r_uint(16) + r_uint(d)
            if seen_point:
                exp2 -= 4
        else:
            if d != 0:
                sticky = True
            if not seen_point:
                exp2 += 4
        k += 1
    if m == 0:
        return 0.0
    pexp = 0
    if k < end:                         # 'p' [sign] digits
        k += 1
        neg_exp = False
        if text[k] == '+' or text[k] == '-':
            neg_exp = text[k] == '-'
            k += 1
        while k < end:
            if pexp < 100000:
                pexp = pexp * 10 + (ord(text[k]) - 48)
            k += 1
        if neg_exp:
            pexp = -pexp
    if sticky:
        m = m | r_uint(1)               # m >= 2**60: far below the round bit
    mant = float(m)                     # rounds to 53 bits, to nearest
    e = exp2 + pexp
    if e > 2000:
        return -1.0
    if e < -2000:
        return 0.0
    try:
        return math.ldexp(mant, e)
    except OverflowError:
        return -1.0


def builtin_float_from_string(text):
    """float(string) with C strtod syntax: leading white space, sign, a
    decimal number with optional exponent, a hex number (0x1.8p3, 0x10),
    inf/infinity/nan/nan(...); trailing white space.  A result that is
    infinite or NaN, or out of range (overflow, or a nonzero number whose
    value falls below the smallest normal double, where strtod sets ERANGE),
    is an overflow error."""
    n = len(text)
    i = _skip_spaces(text, 0)
    j = i
    negative = False
    if j < n and (text[j] == '+' or text[j] == '-'):
        negative = text[j] == '-'
        j += 1
    kind = _SCAN_NONE
    end = j
    nonzero = False
    if (j + 1 < n and text[j] == '0' and
            (text[j + 1] == 'x' or text[j + 1] == 'X')):
        k = _scan_hex_digits(text, j + 2)
        if k > j + 2:
            kind = _SCAN_HEX
            end = _scan_exponent(text, k, 'p', 'P')
    if kind == _SCAN_NONE:
        k, nonzero = _scan_decimal(text, j)
        if k > j:
            kind = _SCAN_DEC
            end = k
    if kind == _SCAN_NONE:
        if _match_word(text, j, 'infinity'):
            kind = _SCAN_SPECIAL
            end = j + 8
        elif _match_word(text, j, 'inf'):
            kind = _SCAN_SPECIAL
            end = j + 3
        elif _match_word(text, j, 'nan'):
            kind = _SCAN_SPECIAL
            end = j + 3
            if end < n and text[end] == '(':
                k = end + 1
                while k < n and (_is_digit(text[k]) or text[k] == '_' or
                                 (_lower(text[k]) >= 'a' and
                                  _lower(text[k]) <= 'z')):
                    k += 1
                if k < n and text[k] == ')':
                    end = k + 1
    if kind == _SCAN_NONE:
        raise _float_not_a_number(text)
    if _skip_spaces(text, end) < n:
        raise _float_not_a_number(text)
    if kind == _SCAN_SPECIAL:
        raise _float_overflow(text)
    if kind == _SCAN_HEX:
        value = _hex_to_float(text, j + 2, end)
        if value < 0.0:
            raise _float_overflow(text)
        nonzero = value != 0.0 or _hex_has_nonzero(text, j + 2, end)
    else:
        assert j >= 0 and end >= j
        value = strtod(text[j:end])
    if math.isinf(value) or math.isnan(value):
        raise _float_overflow(text)
    if nonzero and value < DBL_MIN:
        raise _float_overflow(text)     # underflow (ERANGE)
    if negative:
        return -value
    return value


def _hex_has_nonzero(text, start, end):
    k = start
    while k < end:
        c = text[k]
        if c == 'p' or c == 'P':
            break
        if c != '0' and c != '.':
            return True
        k += 1
    return False


def _float_not_a_number(text):
    return _conv_error('float() argument must be a number, got ' +
                       quote_text(text))


def _float_overflow(text):
    return _conv_error('float() overflow: ' + quote_text(text) +
                       ' is out of range for f64')
