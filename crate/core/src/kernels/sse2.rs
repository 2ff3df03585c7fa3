//! x86_64 SSE2 paths (SSE2 is part of the x86_64 baseline: no detection needed). Each function
//! gives the same bits as its twin in `scalar.rs`; `tests.rs` checks it. Same structure as
//! `simd128.rs`, with what SSE2 lacks written out: no 32-bit multiply (`x * 255` is
//! `(x << 8) - x`), no unsigned convert (sums stay below 2^31), no `floor` instruction
//! (see [`floor`]). Every function is `#[target_feature(enable = "sse2")]`, so `mod.rs` calls
//! them in `unsafe` blocks whose one obligation (the CPU has SSE2) every x86_64 CPU meets.

use super::{mask_bytes, mask_bytes_mut, scalar};
use crate::view::RgbaView;
use std::arch::x86_64::*;

/// See `simd128.rs`: u16 column sums of up to 128 rows, u16 cell sums up to 16 columns, cell
/// sums times 255 below 2^31.
const MAX_FACTOR: usize = 128;

/// See [`super::downscale_box`] and `simd128::downscale_box`.
#[target_feature(enable = "sse2")]
pub fn downscale_box(view: &RgbaView, f: usize, out: &mut [[f32; 3]]) {
    if f > MAX_FACTOR {
        return scalar::downscale_box(view, f, out);
    }
    let (w, h) = (view.width(), view.height());
    let ow = w.div_ceil(f);
    let mut cols = vec![0u16; w * 4];
    let mut tot = vec![0u32; 3 * ow + 1];
    let mut acc = vec![[0u64; 3]; ow];
    let mut rows: Vec<&[u8]> = Vec::with_capacity(f);
    for (oy, row) in out.chunks_exact_mut(ow).enumerate() {
        let (y0, y1) = (oy * f, (oy * f + f).min(h));
        rows.clear();
        rows.extend((y0..y1).map(|y| view.row(y)));
        column_sums(&rows, &mut cols);
        if opaque(&cols, y1 - y0) {
            cells(&cols, f, y1 - y0, 0, &mut tot, row);
        } else {
            scalar::downscale_band(view, f, oy, &mut acc, row);
        }
    }
}

#[target_feature(enable = "sse2")]
fn column_sums(rows: &[&[u8]], cols: &mut [u16]) {
    let n = cols.len();
    assert!(rows.iter().all(|r| r.len() == n));
    let zero = _mm_setzero_si128();
    let mut x = 0;
    while x + 16 <= n {
        let (mut lo, mut hi) = (zero, zero);
        for r in rows {
            // SAFETY: x + 16 <= n == r.len(); unaligned load.
            let v = unsafe { _mm_loadu_si128(r.as_ptr().add(x) as *const __m128i) };
            lo = _mm_add_epi16(lo, _mm_unpacklo_epi8(v, zero));
            hi = _mm_add_epi16(hi, _mm_unpackhi_epi8(v, zero));
        }
        // SAFETY: x + 16 <= n == cols.len().
        unsafe {
            _mm_storeu_si128(cols.as_mut_ptr().add(x) as *mut __m128i, lo);
            _mm_storeu_si128(cols.as_mut_ptr().add(x + 8) as *mut __m128i, hi);
        }
        x += 16;
    }
    for (i, c) in cols.iter_mut().enumerate().skip(x) {
        *c = rows.iter().map(|r| r[i] as u16).sum();
    }
}

#[target_feature(enable = "sse2")]
fn opaque(cols: &[u16], rows: usize) -> bool {
    let full = (255 * rows) as u16;
    let mask = _mm_set_epi16(-1, 0, 0, 0, -1, 0, 0, 0);
    let want = _mm_set_epi16(full as i16, 0, 0, 0, full as i16, 0, 0, 0);
    let mut ok = _mm_set1_epi16(-1);
    let chunks = cols.chunks_exact(8);
    let rest = chunks.remainder();
    for c in chunks {
        // SAFETY: c is 8 u16.
        let v = unsafe { _mm_loadu_si128(c.as_ptr() as *const __m128i) };
        ok = _mm_and_si128(ok, _mm_cmpeq_epi16(_mm_and_si128(v, mask), want));
    }
    _mm_movemask_epi8(ok) == 0xffff && rest.chunks_exact(4).all(|p| p[3] == full)
}

