/*
 * ocr_preprocess.c — Leptonica page clean-up before Tesseract (OCR builds only).
 *
 *   1. resolution: from the file, else estimated from the page size assuming A4; pages
 *      below ~250 dpi are upscaled to the target (cfg->ocr_dpi, 300), pages far above it
 *      are downscaled (Tesseract is tuned for ~300 dpi and time grows with pixels);
 *   2. grayscale (8 bpp);
 *   3. background normalisation (uneven illumination, grey paper, JPEG haze);
 *   4. deskew: skew searched within ±10° on a binarised, reduced copy, then the
 *      grayscale page is rotated (area-mapped, white brought in);
 *   5. dark scan borders removed: foreground components touching the page edge
 *      (scanner lid shadow, black margins) are painted white;
 *   6. binarisation (Otsu on tiles of the background-normalised page, thresholds
 *      clamped) and removal of
 *      isolated specks (salt-and-pepper noise) smaller than a dot of text.
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

/* Remove speckle: components smaller than s x s pixels always, and components smaller
 * than big x big that lie farther than `reach` from any larger ink (isolated noise;
 * diacritics and punctuation sit next to letters and are kept). */
static PIX *despeckle(PIX *b, int s, int big, int reach)
{
    PIX *d = pixSelectBySize(b, s, s, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, NULL);
    if (!d)
        return NULL;
    PIX *large = pixSelectBySize(d, big, big, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, NULL);
    if (!large)
        return d;
    PIX *small = pixSubtract(NULL, d, large);
    PIX *near = pixDilateBrick(NULL, large, 2 * reach + 1, 2 * reach + 1);
    if (small && near) {
        pixAnd(small, small, near);
        pixOr(large, large, small);
        pixDestroy(&d);
        d = large;
        large = NULL;
    }
    pixDestroy(&large);
    pixDestroy(&small);
    pixDestroy(&near);
    return d;
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

PIX *kh_ocr_preprocess(PIX *src, int target_dpi, int src_dpi_hint, kh_prep_info *info)
{
    kh_prep_info dummy;
    if (!info)
        info = &dummy;
    *info = (kh_prep_info){0};
    if (target_dpi <= 0)
        target_dpi = 300;
    PIX *g = NULL, *t = NULL, *b = NULL;

    /* 1-2. grayscale, resolution */
    int dpi = page_dpi(src, src_dpi_hint, &info->dpi_estimated);
    info->src_dpi = dpi;
    g = pixConvertTo8(src, 0);
    if (!g)
        return NULL;
    float f = 1.0f;
    if (dpi < 250 || dpi > target_dpi * 3 / 2)
        f = (float)target_dpi / (float)dpi;
    if (f != 1.0f) {
        t = pixScale(g, f, f);
        pixDestroy(&g);
        if (!(g = t))
            return NULL;
        dpi = target_dpi;
    }
    info->dpi = dpi;
    pixSetResolution(g, dpi, dpi);

    /* 3. background normalisation (maps the background to 200). Kept for bilevel pages
     * too: skipping it there and thresholding the rotated page at a fixed level (tried at
     * 160, 200, 230) saves ~60 ms of ~1.3 s per page but raised the CER of the G4 scans
     * from 0.5-0.8 % to 3.1-3.4 %: the two-column header was no longer split. */
    t = pixBackgroundNormSimple(g, NULL, NULL);
    if (t) {
        pixDestroy(&g);
        g = t;
    }

    /* 4. deskew within ±10° */
    b = pixThresholdToBinary(g, 140);
    if (!b)
        goto fail;
    float angle = 0, conf = 0;
    if (pixFindSkewSweepAndSearch(b, &angle, &conf, 4, 2, 10.0f, 1.0f, 0.01f) == 0 &&
        conf >= 2.5f && fabsf(angle) >= 0.05f && fabsf(angle) <= 10.0f) {
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

    /* 5. dark borders: components touching the edge, only when they are big (a shadow
     * or black margin), not a letter near the edge of a tightly cropped page. */
    PIX *inner = pixRemoveBorderConnComps(b, 8);
    if (inner) {
        PIX *border = pixXor(NULL, b, inner);
        l_int32 count = 0;
        if (border) {
            PIX *big = pixSelectBySize(border, dpi / 3, dpi / 3, 8, L_SELECT_IF_EITHER,
                                       L_SELECT_IF_GT, NULL);
            if (big) {
                pixCountPixels(big, &count, NULL);
                if (count > 0)
                    pixSubtract(b, b, big);
                pixDestroy(&big);
            }
            pixDestroy(&border);
        }
        pixDestroy(&inner);
    }

    /* specks: at 300 dpi a diacritic dot is ~4-5 px; remove 1-2 px noise */
    int s = dpi >= 250 ? 3 : 2;
    t = despeckle(b, s, dpi / 40 + 1, dpi / 20);
    if (t) {
        pixDestroy(&b);
        b = t;
    }
    pixSetResolution(b, dpi, dpi);
    info->binarized = true;
    return b;

fail:
    pixDestroy(&g);
    pixDestroy(&b);
    return NULL;
}

/* ---------------------------------------------------------------- two-column header */

/* Administrative documents print the issuer (and number) on the left and the national
 * motto (and place/date) on the right, side by side. Tesseract's layout analysis often
 * merges such rows into one line ("ỦY BAN NHÂN DÂN Độc lập - Tự do - Hạnh phúc").
 * We look for a vertical white gap in the middle of the page that the top text rows do
 * not cross: those rows form the header zone, recognised as two separate rectangles. */
bool kh_ocr_header_split(PIX *b, kh_header_split *out)
{
    memset(out, 0, sizeof *out);
    if (!b || pixGetDepth(b) != 1)
        return false;
    int w = pixGetWidth(b), h = pixGetHeight(b), wpl = pixGetWpl(b);
    l_uint32 *data = pixGetData(b);
    int dpi = pixGetXRes(b) > 0 ? pixGetXRes(b) : 300;
    /* row bands with ink */
    enum { MAXB = 24 };
    int bt[MAXB], bb[MAXB], nb = 0;
    int min_ink = 3, merge = dpi / 30;
    int y = 0, limit = h * 45 / 100;
    while (y < limit && nb < MAXB) {
        int c = 0;
        l_uint32 *row = data + (size_t)y * (size_t)wpl;
        for (int i = 0; i < wpl; i++)
            if (row[i])
                c += __builtin_popcount(row[i]);
        if (c >= min_ink && nb < MAXB) {
            if (nb && y - bb[nb - 1] <= merge) {
                bb[nb - 1] = y + 1;
            } else {
                bt[nb] = y;
                bb[nb] = y + 1;
                nb++;
            }
        }
        y++;
    }
    if (nb < 2)
        return false;
    int *col = calloc((size_t)w, sizeof *col);
    int *bcol = calloc((size_t)w, sizeof *bcol);
    if (!col || !bcol) {
        free(col);
        free(bcol);
        return false;
    }
    int lo = w * 28 / 100, hi = w * 72 / 100, mingap = dpi / 5;
    int zone_end = -1, both = 0, gap_l = 0, gap_r = 0;
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
        if (right < 0 || ink < dpi || bb[k] - bt[k] < dpi / 25)
            continue; /* noise, a rule line */
        /* a row centred on the page (kind heading, title) ends the header zone */
        int centre = (left + right) / 2;
        if (abs(centre - w / 2) < w / 25 && right - left > w / 10 && !(left < lo && right > hi))
            break;
        int thr = 2 + (bb[k] - bt[k]) / 40;
        /* would the union still have a gap? */
        int best_l = 0, best_r = 0, run_l = -1;
        for (int x = lo; x <= hi; x++) {
            bool empty = col[x] + bcol[x] <= thr * (k + 1);
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
        gap_l = best_l, gap_r = best_r;
        if (left < gap_l && right >= gap_r)
            both++;
        zone_end = bb[k];
    }
    free(col);
    free(bcol);
    if (both < 2 || zone_end < 0)
        return false;
    int pad = dpi / 20;
    int top = bt[0] > pad ? bt[0] - pad : 0;
    int bottom = zone_end + pad < h ? zone_end + pad : h;
    int mid = (gap_l + gap_r) / 2;
    out->top = top;
    out->bottom = bottom;
    out->mid = mid;
    return true;
}
