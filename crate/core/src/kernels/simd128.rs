//! WebAssembly `simd128` paths, compiled only into builds with `-C target-feature=+simd128`.
//! Each function gives the same bits as its twin in `scalar.rs` (see the notes there and in
//! `mod.rs`); `tests.rs` checks it, in wasm through `cargo test --target wasm32-unknown-unknown`.

use super::{mask_bytes, mask_bytes_mut, scalar};
use crate::view::RgbaView;
use core::arch::wasm32::*;

/// Largest reduction factor the fast downscale takes: column sums of up to 128 rows fit u16
/// (128 * 255); a cell's sum of up to 16 columns still fits u16 (16 * 16 * 255), beyond that it
/// is summed in u32; cell sums times 255 stay below 2^31 (255 * 255 * 128 * 128).
const MAX_FACTOR: usize = 128;

/// See [`super::downscale_box`]. Per band of `f` rows: byte columns summed down the band in
/// u16 lanes; if every alpha sum is `255 * rows` (every pixel opaque) each cell's columns are
/// summed and divided as the reference does, else the band goes to the scalar reference (the
/// sums then need `c * a`).
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
        let done = if f == 2 { pairs(&rows, &mut tot) } else { Some(0) };
        let Some(done) = done else {
            scalar::downscale_band(view, f, oy, &mut acc, row);
            continue;
        };
        // Cells from `done` on: column sums, then per cell.
        column_sums(&rows, &mut cols, done * f * 4);
        if opaque(&cols[done * f * 4..], y1 - y0) {
            cells(&cols, f, y1 - y0, done, &mut tot, row);
        } else {
            scalar::downscale_band(view, f, oy, &mut acc, row);
        }
    }
}

/// Factor 2 in one pass: per 16 bytes of each row (4 pixels), bytes regrouped channel by
/// channel (R0 R1 G0 G1 ...) and added in pairs (`extadd_pairwise`), then summed down the
/// band: the channel sums of two cells. Returns how many cells it summed into `tot` (the rest
/// are the generic path's), or None when a pixel is not opaque.
fn pairs(rows: &[&[u8]], tot: &mut [u32]) -> Option<usize> {
    let n = rows[0].len();
    assert!(rows.iter().all(|r| r.len() == n) && tot.len() >= 3 * (n / 8) + 1);
    let want = (255 * 2 * rows.len()) as u16;
    let (amask, awant) = (u16x8(0, 0, 0, 0xffff, 0, 0, 0, 0xffff), u16x8(0, 0, 0, want, 0, 0, 0, want));
    let mut ok = u16x8_splat(0xffff);
    let mut x = 0;
    while x + 16 <= n {
        let mut s = u16x8_splat(0);
        for r in rows {
            // SAFETY: x + 16 <= n == r.len().
            let v = unsafe { v128_load(r.as_ptr().add(x) as *const v128) };
            let v = i8x16_shuffle::<0, 4, 1, 5, 2, 6, 3, 7, 8, 12, 9, 13, 10, 14, 11, 15>(v, v);
            s = u16x8_add(s, u16x8_extadd_pairwise_u8x16(v));
        }
        ok = v128_and(ok, u16x8_eq(v128_and(s, amask), awant));
        let c = x / 8; // the first of this chunk's two cells
        // SAFETY: 3 (c + 1) + 4 <= 3 (n / 8) + 1 <= tot.len() as c + 1 < n / 8; each store's
        // fourth lane is overwritten by the next cell.
        unsafe {
            v128_store(tot.as_mut_ptr().add(3 * c) as *mut v128, u32x4_extend_low_u16x8(s));
            v128_store(tot.as_mut_ptr().add(3 * c + 3) as *mut v128, u32x4_extend_high_u16x8(s));
        }
        x += 16;
    }
    u16x8_all_true(ok).then_some(x / 8)
}

/// `cols[i] = Σ rows[r][i]` for `i` from `from` (at most 257 rows: u16).
fn column_sums(rows: &[&[u8]], cols: &mut [u16], from: usize) {
    let n = cols.len();
    assert!(rows.iter().all(|r| r.len() == n));
    let mut x = from.min(n);
    while x + 16 <= n {
        let (mut lo, mut hi) = (u16x8_splat(0), u16x8_splat(0));
        for r in rows {
            // SAFETY: x + 16 <= n == r.len(): two 8-byte loads inside the row.
            unsafe {
                lo = u16x8_add(lo, u16x8_load_extend_u8x8(r.as_ptr().add(x)));
                hi = u16x8_add(hi, u16x8_load_extend_u8x8(r.as_ptr().add(x + 8)));
            }
        }
        // SAFETY: x + 16 <= n == cols.len(), 8 u16 lanes each.
        unsafe {
            v128_store(cols.as_mut_ptr().add(x) as *mut v128, lo);
            v128_store(cols.as_mut_ptr().add(x + 8) as *mut v128, hi);
        }
        x += 16;
    }
    for (i, c) in cols.iter_mut().enumerate().skip(x) {
        *c = rows.iter().map(|r| r[i] as u16).sum();
    }
}

