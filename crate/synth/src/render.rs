//! Rendering a [`Scene`] to RGBA8.
//!
//! Conventions: photo pixels as in [`crate::geom`] (origin top-left, y down, pixel centres at
//! +0.5). Each photo pixel is mapped back through the keystone to the table; strips are found by
//! inverse-mapping into strip coordinates (u along from the sample end, v across), never by
//! drawing. Pixels on or within 2.5 px of a strip are supersampled 3×3 (anti-aliased edges, lines
//! and print); the rest take one sample. Order of effects, as in a camera: table and strips →
//! white balance gains → light ramp → (keystone, done by the inverse map) → Gaussian blur
//! (separable, sigma `blur_px`, radius ⌈3σ⌉, edges clamped) → Gaussian sensor noise (sigma
//! `noise_sigma`, independent per channel, keyed on (seed, x, y)) → round and clamp to 0..255,
//! alpha 255.
//!
//! Memory: one f32 row when there is no blur; a full f32 RGB frame (12 bytes a pixel) with blur.
//! Nothing is allocated per pixel.

use crate::background::BgField;
use crate::geom::{dir, dot, Frame};
use crate::paint::StripGeom;
use crate::rng::{gauss_from_bits, hash2, mix64};
use crate::{Model, Rendered, RenderedStrip, Scene};

/// Subsamples per axis near strips.
pub const SUPERSAMPLE: usize = 3;

struct Ctx<'a> {
    width: usize,
    frame: Frame,
    strips: &'a [StripGeom],
    bg: BgField,
    wb: [f32; 3],
    light_gain: f32,
    light_d: [f32; 2],
    light_mid: f32,
    light_inv_extent: f32,
}

impl Ctx<'_> {
    /// Shades photo row `y` into `row` (RGB f32, before blur and noise).
    fn shade_row(&self, y: usize, row: &mut [f32], active: &mut Vec<usize>) {
        active.clear();
        for (i, s) in self.strips.iter().enumerate() {
            if y >= s.bbox[1] && y < s.bbox[3] && s.bbox[0] < s.bbox[2] {
                active.push(i);
            }
        }
        let py = y as f32 + 0.5;
        let n = SUPERSAMPLE;
        let inv_n2 = 1.0 / (n * n) as f32;
        for x in 0..self.width {
            let px = x as f32 + 0.5;
            let q = self.frame.to_scene([px, py]);
            let mut col = self.bg.colour(q, x, y);
            let mut near = false;
            for &i in active.iter() {
                let s = &self.strips[i];
                if x < s.bbox[0] || x >= s.bbox[2] {
                    continue;
                }
                let f = s.shadow_factor(q);
                for c in col.iter_mut() {
                    *c *= f;
                }
                near |= s.near(q);
            }
            if near {
                let mut acc = [0.0f32; 3];
                for sy in 0..n {
                    let oy = (sy as f32 + 0.5) / n as f32 - 0.5;
                    for sx in 0..n {
                        let ox = (sx as f32 + 0.5) / n as f32 - 0.5;
                        let qs = self.frame.to_scene([px + ox, py + oy]);
                        let mut c = col;
                        for &i in active.iter().rev() {
                            if let Some((u, v)) = self.strips[i].uv(qs) {
                                c = self.strips[i].paint(u, v);
                                break;
                            }
                        }
                        acc[0] += c[0];
                        acc[1] += c[1];
                        acc[2] += c[2];
                    }
                }
                col = [acc[0] * inv_n2, acc[1] * inv_n2, acc[2] * inv_n2];
            }
            let light = if self.light_gain != 0.0 {
                let r = ((dot(q, self.light_d) - self.light_mid) * self.light_inv_extent)
                    .clamp(-0.5, 0.5);
                1.0 + self.light_gain * r
            } else {
                1.0
            };
            let o = &mut row[x * 3..x * 3 + 3];
            o[0] = col[0] * self.wb[0] * light;
            o[1] = col[1] * self.wb[1] * light;
            o[2] = col[2] * self.wb[2] * light;
        }
    }
}

/// Adds sensor noise to a shaded row and writes it as RGBA8.
fn finish_row(row: &[f32], y: usize, out: &mut [u8], sigma: f32, seed: u64) {
    let w = out.len() / 4;
    for x in 0..w {
        let (n0, n1, n2) = if sigma > 0.0 {
            let h = hash2(seed, x as i32, y as i32);
            let h2 = mix64(h ^ 0x5851_F42D_4C95_7F2D);
            (
                gauss_from_bits(h as u32),
                gauss_from_bits((h >> 32) as u32),
                gauss_from_bits(h2 as u32),
            )
        } else {
            (0.0, 0.0, 0.0)
        };
        let o = &mut out[x * 4..x * 4 + 4];
        o[0] = (row[x * 3] + sigma * n0 + 0.5).clamp(0.0, 255.0) as u8;
        o[1] = (row[x * 3 + 1] + sigma * n1 + 0.5).clamp(0.0, 255.0) as u8;
        o[2] = (row[x * 3 + 2] + sigma * n2 + 0.5).clamp(0.0, 255.0) as u8;
        o[3] = 255;
    }
}

/// Normalised Gaussian weights for offsets -r..=r.
fn gaussian_kernel(sigma: f32) -> Vec<f32> {
    let r = (3.0 * sigma).ceil().max(1.0) as i32;
    let mut k: Vec<f32> = (-r..=r)
        .map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp())
        .collect();
    let s: f32 = k.iter().sum();
    k.iter_mut().for_each(|v| *v /= s);
    k
}