/// See `simd128::columns_sum`.
#[inline]
#[target_feature(enable = "sse2")]
fn columns_sum(cols: &[u16], x0: usize, n: usize) -> __m128i {
    assert!(4 * (x0 + n) <= cols.len());
    let (p, zero) = (cols.as_ptr(), _mm_setzero_si128());
    // SAFETY: every load reads whole pixels x0..x0 + n, inside cols (asserted).
    unsafe {
        if n <= 16 {
            let (mut s, mut x) = (zero, x0);
            while x + 2 <= x0 + n {
                s = _mm_add_epi16(s, _mm_loadu_si128(p.add(4 * x) as *const __m128i));
                x += 2;
            }
            if x < x0 + n {
                s = _mm_add_epi16(s, _mm_loadl_epi64(p.add(4 * x) as *const __m128i));
            }
            _mm_unpacklo_epi16(_mm_add_epi16(s, _mm_srli_si128::<8>(s)), zero)
        } else {
            (x0..x0 + n).fold(zero, |s, x| _mm_add_epi32(s, _mm_unpacklo_epi16(_mm_loadl_epi64(p.add(4 * x) as *const __m128i), zero)))
        }
    }
}

#[target_feature(enable = "sse2")]
fn cell_sums<const F: usize>(cols: &[u16], from: usize, to: usize, tot: &mut [u32]) {
    for ox in from.min(to)..to {
        store_sum(tot, ox, columns_sum(cols, ox * F, F));
    }
}

#[inline]
#[target_feature(enable = "sse2")]
fn store_sum(tot: &mut [u32], ox: usize, s: __m128i) {
    assert!(3 * ox + 4 <= tot.len());
    // SAFETY: asserted just above; lane 4 is overwritten by the next cell.
    unsafe { _mm_storeu_si128(tot.as_mut_ptr().add(3 * ox) as *mut __m128i, s) };
}

/// See `simd128::cells`.
#[target_feature(enable = "sse2")]
fn cells(cols: &[u16], f: usize, rows: usize, done: usize, tot: &mut [u32], out: &mut [[f32; 3]]) {
    let (w, ow) = (cols.len() / 4, out.len());
    assert!(ow == w.div_ceil(f) && tot.len() > 3 * ow);
    let whole = w / f;
    match f {
        1 => cell_sums::<1>(cols, done, whole, tot),
        2 => cell_sums::<2>(cols, done, whole, tot),
        3 => cell_sums::<3>(cols, done, whole, tot),
        4 => cell_sums::<4>(cols, done, whole, tot),
        6 => cell_sums::<6>(cols, done, whole, tot),
        8 => cell_sums::<8>(cols, done, whole, tot),
        _ => (done.min(whole)..whole).for_each(|ox| store_sum(tot, ox, columns_sum(cols, ox * f, f))),
    }
    if whole < ow {
        store_sum(tot, whole, columns_sum(cols, whole * f, w - whole * f));
    }
    let full = if w % f == 0 { ow } else { ow - 1 };
    let n = (f * rows) as f32 * 255.0;
    let flat = out.as_flattened_mut();
    let mut i = 0;
    while i + 4 <= 3 * full {
        // SAFETY: i + 4 <= 3 full <= tot.len() and flat.len().
        unsafe {
            let s = _mm_loadu_si128(tot.as_ptr().add(i) as *const __m128i);
            let v = _mm_cvtepi32_ps(_mm_sub_epi32(_mm_slli_epi32::<8>(s), s));
            _mm_storeu_ps(flat.as_mut_ptr().add(i), _mm_div_ps(v, _mm_set1_ps(n)));
        }
        i += 4;
    }
    for k in i..3 * full {
        flat[k] = (tot[k] * 255) as f32 / n;
    }
    if full < ow {
        let n = ((w - full * f) * rows) as f32 * 255.0;
        for k in 3 * full..3 * ow {
            flat[k] = (tot[k] * 255) as f32 / n;
        }
    }
}

