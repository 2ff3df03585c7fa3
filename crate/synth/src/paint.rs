//! The painted surface of one strip: its layout on the table ([`StripGeom`]) and its colour at a
//! point given in strip coordinates.
//!
//! Conventions:
//! - `u` runs 0..1 along the strip from the **sample end**; `v` runs 0..1 across it (see the
//!   crate docs). Printed marks are laid out in *strip-width units*: `x = u · aspect` (0 at the
//!   sample end, `aspect` at the handle end), `y = v` (0..1 across).
//! - Colours are f32 sRGB values in 0..255, before white balance, light and noise.
//! - Layout from the sample end: sample pad [0, window.start) in a slightly warm off-white with
//!   two small wavy arrows pointing at the sample end and a small "MAX" printed in dark-blue ink
//!   (all within the first ~3.2 strip widths, never across the full width); the membrane window
//!   [window.start, window.end] in bright white with a faint neutral pad-overlap band (4.5 %
//!   darker) just inside each end; the lines; plain body up to `handle.start`; the handle label
//!   in `handle.colour` with the drug name printed lighter in a 5×7 block font.
//! - A line is flat-topped with smoothstep edges a quarter of its width wide (so its
//!   half-maximum width is the model's `line_width`); it spans the full strip width with a ±3 %
//!   grainy strength along it. At its centre green is multiplied by `1 - c`, red by
//!   `1 - 0.25 c`, blue by `1 - 0.55 c`.
//! - Residual stain (`StripSpec::stain`): the same red-purple absorption as a line, spread in
//!   blotches 1.5–3 strip widths long (at least six line widths: never line-shaped) and stronger
//!   on the sample side of a soft dye front; the conjugate pad just before the window is tinted
//!   too. Stain 0 paints exactly the clean strip.
//! - Print near the window (`StripSpec::print_ink`): a four-character lot code in the 5×7 block
//!   font on the sample pad, ending 0.12–0.6 strip widths before the window.
//! - **Cassettes** (`model.format == Cassette`): a plastic body with rounded corners; the
//!   membrane shows only through a recessed window [`CASSETTE_WINDOW_V`] across and the model's
//!   `window` along; a round sample well on the sample side; "C" and "T" printed beside the
//!   window at the line positions and "S" beside the well. `u`/`v` keep their meaning (u from
//!   the sample-well end).

use crate::geom::{dot, smoothstep, Frame};
use crate::rng::{hash2, mix64, signed_unit};
use crate::StripSpec;
use strip_reader_core::model::{Format, Model};

/// Sample pad (sample end up to the window): slightly warm off-white.
pub const PAD: [f32; 3] = [236.0, 234.0, 223.0];
/// The membrane in the result window: the brightest part of the strip.
pub const MEMBRANE: [f32; 3] = [246.0, 246.0, 242.0];
/// The plain body between the window and the handle.
pub const BODY: [f32; 3] = [238.0, 238.0, 232.0];
/// Printing ink of the sample-end marks (dark blue).
pub const INK: [f32; 3] = [30.0, 36.0, 84.0];
/// Factor applied to all channels in the pad-overlap bands at the window ends.
pub const BAND_FACTOR: f32 = 0.955;
/// Width of each pad-overlap band, as a fraction of the strip length.
pub const BAND_WIDTH: f32 = 0.004;
/// Red and blue contrast of a line relative to its green contrast.
pub const LINE_RED: f32 = 0.25;
pub const LINE_BLUE: f32 = 0.55;
/// A cassette's window across its width: [start, end] of v.
pub const CASSETTE_WINDOW_V: [f32; 2] = [0.34, 0.66];
/// Cassette plastic.
pub const CASSETTE_BODY: [f32; 3] = [226.0, 228.0, 225.0];
/// Cassette print (the C / T / S letters).
pub const CASSETTE_INK: [f32; 3] = [44.0, 46.0, 58.0];
/// The sample pad seen in a cassette's well.
pub const WELL_PAD: [f32; 3] = [212.0, 208.0, 200.0];
/// Corner radius of a cassette, strip-width units.
pub const CASSETTE_CORNER: f32 = 0.16;

