/*
 * ocr_preprocess.c — Leptonica page clean-up before Tesseract (OCR builds only).
 *
 *   1. resolution: from the file, else estimated from the page size assuming A4; pages
 *      below ~250 dpi are upscaled to the target (cfg->ocr_dpi, 300), pages far above it
 *      are downscaled (Tesseract is tuned for ~300 dpi and time grows with pixels);
 *   2. grayscale (8 bpp) — except a bilevel page (G4, 1-bit PNG), which stays binary
 *      and skips 3 and 6 (prep_bilevel: shear rotation of the binary page);
 *   3. background normalisation (uneven illumination, grey paper, JPEG haze);
 *   4. deskew: skew searched within ±10° on a binarised, reduced copy, then the
 *      grayscale page is rotated (area-mapped, white brought in);
 *   5. dark scan borders removed: foreground components touching the page edge
 *      (scanner lid shadow, black margins) are painted white;
 *   6. binarisation (Otsu on tiles of the background-normalised page, thresholds
 *      clamped) and removal of
 *      isolated specks (salt-and-pepper noise) smaller than a dot of text
 *      (5 and the specks: clean_binary, one connected-component pass).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "ocr_internal.h"

#define A4_LONG_IN 11.69f
#define A4_SHORT_IN 8.27f

/* Resolution of the page: stored value when plausible and consistent with some paper
 * size, else estimated from the pixel size assuming A4. */
static int page_dpi(PIX *pix, int hint, bool *estimated)
{
    int w = pixGetWidth(pix), h = pixGetHeight(pix);
    int longer = w > h ? w : h, shorter = w > h ? h : w;
    int est = (int)lroundf(fmaxf(longer / A4_LONG_IN, shorter / A4_SHORT_IN));
    *estimated = false;
    if (hint > 0)
        return hint;
    l_int32 xr = 0, yr = 0;
    pixGetResolution(pix, &xr, &yr);
    if (xr >= 70 && xr <= 2400) {
        /* A stored value that makes the page implausibly large or small (a 72-dpi default
         * written by some tools on a 300-dpi scan) is ignored. */
        float inches = (float)longer / (float)xr;
        if (inches >= 3.0f && inches <= 20.0f)
            return xr;
    }
    *estimated = true;
    return est < 30 ? 30 : est;
}

/* Binarisation of the background-normalised page (background ~200): Otsu on tiles of
 * ~1/3 page keeps it local for uneven scans; each tile's threshold is clamped to
 * [KH_THR_MIN, KH_THR_MAX]. Unclamped, a tile that is nearly all paper (the empty lower
 * part of a last page, with grain and a signature) gets a threshold inside the paper's
 * grain, turns black, and is then erased with the text in it as a "dark border" (seen on
 * the full kh_huyen_ductrong scan: the signer's lines vanished). */
#define KH_THR_MIN 20
#define KH_THR_MAX 180
static PIX *binarize(PIX *g)
{
    int w = pixGetWidth(g), h = pixGetHeight(g);
    int sx = w / 3 + 1, sy = h / 3 + 1;
    PIX *th = NULL, *b = NULL;
    if (pixOtsuAdaptiveThreshold(g, sx, sy, 0, 0, 0.1f, &th, &b) != 0 || !b || !th) {
        pixDestroy(&th);
        pixDestroy(&b);
        return pixThresholdToBinary(g, KH_THR_MAX);
    }
    int nx = pixGetWidth(th), ny = pixGetHeight(th);
    bool clamp = false;
    for (int i = 0; i < ny && !clamp; i++)
        for (int j = 0; j < nx; j++) {
            l_uint32 v = 0;
            pixGetPixel(th, j, i, &v);
            if ((int)v < KH_THR_MIN || (int)v > KH_THR_MAX)
                clamp = true;
        }
    if (clamp) { /* redo tile by tile, as Leptonica tiles (pixTiling, no overlap) */
        PIXTILING *pt = pixTilingCreate(g, nx, ny, 0, 0, 0, 0);
        for (int i = 0; pt && i < ny; i++)
            for (int j = 0; j < nx; j++) {
                l_uint32 v = 0;
                pixGetPixel(th, j, i, &v);
                int t = (int)v < KH_THR_MIN ? KH_THR_MIN : (int)v > KH_THR_MAX ? KH_THR_MAX : (int)v;
                PIX *tile = pixTilingGetTile(pt, i, j);
                PIX *tb = tile ? pixThresholdToBinary(tile, t) : NULL;
                if (tb)
                    pixTilingPaintTile(b, i, j, tb, pt);
                pixDestroy(&tb);
                pixDestroy(&tile);
            }
        pixTilingDestroy(&pt);
    }
    pixDestroy(&th);
    return b;
}