/// `x.floor()` without a libm call (SSE2 has no rounding instruction): truncate, step down for
/// negatives. Exact for |x| < 2^23; beyond, every f32 is an integer already (or NaN): floor().
/// Only -0.0 comes out as +0.0, which changes no sample (see `sample_bilinear_many`).
#[inline]
#[target_feature(enable = "sse2")]
fn floor(x: f32) -> f32 {
    if x.abs() < 8_388_608.0 {
        let t = x as i32 as f32;
        if t > x {
            t - 1.0
        } else {
            t
        }
    } else {
        x.floor()
    }
}

/// See `simd128::two_pixels`.
#[inline]
#[target_feature(enable = "sse2")]
fn two_pixels(row: &[u8], xa: usize, xb: usize) -> __m128i {
    assert!(4 * xa + 4 <= row.len() && 4 * xb + 4 <= row.len());
    if xb == xa + 1 {
        // SAFETY: 4 xa + 8 = 4 xb + 4 <= row.len() (asserted).
        unsafe { _mm_loadl_epi64(row.as_ptr().add(4 * xa) as *const __m128i) }
    } else {
        let px = |x: usize| i32::from_le_bytes([row[4 * x], row[4 * x + 1], row[4 * x + 2], row[4 * x + 3]]);
        _mm_set_epi32(0, 0, px(xb), px(xa))
    }
}

#[inline]
#[target_feature(enable = "sse2")]
fn premultiply(v: __m128) -> __m128 {
    _mm_div_ps(_mm_mul_ps(v, _mm_shuffle_ps::<0xff>(v, v)), _mm_set1_ps(255.0))
}

/// See [`super::sample_bilinear_many`] and `simd128::sample_bilinear_many`. The coordinates
/// come from `x - 0.5`, which is never -0.0 for finite x, so [`floor`] matches `f32::floor`.
#[target_feature(enable = "sse2")]
pub fn sample_bilinear_many(view: &RgbaView, points: &[[f32; 2]], out: &mut [[f32; 3]]) {
    let [hx, hy, hw, hh] = super::held(view);
    let (x0, x1, y0, y1) = (hx as isize, (hx + hw - 1) as isize, hy as isize, (hy + hh - 1) as isize);
    let zero = _mm_setzero_si128();
    let count = points.len().min(out.len());
    let base = out.as_mut_ptr() as *mut f32;
    for (i, p) in points[..count].iter().enumerate() {
        let fx = p[0] - 0.5;
        let fy = p[1] - 0.5;
        let fx0 = floor(fx);
        let fy0 = floor(fy);
        let tx = fx - fx0;
        let ty = fy - fy0;
        let (xi, yi) = (fx0 as isize, fy0 as isize);
        let (xa, xb) = ((xi.clamp(x0, x1) - x0) as usize, (xi.saturating_add(1).clamp(x0, x1) - x0) as usize);
        let (ya, yb) = (yi.clamp(y0, y1) as usize, yi.saturating_add(1).clamp(y0, y1) as usize);
        let (top, bottom) = (two_pixels(view.row(ya), xa, xb), two_pixels(view.row(yb), xa, xb));
        let w00 = (1.0 - tx) * (1.0 - ty);
        let w10 = tx * (1.0 - ty);
        let w01 = (1.0 - tx) * ty;
        let w11 = tx * ty;
        let (t, b) = (_mm_unpacklo_epi8(top, zero), _mm_unpacklo_epi8(bottom, zero));
        let (mut v00, mut v10) = (_mm_cvtepi32_ps(_mm_unpacklo_epi16(t, zero)), _mm_cvtepi32_ps(_mm_unpackhi_epi16(t, zero)));
        let (mut v01, mut v11) = (_mm_cvtepi32_ps(_mm_unpacklo_epi16(b, zero)), _mm_cvtepi32_ps(_mm_unpackhi_epi16(b, zero)));
        // Alphas are bytes 3 and 7: all four 255?
        if _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(top, bottom), _mm_set1_epi8(-1))) & 0x88 != 0x88 {
            (v00, v10, v01, v11) = (premultiply(v00), premultiply(v10), premultiply(v01), premultiply(v11));
        }
        let s = _mm_add_ps(
            _mm_add_ps(_mm_add_ps(_mm_mul_ps(v00, _mm_set1_ps(w00)), _mm_mul_ps(v10, _mm_set1_ps(w10))), _mm_mul_ps(v01, _mm_set1_ps(w01))),
            _mm_mul_ps(v11, _mm_set1_ps(w11)),
        );
        if i + 1 < count {
            // SAFETY: 16 bytes at out[i]: its 3 floats and out[i + 1]'s first, written next.
            unsafe { _mm_storeu_ps(base.add(3 * i), s) };
        } else {
            let mut l = [0.0f32; 4];
            // SAFETY: l holds 4 f32.
            unsafe { _mm_storeu_ps(l.as_mut_ptr(), s) };
            out[i] = [l[0], l[1], l[2]];
        }
    }
}

