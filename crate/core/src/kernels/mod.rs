//! Image and profile kernels. Rule: these are the simple, obviously-correct scalar references;
//! any faster path added later must match them (integers bit-exact, floats within a stated
//! tolerance). Pixels are composited over black by their alpha (a transparent background reads
//! as dark), and colour values stay in 0..255 sRGB units (no linearisation: contrast ratios of
//! faint lines are nearly the same either way and the photo's tone curve is unknown).

use crate::view::RgbaView;

/// A small RGB image in f32 (0..255), row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct RgbF {
    pub width: usize,
    pub height: usize,
    pub data: Vec<[f32; 3]>,
}

impl RgbF {
    #[inline]
    pub fn at(&self, x: usize, y: usize) -> [f32; 3] {
        self.data[y * self.width + x]
    }
}

/// The integer factor that brings the longer side to at most `max_side`.
pub fn reduction_factor(width: usize, height: usize, max_side: usize) -> usize {
    let side = width.max(height);
    side.div_ceil(max_side.max(1)).max(1)
}

/// Box-average downscale by an integer `factor` (alpha-weighted, i.e. composited over black).
/// Output size is ceil(w / factor) x ceil(h / factor); edge cells average the pixels they cover.
/// Arithmetic: u32 sums of `c * a` per cell, divided by `255 * count` in f32 at the end.
pub fn downscale_box(view: &RgbaView, factor: usize) -> RgbF {
    let f = factor.max(1);
    let (w, h) = (view.width(), view.height());
    let (ow, oh) = (w.div_ceil(f), h.div_ceil(f));
    let mut out = Vec::with_capacity(ow * oh);
    let mut acc = vec![[0u64; 3]; ow];
    for oy in 0..oh {
        acc.iter_mut().for_each(|a| *a = [0; 3]);
        let y0 = oy * f;
        let y1 = (y0 + f).min(h);
        for y in y0..y1 {
            let row = view.row(y);
            for (ox, cell) in acc.iter_mut().enumerate() {
                let x0 = ox * f;
                let x1 = (x0 + f).min(w);
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
        for (ox, cell) in acc.iter().enumerate() {
            let x0 = ox * f;
            let x1 = (x0 + f).min(w);
            let n = ((x1 - x0) * (y1 - y0)) as f32 * 255.0;
            out.push([cell[0] as f32 / n, cell[1] as f32 / n, cell[2] as f32 / n]);
        }
    }
    RgbF { width: ow, height: oh, data: out }
}

/// Bilinear sample of the photo at (x, y) in pixel coordinates (pixel centres at +0.5), clamped
/// at the borders, composited over black. Returns RGB 0..255.
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

/// Luma (Rec. 601 weights) of an sRGB triple, 0..255.
#[inline]
pub fn luma(p: [f32; 3]) -> f32 {
    0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]
}

/// Running maximum over a window of `2r + 1` samples (the window is cut at the ends).
pub fn max_filter(x: &[f32], r: usize) -> Vec<f32> {
    running(x, r, f32::max)
}

/// Running minimum over a window of `2r + 1` samples (the window is cut at the ends).
pub fn min_filter(x: &[f32], r: usize) -> Vec<f32> {
    running(x, r, f32::min)
}

fn running(x: &[f32], r: usize, pick: fn(f32, f32) -> f32) -> Vec<f32> {
    // O(n r): profiles are at most a few thousand samples and r a few dozen.
    (0..x.len())
        .map(|i| {
            let lo = i.saturating_sub(r);
            let hi = (i + r + 1).min(x.len());
            x[lo..hi].iter().copied().fold(x[i], pick)
        })
        .collect()
}

/// Morphological closing (max then min): removes dips narrower than `2r + 1`, keeps steps.
pub fn closing(x: &[f32], r: usize) -> Vec<f32> {
    min_filter(&max_filter(x, r), r)
}

/// Centred moving average over `2r + 1` samples (the window is cut at the ends).
pub fn box_smooth(x: &[f32], r: usize) -> Vec<f32> {
    if r == 0 || x.is_empty() {
        return x.to_vec();
    }
    let mut prefix = Vec::with_capacity(x.len() + 1);
    prefix.push(0.0f64);
    let mut s = 0.0f64;
    for &v in x {
        s += v as f64;
        prefix.push(s);
    }
    (0..x.len())
        .map(|i| {
            let lo = i.saturating_sub(r);
            let hi = (i + r + 1).min(x.len());
            ((prefix[hi] - prefix[lo]) / (hi - lo) as f64) as f32
        })
        .collect()
}

/// The median of a slice (NaN-free input); 0 for an empty slice.
pub fn median(values: &[f32]) -> f32 {
    if values.is_empty() {
        return 0.0;
    }
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

/// Mean of the middle part of `values` after dropping `trim` (0..0.5) of each end.
pub fn trimmed_mean(values: &mut [f32], trim: f32) -> f32 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let k = ((values.len() as f32) * trim.clamp(0.0, 0.49)) as usize;
    let mid = &values[k..values.len() - k];
    mid.iter().sum::<f32>() / mid.len() as f32
}

/// Otsu's threshold for values in 0..=max (256 bins): the cut maximising between-class variance.
pub fn otsu(values: &[f32], max: f32) -> f32 {
    let mut hist = [0u32; 256];
    let scale = 255.0 / max.max(1e-6);
    for &v in values {
        hist[((v * scale).clamp(0.0, 255.0)) as usize] += 1;
    }
    let total = values.len() as f64;
    let sum_all: f64 = hist.iter().enumerate().map(|(i, &c)| i as f64 * c as f64).sum();
    let (mut w0, mut sum0, mut best, mut best_t) = (0.0f64, 0.0f64, -1.0f64, 0usize);
    for (t, &c) in hist.iter().enumerate() {
        w0 += c as f64;
        sum0 += t as f64 * c as f64;
        let w1 = total - w0;
        if w0 == 0.0 || w1 == 0.0 {
            continue;
        }
        let m0 = sum0 / w0;
        let m1 = (sum_all - sum0) / w1;
        let between = w0 * w1 * (m0 - m1) * (m0 - m1);
        if between > best {
            best = between;
            best_t = t;
        }
    }
    (best_t as f32 + 0.5) / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rgba(w: usize, h: usize, f: impl Fn(usize, usize) -> [u8; 4]) -> Vec<u8> {
        let mut v = Vec::with_capacity(w * h * 4);
        for y in 0..h {
            for x in 0..w {
                v.extend_from_slice(&f(x, y));
            }
        }
        v
    }

    #[test]
    fn downscale_averages_cells_including_ragged_edges() {
        for (w, h, f) in [(1, 1, 1), (5, 3, 2), (17, 15, 4), (15, 17, 16)] {
            let buf = rgba(w, h, |x, y| [(x * 13 % 256) as u8, (y * 7 % 256) as u8, 200, 255]);
            let view = RgbaView::new(&buf, w, h).unwrap();
            let out = downscale_box(&view, f);
            assert_eq!((out.width, out.height), (w.div_ceil(f), h.div_ceil(f)));
            // Reference: a direct mean per cell.
            for oy in 0..out.height {
                for ox in 0..out.width {
                    let (mut s, mut sg, mut n) = (0.0f64, 0.0f64, 0.0f64);
                    for y in oy * f..((oy + 1) * f).min(h) {
                        for x in ox * f..((ox + 1) * f).min(w) {
                            s += (x * 13 % 256) as f64;
                            sg += (y * 7 % 256) as f64;
                            n += 1.0;
                        }
                    }
                    assert!((out.at(ox, oy)[0] as f64 - s / n).abs() < 1e-3);
                    assert!((out.at(ox, oy)[1] as f64 - sg / n).abs() < 1e-3);
                    assert!((out.at(ox, oy)[2] - 200.0).abs() < 1e-3);
                }
            }
        }
    }

    #[test]
    fn transparent_pixels_read_as_black() {
        let buf = rgba(2, 1, |x, _| [255, 255, 255, if x == 0 { 0 } else { 255 }]);
        let view = RgbaView::new(&buf, 2, 1).unwrap();
        assert_eq!(downscale_box(&view, 2).at(0, 0), [127.5, 127.5, 127.5]);
        assert_eq!(sample_bilinear(&view, 0.5, 0.5), [0.0, 0.0, 0.0]);
        assert_eq!(sample_bilinear(&view, 1.0, 0.5), [127.5, 127.5, 127.5]);
    }

    #[test]
    fn closing_fills_narrow_dips_and_keeps_steps() {
        let mut x = vec![10.0f32; 40];
        x[10] = 5.0; // a narrow dip
        for v in x.iter_mut().skip(25) {
            *v = 20.0; // a step
        }
        let c = closing(&x, 2);
        assert_eq!(c[10], 10.0);
        assert_eq!(&c[20..30], &x[20..30]);
    }

    #[test]
    fn otsu_splits_two_clusters() {
        let mut v = vec![20.0f32; 100];
        v.extend(std::iter::repeat_n(200.0, 50));
        let t = otsu(&v, 255.0);
        assert!(t > 20.0 && t < 200.0, "{t}");
    }

    #[test]
    fn smoothing_and_stats() {
        assert_eq!(box_smooth(&[0.0, 3.0, 0.0], 1), vec![1.5, 1.0, 1.5]);
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(trimmed_mean(&mut [100.0, 1.0, 2.0, 3.0, -50.0], 0.2), 2.0);
        assert_eq!(reduction_factor(4000, 3000, 720), 6);
        assert_eq!(reduction_factor(10, 10, 720), 1);
    }
}
