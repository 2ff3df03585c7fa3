//! Objects lying on the table ([`Clutter`]): pens, printed papers, coins, bags, phones.
//!
//! Conventions: evaluated at a *table* (scene) point in px, like [`crate::background`]. Each
//! object is a signed-distance shape (negative inside, in px) in its own frame: `s` along its
//! length, `t` across. Coverage is `clamp(0.5 - d, 0, 1)`, so edges are anti-aliased over one
//! pixel without supersampling. Objects are drawn in order (later on top), each after its own
//! soft drop shadow (light from the upper left, as for strips). Colours are f32 sRGB 0..255
//! before white balance and light; nothing is allocated per pixel.

use crate::geom::{dir, dot, smoothstep};
use crate::paint::glyph;
use crate::rng::{hash2, mix64};
use crate::{Clutter, ClutterPattern, ClutterShape};

/// One object, laid out in table pixels.
#[derive(Debug, Clone)]
struct Obj {
    shape: ClutterShape,
    c: [f32; 2],
    d: [f32; 2],
    n: [f32; 2],
    /// Half length and half width, px.
    hl: f32,
    hw: f32,
    corner: f32,
    colour: [f32; 3],
    pattern: ClutterPattern,
    /// Text cell size, px.
    cell: f32,
    seed: u64,
    sh_off: [f32; 2],
    sh_soft: f32,
    sh_alpha: f32,
    /// Table-pixel bounding box [x0, y0, x1, y1] of the object and its shadow.
    bbox: [f32; 4],
}

/// The clutter of a scene, ready to evaluate.
#[derive(Debug, Clone, Default)]
pub struct ClutterField {
    objs: Vec<Obj>,
}

fn f(c: [u8; 3]) -> [f32; 3] {
    [c[0] as f32, c[1] as f32, c[2] as f32]
}

impl ClutterField {
    /// Lays out `items` on a `width × height` table.
    pub fn new(items: &[Clutter], width: usize, height: usize, seed: u64) -> ClutterField {
        let longer = width.max(height).max(1) as f32;
        let objs = items
            .iter()
            .enumerate()
            .map(|(i, it)| {
                let d = dir(it.angle_deg);
                let n = [-d[1], d[0]];
                let hl = (0.5 * it.size[0] * longer).max(1.0);
                let hw = (0.5 * it.size[1] * longer).max(1.0).min(hl);
                let c = [it.centre[0] * width as f32, it.centre[1] * height as f32];
                let corner = match it.shape {
                    ClutterShape::Rect => (0.08 * hw).min(6.0),
                    _ => 0.0,
                };
                // Thickness stands in for height above the table: flat papers cast almost none.
                let thick = match it.shape {
                    ClutterShape::Capsule => hw,
                    ClutterShape::Ellipse => 0.25 * hw,
                    ClutterShape::Rect => (0.12 * hw).min(0.01 * longer),
                };
                let sh_off = [0.5 * thick, 0.8 * thick];
                let sh_soft = 0.8 * thick + 1.0;
                let reach = sh_off[0].abs().max(sh_off[1].abs()) + 2.0 * sh_soft + 2.0;
                let ext = hl + reach;
                Obj {
                    shape: it.shape,
                    c,
                    d,
                    n,
                    hl,
                    hw,
                    corner,
                    colour: f(it.colour),
                    pattern: it.pattern,
                    cell: (0.0035 * longer).max(1.2),
                    seed: mix64(seed ^ (i as u64 + 1).wrapping_mul(0xC1A7_7E12_0000_0001)),
                    sh_off,
                    sh_soft,
                    sh_alpha: 0.28,
                    bbox: [c[0] - ext, c[1] - ext, c[0] + ext, c[1] + ext],
                }
            })
            .collect();
        ClutterField { objs }
    }

    pub fn is_empty(&self) -> bool {
        self.objs.is_empty()
    }

    /// Draws the clutter over the table colour `col` at table point `q`.
    #[inline]
    pub fn apply(&self, q: [f32; 2], col: &mut [f32; 3]) {
        for o in &self.objs {
            if q[0] < o.bbox[0] || q[0] > o.bbox[2] || q[1] < o.bbox[1] || q[1] > o.bbox[3] {
                continue;
            }
            // Shadow first, then the object over it.
            let sq = [q[0] - o.sh_off[0], q[1] - o.sh_off[1]];
            let ds = o.sdf(sq);
            if ds < o.sh_soft {
                let a = o.sh_alpha * (1.0 - smoothstep(-o.sh_soft, o.sh_soft, ds));
                for c in col.iter_mut() {
                    *c *= 1.0 - a;
                }
            }
            let d = o.sdf(q);
            let cover = (0.5 - d).clamp(0.0, 1.0);
            if cover > 0.0 {
                let own = o.paint(q, d);
                for i in 0..3 {
                    col[i] += cover * (own[i] - col[i]);
                }
            }
        }
    }
}

impl Obj {
    #[inline]
    fn local(&self, q: [f32; 2]) -> (f32, f32) {
        let r = [q[0] - self.c[0], q[1] - self.c[1]];
        (dot(r, self.d), dot(r, self.n))
    }

