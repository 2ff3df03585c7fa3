//! Scalar references: the oracle every faster path is tested against, and the path of the
//! wasm build without `simd128`. Obviously right first, reasonably quick second; no `unsafe`.

use crate::view::RgbaView;

/// See [`super::downscale_box`]: `out` holds `ceil(w / f) * ceil(h / f)` cells (checked by the caller).
pub fn downscale_box(view: &RgbaView, f: usize, out: &mut [[f32; 3]]) {
    let ow = view.width().div_ceil(f);
    let mut acc = vec![[0u64; 3]; ow];
    for (oy, row) in out.chunks_exact_mut(ow).enumerate() {
        downscale_band(view, f, oy, &mut acc, row);
    }
}

/// One output row of [`downscale_box`]: input rows `oy * f .. (oy + 1) * f` (cut at the
/// bottom) into `out` (`ceil(w / f)` cells). `acc` is scratch of as many cells. Fast paths call
/// this for the bands they do not handle (pixels that are not all opaque).
pub fn downscale_band(view: &RgbaView, f: usize, oy: usize, acc: &mut [[u64; 3]], out: &mut [[f32; 3]]) {
    let (w, h) = (view.width(), view.height());
    acc.iter_mut().for_each(|a| *a = [0; 3]);
    let y0 = oy * f;
    let y1 = (y0 + f).min(h);
    for y in y0..y1 {
        let row = view.row(y);
        for (ox, cell) in acc.iter_mut().enumerate() {
            let x0 = ox * f;
            let x1 = (x0 + f).min(w);
            // u32 holds a row's part of a cell: f * 255 * 255 < 2^32 for f <= 66_000.
            let (mut r, mut g, mut b) = (0u32, 0u32, 0u32);
            for px in row[x0 * 4..x1 * 4].chunks_exact(4) {
                let a = px[3] as u32;
                r += px[0] as u32 * a;
                g += px[1] as u32 * a;
                b += px[2] as u32 * a;
            }
            cell[0] += r as u64;
            cell[1] += g as u64;
            cell[2] += b as u64;
        }
    }
    for (ox, (cell, o)) in acc.iter().zip(out.iter_mut()).enumerate() {
        let x0 = ox * f;
        let x1 = (x0 + f).min(w);
        let n = ((x1 - x0) * (y1 - y0)) as f32 * 255.0;
        *o = [cell[0] as f32 / n, cell[1] as f32 / n, cell[2] as f32 / n];
    }
}

/// See [`super::sample_bilinear`]. Arithmetic (the fast paths repeat it exactly): corner
/// values `c * a / 255` (as f32), weights `(1 - tx)(1 - ty)`, `tx(1 - ty)`, `(1 - tx)ty`,
/// `tx ty`, summed as `((v00 w00 + v10 w10) + v01 w01) + v11 w11`.
#[inline]
pub fn sample_bilinear(view: &RgbaView, x: f32, y: f32) -> [f32; 3] {
    let fx = x - 0.5;
    let fy = y - 0.5;
    let x0 = fx.floor();
    let y0 = fy.floor();
    let tx = fx - x0;
    let ty = fy - y0;
    let (xi, yi) = (x0 as isize, y0 as isize);
    let p00 = view.pixel_clamped(xi, yi);
    let p10 = view.pixel_clamped(xi + 1, yi);
    let p01 = view.pixel_clamped(xi, yi + 1);
    let p11 = view.pixel_clamped(xi + 1, yi + 1);
    let w00 = (1.0 - tx) * (1.0 - ty);
    let w10 = tx * (1.0 - ty);
    let w01 = (1.0 - tx) * ty;
    let w11 = tx * ty;
    let mut out = [0.0f32; 3];
    for (c, o) in out.iter_mut().enumerate() {
        let v = |p: [u8; 4]| p[c] as f32 * p[3] as f32 / 255.0;
        *o = v(p00) * w00 + v(p10) * w10 + v(p01) * w01 + v(p11) * w11;
    }
    out
}

