//! Image and profile kernels: the steps that touch many pixels or samples.
//!
//! Rules this module keeps:
//! - Every image kernel has a scalar reference in [`scalar`], written to be obviously right; it
//!   is the oracle. Faster paths live one file per instruction set ([`simd128`]: wasm32 built
//!   with `simd128`; [`sse2`]: x86_64, whose baseline has SSE2) and give the **same bits** as
//!   their scalar twin (every kernel here is bit-exact, floats included: the fast paths do the
//!   same IEEE operations in the same order and skip only work whose result is known exactly,
//!   such as `c * 255 / 255` for an opaque pixel). `tests.rs` checks each path against the
//!   reference on seeded random input of awkward sizes.
//! - The path is chosen in one place, [`path`], and each kernel's `*_on` function holds the one
//!   `match` that calls it: the best path the build and CPU have, unless forced scalar for the
//!   whole program ([`set_path`]) or for the calling thread ([`with_path`], used by tests).
//!   In the browser the build without `simd128` (`www/pkg-nosimd`) is the scalar path.
//! - Pixels are composited over black by their alpha (a transparent background reads as dark),
//!   and colour values stay in 0..255 sRGB units (no linearisation: contrast ratios of faint
//!   lines are nearly the same either way and the photo's tone curve is unknown).
//! - Kernels allocate their outputs and at most a row or a band of scratch; never a copy of
//!   the whole photo.

use crate::view::RgbaView;
use std::cell::Cell;
use std::sync::atomic::{AtomicU8, Ordering};

pub mod scalar;
mod series;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub mod simd128;
#[cfg(target_arch = "x86_64")]
pub mod sse2;
#[cfg(test)]
mod tests;

pub use series::{box_smooth, closing, max_filter, median, min_filter, sort_by_key, sort_f32, trimmed_mean};

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

/// An instruction-set path for the image kernels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Path {
    /// The scalar references (`scalar.rs`): every build has them.
    Scalar,
    /// x86_64 SSE2 (`sse2.rs`): every x86_64 CPU has it.
    Sse2,
    /// WebAssembly SIMD (`simd128.rs`): builds with `-C target-feature=+simd128`.
    Simd128,
}

impl Path {
    /// The paths this build can run, scalar first and the best last.
    pub fn available() -> &'static [Path] {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        return &[Path::Scalar, Path::Simd128];
        #[cfg(target_arch = "x86_64")]
        return &[Path::Scalar, Path::Sse2];
        #[allow(unreachable_code)]
        &[Path::Scalar]
    }

    /// The fastest path this build can run.
    pub fn best() -> Path {
        *Path::available().last().unwrap_or(&Path::Scalar)
    }

    pub fn name(self) -> &'static str {
        match self {
            Path::Scalar => "scalar",
            Path::Sse2 => "sse2",
            Path::Simd128 => "simd128",
        }
    }

    fn code(self) -> u8 {
        match self {
            Path::Scalar => 1,
            Path::Sse2 => 2,
            Path::Simd128 => 3,
        }
    }

    fn from_code(code: u8) -> Option<Path> {
        match code {
            1 => Some(Path::Scalar),
            2 => Some(Path::Sse2),
            3 => Some(Path::Simd128),
            _ => None,
        }
    }
}

/// 0: no forced path (the best one).
static FORCED: AtomicU8 = AtomicU8::new(0);

thread_local! {
    static FORCED_HERE: Cell<Option<Path>> = const { Cell::new(None) };
}

/// Forces a path for the whole program (`None`: the best again). A path this build cannot run
/// falls back to scalar. For the app's "scalar only" switch and for benchmarks.
pub fn set_path(path: Option<Path>) {
    FORCED.store(path.map_or(0, Path::code), Ordering::Relaxed);
}

/// Runs `f` with the kernels on `path` in this thread only (tests compare whole reads this way
/// while other tests run in parallel). Restores the previous choice after, even on a panic.
pub fn with_path<R>(path: Path, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Path>);
    impl Drop for Restore {
        fn drop(&mut self) {
            FORCED_HERE.with(|c| c.set(self.0));
        }
    }
    let _restore = Restore(FORCED_HERE.with(|c| c.replace(Some(path))));
    f()
}

/// The path the kernels take now: the thread's forced one, else the program's, else the best.
/// The one place the choice is made.
pub fn path() -> Path {
    let forced = FORCED_HERE.with(|c| c.get()).or_else(|| Path::from_code(FORCED.load(Ordering::Relaxed)));
    match forced {
        Some(p) if Path::available().contains(&p) => p,
        Some(_) => Path::Scalar,
        None => Path::best(),
    }
}