/* Dark scan borders and specks on the binary page, from one connected-component pass
 * (bounding boxes only):
 *  - borders: components touching the page edge larger than 1/3 inch (a shadow or a
 *    black margin, not a letter near the edge of a tightly cropped page) are removed
 *    (exact pixels, through pixRemoveBorderConnComps; only when there is one);
 *  - specks: components of at most s x s - 1 px (s = 3 at 300 dpi: 1-2 px noise; a
 *    diacritic dot is ~4-5 px) always, and components smaller than `big` lying farther
 *    than `reach` from larger ink (isolated noise; diacritics and punctuation sit next
 *    to their letters). "Larger ink" is looked up on a 4x OR-reduced copy of the page
 *    without the small components (only cells wholly within the reach count, so the reach
 * is up to 3 px shorter; the whole speck is kept or removed). Replaces a
 * pixSelectBySize / 31x31 dilation / subtract chain (three labellings): same CER on the
 * corpus at a fraction of the cost. */
static PIX *clean_binary(PIX *b, int dpi)
{
    int w = pixGetWidth(b), h = pixGetHeight(b);
    int s = dpi >= 250 ? 3 : 2, big = dpi / 40 + 1, reach = dpi / 20, edge_big = dpi / 3;
    BOXA *boxa = pixConnCompBB(b, 8);
    if (!boxa)
        return NULL;
    int n = boxaGetCount(boxa);
    PIX *d = pixCopy(NULL, b);
    if (!d) {
        boxaDestroy(&boxa);
        return NULL;
    }
    bool border = false;
    int nsmall = 0;
    for (int i = 0; i < n; i++) {
        l_int32 x, y, bw, bh;
        boxaGetBoxGeometry(boxa, i, &x, &y, &bw, &bh);
        if ((x == 0 || y == 0 || x + bw >= w || y + bh >= h) && (bw > edge_big || bh > edge_big))
            border = true;
        if (bw < big && bh < big) {
            nsmall++;
            /* clear from the copy: it becomes the "large ink" map (a small box may
             * clip a neighbour's pixel; irrelevant at 4x reduction) */
            pixRasterop(d, x, y, bw, bh, PIX_CLR, NULL, 0, 0);
        }
    }
    PIX *red = nsmall ? pixReduceRankBinaryCascade(d, 1, 1, 0, 0) : NULL;
    pixDestroy(&d);
    d = pixCopy(NULL, b);
    if (!d) {
        pixDestroy(&red);
        boxaDestroy(&boxa);
        return NULL;
    }
    if (border) {
        PIX *inner = pixRemoveBorderConnComps(d, 8);
        PIX *edge = inner ? pixXor(NULL, d, inner) : NULL;
        PIX *bigc = edge ? pixSelectBySize(edge, edge_big, edge_big, 8, L_SELECT_IF_EITHER,
                                           L_SELECT_IF_GT, NULL) : NULL;
        if (bigc)
            pixSubtract(d, d, bigc);
        pixDestroy(&bigc);
        pixDestroy(&edge);
        pixDestroy(&inner);
    }
    int rw = red ? pixGetWidth(red) : 0, rh = red ? pixGetHeight(red) : 0;
    for (int i = 0; i < n && nsmall; i++) {
        l_int32 x, y, bw, bh;
        boxaGetBoxGeometry(boxa, i, &x, &y, &bw, &bh);
        if (bw >= big || bh >= big)
            continue;
        bool kill = bw < s && bh < s;
        if (!kill && red) {
            /* cells lying wholly within the reach (it is shortened by < 4 px) */
            int x0 = (x - reach + 3) >> 2, x1 = (x + bw + reach - 4) >> 2;
            int y0 = (y - reach + 3) >> 2, y1 = (y + bh + reach - 4) >> 2;
            if (x0 < 0) x0 = 0;
            if (y0 < 0) y0 = 0;
            if (x1 >= rw) x1 = rw - 1;
            if (y1 >= rh) y1 = rh - 1;
            bool near = false;
            l_uint32 *rd = pixGetData(red);
            int rwpl = pixGetWpl(red);
            for (int yy = y0; yy <= y1 && !near; yy++)
                for (int xx = x0; xx <= x1 && !near; xx++)
                    near = GET_DATA_BIT(rd + (size_t)yy * (size_t)rwpl, xx) != 0;
            kill = !near;
        }
        if (kill) /* a small box holds only its own component's pixels, or other specks */
            pixRasterop(d, x, y, bw, bh, PIX_CLR, NULL, 0, 0);
    }
    pixDestroy(&red);
    boxaDestroy(&boxa);
    return d;
}