/// See [`super::sample_bilinear_many`].
pub fn sample_bilinear_many(view: &RgbaView, points: &[[f32; 2]], out: &mut [[f32; 3]]) {
    for (p, o) in points.iter().zip(out.iter_mut()) {
        *o = sample_bilinear(view, p[0], p[1]);
    }
}

/// See [`super::open3`]. Separable: a 3x3 erosion is a 1x3 erosion of a 3x1 one (and so for
/// dilation), with outside = background in both; `tests.rs` checks it against the direct 3x3.
pub fn open3(mask: &[bool], w: usize, h: usize) -> Vec<bool> {
    let mut a = vec![false; w * h];
    let mut b = vec![false; w * h];
    if w == 0 || h == 0 {
        return b;
    }
    // Erode along rows (mask → a), then down columns (a → b).
    for (src, dst) in mask.chunks_exact(w).zip(a.chunks_exact_mut(w)) {
        for x in 1..w.saturating_sub(1) {
            dst[x] = src[x - 1] & src[x] & src[x + 1];
        }
    }
    for y in 1..h.saturating_sub(1) {
        for x in 0..w {
            b[y * w + x] = a[(y - 1) * w + x] & a[y * w + x] & a[(y + 1) * w + x];
        }
    }
    // Dilate along rows (b → a), then down columns (a → b).
    for (src, dst) in b.chunks_exact(w).zip(a.chunks_exact_mut(w)) {
        for x in 0..w {
            let l = x > 0 && src[x - 1];
            let r = x + 1 < w && src[x + 1];
            dst[x] = l | src[x] | r;
        }
    }
    for y in 0..h {
        for x in 0..w {
            let up = y > 0 && a[(y - 1) * w + x];
            let down = y + 1 < h && a[(y + 1) * w + x];
            b[y * w + x] = up | a[y * w + x] | down;
        }
    }
    b
}

/// See [`super::histogram256`].
pub fn histogram256(values: &[f32], scale: f32) -> [u32; 256] {
    let mut hist = [0u32; 256];
    for &v in values {
        hist[(v * scale).clamp(0.0, 255.0) as usize] += 1;
    }
    hist
}

/// See [`super::colour_distance`].
pub fn colour_distance(pixels: &[[f32; 3]], to: [f32; 3]) -> Vec<f32> {
    pixels
        .iter()
        .map(|p| {
            let d = [p[0] - to[0], p[1] - to[1], p[2] - to[2]];
            (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt()
        })
        .collect()
}

/// See [`super::whiteness`].
pub fn whiteness(pixels: &[[f32; 3]]) -> Vec<f32> {
    pixels
        .iter()
        .map(|p| {
            // Comparisons, not f32::min/max (a libm call in wasm): channels are never NaN.
            let lo = if p[1] < p[0] { p[1] } else { p[0] };
            let lo = if p[2] < lo { p[2] } else { lo };
            let hi = if p[1] > p[0] { p[1] } else { p[0] };
            let hi = if p[2] > hi { p[2] } else { hi };
            let v = lo - (hi - lo);
            if v > 0.0 { v } else { 0.0 }
        })
        .collect()
}

/// See [`super::mean_luma`].
pub fn mean_luma(pixels: &[[f32; 3]]) -> f32 {
    if pixels.is_empty() {
        return 0.0;
    }
    let mut s = [0.0f64; 4];
    for (i, &p) in pixels.iter().enumerate() {
        s[i % 4] += super::luma(p) as f64;
    }
    (((s[0] + s[1]) + (s[2] + s[3])) / pixels.len() as f64) as f32
}

/// See [`super::nonzero_indices`].
pub fn nonzero_indices(labels: &[u32]) -> Vec<u32> {
    labels.iter().enumerate().filter(|(_, &l)| l != 0).map(|(i, _)| i as u32).collect()
}