/// The integer factor that brings the longer side to at most `max_side`.
pub fn reduction_factor(width: usize, height: usize, max_side: usize) -> usize {
    let side = width.max(height);
    side.div_ceil(max_side.max(1)).max(1)
}

/// Box-average downscale by an integer `factor` (alpha-weighted, i.e. composited over black) of
/// a whole view (not a [window](RgbaView::window)).
/// Output size is ceil(w / factor) x ceil(h / factor); edge cells average the pixels they cover.
/// Arithmetic: exact integer sums of `c * a` per cell, then `sum as f32 / (count as f32 * 255)`.
pub fn downscale_box(view: &RgbaView, factor: usize) -> RgbF {
    downscale_box_on(path(), view, factor)
}

/// [`downscale_box`] on a given path.
pub fn downscale_box_on(path: Path, view: &RgbaView, factor: usize) -> RgbF {
    let f = factor.max(1);
    let (width, height) = (view.width().div_ceil(f), view.height().div_ceil(f));
    let mut data = vec![[0.0f32; 3]; width * height];
    downscale_box_into_on(path, view, f, &mut data);
    RgbF { width, height, data }
}

/// [`downscale_box`] into `out` (`ceil(w / factor) * ceil(h / factor)` cells), for callers that
/// reduce a photo a band of rows at a time into one image.
pub fn downscale_box_into(view: &RgbaView, factor: usize, out: &mut [[f32; 3]]) {
    downscale_box_into_on(path(), view, factor, out)
}

/// [`downscale_box_into`] on a given path.
pub fn downscale_box_into_on(path: Path, view: &RgbaView, factor: usize, out: &mut [[f32; 3]]) {
    assert!(is_whole(view), "downscale_box: a window of a photo cannot be reduced");
    let f = factor.max(1);
    assert_eq!(out.len(), view.width().div_ceil(f) * view.height().div_ceil(f), "downscale_box_into: out is not the reduced size");
    match path {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        Path::Simd128 => simd128::downscale_box(view, f, out),
        // SAFETY: SSE2 is part of the x86_64 baseline.
        #[cfg(target_arch = "x86_64")]
        Path::Sse2 => unsafe { sse2::downscale_box(view, f, out) },
        _ => scalar::downscale_box(view, f, out),
    }
}

/// 4-connected components of a `w x h` mask: labels `1..=count` numbered in raster order of
/// each component's first pixel, 0 for background. One path (scalar): it skips empty runs of
/// the mask eight pixels at a time and floods each component with an explicit stack.
pub fn label4(mask: &[bool], w: usize, h: usize) -> (Vec<u32>, usize) {
    assert_eq!(mask.len(), w * h, "label4: mask is not w x h");
    let bytes = mask_bytes(mask);
    let mut labels = vec![0u32; w * h];
    let mut count = 0u32;
    let mut stack = Vec::new();
    let mut start = 0;
    while start < w * h {
        // Eight background pixels at a time.
        if start + 8 <= w * h && u64::from_ne_bytes(bytes[start..start + 8].try_into().expect("8 bytes")) == 0 {
            start += 8;
            continue;
        }
        if !mask[start] || labels[start] != 0 {
            start += 1;
            continue;
        }
        count += 1;
        labels[start] = count;
        stack.push(start);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            let mut visit = |j: usize| {
                if mask[j] && labels[j] == 0 {
                    labels[j] = count;
                    stack.push(j);
                }
            };
            if x > 0 {
                visit(i - 1);
            }
            if x + 1 < w {
                visit(i + 1);
            }
            if y > 0 {
                visit(i - w);
            }
            if y + 1 < h {
                visit(i + w);
            }
        }
        start += 1;
    }
    (labels, count as usize)
}

/// Bilinear sample of the photo at (x, y) in pixel coordinates (pixel centres at +0.5), clamped
/// at the borders, composited over black. Returns RGB 0..255. The scalar reference; for many
/// points use [`sample_bilinear_many`].
#[inline]
pub fn sample_bilinear(view: &RgbaView, x: f32, y: f32) -> [f32; 3] {
    scalar::sample_bilinear(view, x, y)
}

/// [`sample_bilinear`] at each of `points` (x, y) into `out` (the shorter of the two sets the count).
pub fn sample_bilinear_many(view: &RgbaView, points: &[[f32; 2]], out: &mut [[f32; 3]]) {
    sample_bilinear_many_on(path(), view, points, out)
}