/* The last steps of every binary path: clean the page, record its resolution. */
static PIX *finish_binary(PIX *b, int dpi, kh_prep_info *info)
{
    PIX *t = clean_binary(b, dpi);
    if (t) {
        pixDestroy(&b);
        b = t;
    }
    pixSetResolution(b, dpi, dpi);
    info->binarized = true;
    return b;
}

/* Skew of a binary page within ±10° (sweep on a 4x, search on a 2x reduction). */
static float find_skew(PIX *b)
{
    float angle = 0, conf = 0;
    if (pixFindSkewSweepAndSearch(b, &angle, &conf, 4, 2, 10.0f, 1.0f, 0.01f) == 0 &&
        conf >= 2.5f && fabsf(angle) >= 0.05f && fabsf(angle) <= 10.0f)
        return angle;
    return 0;
}

/* A bilevel page (G4 fax, 1-bit PNG) is already binary on a white background: no
 * background normalisation, no re-thresholding (those two cost ~60 ms per A4 page at
 * 300 dpi and change nothing but stroke weight). A page to be rescaled (a 200-dpi scan)
 * is scaled as gray with linear interpolation and cut at mid-grey, so upscaled strokes
 * stay smooth. The skew is corrected by rotating the binary page by shear (Leptonica's
 * 2- or 3-shear rotation, ~5 ms; area mapping through gray took ~45 ms + a cut), only
 * when |skew| >= 0.1°. Measured on the committed G4/1-bit scans: CER 0.26-0.87 % (was
 * 0.31-1.16 % through the gray path); the header split, which lost the column gap on
 * these pages with the former row grouping, is found on all of them (see
 * kh_ocr_header_split). */
static PIX *prep_bilevel(PIX *src, float f, int dpi, kh_prep_info *info)
{
    PIX *b = NULL, *t = NULL;
    info->dpi = dpi;
    if (f != 1.0f) {
        PIX *g = pixConvertTo8(src, 0);
        t = g ? pixScale(g, f, f) : NULL;
        pixDestroy(&g);
        b = t ? pixThresholdToBinary(t, 128) : NULL;
        pixDestroy(&t);
    } else {
        b = pixCopy(NULL, src);
    }
    if (!b)
        return NULL;
    float angle = find_skew(b);
    if (fabsf(angle) >= 0.1f) {
        t = pixRotate(b, angle * 3.14159265f / 180.0f, L_ROTATE_SHEAR, L_BRING_IN_WHITE, 0, 0);
        if (t) {
            pixDestroy(&b);
            b = t;
            info->skew = angle;
        }
    }
    return finish_binary(b, dpi, info);
}