/// See [`super::open3`] and `simd128::open3`.
#[target_feature(enable = "sse2")]
pub fn open3(mask: &[bool], w: usize, h: usize) -> Vec<bool> {
    if w < 3 || h < 3 {
        return scalar::open3(mask, w, h);
    }
    let src = mask_bytes(mask);
    let mut a = vec![0u8; w * h];
    let mut out = vec![false; w * h];
    // SAFETY: the passes write ANDs and ORs of 0/1 bytes: 0 or 1, valid bools.
    let b = unsafe { mask_bytes_mut(&mut out) };
    along_rows::<true>(src, &mut a, w);
    down_columns::<true>(&a, b, w, h);
    along_rows::<false>(b, &mut a, w);
    down_columns::<false>(&a, b, w, h);
    out
}

#[inline]
#[target_feature(enable = "sse2")]
fn combine<const ERODE: bool>(a: __m128i, b: __m128i, c: __m128i) -> __m128i {
    if ERODE {
        _mm_and_si128(_mm_and_si128(a, b), c)
    } else {
        _mm_or_si128(_mm_or_si128(a, b), c)
    }
}

#[target_feature(enable = "sse2")]
fn along_rows<const ERODE: bool>(src: &[u8], dst: &mut [u8], w: usize) {
    for (s, d) in src.chunks_exact(w).zip(dst.chunks_exact_mut(w)) {
        let mut x = 1;
        while x + 17 <= w {
            // SAFETY: reads x-1 .. x+17 <= w and writes x .. x+16 < w, all inside the row.
            unsafe {
                let l = _mm_loadu_si128(s.as_ptr().add(x - 1) as *const __m128i);
                let m = _mm_loadu_si128(s.as_ptr().add(x) as *const __m128i);
                let r = _mm_loadu_si128(s.as_ptr().add(x + 1) as *const __m128i);
                _mm_storeu_si128(d.as_mut_ptr().add(x) as *mut __m128i, combine::<ERODE>(l, m, r));
            }
            x += 16;
        }
        for x in x..w - 1 {
            d[x] = if ERODE { s[x - 1] & s[x] & s[x + 1] } else { s[x - 1] | s[x] | s[x + 1] };
        }
        d[0] = if ERODE { 0 } else { s[0] | s[1] };
        d[w - 1] = if ERODE { 0 } else { s[w - 2] | s[w - 1] };
    }
}

#[target_feature(enable = "sse2")]
fn down_columns<const ERODE: bool>(src: &[u8], dst: &mut [u8], w: usize, h: usize) {
    for y in 0..h {
        let d = &mut dst[y * w..(y + 1) * w];
        if ERODE && (y == 0 || y == h - 1) {
            d.fill(0);
            continue;
        }
        let m = &src[y * w..(y + 1) * w];
        let u = if y == 0 { m } else { &src[(y - 1) * w..y * w] };
        let l = if y == h - 1 { m } else { &src[(y + 1) * w..(y + 2) * w] };
        let mut x = 0;
        while x + 16 <= w {
            // SAFETY: x + 16 <= w, the length of every row slice here.
            unsafe {
                let v = combine::<ERODE>(
                    _mm_loadu_si128(u.as_ptr().add(x) as *const __m128i),
                    _mm_loadu_si128(m.as_ptr().add(x) as *const __m128i),
                    _mm_loadu_si128(l.as_ptr().add(x) as *const __m128i),
                );
                _mm_storeu_si128(d.as_mut_ptr().add(x) as *mut __m128i, v);
            }
            x += 16;
        }
        for x in x..w {
            d[x] = if ERODE { u[x] & m[x] & l[x] } else { u[x] | m[x] | l[x] };
        }
    }
}