/// Every alpha column sum (lane 3 of each pixel) is `255 * rows`: every pixel is opaque.
fn opaque(cols: &[u16], rows: usize) -> bool {
    let full = (255 * rows) as u16;
    let (mask, want) = (u16x8(0, 0, 0, 0xffff, 0, 0, 0, 0xffff), u16x8(0, 0, 0, full, 0, 0, 0, full));
    let mut ok = u16x8_splat(0xffff);
    let chunks = cols.chunks_exact(8);
    let rest = chunks.remainder();
    for c in chunks {
        // SAFETY: c is 8 u16.
        let v = unsafe { v128_load(c.as_ptr() as *const v128) };
        ok = v128_and(ok, u16x8_eq(v128_and(v, mask), want));
    }
    // cols.len() is a multiple of 4, so the rest is whole pixels.
    u16x8_all_true(ok) && rest.chunks_exact(4).all(|p| p[3] == full)
}

/// Σ of `n` pixels' column sums from pixel `x0`, per channel (u32x4). Two pixels per u16x8
/// add while the sum fits u16 (n <= 16), then the halves folded.
#[inline(always)]
fn columns_sum(cols: &[u16], x0: usize, n: usize) -> v128 {
    assert!(4 * (x0 + n) <= cols.len());
    let p = cols.as_ptr();
    // SAFETY: every load reads whole pixels x0..x0 + n, inside cols (asserted).
    unsafe {
        if n <= 16 {
            let (mut s, mut x) = (u16x8_splat(0), x0);
            while x + 2 <= x0 + n {
                s = u16x8_add(s, v128_load(p.add(4 * x) as *const v128));
                x += 2;
            }
            if x < x0 + n {
                s = u16x8_add(s, v128_load64_zero(p.add(4 * x) as *const u64));
            }
            u32x4_extend_low_u16x8(u16x8_add(s, i64x2_shuffle::<1, 1>(s, s)))
        } else {
            (x0..x0 + n).fold(u32x4_splat(0), |s, x| u32x4_add(s, u32x4_load_extend_u16x4(p.add(4 * x))))
        }
    }
}

/// [`columns_sum`] of cells `from..to` of `F` columns, into `tot`.
fn cell_sums<const F: usize>(cols: &[u16], from: usize, to: usize, tot: &mut [u32]) {
    for ox in from.min(to)..to {
        store_sum(tot, ox, columns_sum(cols, ox * F, F));
    }
}

/// Stores cell `ox`'s three sums at `tot[3 ox..]` (16 bytes: the fourth lane is the next
/// cell's first, which that cell overwrites).
#[inline(always)]
fn store_sum(tot: &mut [u32], ox: usize, s: v128) {
    assert!(3 * ox + 4 <= tot.len());
    // SAFETY: asserted just above.
    unsafe { v128_store(tot.as_mut_ptr().add(3 * ox) as *mut v128, s) };
}