/// [`sample_bilinear_many`] on a given path.
pub fn sample_bilinear_many_on(path: Path, view: &RgbaView, points: &[[f32; 2]], out: &mut [[f32; 3]]) {
    match path {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        Path::Simd128 => simd128::sample_bilinear_many(view, points, out),
        #[cfg(target_arch = "x86_64")]
        // SAFETY: SSE2 is part of the x86_64 baseline.
        Path::Sse2 => unsafe { sse2::sample_bilinear_many(view, points, out) },
        _ => scalar::sample_bilinear_many(view, points, out),
    }
}

/// 3x3 opening (erode, then dilate) of a binary mask of `w x h` (row-major); outside the image
/// counts as background, so a pixel on the border never survives the erosion.
pub fn open3(mask: &[bool], w: usize, h: usize) -> Vec<bool> {
    open3_on(path(), mask, w, h)
}

/// [`open3`] on a given path.
pub fn open3_on(path: Path, mask: &[bool], w: usize, h: usize) -> Vec<bool> {
    assert_eq!(mask.len(), w * h, "open3: mask is not w x h");
    match path {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        Path::Simd128 => simd128::open3(mask, w, h),
        #[cfg(target_arch = "x86_64")]
        // SAFETY: SSE2 is part of the x86_64 baseline.
        Path::Sse2 => unsafe { sse2::open3(mask, w, h) },
        _ => scalar::open3(mask, w, h),
    }
}

/// 256-bin histogram of `values`: bin `(v * scale).clamp(0, 255)` truncated (NaN in bin 0).
pub fn histogram256(values: &[f32], scale: f32) -> [u32; 256] {
    histogram256_on(path(), values, scale)
}

/// [`histogram256`] on a given path.
pub fn histogram256_on(path: Path, values: &[f32], scale: f32) -> [u32; 256] {
    match path {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        Path::Simd128 => simd128::histogram256(values, scale),
        #[cfg(target_arch = "x86_64")]
        // SAFETY: SSE2 is part of the x86_64 baseline.
        Path::Sse2 => unsafe { sse2::histogram256(values, scale) },
        _ => scalar::histogram256(values, scale),
    }
}

/// Euclidean distance of each RGB pixel from `to`: `sqrt(dr² + dg² + db²)`, summed in that order.
pub fn colour_distance(pixels: &[[f32; 3]], to: [f32; 3]) -> Vec<f32> {
    colour_distance_on(path(), pixels, to)
}

/// [`colour_distance`] on a given path.
pub fn colour_distance_on(path: Path, pixels: &[[f32; 3]], to: [f32; 3]) -> Vec<f32> {
    match path {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        Path::Simd128 => simd128::colour_distance(pixels, to),
        #[cfg(target_arch = "x86_64")]
        // SAFETY: SSE2 is part of the x86_64 baseline.
        Path::Sse2 => unsafe { sse2::colour_distance(pixels, to) },
        _ => scalar::colour_distance(pixels, to),
    }
}

/// How colourless and bright each pixel is: `max(lo - (hi - lo), 0)` with `lo`, `hi` the
/// smallest and largest channel (a white strip scores high, a coloured or dark table low).
/// Channels are non-negative (as [`downscale_box`] gives them).
pub fn whiteness(pixels: &[[f32; 3]]) -> Vec<f32> {
    whiteness_on(path(), pixels)
}

/// [`whiteness`] on a given path.
pub fn whiteness_on(path: Path, pixels: &[[f32; 3]]) -> Vec<f32> {
    match path {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        Path::Simd128 => simd128::whiteness(pixels),
        // SAFETY: SSE2 is part of the x86_64 baseline.
        #[cfg(target_arch = "x86_64")]
        Path::Sse2 => unsafe { sse2::whiteness(pixels) },
        _ => scalar::whiteness(pixels),
    }
}

/// Mean [`luma`] of the pixels (0 for none). Arithmetic: each luma in f32, summed in f64 in
/// four running sums (pixel `i` into sum `i % 4`), `((s0 + s1) + (s2 + s3)) / n`, rounded to
/// f32; the same bits on every path (a plain f32 running sum differs by up to ~1e-4 relative).
pub fn mean_luma(pixels: &[[f32; 3]]) -> f32 {
    mean_luma_on(path(), pixels)
}