/// Renders the scene. See the module docs for the order of effects, and the crate docs for the
/// conventions of the ground truth in [`Rendered::strips`].
pub fn render(model: &Model, scene: &Scene) -> Rendered {
    let (w, h) = (scene.width, scene.height);
    let frame = Frame::new(w, h, scene.tilt);
    let strips: Vec<StripGeom> = scene
        .strips
        .iter()
        .enumerate()
        .map(|(i, s)| StripGeom::new(model, s, w, h, &frame, strip_seed(scene.seed, i)))
        .collect();
    let truth = strips
        .iter()
        .zip(&scene.strips)
        .map(|(g, s)| ground_truth(model, &frame, g, s))
        .collect();
    let mut rgba = vec![0u8; w * h * 4];
    if w == 0 || h == 0 {
        return Rendered {
            width: w,
            height: h,
            rgba,
            strips: truth,
        };
    }

    let light_d = dir(scene.light_angle_deg);
    let extent = (w as f32 * light_d[0]).abs() + (h as f32 * light_d[1]).abs();
    let lg = if scene.light_gradient.is_finite() {
        scene.light_gradient
    } else {
        0.0
    };
    let ctx = Ctx {
        width: w,
        frame,
        strips: &strips,
        bg: BgField::new(&scene.background, w, h, scene.seed),
        wb: scene
            .white_balance
            .map(|g| if g.is_finite() { g.max(0.0) } else { 1.0 }),
        light_gain: lg,
        light_d,
        light_mid: dot([w as f32 * 0.5, h as f32 * 0.5], light_d),
        light_inv_extent: 1.0 / extent.max(1.0),
    };
    let sigma = if scene.noise_sigma.is_finite() {
        scene.noise_sigma.max(0.0)
    } else {
        0.0
    };
    let noise_seed = mix64(scene.seed ^ 0x6E6F_6973_6500_0000);
    let mut active = Vec::with_capacity(strips.len());

    if scene.blur_px.is_finite() && scene.blur_px > 0.05 {
        let mut buf = vec![0.0f32; w * h * 3];
        for (y, row) in buf.chunks_exact_mut(w * 3).enumerate() {
            ctx.shade_row(y, row, &mut active);
        }
        let k = gaussian_kernel(scene.blur_px);
        let r = k.len() / 2;
        // Horizontal pass, in place, via an edge-padded copy of the row.
        let mut pad = vec![0.0f32; (w + 2 * r) * 3];
        for row in buf.chunks_exact_mut(w * 3) {
            for x in 0..w + 2 * r {
                let sx = x.saturating_sub(r).min(w - 1);
                pad[x * 3..x * 3 + 3].copy_from_slice(&row[sx * 3..sx * 3 + 3]);
            }
            for (x, o) in row.chunks_exact_mut(3).enumerate() {
                let mut a = [0.0f32; 3];
                for (j, &kw) in k.iter().enumerate() {
                    let p = &pad[(x + j) * 3..(x + j) * 3 + 3];
                    a[0] += kw * p[0];
                    a[1] += kw * p[1];
                    a[2] += kw * p[2];
                }
                o.copy_from_slice(&a);
            }
        }
        // Vertical pass, straight into the output with noise.
        let mut acc = vec![0.0f32; w * 3];
        for (y, out) in rgba.chunks_exact_mut(w * 4).enumerate() {
            acc.iter_mut().for_each(|v| *v = 0.0);
            for (j, &kw) in k.iter().enumerate() {
                let sy = (y + j).saturating_sub(r).min(h - 1);
                let src = &buf[sy * w * 3..(sy + 1) * w * 3];
                for (a, s) in acc.iter_mut().zip(src) {
                    *a += kw * s;
                }
            }
            finish_row(&acc, y, out, sigma, noise_seed);
        }
    } else {
        let mut row = vec![0.0f32; w * 3];
        for (y, out) in rgba.chunks_exact_mut(w * 4).enumerate() {
            ctx.shade_row(y, &mut row, &mut active);
            finish_row(&row, y, out, sigma, noise_seed);
        }
    }
    Rendered {
        width: w,
        height: h,
        rgba,
        strips: truth,
    }
}

/// The ground truth of a scene (what [`render`] would report in [`Rendered::strips`]) without
/// rendering any pixels.
pub fn layout(model: &Model, scene: &Scene) -> Vec<RenderedStrip> {
    let frame = Frame::new(scene.width, scene.height, scene.tilt);
    scene
        .strips
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let g = StripGeom::new(
                model,
                s,
                scene.width,
                scene.height,
                &frame,
                strip_seed(scene.seed, i),
            );
            ground_truth(model, &frame, &g, s)
        })
        .collect()
}

fn strip_seed(seed: u64, i: usize) -> u64 {
    mix64(seed ^ (i as u64 + 1).wrapping_mul(0xA076_1D64_78BD_642F))
}

fn ground_truth(
    model: &Model,
    frame: &Frame,
    g: &StripGeom,
    s: &crate::StripSpec,
) -> RenderedStrip {
    let p = |u: f32, v: f32| frame.to_photo(g.scene_point(u, v));
    let wl = g.we - g.ws;
    RenderedStrip {
        truth: s.truth,
        test_contrast: s.test_contrast,
        control_contrast: s.control_contrast,
        corners: [p(0.0, 0.0), p(0.0, 1.0), p(1.0, 1.0), p(1.0, 0.0)],
        window_corners: [p(g.ws, 0.0), p(g.ws, 1.0), p(g.we, 1.0), p(g.we, 0.0)],
        test_position_px: p(g.t_u, 0.5),
        control_position_px: p(g.c_u, 0.5),
        angle_deg: s.angle_deg,
        length_px: g.len,
        width_px: g.wid,
        line_width_px: model.geometry.line_width * wl * g.len,
        handle_colour: s
            .handle_colour
            .or(model.geometry.handle.as_ref().map(|h| h.colour)),
    }
}