/// One strip, laid out on the table (scene px) and ready to paint.
#[derive(Debug, Clone)]
pub struct StripGeom {
    /// Centre on the table, px.
    pub c: [f32; 2],
    /// Unit vector from the sample end to the handle.
    pub d: [f32; 2],
    /// Unit vector across (v grows along it).
    pub n: [f32; 2],
    pub len: f32,
    pub wid: f32,
    aspect: f32,
    /// Window start and end, strip fractions.
    pub ws: f32,
    pub we: f32,
    /// Handle start (strip fraction); > 1 when the model has no handle.
    hs: f32,
    /// Line centres, strip fractions.
    pub t_u: f32,
    pub c_u: f32,
    /// Line half-width at half maximum, and edge width, strip fractions.
    line_hw: f32,
    line_edge: f32,
    /// Per-channel line contrasts at the centre [r, g, b].
    t_k: [f32; 3],
    c_k: [f32; 3],
    handle_rgb: [f32; 3],
    handle_light: [f32; 3],
    /// Handle text: glyph bitmaps, first glyph's left x, advance per glyph, cell size, top y.
    text: Vec<[u8; 7]>,
    text_x0: f32,
    text_cell: f32,
    text_y0: f32,
    /// Scale of the sample-end marks (1 = nominal; smaller when the pad is short).
    mark_scale: f32,
    seed: u64,
    /// Shadow: offset in (along, across) px, softness px, opacity.
    sh_off: [f32; 2],
    sh_soft: f32,
    sh_alpha: f32,
    /// Photo-pixel bounding box [x0, y0, x1, y1) of everything this strip touches, incl. shadow.
    pub bbox: [usize; 4],
    /// Margin (px) around the strip inside which pixels are supersampled.
    pub near_margin: f32,
    /// Drawn as a cassette (see the module docs).
    pub cassette: bool,
    /// The window across the strip: [start, end] of v ([0, 1] for a dipstick).
    pub wv: [f32; 2],
    /// Stain strength (green contrast), blotch length (strip widths) and dye-front position (u).
    stain: f32,
    /// The dye's red and blue contrast per green ([`crate::StripSpec::dye`]).
    dye: [f32; 2],
    stain_scale: f32,
    stain_front: f32,
    /// Print near the window: ink, glyphs, first glyph's x and cell size (strip-width units).
    print_ink: Option<[f32; 3]>,
    print: Vec<[u8; 7]>,
    print_x0: f32,
    print_cell: f32,
}