/// One output row from the column sums of `rows` opaque rows, in two passes: each cell's
/// channel sums (two columns per u16x8 add, folded; u32 into `tot`, three a cell), then for
/// all cells at once `(sum * 255) as f32 / (count * 255)`, exactly the reference's arithmetic
/// (`Σ c * a` with a = 255; the sums stay below 2^31, so the signed convert rounds as the
/// reference's `u64 as f32`).
fn cells(cols: &[u16], f: usize, rows: usize, done: usize, tot: &mut [u32], out: &mut [[f32; 3]]) {
    let (w, ow) = (cols.len() / 4, out.len());
    assert!(ow == w.div_ceil(f) && tot.len() > 3 * ow);
    // Cells from `done` on (those before are summed already); the common factors with the
    // loop unrolled; the last, narrower cell on its own.
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
    let full = if w % f == 0 { ow } else { ow - 1 }; // cells of f columns
    let n = (f * rows) as f32 * 255.0;
    let flat = out.as_flattened_mut();
    let mut i = 0;
    while i + 4 <= 3 * full {
        // SAFETY: i + 4 <= 3 full <= tot.len() and flat.len().
        unsafe {
            let v = i32x4_mul(v128_load(tot.as_ptr().add(i) as *const v128), i32x4_splat(255));
            v128_store(flat.as_mut_ptr().add(i) as *mut v128, f32x4_div(f32x4_convert_i32x4(v), f32x4_splat(n)));
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

/// Pixels `xa` and `xb` of a row (RGBA8) in the low 8 bytes: one load when they are
/// neighbours, two at the photo's (or a window's) edge where the clamp makes them one.
#[inline(always)]
fn two_pixels(row: &[u8], xa: usize, xb: usize) -> v128 {
    assert!(4 * xa + 4 <= row.len() && 4 * xb + 4 <= row.len());
    if xb == xa + 1 {
        // SAFETY: 4 xa + 8 = 4 xb + 4 <= row.len() (asserted).
        unsafe { v128_load64_zero(row.as_ptr().add(4 * xa) as *const u64) }
    } else {
        let px = |x: usize| u32::from_le_bytes([row[4 * x], row[4 * x + 1], row[4 * x + 2], row[4 * x + 3]]);
        u32x4(px(xa), px(xb), 0, 0)
    }
}

/// `c * a / 255` per lane, as the scalar reference computes it.
#[inline(always)]
fn premultiply(v: v128) -> v128 {
    let a = f32x4_splat(f32x4_extract_lane::<3>(v));
    f32x4_div(f32x4_mul(v, a), f32x4_splat(255.0))
}

/// See [`super::sample_bilinear_many`]: the four corners as f32x4 [r, g, b, a] (two neighbours
/// per load), weights and sums as in the reference. Opaque corners skip `c * 255 / 255`, which
/// is exactly `c`. Coordinates clamp to the part of the photo the view holds (all of it but for
/// a window, which lies inside the photo, so this is also the clamp to the photo).
pub fn sample_bilinear_many(view: &RgbaView, points: &[[f32; 2]], out: &mut [[f32; 3]]) {
    let [hx, hy, hw, hh] = super::held(view);
    let (x0, x1, y0, y1) = (hx as isize, (hx + hw - 1) as isize, hy as isize, (hy + hh - 1) as isize);
    let count = points.len().min(out.len());
    let base = out.as_mut_ptr() as *mut f32;
    for (i, p) in points[..count].iter().enumerate() {
        let fx = p[0] - 0.5;
        let fy = p[1] - 0.5;
        let fx0 = fx.floor();
        let fy0 = fy.floor();
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
        let (t, b) = (u16x8_extend_low_u8x16(top), u16x8_extend_low_u8x16(bottom));
        let f = |v: v128| f32x4_convert_i32x4(v);
        let (mut v00, mut v10) = (f(u32x4_extend_low_u16x8(t)), f(u32x4_extend_high_u16x8(t)));
        let (mut v01, mut v11) = (f(u32x4_extend_low_u16x8(b)), f(u32x4_extend_high_u16x8(b)));
        let all = v128_and(top, bottom);
        if u32x4_extract_lane::<0>(all) & u32x4_extract_lane::<1>(all) < 0xff00_0000 {
            (v00, v10, v01, v11) = (premultiply(v00), premultiply(v10), premultiply(v01), premultiply(v11));
        }
        let s = f32x4_add(
            f32x4_add(f32x4_add(f32x4_mul(v00, f32x4_splat(w00)), f32x4_mul(v10, f32x4_splat(w10))), f32x4_mul(v01, f32x4_splat(w01))),
            f32x4_mul(v11, f32x4_splat(w11)),
        );
        if i + 1 < count {
            // SAFETY: 16 bytes at out[i]: its 3 floats and out[i + 1]'s first, written next.
            unsafe { v128_store(base.add(3 * i) as *mut v128, s) };
        } else {
            out[i] = [f32x4_extract_lane::<0>(s), f32x4_extract_lane::<1>(s), f32x4_extract_lane::<2>(s)];
        }
    }
}

/// See [`super::open3`]: the same separable passes as the reference, 16 mask bytes at a time.
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

#[inline(always)]
fn combine<const ERODE: bool>(a: v128, b: v128, c: v128) -> v128 {
    if ERODE {
        v128_and(v128_and(a, b), c)
    } else {
        v128_or(v128_or(a, b), c)
    }
}

/// 1x3 erosion (AND) or dilation (OR) along each row; outside the row is 0.
fn along_rows<const ERODE: bool>(src: &[u8], dst: &mut [u8], w: usize) {
    for (s, d) in src.chunks_exact(w).zip(dst.chunks_exact_mut(w)) {
        let mut x = 1;
        while x + 17 <= w {
            // SAFETY: reads x-1 .. x+17 <= w and writes x .. x+16 < w, all inside the row.
            unsafe {
                let l = v128_load(s.as_ptr().add(x - 1) as *const v128);
                let m = v128_load(s.as_ptr().add(x) as *const v128);
                let r = v128_load(s.as_ptr().add(x + 1) as *const v128);
                v128_store(d.as_mut_ptr().add(x) as *mut v128, combine::<ERODE>(l, m, r));
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

/// 3x1 erosion (AND) or dilation (OR) down each column; outside the image is 0.
fn down_columns<const ERODE: bool>(src: &[u8], dst: &mut [u8], w: usize, h: usize) {
    for y in 0..h {
        let d = &mut dst[y * w..(y + 1) * w];
        if ERODE && (y == 0 || y == h - 1) {
            d.fill(0);
            continue;
        }
        let m = &src[y * w..(y + 1) * w];
        // At the top and bottom a dilation has one neighbour row: use the row itself twice.
        let u = if y == 0 { m } else { &src[(y - 1) * w..y * w] };
        let l = if y == h - 1 { m } else { &src[(y + 1) * w..(y + 2) * w] };
        let mut x = 0;
        while x + 16 <= w {
            // SAFETY: x + 16 <= w, the length of every row slice here.
            unsafe {
                let v = combine::<ERODE>(
                    v128_load(u.as_ptr().add(x) as *const v128),
                    v128_load(m.as_ptr().add(x) as *const v128),
                    v128_load(l.as_ptr().add(x) as *const v128),
                );
                v128_store(d.as_mut_ptr().add(x) as *mut v128, v);
            }
            x += 16;
        }
        for x in x..w {
            d[x] = if ERODE { u[x] & m[x] & l[x] } else { u[x] | m[x] | l[x] };
        }
    }
}

/// See [`super::histogram256`]: bins sixteen at a time (multiply, clamp, truncate as the
/// reference: NaN propagates through max/min and truncates to bin 0), narrowed to bytes, then
/// counted in four tables (no store-to-load stall on runs of one bin).
pub fn histogram256(values: &[f32], scale: f32) -> [u32; 256] {
    let mut tables = [[0u32; 256]; 4];
    let (s, lo, hi) = (f32x4_splat(scale), f32x4_splat(0.0), f32x4_splat(255.0));
    let bins4 = |p: *const f32| {
        // SAFETY: the caller passes 4 readable f32.
        let v = unsafe { v128_load(p as *const v128) };
        i32x4_trunc_sat_f32x4(f32x4_min(f32x4_max(f32x4_mul(v, s), lo), hi))
    };
    let chunks = values.chunks_exact(16);
    let rest = chunks.remainder();
    let mut bytes = [0u8; 16];
    for c in chunks {
        let p = c.as_ptr();
        // Bins are 0..=255: the saturating narrows keep them.
        let a = i16x8_narrow_i32x4(bins4(p), bins4(p.wrapping_add(4)));
        let b = i16x8_narrow_i32x4(bins4(p.wrapping_add(8)), bins4(p.wrapping_add(12)));
        // SAFETY: bytes holds 16 bytes.
        unsafe { v128_store(bytes.as_mut_ptr() as *mut v128, u8x16_narrow_i16x8(a, b)) };
        for q in bytes.chunks_exact(4) {
            tables[0][q[0] as usize] += 1;
            tables[1][q[1] as usize] += 1;
            tables[2][q[2] as usize] += 1;
            tables[3][q[3] as usize] += 1;
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

/// See [`super::colour_distance`]: four pixels (three vectors) de-interleaved into R, G, B.
pub fn colour_distance(pixels: &[[f32; 3]], to: [f32; 3]) -> Vec<f32> {
    let mut out: Vec<f32> = Vec::with_capacity(pixels.len());
    let dst = out.spare_capacity_mut().as_mut_ptr() as *mut f32;
    let (tr, tg, tb) = (f32x4_splat(to[0]), f32x4_splat(to[1]), f32x4_splat(to[2]));
    let chunks = pixels.chunks_exact(4);
    let rest = chunks.remainder();
    for (i, c) in chunks.enumerate() {
        // SAFETY: c is 4 pixels = 12 f32 = three 16-byte loads; dst has room for pixels.len() f32.
        unsafe {
            let (r, g, b) = rgb4(c.as_ptr() as *const f32);
            let (dr, dg, db) = (f32x4_sub(r, tr), f32x4_sub(g, tg), f32x4_sub(b, tb));
            let d = f32x4_sqrt(f32x4_add(f32x4_add(f32x4_mul(dr, dr), f32x4_mul(dg, dg)), f32x4_mul(db, db)));
            v128_store(dst.add(4 * i) as *mut v128, d);
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
#[inline(always)]
unsafe fn rgb4(p: *const f32) -> (v128, v128, v128) {
    let v0 = v128_load(p as *const v128); // r0 g0 b0 r1
    let v1 = v128_load(p.add(4) as *const v128); // g1 b1 r2 g2
    let v2 = v128_load(p.add(8) as *const v128); // b2 r3 g3 b3
    (
        i32x4_shuffle::<0, 1, 2, 5>(i32x4_shuffle::<0, 3, 6, 0>(v0, v1), v2),
        i32x4_shuffle::<0, 1, 2, 6>(i32x4_shuffle::<1, 4, 7, 0>(v0, v1), v2),
        i32x4_shuffle::<0, 1, 4, 7>(i32x4_shuffle::<2, 5, 0, 0>(v0, v1), v2),
    )
}

/// See [`super::whiteness`]. `pmin`/`pmax` equal `f32::min`/`max` on non-negative, NaN-free input.
pub fn whiteness(pixels: &[[f32; 3]]) -> Vec<f32> {
    let mut out: Vec<f32> = Vec::with_capacity(pixels.len());
    let dst = out.spare_capacity_mut().as_mut_ptr() as *mut f32;
    let chunks = pixels.chunks_exact(4);
    let rest = chunks.remainder();
    for (i, c) in chunks.enumerate() {
        // SAFETY: c is 4 pixels; dst has room for pixels.len() f32.
        unsafe {
            let (r, g, b) = rgb4(c.as_ptr() as *const f32);
            let lo = f32x4_pmin(f32x4_pmin(r, g), b);
            let hi = f32x4_pmax(f32x4_pmax(r, g), b);
            let v = f32x4_pmax(f32x4_sub(lo, f32x4_sub(hi, lo)), f32x4_splat(0.0));
            v128_store(dst.add(4 * i) as *mut v128, v);
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

/// See [`super::mean_luma`]: lumas four at a time, widened to f64 into the four running sums.
pub fn mean_luma(pixels: &[[f32; 3]]) -> f32 {
    if pixels.is_empty() {
        return 0.0;
    }
    let (kr, kg, kb) = (f32x4_splat(0.299), f32x4_splat(0.587), f32x4_splat(0.114));
    let (mut s01, mut s23) = (f64x2_splat(0.0), f64x2_splat(0.0));
    let chunks = pixels.chunks_exact(4);
    let rest = chunks.remainder();
    for c in chunks {
        // SAFETY: c is 4 pixels.
        let (r, g, b) = unsafe { rgb4(c.as_ptr() as *const f32) };
        let l = f32x4_add(f32x4_add(f32x4_mul(kr, r), f32x4_mul(kg, g)), f32x4_mul(kb, b));
        s01 = f64x2_add(s01, f64x2_promote_low_f32x4(l));
        s23 = f64x2_add(s23, f64x2_promote_low_f32x4(i64x2_shuffle::<1, 1>(l, l)));
    }
    let mut s = [f64x2_extract_lane::<0>(s01), f64x2_extract_lane::<1>(s01), f64x2_extract_lane::<0>(s23), f64x2_extract_lane::<1>(s23)];
    // The rest continue the lane pattern: pixel i into sum i % 4, and the chunks end at a multiple of 4.
    for (k, &p) in rest.iter().enumerate() {
        s[k] += super::luma(p) as f64;
    }
    (((s[0] + s[1]) + (s[2] + s[3])) / pixels.len() as f64) as f32
}

/// See [`super::nonzero_indices`]: eight labels per test, one by one only where one is set.
pub fn nonzero_indices(labels: &[u32]) -> Vec<u32> {
    let mut out = Vec::new();
    let chunks = labels.chunks_exact(8);
    let rest = chunks.remainder();
    for (k, c) in chunks.enumerate() {
        // SAFETY: c is 8 u32: two 16-byte loads.
        let any = unsafe { v128_any_true(v128_or(v128_load(c.as_ptr() as *const v128), v128_load(c.as_ptr().add(4) as *const v128))) };
        if any {
            out.extend(c.iter().enumerate().filter(|(_, &l)| l != 0).map(|(i, _)| (8 * k + i) as u32));
        }
    }
    let done = labels.len() - rest.len();
    out.extend(rest.iter().enumerate().filter(|(_, &l)| l != 0).map(|(i, _)| (done + i) as u32));
    out
}
