"""Standard streams for the interpreter (RPython: plain file descriptors)."""

import os
import errno


class StreamState(object):
    def __init__(self):
        self.stdin_buf = ''
        self.stdin_pos = 0
        self.stdin_eof = False
        self.stdout_broken = False


STREAMS = StreamState()


class BrokenPipe(Exception):
    """stdout was closed by the reader: the program ends quietly."""


def reset():
    STREAMS.stdin_buf = ''
    STREAMS.stdin_pos = 0
    STREAMS.stdin_eof = False
    STREAMS.stdout_broken = False


def write_all(fd, s):
    i = 0
    n = len(s)
    while i < n:
        try:
            assert i >= 0
            written = os.write(fd, s[i:])
        except OSError as e:
            if e.errno == errno.EINTR:
                continue
            if e.errno == errno.EPIPE and fd == 1:
                STREAMS.stdout_broken = True
                raise BrokenPipe()
            if fd == 1:
                raise BrokenPipe()
            return
        if written <= 0:
            return
        i += written


def write_stdout(s):
    if STREAMS.stdout_broken:
        raise BrokenPipe()
    write_all(1, s)


def write_stderr(s):
    write_all(2, s)


def _fill():
    """Read more of stdin; False at end of file."""
    if STREAMS.stdin_eof:
        return False
    try:
        data = os.read(0, 65536)
    except OSError:
        data = ''
    if not data:
        STREAMS.stdin_eof = True
        return False
    pos = STREAMS.stdin_pos
    assert pos >= 0
    STREAMS.stdin_buf = STREAMS.stdin_buf[pos:] + data
    STREAMS.stdin_pos = 0
    return True


def read_line():
    """One line without its terminator (\\n, \\r\\n or a lone \\r), or None at
    end of input with nothing read (builtins.md 6)."""
    while True:
        buf = STREAMS.stdin_buf
        pos = STREAMS.stdin_pos
        i = pos
        n = len(buf)
        while i < n:
            c = buf[i]
            if c == '\n':
                assert pos >= 0 and i >= pos
                line = buf[pos:i]
                STREAMS.stdin_pos = i + 1
                return line
            if c == '\r':
                if i + 1 >= n and not STREAMS.stdin_eof:
                    break           # need to see whether \n follows
                assert pos >= 0 and i >= pos
                line = buf[pos:i]
                if i + 1 < n and buf[i + 1] == '\n':
                    STREAMS.stdin_pos = i + 2
                else:
                    STREAMS.stdin_pos = i + 1
                return line
            i += 1
        if not _fill():
            buf = STREAMS.stdin_buf
            pos = STREAMS.stdin_pos
            if pos >= len(buf):
                return None
            assert pos >= 0
            line = buf[pos:]
            if line.endswith('\r'):
                n = len(line) - 1
                assert n >= 0
                line = line[:n]
            STREAMS.stdin_pos = len(buf)
            return line


def isatty(fd):
    try:
        return os.isatty(fd)
    except OSError:
        return False