PIX *kh_ocr_preprocess(PIX *src, int target_dpi, int src_dpi_hint, kh_prep_info *info)
{
    kh_prep_info dummy;
    if (!info)
        info = &dummy;
    *info = (kh_prep_info){0};
    if (target_dpi <= 0)
        target_dpi = 300;
    PIX *g = NULL, *t = NULL, *b = NULL;

    /* 1-2. resolution, grayscale (a bilevel page stays bilevel: see below) */
    int dpi = page_dpi(src, src_dpi_hint, &info->dpi_estimated);
    info->src_dpi = dpi;
    float f = 1.0f;
    if (dpi < 250 || dpi > target_dpi * 3 / 2)
        f = (float)target_dpi / (float)dpi;
    if (pixGetDepth(src) == 1 && !pixGetColormap(src))
        return prep_bilevel(src, f, f != 1.0f ? target_dpi : dpi, info);
    g = pixConvertTo8(src, 0);
    if (!g)
        return NULL;
    if (f != 1.0f) {
        t = pixScale(g, f, f);
        pixDestroy(&g);
        if (!(g = t))
            return NULL;
        dpi = target_dpi;
    }
    info->dpi = dpi;
    pixSetResolution(g, dpi, dpi);

    /* 3. background normalisation (maps the background to 200); gray and colour pages
     * only (bilevel pages: prep_bilevel). */
    t = pixBackgroundNormSimple(g, NULL, NULL);
    if (t) {
        pixDestroy(&g);
        g = t;
    }

    /* 4. deskew within ±10° */
    b = pixThresholdToBinary(g, 140);
    if (!b)
        goto fail;
    float angle = find_skew(b);
    if (angle != 0) {
        t = pixRotate(g, angle * 3.14159265f / 180.0f, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0,
                      0);
        if (t) {
            pixDestroy(&g);
            g = t;
            info->skew = angle;
        }
    }
    pixDestroy(&b);

    /* 6 (before 5: borders are found on the binary page). */
    b = binarize(g);
    if (!b)
        goto fail;
    pixDestroy(&g);

    return finish_binary(b, dpi, info);

fail:
    pixDestroy(&g);
    pixDestroy(&b);
    return NULL;
}

/* ---------------------------------------------------------------- two-column header */

/* Ink pixels of each row y in [y0, y1) between columns [x0, x1) (whole words: x0 is
 * rounded down, x1 up, to a word boundary; the page beyond w is zero). */
static void row_ink(PIX *b, int y0, int y1, int x0, int x1, int *cnt)
{
    int wpl = pixGetWpl(b);
    l_uint32 *data = pixGetData(b);
    int i0 = x0 / 32, i1 = (x1 + 31) / 32;
    if (i1 > wpl)
        i1 = wpl;
    for (int y = y0; y < y1; y++) {
        l_uint32 *row = data + (size_t)y * (size_t)wpl;
        int c = 0;
        for (int i = i0; i < i1; i++)
            if (row[i])
                c += __builtin_popcount(row[i]);
        cnt[y - y0] = c;
    }
}

/* Text lines of a row profile: runs of rows with ink >= min_ink, runs closer than
 * `merge` rows joined (a diacritic above or below its letters); a run counts as a line
 * when it is at least `min_h` rows tall. */
static int count_lines(const int *cnt, int n, int min_ink, int merge, int min_h)
{
    int lines = 0, top = -1, bot = -1;
    for (int y = 0; y <= n; y++) {
        bool ink = y < n && cnt[y] >= min_ink;
        if (ink && top >= 0 && y - bot <= merge) {
            bot = y + 1;
        } else if (ink || y == n) {
            if (top >= 0 && bot - top >= min_h)
                lines++;
            top = ink ? y : -1;
            bot = y + 1;
        }
    }
    return lines;
}

/* Administrative documents print the issuer (and number) on the left and the national
 * motto (and place/date) on the right, side by side. Tesseract's layout analysis often
 * merges such rows into one line ("ỦY BAN NHÂN DÂN Độc lập - Tự do - Hạnh phúc").
 * We look for a vertical white gap in the middle of the page that the top text rows do
 * not cross: those rows form the header zone, recognised as two separate rectangles.
 *
 * The two columns have different line pitches, so on the whole width the white space
 * between header rows is small (10-16 px at 300 dpi in the bold 13 pt header, and one
 * more pixel row of stroke weight closes it): the zone is walked in thin row bands
 * (only runs of ink touching within dpi/100 rows are joined), and the number of text
 * lines on each side is counted afterwards on each column's own profile. An earlier
 * version joined bands up to dpi/30 apart on the whole width and required two such
 * bands inked on both sides: a bilevel page thresholded at mid-grey instead of by Otsu
 * (strokes ~20 % heavier) merged the three header rows into one band and lost the split. */