impl StripGeom {
    /// Lays out `spec` on a `width × height` table for `model`. `seed` varies small details.
    pub fn new(
        model: &Model,
        spec: &StripSpec,
        width: usize,
        height: usize,
        frame: &Frame,
        seed: u64,
    ) -> StripGeom {
        let g = &model.geometry;
        let longer = width.max(height) as f32;
        let len = (spec.length * longer).max(1.0);
        let aspect = g.aspect;
        let wid = (len / aspect).max(0.5);
        let d = crate::geom::dir(spec.angle_deg);
        let n = [-d[1], d[0]];
        let c = [
            spec.centre[0] * width as f32,
            spec.centre[1] * height as f32,
        ];
        let [ws, we] = g.window;
        let wl = we - ws;
        let t_u = ws + (g.test + spec.test_offset) * wl;
        let c_u = ws + (g.control + spec.control_offset) * wl;
        let lw = g.line_width * wl;
        let k = |cst: f32| {
            let cst = cst.clamp(0.0, 1.0);
            [spec.dye[0] * cst, cst, spec.dye[1] * cst]
        };
        let handle_col = spec.handle_colour.or(g.handle.as_ref().map(|h| h.colour));
        let hs = match (&g.handle, handle_col) {
            (Some(h), _) => h.start,
            (None, Some(_)) => (we + 0.04).min(0.95).max(we),
            (None, None) => 2.0,
        };
        let hc = handle_col.unwrap_or([0, 0, 0]);
        let handle_rgb = [hc[0] as f32, hc[1] as f32, hc[2] as f32];
        let handle_light = [0, 1, 2].map(|i| handle_rgb[i] + 0.6 * (250.0 - handle_rgb[i]));

        // Handle text: the drug name, centred in the handle, letters 0.5 strip widths high at most.
        let name: String = model
            .drug
            .to_ascii_uppercase()
            .chars()
            .filter(|ch| ch.is_ascii_alphabetic() || *ch == ' ')
            .collect();
        let text: Vec<[u8; 7]> = name.chars().map(glyph).collect();
        let (hx0, hx1) = (hs * aspect + 0.3, aspect - 0.3);
        let ncols = (text.len() as f32 * 6.0 - 1.0).max(1.0);
        let text_cell = if hx1 > hx0 && !text.is_empty() {
            (0.5 / 7.0f32).min((hx1 - hx0) / ncols)
        } else {
            0.0
        };
        let text_x0 = 0.5 * (hx0 + hx1) - 0.5 * ncols * text_cell;
        let text_y0 = 0.5 - 3.5 * text_cell;
        let mark_scale = (ws * aspect / 4.0).min(1.0);
        let cassette = model.format == Format::Cassette;

        // Stain layout, drawn from the strip's seed.
        let mut srng = crate::rng::Rng::new(mix64(seed ^ 0x57A1_0000_0000_0000));
        let stain = if spec.stain.is_finite() { spec.stain.clamp(0.0, 0.5) } else { 0.0 };
        let stain_scale = srng.range(1.5, 3.0);
        let stain_front = ws + srng.range(0.3, 0.9) * wl;
        // Print: a lot code of four characters ending a little before the window.
        let print_cell = 0.055;
        let gap = srng.range(0.12, 0.6);
        let code: Vec<[u8; 7]> = (0..4)
            .map(|_| glyph(b"0123456789ABCDEFLT"[srng.below(18)] as char))
            .collect();
        let print_x0 = ws * aspect - gap - (code.len() as f32 * 6.0 - 1.0) * print_cell;
        let print_ink = match spec.print_ink {
            Some(c) if !cassette && print_x0 > 3.4 * mark_scale => {
                Some([c[0] as f32, c[1] as f32, c[2] as f32])
            }
            _ => None,
        };

        // Light from the upper left of the table: the shadow falls to the lower right.
        let off = [0.10 * wid, 0.16 * wid];
        let sh_off = [dot(off, d), dot(off, n)];
        let sh_soft = 0.22 * wid + 0.6;
        let sh_alpha = spec.shadow.clamp(0.0, 1.0);

        // Bounding box: the strip grown by the shadow reach, mapped through the keystone.
        let near_margin: f32 = 2.5;
        let reach = near_margin.max(sh_off[0].abs().max(sh_off[1].abs()) + 2.0 * sh_soft + 2.0);
        let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for (a, b) in [(-1.0f32, -1.0f32), (-1.0, 1.0), (1.0, 1.0), (1.0, -1.0)] {
            let s = a * (0.5 * len + reach);
            let t = b * (0.5 * wid + reach);
            let p = frame.to_photo([c[0] + s * d[0] + t * n[0], c[1] + s * d[1] + t * n[1]]);
            x0 = x0.min(p[0]);
            y0 = y0.min(p[1]);
            x1 = x1.max(p[0]);
            y1 = y1.max(p[1]);
        }
        let clampx = |v: f32| (v.max(0.0) as usize).min(width);
        let clampy = |v: f32| (v.max(0.0) as usize).min(height);
        let bbox = [
            clampx(x0.floor()),
            clampy(y0.floor()),
            clampx(x1.ceil() + 1.0),
            clampy(y1.ceil() + 1.0),
        ];

        StripGeom {
            c,
            d,
            n,
            len,
            wid,
            aspect,
            ws,
            we,
            hs,
            t_u,
            c_u,
            line_hw: 0.5 * lw,
            line_edge: 0.25 * lw,
            t_k: k(spec.test_contrast),
            c_k: k(spec.control_contrast),
            handle_rgb,
            handle_light,
            text,
            text_x0,
            text_cell,
            text_y0,
            mark_scale,
            seed,
            sh_off,
            sh_soft,
            sh_alpha,
            bbox,
            near_margin,
            cassette,
            wv: if cassette { CASSETTE_WINDOW_V } else { [0.0, 1.0] },
            stain,
            stain_scale,
            dye: spec.dye,
            stain_front,
            print_ink,
            print: code,
            print_x0,
            print_cell,
        }
    }

    /// Table point (px) at strip coordinates (u, v).
    pub fn scene_point(&self, u: f32, v: f32) -> [f32; 2] {
        let s = (u - 0.5) * self.len;
        let t = (v - 0.5) * self.wid;
        [
            self.c[0] + s * self.d[0] + t * self.n[0],
            self.c[1] + s * self.d[1] + t * self.n[1],
        ]
    }