    /// Signed distance (px) from the outline; negative inside.
    #[inline]
    fn sdf(&self, q: [f32; 2]) -> f32 {
        let (s, t) = self.local(q);
        match self.shape {
            ClutterShape::Rect => {
                let r = self.corner;
                let qx = s.abs() - (self.hl - r);
                let qy = t.abs() - (self.hw - r);
                let ox = qx.max(0.0);
                let oy = qy.max(0.0);
                (ox * ox + oy * oy).sqrt() + qx.max(qy).min(0.0) - r
            }
            ClutterShape::Capsule => {
                let qx = (s.abs() - (self.hl - self.hw)).max(0.0);
                (qx * qx + t * t).sqrt() - self.hw
            }
            ClutterShape::Ellipse => {
                // First-order distance to an ellipse: (k - 1) k / |grad|.
                let (a, b) = (self.hl, self.hw);
                let k0 = ((s / a).powi(2) + (t / b).powi(2)).sqrt();
                let k1 = ((s / (a * a)).powi(2) + (t / (b * b)).powi(2)).sqrt();
                if k1 < 1e-9 {
                    -b
                } else {
                    k0 * (k0 - 1.0) / k1
                }
            }
        }
    }

    /// The object's own colour at q (`d` = its signed distance there).
    #[inline]
    fn paint(&self, q: [f32; 2], d: f32) -> [f32; 3] {
        let (s, t) = self.local(q);
        let mut col = self.colour;
        match self.pattern {
            ClutterPattern::Plain => {}
            ClutterPattern::Stripes { colour } => {
                let period = (0.6 * self.hw).max(4.0);
                let ph = (s + self.hl).rem_euclid(period) / period;
                if ph < 0.35 {
                    col = f(colour);
                }
            }
            ClutterPattern::Text { ink } => {
                if self.text_ink(s, t) {
                    let ink = f(ink);
                    for i in 0..3 {
                        col[i] += 0.85 * (ink[i] - col[i]);
                    }
                }
            }
        }
        // Round objects are shaded like cylinders / discs; flat ones darken at the cut edge.
        let k = match self.shape {
            ClutterShape::Capsule => {
                let x = (t / self.hw).clamp(-1.0, 1.0);
                0.78 + 0.22 * (1.0 - x * x).sqrt() + 0.10 * (-((x + 0.35) * 6.0).powi(2)).exp()
            }
            ClutterShape::Ellipse => 0.82 + 0.18 * smoothstep(0.0, 0.35 * self.hw, -d),
            ClutterShape::Rect => 0.93 + 0.07 * smoothstep(0.0, 2.5, -d),
        };
        col.map(|c| c * k)
    }

    /// Whether (s, t) falls on a letter of the object's printed text: rows of random capitals
    /// and digits, 5×7 cells each, with margins.
    fn text_ink(&self, s: f32, t: f32) -> bool {
        let cell = self.cell;
        let margin = 0.12 * self.hw + 2.0 * cell;
        let (x, y) = (s + self.hl - margin, t + self.hw - margin);
        if x < 0.0 || y < 0.0 || x > 2.0 * (self.hl - margin) || y > 2.0 * (self.hw - margin) {
            return false;
        }
        let (gx, gy) = ((x / cell) as i32, (y / cell) as i32);
        let (ci, col) = (gx / 6, gx % 6);
        let (ri, row) = (gy / 11, gy % 11);
        if col >= 5 || row >= 7 {
            return false;
        }
        let h = hash2(self.seed, ci, ri);
        // Words of 2..9 characters separated by spaces, and ragged line ends.
        let line_len = 20 + (hash2(self.seed ^ 5, 0, ri) % 60) as i32;
        if ci > line_len || h % 7 == 0 {
            return false;
        }
        const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPRSTUVWXYZ0123456789";
        let ch = CHARS[((h >> 8) % CHARS.len() as u64) as usize] as char;
        glyph(ch)[row as usize] >> (4 - col) & 1 == 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(shape: ClutterShape, pattern: ClutterPattern) -> ClutterField {
        ClutterField::new(
            &[Clutter {
                shape,
                centre: [0.5, 0.5],
                size: [0.5, 0.2],
                angle_deg: 0.0,
                colour: [200, 40, 60],
                pattern,
            }],
            400,
            300,
            1,
        )
    }

    #[test]
    fn shapes_cover_inside_and_not_outside() {
        for shape in [ClutterShape::Rect, ClutterShape::Ellipse, ClutterShape::Capsule] {
            let cf = one(shape, ClutterPattern::Plain);
            let mut inside = [10.0f32; 3];
            cf.apply([200.0, 150.0], &mut inside);
            assert!(inside[0] > 150.0 && inside[1] < 60.0, "{shape:?} {inside:?}");
            let mut outside = [10.0f32; 3];
            cf.apply([20.0, 20.0], &mut outside);
            assert_eq!(outside, [10.0; 3], "{shape:?}");
            // Just outside the long edge (half width 40 px): untouched by the object itself.
            let mut edge = [100.0f32; 3];
            cf.apply([200.0, 150.0 - 43.0], &mut edge);
            assert!(edge[0] <= 100.0 && edge[1] <= 100.0, "{shape:?} {edge:?}");
        }
    }

    #[test]
    fn printed_paper_has_ink() {
        let cf = one(ClutterShape::Rect, ClutterPattern::Text { ink: [20, 20, 20] });
        let mut dark = 0;
        for y in 120..180 {
            for x in 110..290 {
                let mut c = [0.0f32; 3];
                cf.apply([x as f32 + 0.5, y as f32 + 0.5], &mut c);
                if c[0] < 80.0 {
                    dark += 1;
                }
            }
        }
        assert!(dark > 200, "{dark} inked pixels");
    }
}