/// See [`super::histogram256`]. `maxps`/`minps` return their second operand when the first is
/// NaN, so a NaN lands in bin 0 as in the reference.
#[target_feature(enable = "sse2")]
pub fn histogram256(values: &[f32], scale: f32) -> [u32; 256] {
    let mut tables = [[0u32; 256]; 4];
    let (s, lo, hi) = (_mm_set1_ps(scale), _mm_setzero_ps(), _mm_set1_ps(255.0));
    let chunks = values.chunks_exact(4);
    let rest = chunks.remainder();
    let mut bins = [0i32; 4];
    for c in chunks {
        // SAFETY: c holds 4 f32; bins holds 4 i32.
        unsafe {
            let v = _mm_loadu_ps(c.as_ptr());
            let b = _mm_cvttps_epi32(_mm_min_ps(_mm_max_ps(_mm_mul_ps(v, s), lo), hi));
            _mm_storeu_si128(bins.as_mut_ptr() as *mut __m128i, b);
        }
        for (t, &b) in tables.iter_mut().zip(&bins) {
            t[b as usize & 255] += 1;
        }
    }
    let mut hist = scalar::histogram256(rest, scale);
    for t in &tables {
        for (h, &c) in hist.iter_mut().zip(t) {
            *h += c;
        }
    }
    hist
}

/// See [`super::colour_distance`] and `simd128::colour_distance`.
#[target_feature(enable = "sse2")]
pub fn colour_distance(pixels: &[[f32; 3]], to: [f32; 3]) -> Vec<f32> {
    let mut out: Vec<f32> = Vec::with_capacity(pixels.len());
    let dst = out.spare_capacity_mut().as_mut_ptr() as *mut f32;
    let (tr, tg, tb) = (_mm_set1_ps(to[0]), _mm_set1_ps(to[1]), _mm_set1_ps(to[2]));
    let chunks = pixels.chunks_exact(4);
    let rest = chunks.remainder();
    for (i, c) in chunks.enumerate() {
        // SAFETY: c is 4 pixels = 12 f32; dst has room for pixels.len() f32.
        unsafe {
            let (r, g, b) = rgb4(c.as_ptr() as *const f32);
            let (dr, dg, db) = (_mm_sub_ps(r, tr), _mm_sub_ps(g, tg), _mm_sub_ps(b, tb));
            let d = _mm_sqrt_ps(_mm_add_ps(_mm_add_ps(_mm_mul_ps(dr, dr), _mm_mul_ps(dg, dg)), _mm_mul_ps(db, db)));
            _mm_storeu_ps(dst.add(4 * i), d);
        }
    }
    let done = pixels.len() - rest.len();
    for (k, v) in scalar::colour_distance(rest, to).into_iter().enumerate() {
        // SAFETY: done + k < pixels.len(): inside the capacity.
        unsafe { dst.add(done + k).write(v) };
    }
    // SAFETY: every one of the pixels.len() values was written above.
    unsafe { out.set_len(pixels.len()) };
    out
}

/// Four pixels (three loads) de-interleaved into their R, G, B vectors.
///
/// # Safety
/// `p` points to 4 pixels (12 f32).
#[inline]
#[target_feature(enable = "sse2")]
unsafe fn rgb4(p: *const f32) -> (__m128, __m128, __m128) {
    let v0 = _mm_loadu_ps(p); // r0 g0 b0 r1
    let v1 = _mm_loadu_ps(p.add(4)); // g1 b1 r2 g2
    let v2 = _mm_loadu_ps(p.add(8)); // b2 r3 g3 b3
    // _MM_SHUFFLE(d, c, b, a) = d << 6 | c << 4 | b << 2 | a: lanes a, b from the first.
    let r = _mm_shuffle_ps::<0b10_00_11_00>(v0, _mm_shuffle_ps::<0b00_01_00_10>(v1, v2));
    let g = _mm_shuffle_ps::<0b10_00_10_00>(_mm_shuffle_ps::<0b00_00_00_01>(v0, v1), _mm_shuffle_ps::<0b00_10_00_11>(v1, v2));
    let b = _mm_shuffle_ps::<0b10_00_10_00>(_mm_shuffle_ps::<0b00_01_00_10>(v0, v1), _mm_shuffle_ps::<0b00_11_00_00>(v2, v2));
    (r, g, b)
}