/// [`mean_luma`] on a given path.
pub fn mean_luma_on(path: Path, pixels: &[[f32; 3]]) -> f32 {
    match path {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        Path::Simd128 => simd128::mean_luma(pixels),
        // SAFETY: SSE2 is part of the x86_64 baseline.
        #[cfg(target_arch = "x86_64")]
        Path::Sse2 => unsafe { sse2::mean_luma(pixels) },
        _ => scalar::mean_luma(pixels),
    }
}

/// Per channel, the median of the pixels of `img` within `ring` pixels of its border (the
/// table's colour around a strip). One path: it touches only the ring.
pub fn border_median(img: &RgbF, ring: usize) -> [f32; 3] {
    let (w, h) = (img.width, img.height);
    let ring = ring.max(1);
    let mut ch: [Vec<f32>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    let mut take = |px: &[[f32; 3]]| {
        for p in px {
            for c in 0..3 {
                ch[c].push(p[c]);
            }
        }
    };
    for y in 0..h {
        let row = &img.data[y * w..(y + 1) * w];
        if y < ring || y + ring >= h || 2 * ring >= w {
            take(row);
        } else {
            take(&row[..ring]);
            take(&row[w - ring..]);
        }
    }
    [median(&ch[0]), median(&ch[1]), median(&ch[2])]
}

/// The indices of the non-zero entries of `labels`, ascending (a labelled mask is mostly
/// background: a pass over this list replaces a pass over every pixel).
pub fn nonzero_indices(labels: &[u32]) -> Vec<u32> {
    nonzero_indices_on(path(), labels)
}

/// [`nonzero_indices`] on a given path.
pub fn nonzero_indices_on(path: Path, labels: &[u32]) -> Vec<u32> {
    match path {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        Path::Simd128 => simd128::nonzero_indices(labels),
        // SAFETY: SSE2 is part of the x86_64 baseline.
        #[cfg(target_arch = "x86_64")]
        Path::Sse2 => unsafe { sse2::nonzero_indices(labels) },
        _ => scalar::nonzero_indices(labels),
    }
}

/// Luma (Rec. 601 weights) of an sRGB triple, 0..255.
#[inline]
pub fn luma(p: [f32; 3]) -> f32 {
    0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]
}

/// Otsu's threshold for values in 0..=max (256 bins): the cut maximising between-class variance.
pub fn otsu(values: &[f32], max: f32) -> f32 {
    let scale = 255.0 / max.max(1e-6);
    let hist = histogram256(values, scale);
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

/// The part of the photo `view` holds, `[x0, y0, w, h]`: the samplers clamp to it.
#[inline]
fn held(view: &RgbaView) -> [usize; 4] {
    let (first, rows) = view.held_rows();
    [0, first, view.width(), rows]
}

/// `view` holds the whole photo (the reductions need every row whole).
#[inline]
fn is_whole(view: &RgbaView) -> bool {
    held(view) == [0, 0, view.width(), view.height()]
}

/// A bool mask as its bytes (each 0 or 1), for the kernels that work on bytes.
fn mask_bytes(mask: &[bool]) -> &[u8] {
    // SAFETY: bool is one byte holding 0 or 1, so every bool is a valid u8.
    unsafe { std::slice::from_raw_parts(mask.as_ptr() as *const u8, mask.len()) }
}

/// A bool mask as bytes to write.
///
/// # Safety
/// The caller writes only 0 or 1 into it (the only bytes that are valid bools).
#[cfg(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128")))]
unsafe fn mask_bytes_mut(mask: &mut [bool]) -> &mut [u8] {
    std::slice::from_raw_parts_mut(mask.as_mut_ptr() as *mut u8, mask.len())
}

/// The unit vector at half the angle of the vector `(x, y)` (which need not be a unit vector),
/// in (-90°, 90°]: `[cos t, sin t]` for `t = atan2(y, x) / 2`, by the half-angle formulas (no
/// trigonometry: in wasm `sin`, `cos` and `atan2` are library code the size of a kernel).
/// `[1, 0]` for the zero vector.
pub fn half_turn(x: f64, y: f64) -> [f64; 2] {
    let r = (x * x + y * y).sqrt();
    if r <= 0.0 || r.is_nan() {
        return [1.0, 0.0];
    }
    let c2 = x / r;
    let root = |v: f64| if v > 0.0 { v.sqrt() } else { 0.0 };
    let (c, s) = (root(0.5 * (1.0 + c2)), root(0.5 * (1.0 - c2)));
    [c, if y < 0.0 { -s } else { s }]
}
