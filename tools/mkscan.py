#!/usr/bin/python3
"""mkscan.py: render a plan (UTF-8 text) as scanned A4 pages for OCR tests and benchmarks.

Layout: Liberation Serif 13 pt at 300 dpi, margins 2/1.5/2/3 cm (top/right/bottom/left),
upper-case and **bold** lines centred and bold, body justified-left with wrapping.
With --two-column-header the lines before the kind heading ("KẾ HOẠCH", "V/v …") are set
side by side as printed: issuer + number on the left, motto + place/date on the right.
Degradation: --skew DEG, --noise 0..1 (speckle + grain), --blur PX, --jpeg Q (page
files and gray PDF pages saved at quality Q; with --bw the page goes through JPEG at Q
before thresholding), --bw (threshold to 1 bit), --dpi N (scan resolution). Outputs: OUT/page-NNN.{png,jpg}
(--format), --tiff F.tif (multi-page; G4 with --bw, else LZW grayscale), --pdf F.pdf
(image-only PDF, like a scanner's), OUT/page-NNN.gt.txt (the lines as set on the page:
ground truth for CER). Deterministic for a given --seed.

Needs Debian's python3-pil (run with /usr/bin/python3) and fonts-liberation2.
"""
import argparse
import io
import os
import random
import re
import sys
import unicodedata

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/liberation2"
KIND = re.compile(r"^(KẾ HOẠCH|QUYẾT ĐỊNH|CHỈ THỊ|THÔNG BÁO|BÁO CÁO|TỜ TRÌNH|NGHỊ QUYẾT|"
                  r"HƯỚNG DẪN|CHƯƠNG TRÌNH|PHƯƠNG ÁN|V/v\b)")
RIGHT = re.compile(r"^(CỘNG HÒA|CỘNG HOÀ|Độc lập|[^,\d]{2,40}, ngày\b|-{8,})")


def font(style, px):
    name = {"r": "Regular", "b": "Bold", "i": "Italic"}[style]
    return ImageFont.truetype(os.path.join(FONT_DIR, f"LiberationSerif-{name}.ttf"), px)


def paragraphs(text):
    """[(text, style, centred)] from the document, markup removed."""
    out = []
    for raw in unicodedata.normalize("NFC", text).splitlines():
        line = re.sub(r"^#+\s*", "", raw.strip())
        bold = "**" in line
        line = line.replace("**", "").replace("\\", "").strip()
        if not line or line in ("Hệ thống pháp luật",):
            continue
        letters = [c for c in line if c.isalpha()]
        upper = len(letters) >= 2 and all(c.isupper() for c in letters)
        centred = (upper or bold) and not re.match(r"^([IVX]+|\d+(\.\d+)*|[a-zđ])[.)]\s", line)
        out.append((line, "b" if (upper or bold) else "r", centred))
    return out


def wrap(draw, text, f, width):
    lines, cur = [], ""
    for w in text.split():
        cand = f"{cur} {w}" if cur else w
        if cur and draw.textlength(cand, font=f) > width:
            lines.append(cur)
            cur = w
        else:
            cur = cand
    if cur:
        lines.append(cur)
    return lines


def layout(paras, a):
    """Pages as lists of drawing ops (x, y, text, style) plus ground-truth lines."""
    dpi = 300
    cm = lambda v: round(v / 2.54 * dpi)
    W, H = round(8.27 * dpi), round(11.69 * dpi)
    top, right, bottom, left = cm(2), cm(1.5), cm(2), cm(3)
    px = round(a.font_size * dpi / 72)
    fonts = {s: font(s, px) for s in "rbi"}
    lh = round(px * 1.25)
    probe = ImageDraw.Draw(Image.new("L", (8, 8)))
    pages, ops, gt, y = [], [], [], top

    def newpage():
        nonlocal ops, gt, y
        pages.append((ops, gt))
        ops, gt, y = [], [], top

    head = []
    if a.two_column_header:
        for i, (t, s, c) in enumerate(paras[:12]):
            if KIND.match(t) or len(t) > 90:
                break
            head.append((t, s))
        paras = paras[len(head):]
    if head:
        colw = (W - left - right) // 2
        lefts = [h for h in head if not RIGHT.match(h[0])]
        rights = [h for h in head if RIGHT.match(h[0])]
        for col, x0 in ((lefts, left - cm(1)), (rights, left + colw - cm(0.3))):
            yy = top
            for t, s in col:
                st = "i" if re.search(r", ngày\b", t) else ("b" if t.isupper() else s)
                if re.fullmatch(r"-+", t):
                    t = "-" * min(len(t), 15)
                tw = probe.textlength(t, font=fonts[st])
                ops.append((x0 + (colw + cm(1) - tw) / 2, yy, t, st))
                yy += lh
        for t, s in lefts:
            gt.append(t)
        for t, s in rights:
            gt.append(t)
        y = top + lh * max(len(lefts), len(rights)) + lh // 2
    for t, s, centred in paras:
        if re.fullmatch(r"[-_]{3,}", t):
            t = "-" * 12
        width = W - left - right - (0 if centred else cm(1))
        for k, line in enumerate(wrap(probe, t, fonts[s], width)):
            if y + lh > H - bottom:
                newpage()
            tw = probe.textlength(line, font=fonts[s])
            x = left + (W - left - right - tw) / 2 if centred else left + (cm(1) if k == 0 else 0)
            ops.append((x, y, line, s))
            gt.append(line)
            y += lh
        y += lh // 4
        if a.max_pages and len(pages) >= a.max_pages:
            break
    if ops:
        newpage()
    if a.max_pages:
        pages = pages[: a.max_pages]
    return pages, fonts, (W, H)


