# compare.py DIR NAME...: the images pdfimages -png extracted into DIR
# (img-000.png, ... in drawing order, a soft mask right after its image)
# against the pixels mkpng.py encoded for each NAME. Prints "ok NAME" or
# "bad NAME: why" per name.
import struct, sys, zlib
sys.path.insert(0, __file__.rsplit("/", 1)[0])
from mkpng import expect

def decode(path):
    d = open(path, "rb").read()
    assert d[:8] == b"\x89PNG\r\n\x1a\n"
    i, idat = 8, b""
    while i < len(d):
        n = struct.unpack(">I", d[i:i + 4])[0]
        t, body = d[i + 4:i + 8], d[i + 8:i + 8 + n]
        if t == b"IHDR":
            w, h, depth, ctype, _, _, lace = struct.unpack(">IIBBBBB", body)
        elif t == b"IDAT":
            idat += body
        i += 12 + n
    assert depth == 8 and lace == 0, (depth, lace)
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytes(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return bpp, rows

k = 0
for name in sys.argv[2:]:
    ch, color, alpha = expect[name]
    got_ch, got = decode(f"{sys.argv[1]}/img-{k:03d}.png")
    k += 1
    why = None
    if got_ch != ch or got != color:
        why = f"colour differs ({got_ch} channels, first row {got[0].hex()}, want {ch}, {color[0].hex()})"
    elif alpha is not None:
        _, mask = decode(f"{sys.argv[1]}/img-{k:03d}.png")
        k += 1
        if mask != alpha: why = f"alpha differs (first row {mask[0].hex()}, want {alpha[0].hex()})"
    print(f"ok {name}" if why is None else f"bad {name}: {why}")
