//! Every path against the scalar reference (and the references against direct definitions),
//! on seeded random input of awkward sizes: empty, one, 15, 17, odd widths, strides that are
//! not a multiple of 4 or of 16. Every kernel here is bit-exact (floats compared as bits).
//! Natively: `cargo test -p strip-reader-core kernels`; in wasm (scalar and simd128 paths):
//! `cargo test -p strip-reader-core --target wasm32-unknown-unknown --no-default-features --lib`.

use super::*;
use crate::view::RgbaView;

/// `#[test]` natively, `#[wasm_bindgen_test]` in wasm32 (run by wasm-bindgen-test-runner).
macro_rules! kernel_test {
    ($(#[$m:meta])* fn $name:ident() $body:block) => {
        $(#[$m])*
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        fn $name() $body
    };
}

/// splitmix64: small, seeded, the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
    fn byte(&mut self) -> u8 {
        self.next() as u8
    }
}

/// The paths other than scalar that this build can run (may be empty).
fn fast_paths() -> Vec<Path> {
    Path::available().iter().copied().filter(|&p| p != Path::Scalar).collect()
}

fn bits3(v: &[[f32; 3]]) -> Vec<[u32; 3]> {
    v.iter().map(|p| [p[0].to_bits(), p[1].to_bits(), p[2].to_bits()]).collect()
}

#[derive(Clone, Copy, Debug)]
enum Alpha {
    Opaque,
    Random,
    /// Opaque but for one pixel in about 200.
    Sparse,
}

/// A `w x h` RGBA buffer with rows `stride` bytes apart (padding bytes random too).
fn photo(rng: &mut Rng, w: usize, h: usize, stride: usize, alpha: Alpha) -> Vec<u8> {
    let mut buf: Vec<u8> = (0..stride * (h - 1) + w * 4).map(|_| rng.byte()).collect();
    for y in 0..h {
        for x in 0..w {
            let a = &mut buf[y * stride + x * 4 + 3];
            *a = match alpha {
                Alpha::Opaque => 255,
                Alpha::Random => *a,
                Alpha::Sparse if rng.below(200) == 0 => rng.byte(),
                Alpha::Sparse => 255,
            };
        }
    }
    buf
}

const SIDES: [usize; 9] = [1, 2, 3, 15, 16, 17, 31, 64, 101];

kernel_test! {
    fn downscale_paths_match_scalar() {
        let mut rng = Rng(1);
        for &w in &SIDES {
            for &h in &[1usize, 3, 17, 40] {
                for pad in [0usize, 3, 4, 17] {
                    let stride = w * 4 + pad;
                    for alpha in [Alpha::Opaque, Alpha::Random, Alpha::Sparse] {
                        let buf = photo(&mut rng, w, h, stride, alpha);
                        let view = RgbaView::with_stride(&buf, w, h, stride).unwrap();
                        for f in [1usize, 2, 3, 4, 5, 6, 7, 8, 12, 16, 17, 129] {
                            let reference = downscale_box_on(Path::Scalar, &view, f);
                            for p in fast_paths() {
                                let got = downscale_box_on(p, &view, f);
                                assert_eq!((got.width, got.height), (reference.width, reference.height));
                                assert_eq!(bits3(&got.data), bits3(&reference.data), "{p:?} {w}x{h} stride {stride} {alpha:?} f {f}");
                            }
                        }
                    }
                }
            }
        }
    }
}

kernel_test! {
    fn downscale_reference_is_the_cell_mean() {
        for (w, h, f) in [(1, 1, 1), (5, 3, 2), (17, 15, 4), (15, 17, 16)] {
            let mut buf = Vec::new();
            for y in 0..h {
                for x in 0..w {
                    buf.extend_from_slice(&[(x * 13 % 256) as u8, (y * 7 % 256) as u8, 200, 255]);
                }
            }
            let view = RgbaView::new(&buf, w, h).unwrap();
            let out = downscale_box_on(Path::Scalar, &view, f);
            assert_eq!((out.width, out.height), (w.div_ceil(f), h.div_ceil(f)));
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
}

kernel_test! {
    fn transparent_pixels_read_as_black_on_every_path() {
        let buf = [255u8, 255, 255, 0, 255, 255, 255, 255];
        let view = RgbaView::new(&buf, 2, 1).unwrap();
        for &p in Path::available() {
            assert_eq!(downscale_box_on(p, &view, 2).at(0, 0), [127.5, 127.5, 127.5]);
            let mut out = [[9.0f32; 3]; 2];
            sample_bilinear_many_on(p, &view, &[[0.5, 0.5], [1.0, 0.5]], &mut out);
            assert_eq!(out, [[0.0, 0.0, 0.0], [127.5, 127.5, 127.5]], "{p:?}");
        }
    }
}

kernel_test! {
    fn sampler_paths_match_scalar() {
        let mut rng = Rng(2);
        for &w in &SIDES {
            for &h in &[1usize, 2, 17, 33] {
                for pad in [0usize, 1, 4, 13] {
                    let stride = w * 4 + pad;
                    for alpha in [Alpha::Opaque, Alpha::Random, Alpha::Sparse] {
                        let buf = photo(&mut rng, w, h, stride, alpha);
                        let view = RgbaView::with_stride(&buf, w, h, stride).unwrap();
                        for count in [0usize, 1, 15, 17, 64] {
                            // Inside, outside, on pixel centres and on pixel edges.
                            let points: Vec<[f32; 2]> = (0..count)
                                .map(|i| match i % 4 {
                                    0 => [rng.below(w as u64) as f32 + 0.5, rng.below(h as u64) as f32 + 0.5],
                                    1 => [rng.below(w as u64 + 1) as f32, rng.below(h as u64 + 1) as f32],
                                    2 => [rng.unit() * (w as f32 + 8.0) - 4.0, rng.unit() * (h as f32 + 8.0) - 4.0],
                                    _ => [rng.unit() * w as f32, rng.unit() * h as f32],
                                })
                                .collect();
                            let mut reference = vec![[0.0f32; 3]; count];
                            scalar::sample_bilinear_many(&view, &points, &mut reference);
                            for (p, r) in points.iter().zip(&reference) {
                                assert_eq!(bits3(&[*r]), bits3(&[sample_bilinear(&view, p[0], p[1])]));
                            }
                            for path in fast_paths() {
                                let mut got = vec![[0.0f32; 3]; count];
                                sample_bilinear_many_on(path, &view, &points, &mut got);
                                assert_eq!(bits3(&got), bits3(&reference), "{path:?} {w}x{h} stride {stride} {alpha:?}");
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The direct definition: a pixel survives erosion when its whole 3x3 neighbourhood is set
/// (outside = unset), and dilation sets it when any of it is.
fn open3_direct(mask: &[bool], w: usize, h: usize) -> Vec<bool> {
    let get = |m: &[bool], x: isize, y: isize| x >= 0 && y >= 0 && (x as usize) < w && (y as usize) < h && m[y as usize * w + x as usize];
    let pass = |m: &[bool], erode: bool| -> Vec<bool> {
        let mut out = vec![false; w * h];
        for y in 0..h as isize {
            for x in 0..w as isize {
                let (mut all, mut any) = (true, false);
                for dy in -1..=1 {
                    for dx in -1..=1 {
                        let v = get(m, x + dx, y + dy);
                        all &= v;
                        any |= v;
                    }
                }
                out[y as usize * w + x as usize] = if erode { all } else { any };
            }
        }
        out
    };
    pass(&pass(mask, true), false)
}

kernel_test! {
    fn open3_paths_match_the_direct_definition() {
        let mut rng = Rng(3);
        let sizes = [(0usize, 0usize), (0, 5), (5, 0), (1, 1), (2, 2), (3, 3), (1, 9), (9, 1), (15, 17), (17, 15), (18, 4), (33, 31), (64, 3), (101, 7)];
        for (w, h) in sizes {
            for density in [0u64, 30, 70, 95, 100] {
                let mask: Vec<bool> = (0..w * h).map(|_| rng.below(100) < density).collect();
                let direct = open3_direct(&mask, w, h);
                for &p in Path::available() {
                    assert_eq!(open3_on(p, &mask, w, h), direct, "{p:?} {w}x{h} density {density}");
                }
            }
        }
    }
}

/// The first labelling (one flood per component in raster order, pixel by pixel): the oracle.
fn label4_direct(mask: &[bool], w: usize, h: usize) -> (Vec<u32>, usize) {
    let mut labels = vec![0u32; w * h];
    let mut count = 0u32;
    for start in 0..w * h {
        if !mask[start] || labels[start] != 0 {
            continue;
        }
        count += 1;
        labels[start] = count;
        let mut stack = vec![start];
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            let near = [(x > 0).then(|| i - 1), (x + 1 < w).then(|| i + 1), (y > 0).then(|| i - w), (y + 1 < h).then(|| i + w)];
            for j in near.into_iter().flatten() {
                if mask[j] && labels[j] == 0 {
                    labels[j] = count;
                    stack.push(j);
                }
            }
        }
    }
    (labels, count as usize)
}

kernel_test! {
    fn label4_matches_the_direct_flood_fill() {
        let mut rng = Rng(10);
        for (w, h) in [(0usize, 0usize), (1, 1), (7, 1), (1, 9), (15, 17), (17, 15), (64, 3), (101, 37)] {
            for density in [0u64, 5, 40, 60, 100] {
                let mask: Vec<bool> = (0..w * h).map(|_| rng.below(100) < density).collect();
                assert_eq!(label4(&mask, w, h), label4_direct(&mask, w, h), "{w}x{h} density {density}");
            }
        }
    }
}

kernel_test! {
    fn nonzero_indices_paths_match_scalar() {
        let mut rng = Rng(11);
        for n in [0usize, 1, 7, 8, 9, 17, 1000] {
            for density in [0u64, 1, 50, 100] {
                let labels: Vec<u32> = (0..n).map(|_| if rng.below(100) < density { 1 + rng.below(5) as u32 } else { 0 }).collect();
                let reference = scalar::nonzero_indices(&labels);
                assert!(reference.iter().all(|&i| labels[i as usize] != 0));
                assert_eq!(reference.len(), labels.iter().filter(|&&l| l != 0).count());
                for p in fast_paths() {
                    assert_eq!(nonzero_indices_on(p, &labels), reference, "{p:?} n {n}");
                }
            }
        }
    }
}

kernel_test! {
    fn histogram_paths_match_scalar() {
        let mut rng = Rng(4);
        for n in [0usize, 1, 3, 4, 15, 17, 1000] {
            let values: Vec<f32> = (0..n)
                .map(|i| match i % 7 {
                    0 => f32::NAN,
                    1 => -rng.unit() * 10.0,
                    2 => 500.0 + rng.unit(),
                    3 => f32::INFINITY,
                    4 => (rng.below(442) as f32) + 0.5,
                    _ => rng.unit() * 442.0,
                })
                .collect();
            for scale in [255.0 / 442.0, 1.0, 255.0 / 1e-6] {
                let reference = scalar::histogram256(&values, scale);
                assert_eq!(reference.iter().sum::<u32>() as usize, n);
                for p in fast_paths() {
                    assert_eq!(histogram256_on(p, &values, scale), reference, "{p:?} n {n}");
                }
            }
        }
    }
}

kernel_test! {
    fn colour_distance_paths_match_scalar() {
        let mut rng = Rng(5);
        for n in [0usize, 1, 3, 4, 5, 15, 17, 333] {
            let pixels: Vec<[f32; 3]> = (0..n).map(|_| [rng.unit() * 255.0, rng.unit() * 255.0, rng.unit() * 255.0]).collect();
            let to = [rng.unit() * 255.0, rng.unit() * 255.0, rng.unit() * 255.0];
            let reference = scalar::colour_distance(&pixels, to);
            for p in fast_paths() {
                let got = colour_distance_on(p, &pixels, to);
                assert_eq!(got.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), reference.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), "{p:?} n {n}");
            }
        }
    }
}

kernel_test! {
    fn whiteness_and_mean_luma_paths_match_scalar() {
        let mut rng = Rng(9);
        for n in [0usize, 1, 3, 4, 5, 15, 17, 1001] {
            // Non-negative channels, some grey (r = g = b), some zero.
            let pixels: Vec<[f32; 3]> = (0..n)
                .map(|i| match i % 5 {
                    0 => [0.0; 3],
                    1 => [rng.unit() * 255.0; 3],
                    _ => [rng.unit() * 255.0, rng.unit() * 255.0, rng.unit() * 255.0],
                })
                .collect();
            let (white, mean) = (scalar::whiteness(&pixels), scalar::mean_luma(&pixels));
            let exact: f64 = pixels.iter().map(|&p| luma(p) as f64).sum::<f64>() / n.max(1) as f64;
            assert!((mean as f64 - exact).abs() <= 1e-4 * exact.max(1.0), "{mean} vs {exact}");
            for p in fast_paths() {
                let got = whiteness_on(p, &pixels);
                assert_eq!(got.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), white.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), "{p:?} n {n}");
                assert_eq!(mean_luma_on(p, &pixels).to_bits(), mean.to_bits(), "{p:?} n {n}");
            }
        }
    }
}

kernel_test! {
    fn border_median_reads_the_ring_only() {
        for (w, h, ring) in [(1usize, 1usize, 1usize), (5, 4, 1), (40, 30, 3), (7, 50, 4)] {
            let data: Vec<[f32; 3]> = (0..w * h).map(|i| [(i % 97) as f32, (i % 13) as f32, (i * 7 % 31) as f32]).collect();
            let img = RgbF { width: w, height: h, data };
            let mut ch: [Vec<f32>; 3] = Default::default();
            for y in 0..h {
                for x in 0..w {
                    if x < ring || y < ring || x + ring >= w || y + ring >= h {
                        for c in 0..3 {
                            ch[c].push(img.at(x, y)[c]);
                        }
                    }
                }
            }
            assert_eq!(border_median(&img, ring), [median(&ch[0]), median(&ch[1]), median(&ch[2])], "{w}x{h} ring {ring}");
        }
    }
}

kernel_test! {
    fn forcing_a_path_is_scoped_and_unknown_paths_fall_back() {
        let best = Path::best();
        assert_eq!(with_path(Path::Scalar, path), Path::Scalar);
        assert_eq!(path(), best);
        // A path this build lacks runs the scalar code.
        let missing = [Path::Sse2, Path::Simd128].into_iter().find(|p| !Path::available().contains(p)).unwrap();
        assert_eq!(with_path(missing, path), Path::Scalar);
    }
}

kernel_test! {
    fn running_filters_match_their_definition() {
        let mut rng = Rng(6);
        let direct = |x: &[f32], r: usize, max: bool| -> Vec<f32> {
            (0..x.len())
                .map(|i| {
                    let w = &x[i.saturating_sub(r)..(i + r + 1).min(x.len())];
                    w.iter().copied().fold(x[i], if max { f32::max } else { f32::min })
                })
                .collect()
        };
        for n in [0usize, 1, 2, 5, 17, 100] {
            let x: Vec<f32> = (0..n).map(|_| rng.unit() * 100.0).collect();
            for r in [0usize, 1, 2, 3, 7, 50, 200] {
                assert_eq!(max_filter(&x, r), direct(&x, r, true), "max n {n} r {r}");
                assert_eq!(min_filter(&x, r), direct(&x, r, false), "min n {n} r {r}");
            }
        }
    }
}

kernel_test! {
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
}

kernel_test! {
    fn median_and_trimmed_mean_match_sorting() {
        let mut rng = Rng(7);
        for n in [1usize, 2, 3, 4, 17, 40, 101] {
            let v: Vec<f32> = (0..n).map(|i| if i % 2 == 0 { (rng.below(20) as f32) * 0.5 } else { rng.unit() * 255.0 }).collect();
            let mut s = v.clone();
            s.sort_by(|a, b| a.total_cmp(b));
            let m = if n % 2 == 1 { s[n / 2] } else { 0.5 * (s[n / 2 - 1] + s[n / 2]) };
            assert_eq!(median(&v).to_bits(), m.to_bits());
            for trim in [0.0f32, 0.1, 0.2, 0.49] {
                let k = ((n as f32) * trim) as usize;
                let mid = &s[k..n - k];
                let t = (mid.iter().map(|&v| v as f64).sum::<f64>() / mid.len() as f64) as f32;
                assert_eq!(trimmed_mean(&mut v.clone(), trim).to_bits(), t.to_bits(), "n {n} trim {trim}");
            }
        }
        assert_eq!(median(&[]), 0.0);
    }
}

kernel_test! {
    fn otsu_splits_two_clusters() {
        let mut v = vec![20.0f32; 100];
        v.extend(std::iter::repeat_n(200.0, 50));
        let t = otsu(&v, 255.0);
        assert!(t > 20.0 && t < 200.0, "{t}");
    }
}

kernel_test! {
    fn smoothing_and_stats() {
        assert_eq!(box_smooth(&[0.0, 3.0, 0.0], 1), vec![1.5, 1.0, 1.5]);
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(trimmed_mean(&mut [100.0, 1.0, 2.0, 3.0, -50.0], 0.2), 2.0);
        assert_eq!(reduction_factor(4000, 3000, 720), 6);
        assert_eq!(reduction_factor(10, 10, 720), 1);
    }
}

/// A light strip with two reddish lines and a blue handle label on a dark noisy table (the
/// same scene as tests/bench/synth.mjs, smaller).
fn strip_photo(w: usize, h: usize) -> Vec<u8> {
    let mut rng = Rng(8);
    let mut buf = vec![0u8; w * h * 4];
    let length = w * 6 / 10;
    let thick = (length / 16).max(8);
    let (x0, y0) = ((w - length) / 2, (h - thick) / 2);
    let win0 = x0 as f32 + length as f32 * 0.4;
    let win_len = length as f32 * 0.28;
    let half = (win_len * 0.025).max(1.0);
    let lines = [win0 + win_len * 0.33, win0 + win_len * 0.67];
    let handle = x0 + length * 72 / 100;
    for y in 0..h {
        for x in 0..w {
            let mut c = [58.0f32, 48.0, 44.0];
            if y >= y0 && y < y0 + thick && x >= x0 && x < x0 + length {
                let inset = thick / 5;
                if x >= handle && x < x0 + length - inset && y >= y0 + inset && y < y0 + thick - inset {
                    c = [38.0, 84.0, 170.0];
                } else {
                    c = [242.0, 240.0, 234.0];
                    for l in lines {
                        let d = (x as f32 - l).abs();
                        if d <= half {
                            let k = 1.0 - d / half * 0.3;
                            c = [c[0] - 40.0 * k, c[1] - 150.0 * k, c[2] - 90.0 * k];
                        }
                    }
                }
            }
            let n = (rng.below(8) as f32) - 3.5;
            let i = (y * w + x) * 4;
            for k in 0..3 {
                buf[i + k] = (c[k] + n).clamp(0.0, 255.0) as u8;
            }
            buf[i + 3] = 255;
        }
    }
    buf
}

kernel_test! {
    fn a_whole_read_is_the_same_on_every_path() {
        let model = crate::builtin_model(None).unwrap();
        for (w, h) in [(1280usize, 720usize), (641, 1001)] {
            let buf = strip_photo(w, h);
            let view = RgbaView::new(&buf, w, h).unwrap();
            let reference = with_path(Path::Scalar, || crate::analyze(&view, &model, &Default::default()).unwrap());
            assert_eq!((reference.result, reference.strips.len()), (crate::Verdict::Negative, 1), "{w}x{h}: the scene reads");
            for p in fast_paths() {
                let got = with_path(p, || crate::analyze(&view, &model, &Default::default()).unwrap());
                assert_eq!(got, reference, "{p:?} {w}x{h}");
            }
        }
    }
}

kernel_test! {
    fn the_shared_sorts_match_the_standard_stable_sort() {
        // Keys with many ties (and both zeros), items tagged with their first place: the shared
        // sorts must give exactly what `sort_by(total_cmp)` gives, ties in their first order.
        let mut rng = Rng(11);
        for n in [0usize, 1, 2, 3, 7, 20, 33, 101] {
            let keys: Vec<f32> = (0..n).map(|i| if i % 5 == 0 { -0.0 } else { (rng.below(6) as f32) - 2.0 }).collect();
            let items: Vec<(f32, usize)> = keys.iter().copied().zip(0..).collect();
            let mut expected = items.clone();
            expected.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut got = items.clone();
            sort_by_key(&mut got, |it| it.0);
            assert_eq!(got, expected, "ascending, n {n}");
            // Descending by negated key, as the callers do, equals a stable descending sort.
            let mut expected = items.clone();
            expected.sort_by(|a, b| b.0.total_cmp(&a.0));
            let mut got = items;
            sort_by_key(&mut got, |it| -it.0);
            assert_eq!(got, expected, "descending, n {n}");
            let mut plain = keys.clone();
            sort_f32(&mut plain);
            let mut std_sorted = keys;
            std_sorted.sort_by(f32::total_cmp);
            assert_eq!(plain.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), std_sorted.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
        }
    }
}