    /// (along, across) offsets of a table point from the strip centre, px.
    #[inline]
    pub fn local(&self, q: [f32; 2]) -> (f32, f32) {
        let r = [q[0] - self.c[0], q[1] - self.c[1]];
        (dot(r, self.d), dot(r, self.n))
    }

    /// (u, v) of a table point when it lies on the strip.
    #[inline]
    pub fn uv(&self, q: [f32; 2]) -> Option<(f32, f32)> {
        let (s, t) = self.local(q);
        let u = s / self.len + 0.5;
        let v = t / self.wid + 0.5;
        if (0.0..1.0).contains(&u) && (0.0..1.0).contains(&v) {
            if self.cassette {
                // Rounded corners, in strip-width units.
                let r = CASSETTE_CORNER;
                let ax = (u - 0.5).abs() * self.aspect - (0.5 * self.aspect - r);
                let ay = (v - 0.5).abs() - (0.5 - r);
                if ax > 0.0 && ay > 0.0 && ax * ax + ay * ay > r * r {
                    return None;
                }
            }
            Some((u, v))
        } else {
            None
        }
    }

    /// Whether a table point is on or within `near_margin` px of the strip (supersample there).
    #[inline]
    pub fn near(&self, q: [f32; 2]) -> bool {
        let (s, t) = self.local(q);
        s.abs() <= 0.5 * self.len + self.near_margin && t.abs() <= 0.5 * self.wid + self.near_margin
    }

    /// Brightness factor of the table at q due to this strip's drop shadow (1 = unshadowed).
    #[inline]
    pub fn shadow_factor(&self, q: [f32; 2]) -> f32 {
        if self.sh_alpha <= 0.0 {
            return 1.0;
        }
        let (s, t) = self.local(q);
        let (s, t) = (s - self.sh_off[0], t - self.sh_off[1]);
        let k = self.sh_soft;
        let a = smoothstep(-k, k, 0.5 * self.len - s.abs());
        if a <= 0.0 {
            return 1.0;
        }
        let b = smoothstep(-k, k, 0.5 * self.wid - t.abs());
        1.0 - self.sh_alpha * a * b
    }

    /// Strength (0..1) of a line centred at `centre` (strip fraction) at position u.
    #[inline]
    fn line(&self, u: f32, centre: f32) -> f32 {
        let dist = (u - centre).abs();
        1.0 - smoothstep(
            self.line_hw - 0.5 * self.line_edge,
            self.line_hw + 0.5 * self.line_edge,
            dist,
        )
    }

    /// The membrane's colour at (u, v) inside the window: pad-overlap bands, stain, lines.
    fn membrane(&self, u: f32, v: f32) -> [f32; 3] {
        let mut col = MEMBRANE;
        let band = BAND_WIDTH;
        if u < self.ws + band || u > self.we - band {
            for ch in col.iter_mut() {
                *ch *= BAND_FACTOR;
            }
        }
        if self.stain > 0.0 {
            let a = self.stain_amount(u, v);
            for (c, k) in col.iter_mut().zip([self.dye[0], 1.0, self.dye[1]]) {
                *c *= 1.0 - k * a;
            }
        }
        let grain = 1.0 + 0.03 * vnoise1(self.seed, v * 10.0);
        for (centre, k) in [(self.t_u, self.t_k), (self.c_u, self.c_k)] {
            if k[1] <= 0.0 {
                continue;
            }
            let p = self.line(u, centre);
            if p > 0.0 {
                let p = (p * grain).min(1.0 / k[1].max(1e-6));
                for i in 0..3 {
                    col[i] *= 1.0 - k[i] * p;
                }
            }
        }
        col
    }

    /// Green contrast of the residual stain at (u, v) on the membrane.
    #[inline]
    fn stain_amount(&self, u: f32, v: f32) -> f32 {
        let x = u * self.aspect;
        let blot = 0.5 + 0.5 * vnoise2(self.seed ^ 31, x / self.stain_scale, v * 1.2);
        let fw = 0.15 / self.aspect;
        let front = 1.0 - smoothstep(self.stain_front - fw, self.stain_front + fw, u);
        self.stain * (0.35 + 0.65 * blot) * (0.4 + 0.6 * front)
    }

