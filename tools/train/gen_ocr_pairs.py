#!/usr/bin/python3
"""Generate aligned (clean, English-OCR'd) Vietnamese line pairs for the channel model.

Renders clean Vietnamese lines onto A4 page images (Liberation Serif, 300 dpi, light
blur/noise), runs `tesseract -l eng` on each page and pairs every rendered line with
the OCR words whose boxes fall on it (TSV output, matched by vertical position).
Writes "clean<TAB>ocr" lines. Needs /usr/bin/python3 with python3-pil,
fonts-liberation2 and tesseract-ocr-eng. CPU-heavy (~2 s/page): run once, commit
the pairs (tools/train/data/ocr_pairs.tsv.gz); the model build only reads them.

    /usr/bin/python3 tools/train/gen_ocr_pairs.py --pages 80 -o tools/train/data/ocr_pairs.tsv.gz \
        tools/train/data/admin_vi.txt tools/train/data/debian_vi.txt.gz
"""
import argparse, gzip, io, math, os, random, subprocess, sys, tempfile, unicodedata

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/liberation2"


def read_lines(paths):
    out = []
    for p in paths:
        op = gzip.open if p.endswith(".gz") else open
        with op(p, "rt", encoding="utf-8") as f:
            for ln in f:
                ln = unicodedata.normalize("NFC", " ".join(ln.split()))
                if len(ln) >= 8 and not ln.startswith("#"):
                    out.append(ln)
    return out


def wrap(words, font, width):
    line, lines = [], []
    for w in words:
        t = " ".join(line + [w])
        if line and font.getlength(t) > width:
            lines.append(" ".join(line))
            line = [w]
        else:
            line.append(w)
    if line:
        lines.append(" ".join(line))
    return lines


def render_page(rng, pool, dpi=300, scan=False):
    W, H = int(8.27 * dpi), int(11.69 * dpi)
    margin = int(0.8 * dpi)
    size = rng.choice([12, 13, 13, 13, 14])
    px = round(size * dpi / 72)
    fonts = {b: ImageFont.truetype(os.path.join(FONT_DIR, f"LiberationSerif-{b}.ttf"), px)
             for b in ("Regular", "Bold", "Italic")}
    img = Image.new("L", (W, H), 255)
    draw = ImageDraw.Draw(img)
    y = margin + px
    step = int(px * 1.6)
    lines = []  # (baseline y, text)
    while y < H - margin:
        src = rng.choice(pool)
        r = rng.random()
        style = "Bold" if r < 0.15 else "Italic" if r < 0.2 else "Regular"
        if rng.random() < 0.12:
            src = src.upper()
        for t in wrap(src.split(), fonts[style], W - 2 * margin):
            if y >= H - margin:
                break
            draw.text((margin, y), t, font=fonts[style], fill=0, anchor="ls")
            lines.append((y, px, t))
            y += step
    if scan:
        return scan_degrade(rng, img), lines
    blur = rng.choice([0, 0.6, 0.9, 1.2])
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    if rng.random() < 0.35:  # scanned at a lower resolution
        f = rng.choice([0.5, 0.6, 0.7])
        img = img.resize((int(W * f), int(H * f)), Image.BILINEAR).resize((W, H), Image.BILINEAR)
    if rng.random() < 0.35:  # sensor noise, then binarised like a fax/scan
        noise = Image.effect_noise((W, H), rng.choice([30, 50, 70]))
        img = Image.blend(img, noise, 0.25).point(lambda v: 0 if v < 150 else 255)
    return img, lines


def scan_degrade(rng, img):
    """Scanner-like damage (as real archived scans): grey paper and ink, skew, blur,
    gaussian noise, dust specks and ink dropouts, JPEG artefacts. Sets img.info['skew']."""
    W, H = img.size
    lvl = rng.choice([0.15, 0.25, 0.35, 0.45, 0.6])
    ink, paper = round(min(90, 45 * lvl)), round(max(200, 255 - 25 * lvl))
    img = img.point(lambda v: ink + (paper - ink) * v // 255)
    angle = rng.uniform(-1.5, 1.5)
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=paper)
    img = img.filter(ImageFilter.GaussianBlur(rng.choice([0.5, 0.8, 1.0, 1.3])))
    sigma = 55 * lvl
    noise = Image.effect_noise((W, H), sigma)  # centred on 128
    img = ImageChops.add(img, noise, 1.0, -128)
    draw = ImageDraw.Draw(img)
    for colour, density, rmax in ((ink, 2e-5, 2.2), (paper, 1e-3, 1.6)):
        for _ in range(round(W * H * density * lvl)):
            x, y, r = rng.randrange(W), rng.randrange(H), rng.uniform(0.6, rmax)
            draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
    if rng.random() < 0.25:
        img = img.point(lambda v: 255 if v > 150 else 0)
    if rng.random() < 0.3:  # lower resolution scan
        f = rng.choice([0.6, 0.67])
        img = img.resize((int(W * f), int(H * f)), Image.BILINEAR).resize((W, H), Image.BILINEAR)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=rng.choice([30, 40, 50, 60, 75]))
    buf.seek(0)
    img = Image.open(buf)
    img.load()
    img.info["skew"] = angle
    return img


def unrotate(x, y, angle, W, H):
    """Position in the unrotated page of a point of a page rotated by `angle` degrees."""
    t = math.radians(angle)
    dx, dy = x - W / 2, y - H / 2
    return (W / 2 + dx * math.cos(t) - dy * math.sin(t), H / 2 + dx * math.sin(t) + dy * math.cos(t))


def ocr_page(path, psm, angle=0.0, size=None):
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    r = subprocess.run(["tesseract", path, "stdout", "-l", "eng", "--psm", str(psm), "tsv"],
                       capture_output=True, text=True, env=env)
    words = []
    for row in r.stdout.splitlines()[1:]:
        f = row.split("\t")
        if len(f) < 12 or f[0] != "5" or not f[11].strip():
            continue
        left, top, w, h = map(int, f[6:10])
        if angle:
            cx, by = unrotate(left + w / 2, top + h, angle, *size)
            left, bottom = int(cx - w / 2), by
        else:
            bottom = top + h
        words.append((bottom, left, f[11]))  # bottom ~ baseline (descenders aside)
    return words


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("-o", "--out", required=True)
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--psm", type=int, default=6)
    ap.add_argument("--scan", type=float, default=0.0,
                    help="share of pages given scanner damage (skew, noise, specks, JPEG)")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    pool = read_lines(a.inputs)
    n = 0
    with gzip.open(a.out, "wt", encoding="utf-8") as out, tempfile.TemporaryDirectory() as tmp:
        for pg in range(a.pages):
            img, lines = render_page(rng, pool, scan=rng.random() < a.scan)
            angle = img.info.get("skew", 0.0)
            path = os.path.join(tmp, "p.png")
            img.save(path)
            words = ocr_page(path, a.psm, angle, img.size)
            got = [[] for _ in lines]
            for bottom, left, w in words:
                best = min(range(len(lines)), key=lambda i: abs(lines[i][0] - bottom + lines[i][1] * 0.1))
                if abs(lines[best][0] - bottom) < lines[best][1]:
                    got[best].append((left, w))
            for (y, px, t), ws in zip(lines, got):
                o = " ".join(w for _, w in sorted(ws))
                if o:
                    out.write(f"{t}\t{o}\n")
                    n += 1
            print(f"page {pg + 1}/{a.pages}: {n} pairs", file=sys.stderr, flush=True)
    print(f"gen_ocr_pairs: {n} pairs -> {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
