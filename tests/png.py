# png.py -- measures of a screenshot for the HTML report tests, with
# zlib alone (8-bit RGB or RGBA PNG, as chromium writes them).
#
#   python3 png.py stat FILE
#       "COLOURS INK": distinct colours and the per mille of pixels that
#       are not the background (the colour of the top-left pixel).
#   python3 png.py box FILE
#       "W H X0 Y0 X1 Y1 COLOURS": the image size and the bounding box
#       (inclusive) of the pixels that differ from white by more than a
#       tolerance (anti-aliasing of a white page is background), or
#       "W H - - - - COLOURS" when there is none.
#   python3 png.py near FILE RRGGBB
#       how many pixels are within a small distance of colour RRGGBB.
import struct
import sys
import zlib


def decode(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    assert depth == 8 and ctype in (2, 6), "unsupported PNG"
    bpp = 3 if ctype == 2 else 4
    raw, stride = zlib.decompress(idat), w * bpp
    prev, rows, i = bytearray(stride), [], 0
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        if f == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 255
        elif f == 2:
            for x in range(stride):
                line[x] = (line[x] + prev[x]) & 255
        elif f == 3:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + (a + prev[x]) // 2) & 255
        elif f == 4:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else
                                      b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    w, h, bpp, rows = decode(path)
    colours = set()
    if cmd == "stat":
        other, bg = 0, rows[0][:3]
        for r in rows:
            for x in range(0, w * bpp, bpp):
                px = r[x:x + 3]
                colours.add(px)
                other += px != bg
        print(len(colours), other * 1000 // (w * h))
        return
    if cmd == "near":
        want = bytes.fromhex(sys.argv[3])
        n = 0
        for r in rows:
            for x in range(0, w * bpp, bpp):
                n += sum(abs(r[x + i] - want[i]) for i in range(3)) <= 30
        print(n)
        return
    tol = 24
    x0 = y0 = None
    x1 = y1 = -1
    for y, r in enumerate(rows):
        for x in range(w):
            px = r[x * bpp:x * bpp + 3]
            colours.add(px)
            if 765 - px[0] - px[1] - px[2] > tol:
                if x0 is None or x < x0:
                    x0 = x
                if y0 is None:
                    y0 = y
                x1 = max(x1, x)
                y1 = y
    if x0 is None:
        print(w, h, "- - - -", len(colours))
    else:
        print(w, h, x0, y0, x1, y1, len(colours))


main()
