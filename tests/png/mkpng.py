import struct, sys, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
def png(w, h, depth, ctype, rows, before=(), after=(), split=None):
    ihdr = struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, 0)
    z = zlib.compress(b"".join(b"\0" + r for r in rows))
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    for c in before: out += c
    if split:
        out += chunk(b"IDAT", z[:len(z) // 2]) + split + chunk(b"IDAT", z[len(z) // 2:])
    else:
        out += chunk(b"IDAT", z)
    for c in after: out += c
    return out + chunk(b"IEND", b"")
W, H = 8, 6
grey = [bytes((x * 30 + y * 7) & 255 for x in range(W)) for y in range(H)]
rgb = [bytes(v for x in range(W) for v in ((x * 30) & 255, (y * 40) & 255, (x * y * 9) & 255)) for y in range(H)]
rgba = [bytes(v for x in range(W) for v in ((x * 30) & 255, (y * 40) & 255, 99, (x * 32 + y) & 255)) for y in range(H)]
pal = bytes(v for i in range(4) for v in (i * 60, 255 - i * 50, (i * 97) & 255))
idx = [bytes((x + y) % 4 for x in range(W)) for y in range(H)]
g16 = [b"".join(struct.pack(">H", (x * 8000 + y * 501) & 0xffff) for x in range(W)) for y in range(H)]
plte = chunk(b"PLTE", pal)
cases = {
  "good_grey": png(W, H, 8, 0, grey),
  "good_rgb": png(W, H, 8, 2, rgb),
  "good_alpha": png(W, H, 8, 6, rgba),
  "good_palette": png(W, H, 8, 3, idx, before=[plte]),
  "good_16bit": png(W, H, 16, 0, g16),
  "dup_plte": png(W, H, 8, 3, idx, before=[plte, plte]),
  "plte_after_idat": png(W, H, 8, 2, rgb, after=[plte]),
  "idat_split": png(W, H, 8, 2, rgb, split=chunk(b"tEXt", b"Comment\0split")),
  "unknown_critical": png(W, H, 8, 2, rgb, before=[chunk(b"QQQQ", b"1234")]),
  "plte_in_grey": png(W, H, 8, 0, grey, before=[plte]),
  "bad_trns": png(W, H, 8, 6, rgba, before=[chunk(b"tRNS", b"\0\1\0\2\0\3")]),
}
# expected pixels of the good ones: colour rows and alpha rows (8-bit)
expect = {
  "good_grey": (1, grey, None),
  "good_rgb": (3, rgb, None),
  "good_alpha": (3, [bytes(r[i] for i in range(len(r)) if i % 4 != 3) for r in rgba], [r[3::4] for r in rgba]),
  "good_palette": (3, [b"".join(pal[3 * i:3 * i + 3] for i in r) for r in idx], None),
  "good_16bit": (1, [r[0::2] for r in g16], None),
}
if __name__ == "__main__":
    for name, data in cases.items():
        open(f"{sys.argv[1]}/{name}.png", "wb").write(data)