/// See [`super::whiteness`]. `minps`/`maxps` equal `f32::min`/`max` on non-negative, NaN-free input.
#[target_feature(enable = "sse2")]
pub fn whiteness(pixels: &[[f32; 3]]) -> Vec<f32> {
    let mut out: Vec<f32> = Vec::with_capacity(pixels.len());
    let dst = out.spare_capacity_mut().as_mut_ptr() as *mut f32;
    let chunks = pixels.chunks_exact(4);
    let rest = chunks.remainder();
    for (i, c) in chunks.enumerate() {
        // SAFETY: c is 4 pixels; dst has room for pixels.len() f32.
        unsafe {
            let (r, g, b) = rgb4(c.as_ptr() as *const f32);
            let lo = _mm_min_ps(_mm_min_ps(r, g), b);
            let hi = _mm_max_ps(_mm_max_ps(r, g), b);
            _mm_storeu_ps(dst.add(4 * i), _mm_max_ps(_mm_sub_ps(lo, _mm_sub_ps(hi, lo)), _mm_setzero_ps()));
        }
    }
    let done = pixels.len() - rest.len();
    for (k, v) in scalar::whiteness(rest).into_iter().enumerate() {
        // SAFETY: done + k < pixels.len(): inside the capacity.
        unsafe { dst.add(done + k).write(v) };
    }
    // SAFETY: every one of the pixels.len() values was written above.
    unsafe { out.set_len(pixels.len()) };
    out
}

/// See [`super::mean_luma`] and `simd128::mean_luma`.
#[target_feature(enable = "sse2")]
pub fn mean_luma(pixels: &[[f32; 3]]) -> f32 {
    if pixels.is_empty() {
        return 0.0;
    }
    let (kr, kg, kb) = (_mm_set1_ps(0.299), _mm_set1_ps(0.587), _mm_set1_ps(0.114));
    let (mut s01, mut s23) = (_mm_setzero_pd(), _mm_setzero_pd());
    let chunks = pixels.chunks_exact(4);
    let rest = chunks.remainder();
    for c in chunks {
        // SAFETY: c is 4 pixels.
        let (r, g, b) = unsafe { rgb4(c.as_ptr() as *const f32) };
        let l = _mm_add_ps(_mm_add_ps(_mm_mul_ps(kr, r), _mm_mul_ps(kg, g)), _mm_mul_ps(kb, b));
        s01 = _mm_add_pd(s01, _mm_cvtps_pd(l));
        s23 = _mm_add_pd(s23, _mm_cvtps_pd(_mm_movehl_ps(l, l)));
    }
    let mut s = [0.0f64; 4];
    // SAFETY: s holds 4 f64.
    unsafe {
        _mm_storeu_pd(s.as_mut_ptr(), s01);
        _mm_storeu_pd(s.as_mut_ptr().add(2), s23);
    }
    for (k, &p) in rest.iter().enumerate() {
        s[k] += super::luma(p) as f64;
    }
    (((s[0] + s[1]) + (s[2] + s[3])) / pixels.len() as f64) as f32
}

/// See [`super::nonzero_indices`] and `simd128::nonzero_indices`.
#[target_feature(enable = "sse2")]
pub fn nonzero_indices(labels: &[u32]) -> Vec<u32> {
    let mut out = Vec::new();
    let chunks = labels.chunks_exact(8);
    let rest = chunks.remainder();
    let zero = _mm_setzero_si128();
    for (k, c) in chunks.enumerate() {
        // SAFETY: c is 8 u32: two 16-byte loads.
        let or = unsafe { _mm_or_si128(_mm_loadu_si128(c.as_ptr() as *const __m128i), _mm_loadu_si128(c.as_ptr().add(4) as *const __m128i)) };
        if _mm_movemask_epi8(_mm_cmpeq_epi32(or, zero)) != 0xffff {
            out.extend(c.iter().enumerate().filter(|(_, &l)| l != 0).map(|(i, _)| (8 * k + i) as u32));
        }
    }
    let done = labels.len() - rest.len();
    out.extend(rest.iter().enumerate().filter(|(_, &l)| l != 0).map(|(i, _)| (done + i) as u32));
    out
}
