#!/usr/bin/env python3
"""Draws the app icons (public/icon.svg's design) as PNGs for the web app manifest, with the
standard library only. Run once when the icon changes; the PNGs are committed, not built.

  icon-192.png, icon-512.png   rounded square, transparent corners ("any")
  icon-maskable-512.png        full-bleed background, diamond inside the 80% safe zone
"""
import struct, zlib, os

BG = (0x1F, 0x3A, 0x5F)
FG = (0xF2, 0xB5, 0x44)
SS = 4  # supersampling per axis


def draw(size, maskable):
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(SS):
                for sx in range(SS):
                    # position in the 64-unit design space
                    u = (x + (sx + 0.5) / SS) * 64 / size
                    v = (y + (sy + 0.5) / SS) * 64 / size
                    col = None
                    if maskable or inside_rounded(u, v):
                        col = BG
                    # maskable: shrink the diamond into the safe zone (radius 0.4)
                    c, r = 32, (16 if maskable else 20)
                    if abs(u - c) + abs(v - c) <= r:
                        col = FG
                    if col:
                        acc[0] += col[0]; acc[1] += col[1]; acc[2] += col[2]; acc[3] += 255
            n = SS * SS
            a = acc[3]
            if a:
                row += bytes([acc[0] * 255 // a, acc[1] * 255 // a, acc[2] * 255 // a, a // n])
            else:
                row += bytes([0, 0, 0, 0])
        rows.append(bytes(row))
    return png(size, b"".join(rows))


def inside_rounded(u, v, rad=14):
    cx = min(max(u, rad), 64 - rad)
    cy = min(max(v, rad), 64 - rad)
    return (u - cx) ** 2 + (v - cy) ** 2 <= rad * rad


def png(size, raw):
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


out = os.path.join(os.path.dirname(__file__), "..", "public")
for name, size, maskable in [("icon-192.png", 192, False), ("icon-512.png", 512, False), ("icon-maskable-512.png", 512, True)]:
    with open(os.path.join(out, name), "wb") as f:
        f.write(draw(size, maskable))
    print(name)
