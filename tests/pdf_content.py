"""The tokens of a PDF content stream (ISO 32000-1, 7.2 and 8.2), for the
test programs that read what briefgen's pages draw: tests/pdfa and
tests/subset-glyphs."""
import re

TOKEN = re.compile(rb"""
    (?P<ws>[ \t\r\n\f\0]+|%[^\r\n]*)
  | (?P<dict><<|>>)
  | (?P<hex><[0-9A-Fa-f \t\r\n]*>)
  | (?P<arr>[\[\]])
  | (?P<name>/[^ \t\r\n\f\0()<>\[\]{}/%]*)
  | (?P<lit>\()
  | (?P<word>[^ \t\r\n\f\0()<>\[\]{}/%]+)
    """, re.X)

# The escapes of a literal string (7.3.4.2, table 3).
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f",
           b"(": b"(", b")": b")", b"\\": b"\\"}


def literal(data, pos):
    """The bytes of the literal string whose "(" ends before data[pos],
    and the position after its ")": escapes decoded, a backslash before an
    end of line dropped with it, and a bare end of line (CR, CR LF or LF)
    read as LF, as 7.3.4.2 says."""
    depth, out, n = 1, bytearray(), len(data)
    while pos < n:
        ch = data[pos:pos + 1]
        pos += 1
        if ch == b"\\":
            e = data[pos:pos + 1]
            pos += 1
            if e in ESCAPES:
                out += ESCAPES[e]
            elif e in b"01234567" and e:
                digits = re.match(rb"[0-7]{1,3}", data[pos - 1:pos + 2])[0]
                out.append(int(digits, 8) & 0xFF)
                pos += len(digits) - 1
            elif e == b"\r":
                pos += data[pos:pos + 1] == b"\n"
            elif e != b"\n":
                out += e
            continue
        if ch == b"\r":
            pos += data[pos:pos + 1] == b"\n"
            ch = b"\n"
        depth += ch == b"("
        depth -= ch == b")"
        if not depth:
            break
        out += ch
    return bytes(out), pos


def tokens(data):
    """The tokens of a content stream: (kind, value), kind one of op, num,
    name, str, hex, [, ], <<, >>; a hexadecimal string's value is its
    digits, a literal string's its bytes."""
    pos, n = 0, len(data)
    while pos < n:
        m = TOKEN.match(data, pos)
        if m is None:
            yield "op", data[pos:pos + 1].decode("latin-1")
            pos += 1
            continue
        kind, pos = m.lastgroup, m.end()
        v = m.group(kind)
        if kind == "ws":
            continue
        if kind in ("dict", "arr"):
            yield v.decode(), None
        elif kind == "hex":
            yield "hex", re.sub(rb"\s", b"", v[1:-1])
        elif kind == "name":
            yield "name", v[1:].decode("latin-1")
        elif kind == "lit":
            s, pos = literal(data, pos)
            yield "str", s
        else:
            w = v.decode("latin-1")
            try:
                yield "num", float(w)
            except ValueError:
                yield "op", w