    /// The strip's colour at (u, v), both in 0..1.
    pub fn paint(&self, u: f32, v: f32) -> [f32; 3] {
        if self.cassette {
            return self.paint_cassette(u, v);
        }
        let x = u * self.aspect;
        let mut col;
        if u < self.ws {
            col = PAD;
            let ink = self.sample_marks(x, v);
            if ink > 0.0 {
                for i in 0..3 {
                    col[i] += ink * (INK[i] - col[i]);
                }
            }
            if self.stain > 0.0 {
                // The conjugate pad next to the window keeps some of the dye.
                let d = self.ws * self.aspect - x;
                let a = 1.2 * self.stain * (1.0 - smoothstep(0.6, 1.2, d));
                for (c, k) in col.iter_mut().zip([self.dye[0], 1.0, self.dye[1]]) {
                    *c *= 1.0 - k * a;
                }
            }
            if let Some(ink) = self.print_ink {
                if self.print_mark(x, v) {
                    for i in 0..3 {
                        col[i] += 0.85 * (ink[i] - col[i]);
                    }
                }
            }
        } else if u <= self.we {
            col = self.membrane(u, v);
        } else if u < self.hs {
            col = BODY;
        } else {
            col = self.handle_rgb;
            if self.text_mark(x, v) {
                col = self.handle_light;
            }
        }
        // The cut edges catch a little less light.
        let e = v.min(1.0 - v);
        if e < 0.06 {
            let f = 1.0 - 0.035 * (1.0 - smoothstep(0.0, 0.06, e));
            for ch in col.iter_mut() {
                *ch *= f;
            }
        }
        col
    }

    /// Whether (x, y) (strip-width units) falls on the lot code printed before the window.
    fn print_mark(&self, x: f32, y: f32) -> bool {
        let cell = self.print_cell;
        let y0 = 0.5 - 3.5 * cell;
        if x < self.print_x0 || y < y0 {
            return false;
        }
        let gx = ((x - self.print_x0) / cell) as usize;
        let gy = ((y - y0) / cell) as usize;
        if gy >= 7 {
            return false;
        }
        let (gi, col) = (gx / 6, gx % 6);
        match self.print.get(gi) {
            Some(g) if col < 5 => g[gy] >> (4 - col) & 1 == 1,
            _ => false,
        }
    }

    /// A cassette's colour at (u, v): see the module docs.
    fn paint_cassette(&self, u: f32, v: f32) -> [f32; 3] {
        let a = self.aspect;
        let (x, y) = (u * a, v);
        let [v0, v1] = self.wv;
        // Distances (strip-width units) into the window from each side; negative outside.
        let du = ((u - self.ws) * a).min((self.we - u) * a);
        let dv = (v - v0).min(v1 - v);
        let mut col;
        if du >= 0.0 && dv >= 0.0 {
            col = self.membrane(u, v);
            // The recess: the plastic's inner wall shades the membrane's edge, more on the
            // upper-left walls (light from the upper left).
            let rim = 0.05;
            let d = du.min(dv);
            if d < rim {
                let k = 0.78 + 0.22 * smoothstep(0.0, rim, d);
                col = col.map(|c| c * k);
            }
        } else {
            col = CASSETTE_BODY;
            // Bevel around the window.
            let out = (-du).max(-dv);
            if out < 0.06 {
                let k = 0.84 + 0.16 * smoothstep(0.0, 0.06, out);
                col = col.map(|c| c * k);
            }
            // Sample well.
            let wx = 0.45 * self.ws * a;
            let r = ((x - wx).powi(2) + (y - 0.5).powi(2)).sqrt();
            if r < 0.27 {
                if r < 0.2 {
                    col = WELL_PAD;
                    if self.stain > 0.0 {
                        let s = (2.0 * self.stain).min(0.5);
                        for (c, k) in col.iter_mut().zip([self.dye[0], 1.0, self.dye[1]]) {
                            *c *= 1.0 - k * s;
                        }
                    }
                    col = col.map(|c| c * (0.8 + 0.2 * smoothstep(0.0, 0.2, 0.2 - r)));
                } else {
                    col = col.map(|c| c * (0.66 + 0.34 * smoothstep(0.2, 0.27, r)));
                }
            }
            // Letters beside the window (C, T) and the well (S), 7 cells along u.
            let cell = 0.035;
            let ly0 = v1 + 0.07;
            for (xc, ch) in [(self.c_u * a, 'C'), (self.t_u * a, 'T'), (wx, 'S')] {
                let gy = ((x - (xc - 3.5 * cell)) / cell).floor();
                let gx = ((y - ly0) / cell).floor();
                if (0.0..7.0).contains(&gy) && (0.0..5.0).contains(&gx) {
                    // Read with the cassette upright (sample well at the bottom).
                    let g = glyph(ch);
                    if g[6 - gy as usize] >> (4 - gx as usize) & 1 == 1 {
                        col = CASSETTE_INK;
                    }
                }
            }
        }
        // The moulded outer edge catches less light.
        let e = v.min(1.0 - v).min(u.min(1.0 - u) * a);
        if e < 0.05 {
            let k = 0.86 + 0.14 * smoothstep(0.0, 0.05, e);
            col = col.map(|c| c * k);
        }
        col
    }

