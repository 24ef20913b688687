"""Text of values: print's representation (types.md 13), print's format
strings and escapes (builtins.md 1), assert_eq's rendering (builtins.md 9)."""

from rpython.rlib.rstring import StringBuilder

from orus import format as F
from orus.runtime.objects import (
    W_Object, W_Int, W_Bool, W_F64, W_String, W_Array, W_Struct, W_Enum,
    W_Function, W_Range, W_ErrorValue, RT_F64, RT_STR, RT_OBJ, RT_BOOL,
    RT_U64)


def show(w):
    """The print representation of a value."""
    b = StringBuilder()
    show_into(b, w)
    return b.build()


def show_into(b, w):
    if isinstance(w, W_String):
        b.append(w.str_value())
    elif isinstance(w, W_Int):
        b.append(F.format_int(w.value, w.scalar_type()))
    elif isinstance(w, W_F64):
        b.append(F.format_f64(w.value))
    elif isinstance(w, W_Bool):
        b.append(F.format_bool(w.value))
    elif isinstance(w, W_Array):
        n = w.length()
        for i in range(n):
            if i > 0:
                b.append(', ')
            show_into(b, w.getitem_boxed(i))
    elif isinstance(w, W_Struct):
        n = len(w.layout.field_names)
        for i in range(n):
            if i > 0:
                b.append(', ')
            show_into(b, w.get_boxed(i))
    elif isinstance(w, W_Enum):
        b.append(w.layout.name)
        b.append('.')
        b.append(w.layout.variant_names[w.variant])
        if len(w.payload) > 0:
            b.append('(')
            for i in range(len(w.payload)):
                if i > 0:
                    b.append(', ')
                show_into(b, w.payload[i])
            b.append(')')
    elif isinstance(w, W_ErrorValue):
        b.append('Error: ')
        b.append(w.message)
    elif isinstance(w, W_Range):
        b.append('range(')
        b.append(str(w.next))
        b.append('..')
        b.append(str(w.stop))
        if w.step != 1:
            b.append(' step=')
            b.append(str(w.step))
        b.append(')')
    elif isinstance(w, W_Function):
        b.append(w.code.display)
    else:
        b.append('<value>')


def render_for_assert(w):
    """assert_eq's rendering of an expected/actual value."""
    b = StringBuilder()
    render_into(b, w)
    return b.build()


def render_into(b, w):
    if isinstance(w, W_String):
        b.append('"')
        s = w.str_value()
        for i in range(len(s)):
            c = s[i]
            if c == '\\':
                b.append('\\\\')
            elif c == '\n':
                b.append('\\n')
            elif c == '\t':
                b.append('\\t')
            elif c == '"':
                b.append('\\"')
            else:
                b.append(c)
        b.append('"')
    elif isinstance(w, W_F64):
        b.append(F.format_g(w.value))
    elif isinstance(w, W_Array):
        b.append('[')
        n = w.length()
        for i in range(n):
            if i > 0:
                b.append(', ')
            render_into(b, w.getitem_boxed(i))
        b.append(']')
    elif isinstance(w, W_Struct):
        b.append('[')
        n = len(w.layout.field_names)
        for i in range(n):
            if i > 0:
                b.append(', ')
            render_into(b, w.get_boxed(i))
        b.append(']')
    elif isinstance(w, W_Enum):
        b.append(w.layout.name)
        b.append('.')
        b.append(w.layout.variant_names[w.variant])
        if len(w.payload) > 0:
            b.append('(')
            for i in range(len(w.payload)):
                if i > 0:
                    b.append(', ')
                render_into(b, w.payload[i])
            b.append(')')
    elif isinstance(w, W_Range):
        b.append('<range>')
    else:
        show_into(b, w)


# --- print ------------------------------------------------------------------

def format_print(args_w):
    """The line print writes for these argument values (builtins.md 1),
    without the final newline."""
    b = StringBuilder()
    n = len(args_w)
    if n == 0:
        return ''
    first = args_w[0]
    if not isinstance(first, W_String):
        for i in range(n):
            if i > 0:
                b.append(' ')
            show_into(b, args_w[i])
        return b.build()
    fmt = first.str_value()
    next_arg = 1
    i = 0
    flen = len(fmt)
    while i < flen:
        c = fmt[i]
        if c == '\\':
            # escape re-processing (builtins.md 1.3)
            if i + 1 >= flen:
                i += 1
                continue
            d = fmt[i + 1]
            if d == 'n':
                b.append('\n')
            elif d == 't':
                b.append('\t')
            else:
                b.append(d)
            i += 2
            continue
        if c != '@':
            b.append(c)
            i += 1
            continue
        # an @ spec
        j = i + 1
        if j < flen and fmt[j] == '.':
            j += 1
            while j < flen and '0' <= fmt[j] <= '9':
                j += 1
            if j < flen and fmt[j] == 'f':
                j += 1
        elif j < flen and (fmt[j] == 'x' or fmt[j] == 'X' or fmt[j] == 'b' or
                           fmt[j] == 'o'):
            j += 1
        assert j >= i + 1
        spec = fmt[i + 1:j]
        if next_arg < n:
            apply_spec(b, spec, args_w[next_arg])
            next_arg += 1
        else:
            b.append('@')
            b.append(spec)
        i = j
    while next_arg < n:
        b.append(' ')
        show_into(b, args_w[next_arg])
        next_arg += 1
    return b.build()


def apply_spec(b, spec, w):
    if isinstance(w, W_Int) or (isinstance(w, W_Bool) and False):
        t = w.scalar_type()
        v = w.value
        if spec == 'x':
            b.append(F.format_hex(v, False))
        elif spec == 'X':
            b.append(F.format_hex(v, True))
        elif spec == 'b':
            b.append(F.format_bin(v))
        elif spec == 'o':
            b.append(F.format_oct(v))
        else:
            b.append(F.format_int(v, t))
        return
    if isinstance(w, W_F64):
        if len(spec) >= 2 and spec[0] == '.' and '0' <= spec[1] <= '9':
            k = 1
            ndigits = 0
            while k < len(spec) and '0' <= spec[k] <= '9':
                ndigits = ndigits * 10 + (ord(spec[k]) - 48)
                if ndigits > 100:
                    ndigits = 100
                k += 1
            b.append(F.format_fixed(w.value, ndigits))
        else:
            b.append(F.format_f64(w.value))
        return
    show_into(b, w)
