//! Rendering a [`Scene`] to RGBA8.
//!
//! Conventions: photo pixels as in [`crate::geom`] (origin top-left, y down, pixel centres at
//! +0.5). Each photo pixel is mapped back through the keystone to the table; strips are found by
//! inverse-mapping into strip coordinates (u along from the sample end, v across), never by
//! drawing. Pixels on or within 2.5 px of a strip are supersampled 3×3 (anti-aliased edges, lines
//! and print); the rest take one sample. Order of effects, as in a camera: table → clutter
//! ([`crate::clutter`]) → strips' drop shadows and strips → hard shadows → white balance gains →
//! light ramp and vignette → glare ([`crate::light`]) → (keystone, done by the inverse map) →
//! Gaussian blur (separable, sigma `blur_px`, radius ⌈3σ⌉, edges clamped) → motion blur (the
//! mean of bilinear samples every half pixel along a `motion_px` segment, edges clamped) →
//! Gaussian sensor noise (sigma `noise_sigma`, independent per channel, keyed on (seed, x, y)) →
//! round and clamp to 0..255, alpha 255. A scene without clutter, shadows, glare, vignette or
//! motion renders exactly as it did before those existed.
//!
//! Memory: one f32 row when there is no blur; a full f32 RGB frame (12 bytes a pixel) with blur,
//! two with motion blur. Nothing is allocated per pixel.

use crate::background::BgField;
use crate::clutter::ClutterField;
use crate::geom::{dir, dot, Frame};
use crate::light::{LightField, GLARE_WHITE};
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
    clutter: ClutterField,
    extra: LightField,
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
            if !self.clutter.is_empty() {
                self.clutter.apply(q, &mut col);
            }
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
            let mut light = if self.light_gain != 0.0 {
                let r = ((dot(q, self.light_d) - self.light_mid) * self.light_inv_extent)
                    .clamp(-0.5, 0.5);
                1.0 + self.light_gain * r
            } else {
                1.0
            };
            let o = &mut row[x * 3..x * 3 + 3];
            if self.extra.is_empty() {
                o[0] = col[0] * self.wb[0] * light;
                o[1] = col[1] * self.wb[1] * light;
                o[2] = col[2] * self.wb[2] * light;
            } else {
                if self.extra.has_shadows() {
                    let k = self.extra.shade(q);
                    if k > 0.0 {
                        let f = LightField::shade_factors(k);
                        for c in 0..3 {
                            col[c] *= f[c];
                        }
                    }
                }
                light *= self.extra.vignette([px, py]);
                for c in 0..3 {
                    o[c] = col[c] * self.wb[c] * light;
                }
                if self.extra.has_glare() {
                    let g = self.extra.glare(q);
                    if g > 0.0 {
                        for v in o.iter_mut() {
                            *v += g * (GLARE_WHITE - *v);
                        }
                    }
                }
            }
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
        clutter: ClutterField::new(&scene.clutter, w, h, scene.seed),
        extra: LightField::new(scene),
    };
    let sigma = if scene.noise_sigma.is_finite() {
        scene.noise_sigma.max(0.0)
    } else {
        0.0
    };
    let noise_seed = mix64(scene.seed ^ 0x6E6F_6973_6500_0000);
    let mut active = Vec::with_capacity(strips.len());
    let motion = scene.motion_px.is_finite() && scene.motion_px >= 0.5;

    if motion {
        let mut buf = vec![0.0f32; w * h * 3];
        for (y, row) in buf.chunks_exact_mut(w * 3).enumerate() {
            ctx.shade_row(y, row, &mut active);
        }
        if scene.blur_px.is_finite() && scene.blur_px > 0.05 {
            gaussian_blur(&mut buf, w, h, scene.blur_px);
        }
        let smeared = motion_blur(&buf, w, h, scene.motion_px, scene.motion_angle_deg);
        for (y, out) in rgba.chunks_exact_mut(w * 4).enumerate() {
            finish_row(&smeared[y * w * 3..(y + 1) * w * 3], y, out, sigma, noise_seed);
        }
    } else if scene.blur_px.is_finite() && scene.blur_px > 0.05 {
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

/// Separable Gaussian blur of an RGB f32 frame in place (same arithmetic as [`render`]'s own
/// blur pass).
fn gaussian_blur(buf: &mut [f32], w: usize, h: usize, sigma: f32) {
    let k = gaussian_kernel(sigma);
    let r = k.len() / 2;
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
    let src = buf.to_vec();
    for y in 0..h {
        let out = &mut buf[y * w * 3..(y + 1) * w * 3];
        out.iter_mut().for_each(|v| *v = 0.0);
        for (j, &kw) in k.iter().enumerate() {
            let sy = (y + j).saturating_sub(r).min(h - 1);
            for (a, s) in out.iter_mut().zip(&src[sy * w * 3..(sy + 1) * w * 3]) {
                *a += kw * s;
            }
        }
    }
}

/// Camera-shake blur: each pixel becomes the mean of bilinear samples every half pixel along a
/// segment of `length` px centred on it, in direction `angle_deg` (edges clamped).
fn motion_blur(buf: &[f32], w: usize, h: usize, length: f32, angle_deg: f32) -> Vec<f32> {
    let d = dir(angle_deg);
    let n = ((2.0 * length).ceil() as usize).max(1) + 1;
    let offsets: Vec<[f32; 2]> = (0..n)
        .map(|i| {
            let t = (i as f32 / (n - 1) as f32 - 0.5) * length;
            [t * d[0], t * d[1]]
        })
        .collect();
    let inv = 1.0 / n as f32;
    let at = |x: isize, y: isize| -> usize {
        let x = x.clamp(0, w as isize - 1) as usize;
        let y = y.clamp(0, h as isize - 1) as usize;
        (y * w + x) * 3
    };
    let mut out = vec![0.0f32; w * h * 3];
    for y in 0..h {
        for x in 0..w {
            let mut acc = [0.0f32; 3];
            for o in &offsets {
                let fx = x as f32 + o[0];
                let fy = y as f32 + o[1];
                let (x0, y0) = (fx.floor(), fy.floor());
                let (tx, ty) = (fx - x0, fy - y0);
                let (xi, yi) = (x0 as isize, y0 as isize);
                let (i00, i10, i01, i11) = (at(xi, yi), at(xi + 1, yi), at(xi, yi + 1), at(xi + 1, yi + 1));
                for c in 0..3 {
                    let top = buf[i00 + c] + (buf[i10 + c] - buf[i00 + c]) * tx;
                    let bot = buf[i01 + c] + (buf[i11 + c] - buf[i01 + c]) * tx;
                    acc[c] += top + (bot - top) * ty;
                }
            }
            let o = &mut out[(y * w + x) * 3..(y * w + x) * 3 + 3];
            o[0] = acc[0] * inv;
            o[1] = acc[1] * inv;
            o[2] = acc[2] * inv;
        }
    }
    out
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
        window_corners: [
            p(g.ws, g.wv[0]),
            p(g.ws, g.wv[1]),
            p(g.we, g.wv[1]),
            p(g.we, g.wv[0]),
        ],
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