    /// Ink coverage (0..1) of the sample-end marks at (x, y) in strip-width units.
    fn sample_marks(&self, x: f32, y: f32) -> f32 {
        let k = self.mark_scale;
        if k <= 0.0 {
            return 0.0;
        }
        let (x, y) = (x / k, 0.5 + (y - 0.5) / k);
        if x > 3.3 {
            return 0.0;
        }
        const HALF: f32 = 0.032; // stroke half-width
                                 // Two wavy arrows along the strip, pointing at the sample end (tip at x = 0.22).
        for y0 in [0.3f32, 0.7] {
            if (y - y0).abs() > 0.2 {
                continue;
            }
            if (0.22..=1.75).contains(&x) {
                let ph = std::f32::consts::TAU / 0.45;
                let wave = y0 + 0.055 * (ph * (x - 0.22)).sin();
                let slope = 0.055 * ph * (ph * (x - 0.22)).cos();
                if (y - wave).abs() / (1.0 + slope * slope).sqrt() < HALF {
                    return 0.9;
                }
            }
            let tip = [0.22, y0];
            for end in [[0.40, y0 - 0.11], [0.40, y0 + 0.11]] {
                if seg_dist([x, y], tip, end) < HALF {
                    return 0.9;
                }
            }
        }
        // "MAX" along the strip, letters 0.42 high.
        let cell = 0.06;
        let x0 = 2.05;
        let y0 = 0.5 - 3.5 * cell;
        if x >= x0 && y >= y0 && y < y0 + 7.0 * cell {
            let gx = ((x - x0) / cell) as usize;
            let gy = ((y - y0) / cell) as usize;
            let (gi, col) = (gx / 6, gx % 6);
            if gi < 3 && col < 5 {
                let g = glyph(['M', 'A', 'X'][gi]);
                if g[gy] >> (4 - col) & 1 == 1 {
                    return 0.85;
                }
            }
        }
        0.0
    }

    /// Whether (x, y) (strip-width units) falls on a letter of the handle text.
    fn text_mark(&self, x: f32, y: f32) -> bool {
        if self.text_cell <= 0.0 || x < self.text_x0 || y < self.text_y0 {
            return false;
        }
        let gx = ((x - self.text_x0) / self.text_cell) as usize;
        let gy = ((y - self.text_y0) / self.text_cell) as usize;
        if gy >= 7 {
            return false;
        }
        let (gi, col) = (gx / 6, gx % 6);
        match self.text.get(gi) {
            Some(g) if col < 5 => g[gy] >> (4 - col) & 1 == 1,
            _ => false,
        }
    }
}

/// Distance from p to the segment a–b.
#[inline]
fn seg_dist(p: [f32; 2], a: [f32; 2], b: [f32; 2]) -> f32 {
    let ab = [b[0] - a[0], b[1] - a[1]];
    let ap = [p[0] - a[0], p[1] - a[1]];
    let t = (dot(ap, ab) / dot(ab, ab)).clamp(0.0, 1.0);
    let dx = ap[0] - t * ab[0];
    let dy = ap[1] - t * ab[1];
    (dx * dx + dy * dy).sqrt()
}