def render(ops, fonts, size, a, rnd):
    img = Image.new("L", size, 255)
    d = ImageDraw.Draw(img)
    for x, y, t, s in ops:
        d.text((x, y), t, font=fonts[s], fill=20)
    if a.skew:
        img = img.rotate(a.skew, resample=Image.BICUBIC, expand=False, fillcolor=255)
    if a.blur:
        img = img.filter(ImageFilter.GaussianBlur(a.blur))
    if a.noise:
        # paper grain, then speckle: dark dots and white drop-outs
        w, h = size
        grain = Image.effect_noise(size, 40 * a.noise)
        img = Image.blend(img, grain.point(lambda v: min(255, v + 140)), 0.25 * a.noise)
        px = img.load()
        for _ in range(int(w * h * 0.0004 * a.noise)):
            x, y, r = rnd.randrange(w), rnd.randrange(h), rnd.choice((1, 1, 2, 3))
            v = rnd.choice((0, 40, 255))
            for dx in range(r):
                for dy in range(r):
                    if x + dx < w and y + dy < h:
                        px[x + dx, y + dy] = v
    if a.border:
        d = ImageDraw.Draw(img)
        d.rectangle((0, 0, size[0], a.border), fill=30)
        d.rectangle((0, 0, a.border // 2, size[1]), fill=30)
    if a.dpi != 300:
        img = img.resize((round(size[0] * a.dpi / 300), round(size[1] * a.dpi / 300)), Image.LANCZOS)
    if a.jpeg and a.bw:
        # JPEG artefacts of a gray scan, then the scanner's bilevel output (G4 TIFF/PDF)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=a.jpeg)
        buf.seek(0)
        img = Image.open(buf).convert("L")
    if a.bw:
        img = img.point(lambda v: 255 if v > 150 else 0).convert("1")
    return img


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("doc")
    p.add_argument("-o", "--out", required=True)
    p.add_argument("--format", choices=("png", "jpg"), default="png")
    p.add_argument("--skew", type=float, default=0.0)
    p.add_argument("--noise", type=float, default=0.0)
    p.add_argument("--blur", type=float, default=0.0)
    p.add_argument("--jpeg", type=int, default=0, help="JPEG quality (implies --format jpg)")
    p.add_argument("--bw", action="store_true", help="binarise (1 bit)")
    p.add_argument("--dpi", type=int, default=300)
    p.add_argument("--border", type=int, default=0, help="dark scan border, px")
    p.add_argument("--font-size", type=float, default=13.0)
    p.add_argument("--two-column-header", action="store_true")
    p.add_argument("--max-pages", type=int, default=0)
    p.add_argument("--tiff")
    p.add_argument("--pdf")
    p.add_argument("--no-pages", action="store_true", help="only --tiff/--pdf")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    rnd = random.Random(a.seed)
    random.seed(a.seed)
    os.makedirs(a.out, exist_ok=True)
    with open(a.doc, encoding="utf-8") as f:
        pages, fonts, size = layout(paragraphs(f.read()), a)
    imgs = []
    for i, (ops, gt) in enumerate(pages, 1):
        img = render(ops, fonts, size, a, rnd)
        imgs.append(img)
        with open(os.path.join(a.out, f"page-{i:03d}.gt.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(gt) + "\n")
        if a.no_pages:
            continue
        ext = "jpg" if a.jpeg or a.format == "jpg" else "png"
        path = os.path.join(a.out, f"page-{i:03d}.{ext}")
        if ext == "jpg":
            img.convert("L").save(path, quality=a.jpeg or 75, dpi=(a.dpi, a.dpi))
        else:
            img.save(path, dpi=(a.dpi, a.dpi), optimize=True)
        print(path)
    if a.tiff:
        comp = "group4" if a.bw else "tiff_lzw"
        imgs[0].save(a.tiff, save_all=True, append_images=imgs[1:], compression=comp,
                     dpi=(a.dpi, a.dpi))
        print(a.tiff)
    if a.pdf:
        conv = [im.convert("L") if not a.bw else im for im in imgs]
        # gray pages are stored as DCT (JPEG) streams, at --jpeg quality when given
        extra = {"quality": a.jpeg} if a.jpeg and not a.bw else {}
        conv[0].save(a.pdf, save_all=True, append_images=conv[1:], resolution=a.dpi, **extra)
        print(a.pdf)
    print(f"mkscan.py: {len(pages)} page(s), skew={a.skew} noise={a.noise} blur={a.blur} "
          f"jpeg={a.jpeg} dpi={a.dpi} bw={a.bw}", file=sys.stderr)


if __name__ == "__main__":
    main()