bool kh_ocr_header_split(PIX *b, kh_header_split *out)
{
    memset(out, 0, sizeof *out);
    if (!b || pixGetDepth(b) != 1)
        return false;
    int w = pixGetWidth(b), h = pixGetHeight(b), wpl = pixGetWpl(b);
    l_uint32 *data = pixGetData(b);
    int dpi = pixGetXRes(b) > 0 ? pixGetXRes(b) : 300;
    int limit = h * 45 / 100;
    pixSetPadBits(b, 0); /* rows are counted by whole words */
    if (limit < 2)
        return false;
    int *prof = malloc((size_t)limit * sizeof *prof);
    if (!prof)
        return false;
    row_ink(b, 0, limit, 0, w, prof);
    /* thin row bands with ink */
    enum { MAXB = 96 };
    int bt[MAXB], bb[MAXB], nb = 0;
    int min_ink = 3, merge = dpi / 100 > 1 ? dpi / 100 : 1;
    for (int y = 0; y < limit && nb < MAXB; y++) {
        if (prof[y] < min_ink)
            continue;
        if (nb && y - bb[nb - 1] <= merge) {
            bb[nb - 1] = y + 1;
        } else {
            bt[nb] = y;
            bb[nb] = y + 1;
            nb++;
        }
    }
    if (nb < 2) {
        free(prof);
        return false;
    }
    int *col = calloc((size_t)w, sizeof *col);
    int *bcol = calloc((size_t)w, sizeof *bcol);
    if (!col || !bcol) {
        free(col);
        free(bcol);
        free(prof);
        return false;
    }
    int lo = w * 28 / 100, hi = w * 72 / 100, mingap = dpi / 5;
    int zone_top = -1, zone_end = -1, gap_l = 0, gap_r = 0, tol = 0;
    for (int k = 0; k < nb; k++) {
        memset(bcol, 0, sizeof *bcol * (size_t)w);
        int left = w, right = -1;
        for (int yy = bt[k]; yy < bb[k]; yy++) {
            l_uint32 *row = data + (size_t)yy * (size_t)wpl;
            for (int i = 0; i < wpl; i++) {
                l_uint32 v = row[i];
                while (v) {
                    int bit = __builtin_clz(v);
                    int x = i * 32 + bit;
                    if (x < w) {
                        bcol[x]++;
                        if (x < left) left = x;
                        if (x > right) right = x;
                    }
                    v &= ~(0x80000000u >> bit);
                }
            }
        }
        int ink = 0;
        for (int x = left; x <= right && right >= 0; x++)
            ink += bcol[x];
        if (right < 0 || ink < dpi / 2)
            continue; /* noise, a lone diacritic, a short rule */
        /* a row centred on the page (kind heading, title) ends the header zone; a thin
         * band (the marks above a title) counts only if the body band would */
        int centre = (left + right) / 2;
        bool tall = bb[k] - bt[k] >= dpi / 25;
        if (tall && abs(centre - w / 2) < w / 25 && right - left > w / 10 &&
            !(left < lo && right > hi))
            break;
        int thr = 2 + (bb[k] - bt[k]) / 40;
        /* would the union still have a gap? */
        int best_l = 0, best_r = 0, run_l = -1;
        for (int x = lo; x <= hi; x++) {
            bool empty = col[x] + bcol[x] <= tol + thr;
            if (empty && run_l < 0)
                run_l = x;
            if ((!empty || x == hi) && run_l >= 0) {
                int run_r = empty ? x + 1 : x;
                if (run_r - run_l > best_r - best_l)
                    best_l = run_l, best_r = run_r;
                run_l = -1;
            }
        }
        if (best_r - best_l < mingap)
            break;
        for (int x = 0; x < w; x++)
            col[x] += bcol[x];
        tol += thr;
        gap_l = best_l, gap_r = best_r;
        if (zone_top < 0)
            zone_top = bt[k];
        zone_end = bb[k];
    }
    free(col);
    free(bcol);
    /* lines inked on each side of the gap, each column on its own profile */
    int both = 0;
    if (zone_end > zone_top && zone_top >= 0) {
        int n = zone_end - zone_top, lh = dpi / 25, lm = dpi / 60;
        row_ink(b, zone_top, zone_end, 0, gap_l, prof);
        int nl = count_lines(prof, n, min_ink, lm, lh);
        row_ink(b, zone_top, zone_end, gap_r, w, prof);
        int nr = count_lines(prof, n, min_ink, lm, lh);
        both = nl < nr ? nl : nr;
    }
    free(prof);
    if (both < 2 || zone_end < 0)
        return false;
    int pad = dpi / 20;
    int top = zone_top > pad ? zone_top - pad : 0;
    int bottom = zone_end + pad < h ? zone_end + pad : h;
    int mid = (gap_l + gap_r) / 2;
    out->top = top;
    out->bottom = bottom;
    out->mid = mid;
    return true;
}