/// Smooth 1-D value noise in [-1, 1], lattice spacing 1.
#[inline]
pub fn vnoise1(seed: u64, x: f32) -> f32 {
    let xi = x.floor();
    let f = x - xi;
    let i = xi as i32;
    let a = signed_unit(mix64(
        seed ^ (i as u32 as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
    ));
    let b = signed_unit(mix64(
        seed ^ ((i + 1) as u32 as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
    ));
    let s = f * f * (3.0 - 2.0 * f);
    a + (b - a) * s
}

/// Smooth 2-D value noise in [-1, 1], lattice spacing 1.
#[inline]
pub fn vnoise2(seed: u64, x: f32, y: f32) -> f32 {
    let (xf, yf) = (x.floor(), y.floor());
    let (fx, fy) = (x - xf, y - yf);
    let (i, j) = (xf as i32, yf as i32);
    let v00 = signed_unit(hash2(seed, i, j));
    let v10 = signed_unit(hash2(seed, i + 1, j));
    let v01 = signed_unit(hash2(seed, i, j + 1));
    let v11 = signed_unit(hash2(seed, i + 1, j + 1));
    let sx = fx * fx * (3.0 - 2.0 * fx);
    let sy = fy * fy * (3.0 - 2.0 * fy);
    let a = v00 + (v10 - v00) * sx;
    let b = v01 + (v11 - v01) * sx;
    a + (b - a) * sy
}

/// 5×7 bitmap of an upper-case letter or a digit (rows top to bottom, bit 4 = leftmost
/// column). Anything else is blank.
pub fn glyph(ch: char) -> [u8; 7] {
    match ch {
        'A' => [
            0b01110, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001,
        ],
        'B' => [
            0b11110, 0b10001, 0b10001, 0b11110, 0b10001, 0b10001, 0b11110,
        ],
        'C' => [
            0b01110, 0b10001, 0b10000, 0b10000, 0b10000, 0b10001, 0b01110,
        ],
        'D' => [
            0b11110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b11110,
        ],
        'E' => [
            0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b11111,
        ],
        'F' => [
            0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b10000,
        ],
        'G' => [
            0b01110, 0b10001, 0b10000, 0b10111, 0b10001, 0b10001, 0b01111,
        ],
        'H' => [
            0b10001, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001,
        ],
        'I' => [
            0b01110, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110,
        ],
        'J' => [
            0b00111, 0b00010, 0b00010, 0b00010, 0b00010, 0b10010, 0b01100,
        ],
        'K' => [
            0b10001, 0b10010, 0b10100, 0b11000, 0b10100, 0b10010, 0b10001,
        ],
        'L' => [
            0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b11111,
        ],
        'M' => [
            0b10001, 0b11011, 0b10101, 0b10101, 0b10001, 0b10001, 0b10001,
        ],
        'N' => [
            0b10001, 0b10001, 0b11001, 0b10101, 0b10011, 0b10001, 0b10001,
        ],
        'O' => [
            0b01110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110,
        ],
        'P' => [
            0b11110, 0b10001, 0b10001, 0b11110, 0b10000, 0b10000, 0b10000,
        ],
        'Q' => [
            0b01110, 0b10001, 0b10001, 0b10001, 0b10101, 0b10010, 0b01101,
        ],
        'R' => [
            0b11110, 0b10001, 0b10001, 0b11110, 0b10100, 0b10010, 0b10001,
        ],
        'S' => [
            0b01111, 0b10000, 0b10000, 0b01110, 0b00001, 0b00001, 0b11110,
        ],
        'T' => [
            0b11111, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100,
        ],
        'U' => [
            0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110,
        ],
        'V' => [
            0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01010, 0b00100,
        ],
        'W' => [
            0b10001, 0b10001, 0b10001, 0b10101, 0b10101, 0b10101, 0b01010,
        ],
        'X' => [
            0b10001, 0b10001, 0b01010, 0b00100, 0b01010, 0b10001, 0b10001,
        ],
        'Y' => [
            0b10001, 0b10001, 0b01010, 0b00100, 0b00100, 0b00100, 0b00100,
        ],
        'Z' => [
            0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b10000, 0b11111,
        ],
        '0' => [
            0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110,
        ],
        '1' => [
            0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110,
        ],
        '2' => [
            0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111,
        ],
        '3' => [
            0b11110, 0b00001, 0b00001, 0b01110, 0b00001, 0b00001, 0b11110,
        ],
        '4' => [
            0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010,
        ],
        '5' => [
            0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110,
        ],
        '6' => [
            0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110,
        ],
        '7' => [
            0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000,
        ],
        '8' => [
            0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110,
        ],
        '9' => [
            0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100,
        ],
        _ => [0; 7],
    }
}
