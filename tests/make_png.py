#!/usr/bin/env python3
"""Writes the PNG files the image checks read, into the directory given:
the same 24 x 16 picture (a colour ramp, alpha falling to the right) as
8-bit RGB, RGBA, 16-bit RGBA, grey with alpha, an indexed palette and
Adam7-interlaced RGB, then damaged ones (cut short, a wrong CRC, a
broken zlib stream under a right CRC, a chunk longer than the file), one
of 5000 x 5000 pixels and one at the 4096 x 4096 cap, ones with sides
past 99999 pixels or of none, and in netpbm what
pdfimages should extract of them.
ISO/IEC 15948: signature, IHDR, IDAT, IEND; filter 0 on every row."""
import os
import struct
import sys
import zlib

W, H = 24, 16


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png(w, h, depth, ctype, idat, interlace=0, extra=b""):
    ihdr = struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, interlace)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra +
            chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def pixel(x, y):
    """R, G, B, A of the picture at (x, y)."""
    return (x * 10, y * 15, 255 - x * 5, 255 - x * 10)


def rows(w, h, sample, xs=None, ys=None):
    xs = range(w) if xs is None else xs
    ys = range(h) if ys is None else ys
    return b"".join(b"\0" + b"".join(sample(x, y) for x in xs) for y in ys)


def write(name, data):
    with open(os.path.join(sys.argv[1], name), "wb") as f:
        f.write(data)


rgb = lambda x, y: bytes(pixel(x, y)[:3])
rgba = lambda x, y: bytes(pixel(x, y))
write("rgb8.png", png(W, H, 8, 2, zlib.compress(rows(W, H, rgb))))
write("rgba8.png", png(W, H, 8, 6, zlib.compress(rows(W, H, rgba))))
# 16 bits: each sample v * 257, which rounds back to v exactly.
rgba16 = lambda x, y: b"".join(struct.pack(">H", v * 257) for v in pixel(x, y))
write("rgba16.png", png(W, H, 16, 6, zlib.compress(rows(W, H, rgba16))))
ga = lambda x, y: bytes((pixel(x, y)[0], pixel(x, y)[3]))
write("ga8.png", png(W, H, 8, 4, zlib.compress(rows(W, H, ga))))
# A palette of the picture's first row, every row alike, with tRNS.
plte = b"".join(bytes(pixel(x, 0)[:3]) for x in range(W))
trns = bytes(pixel(x, 0)[3] for x in range(W))
idx = lambda x, y: bytes((x,))
write("indexed.png", png(W, H, 8, 3, zlib.compress(rows(W, H, idx)), 0,
                         chunk(b"PLTE", plte) + chunk(b"tRNS", trns)))
# Adam7: seven passes, each the pixels at (x0 + i dx, y0 + j dy).
passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
          (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
adam7 = b"".join(rows(0, 0, rgb, range(x0, W, dx), range(y0, H, dy))
                 for x0, y0, dx, dy in passes
                 if x0 < W and y0 < H)
write("interlaced.png", png(W, H, 8, 2, zlib.compress(adam7), 1))
whole = png(W, H, 8, 6, zlib.compress(rows(W, H, rgba)))
write("truncated.png", whole[:len(whole) // 2])
# The IDAT chunk's CRC with its bits flipped; and its zlib stream's first
# block said to have fixed codes (it has its own, RFC 1951 3.2.3), under
# the right CRC.
at = whole.index(b"IDAT")
n = struct.unpack(">I", whole[at - 4:at])[0]
end = at + 4 + n
write("badcrc.png", whole[:end] + bytes(b ^ 0xff for b in whole[end:end + 4]) +
      whole[end + 4:])
idat = bytearray(whole[at + 4:end])
idat[2] ^= 0x06
write("badzlib.png", whole[:at - 4] + chunk(b"IDAT", bytes(idat)) + whole[end + 4:])
# An sPLT chunk that declares 1.9 GB, in 49 bytes.
write("bigchunk.png", whole[:33] + struct.pack(">I", 1900000000) + b"sPLT" +
      bytes(8))
# 4096 x 4096 RGBA, every pixel one of the picture's, translucent: 64 MB
# of samples in 70 KB.
z = zlib.compressobj(9)
row = b"\0" + rgba(5, 3) * 4096
write("cap.png", png(4096, 4096, 8, 6,
                     b"".join(z.compress(row) for _ in range(4096)) + z.flush()))
# 5000 x 5000 RGB, black: 75 MB of samples in a few hundred KB.
z = zlib.compressobj(9)
row = bytes(1 + 3 * 5000)
write("huge.png", png(5000, 5000, 8, 2,
                      b"".join(z.compress(row) for _ in range(5000)) + z.flush()))
# Sides past 99999 pixels: one row of 120000 (within the cap and libpng's
# limit of 1000000 a side), then only their IHDR matters: 1 x 2^31 - 1
# and 100000 x 100000 (beyond the cap), 2000000 x 1 (within it, beyond
# libpng's limit), 0 x 16 (no pixels).
z = zlib.compressobj(9)
write("wide.png", png(120000, 1, 8, 2,
                      z.compress(b"\0" + bytes(pixel(5, 3)[:3]) * 120000) + z.flush()))
for name, w, h in (("tall", 1, 2**31 - 1), ("square", 100000, 100000),
                   ("long", 2000000, 1), ("empty", 0, 16)):
    write(name + ".png", png(w, h, 8, 2, zlib.compress(b"\0\0\0\0")))
# What pdfimages should extract: the colour as a PPM, the soft mask and
# the grey as PPMs whose three samples are one.
ppm = lambda f: b"P6\n%d %d\n255\n" % (W, H) + b"".join(
    bytes(f(x, y)) for y in range(H) for x in range(W))
write("picture.ppm", ppm(lambda x, y: pixel(x, y)[:3]))
write("alpha.ppm", ppm(lambda x, y: (pixel(x, y)[3],) * 3))
write("grey.ppm", ppm(lambda x, y: (pixel(x, y)[0],) * 3))
write("indexed.ppm", ppm(lambda x, y: pixel(x, 0)[:3]))
