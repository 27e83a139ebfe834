#!/usr/bin/env python3
"""Draws images/icon.png (128x128): a heap (blue disc) under a magnifier.

Pure Python (zlib + struct), so it runs anywhere; 4x4 supersampling gives
smooth edges. Run it again after changing the drawing; the PNG is committed.
"""
import math
import struct
import zlib
from pathlib import Path

SIZE = 128
SS = 4  # samples per pixel and axis

BG = (27, 36, 71)
HEAP = (61, 109, 242)
LENS = (242, 197, 61)


def inside_rounded_square(x, y, r=20):
    cx = min(max(x, r), SIZE - r)
    cy = min(max(y, r), SIZE - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def color_at(x, y):
    """The color at a point, or None outside the icon."""
    if not inside_rounded_square(x, y):
        return None
    d = math.hypot(x - 54, y - 56)
    # The magnifier: a ring around the heap and a handle to the corner.
    if 34 <= d <= 42:
        return LENS
    t = ((x - 84) + (y - 86)) / 2
    if 0 <= t <= 30 and abs((x - 84) - (y - 86)) / math.sqrt(2) <= 6:
        return LENS
    if d < 34:
        # Objects of the heap: a few small dark cells inside the disc.
        for (ox, oy, r) in ((44, 48, 7), (64, 50, 5), (52, 68, 6)):
            if math.hypot(x - ox, y - oy) <= r:
                return BG
        return HEAP
    return BG


def main():
    rows = []
    for py in range(SIZE):
        row = bytearray([0])  # filter type 0
        for px in range(SIZE):
            acc = [0, 0, 0, 0]
            for sy in range(SS):
                for sx in range(SS):
                    c = color_at(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS)
                    if c is not None:
                        acc[0] += c[0]
                        acc[1] += c[1]
                        acc[2] += c[2]
                        acc[3] += 255
            n = SS * SS
            a = acc[3] // n
            if a == 0:
                row += bytes(4)
            else:
                covered = acc[3] // 255
                row += bytes([acc[0] // covered, acc[1] // covered, acc[2] // covered, a])
        rows.append(bytes(row))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
    png += chunk(b"IEND", b"")
    out = Path(__file__).resolve().parent.parent / "images" / "icon.png"
    out.parent.mkdir(exist_ok=True)
    out.write_bytes(png)
    print(f"wrote {out} ({len(png)} bytes)")


if __name__ == "__main__":
    main()
