//! The table under the strips.
//!
//! Conventions: evaluated at a *table* (scene) point in px (see [`crate::geom`]); the fine
//! texture is keyed on the photo pixel so that it stays pixel-scale under the keystone. Colours
//! are f32 sRGB values 0..255 before white balance and light. Every kind gets a low-frequency
//! brightness variation (about ±4 %, lattice one third and one tenth of the longer side) and a
//! fine per-pixel texture (uniform ±1.6 units) on top of its pattern. Pattern edges (checker,
//! stripes, speckle) are anti-aliased over about one pixel.

use crate::geom::{dir, dot};
use crate::paint::vnoise2;
use crate::rng::{hash2, mix64, signed_unit};
use crate::Background;

/// A background ready to evaluate.
#[derive(Debug, Clone)]
pub struct BgField {
    kind: Kind,
    seed: u64,
    inv_low1: f32,
    inv_low2: f32,
}

#[derive(Debug, Clone)]
enum Kind {
    Plain([f32; 3]),
    Gradient {
        from: [f32; 3],
        to: [f32; 3],
        d: [f32; 2],
        origin: f32,
        inv_extent: f32,
    },
    Wood {
        colour: [f32; 3],
        along: [f32; 2],
        across: [f32; 2],
        inv_spacing: f32,
    },
    Checker {
        a: [f32; 3],
        b: [f32; 3],
        inv_cell: f32,
        cell: f32,
    },
    Stripes {
        a: [f32; 3],
        b: [f32; 3],
        across: [f32; 2],
        period: f32,
    },
    Speckle {
        base: [f32; 3],
        spots: [f32; 3],
        inv_scale: f32,
        /// Noise level above which a point is a spot, and the noise change over one pixel.
        level: f32,
        edge: f32,
    },
}

fn f(c: [u8; 3]) -> [f32; 3] {
    [c[0] as f32, c[1] as f32, c[2] as f32]
}

impl BgField {
    pub fn new(bg: &Background, width: usize, height: usize, seed: u64) -> BgField {
        let longer = width.max(height).max(1) as f32;
        let kind = match *bg {
            Background::Plain(c) => Kind::Plain(f(c)),
            Background::Gradient {
                from,
                to,
                angle_deg,
            } => {
                let d = dir(angle_deg);
                // Project the frame corners to find where the ramp starts and ends.
                let corners = [
                    [0.0, 0.0],
                    [width as f32, 0.0],
                    [0.0, height as f32],
                    [width as f32, height as f32],
                ];
                let ps = corners.map(|c| dot(c, d));
                let lo = ps.iter().cloned().fold(f32::MAX, f32::min);
                let hi = ps.iter().cloned().fold(f32::MIN, f32::max);
                Kind::Gradient {
                    from: f(from),
                    to: f(to),
                    d,
                    origin: lo,
                    inv_extent: 1.0 / (hi - lo).max(1.0),
                }
            }
            Background::Wood {
                colour,
                grain_angle_deg,
            } => {
                let along = dir(grain_angle_deg);
                Kind::Wood {
                    colour: f(colour),
                    along,
                    across: [-along[1], along[0]],
                    inv_spacing: 55.0 / longer,
                }
            }
            Background::Checker { a, b, cell } => {
                let cell = (cell * longer).max(2.0);
                Kind::Checker {
                    a: f(a),
                    b: f(b),
                    inv_cell: 1.0 / cell,
                    cell,
                }
            }
            Background::Stripes {
                a,
                b,
                period,
                angle_deg,
            } => {
                let d = dir(angle_deg);
                Kind::Stripes {
                    a: f(a),
                    b: f(b),
                    across: [-d[1], d[0]],
                    period: (period * longer).max(4.0),
                }
            }
            Background::Speckle {
                base,
                spots,
                scale,
                coverage,
            } => {
                let scale_px = (scale * longer).max(2.0);
                // Value noise is roughly uniform in [-0.7, 0.7]: pick the level that leaves
                // about `coverage` of the surface above it.
                let cov = coverage.clamp(0.0, 1.0);
                Kind::Speckle {
                    base: f(base),
                    spots: f(spots),
                    inv_scale: 1.0 / scale_px,
                    level: 0.7 - 1.4 * cov,
                    edge: 1.2 / scale_px,
                }
            }
        };
        BgField {
            kind,
            seed: mix64(seed ^ 0xB4C6_0000_0000_0001),
            inv_low1: 3.0 / longer,
            inv_low2: 10.0 / longer,
        }
    }

    /// Colour of the table at scene point q; (px, py) is the photo pixel being shaded.
    #[inline]
    pub fn colour(&self, q: [f32; 2], px: usize, py: usize) -> [f32; 3] {
        let base = match &self.kind {
            Kind::Plain(c) => *c,
            Kind::Gradient {
                from,
                to,
                d,
                origin,
                inv_extent,
            } => {
                let t = ((dot(q, *d) - origin) * inv_extent).clamp(0.0, 1.0);
                [0, 1, 2].map(|i| from[i] + (to[i] - from[i]) * t)
            }
            Kind::Wood {
                colour,
                along,
                across,
                inv_spacing,
            } => {
                let a = dot(q, *along) * inv_spacing;
                let c = dot(q, *across) * inv_spacing;
                // Rings: streaks across the grain, wandering slowly along it.
                let warp = 1.6 * vnoise2(self.seed ^ 11, a * 0.04, c * 0.15);
                let ring = 0.5 + 0.5 * (std::f32::consts::TAU * (c + warp)).sin();
                let ring = ring * ring * ring;
                // Fine fibres: thin streaks along the grain.
                let fibre = vnoise2(self.seed ^ 12, a * 0.08, c * 7.0);
                let k = 1.0 - 0.16 * ring + 0.045 * fibre;
                // Darker late-wood is also a little redder.
                [
                    colour[0] * k,
                    colour[1] * (k - 0.02 * ring),
                    colour[2] * (k - 0.05 * ring),
                ]
            }
            Kind::Checker {
                a,
                b,
                inv_cell,
                cell,
            } => {
                let sq = |x: f32| {
                    let t = x * inv_cell;
                    let fl = t.floor();
                    let fr = (t - fl) * cell; // px into the cell
                    let dist = fr.min(cell - fr); // px to the nearest edge
                    let sign = if (fl as i64) & 1 == 0 { 1.0 } else { -1.0 };
                    sign * (dist * 2.0).min(1.0)
                };
                let m = 0.5 + 0.5 * sq(q[0]) * sq(q[1]);
                [0, 1, 2].map(|i| b[i] + (a[i] - b[i]) * m)
            }
            Kind::Stripes {
                a,
                b,
                across,
                period,
            } => {
                // Position within one period, px; band a is the first half.
                let t = dot(q, *across).rem_euclid(*period);
                let half = 0.5 * period;
                let dist = if t < half {
                    t.min(half - t)
                } else {
                    -(t - half).min(period - t)
                };
                let m = (0.5 + dist).clamp(0.0, 1.0);
                [0, 1, 2].map(|i| b[i] + (a[i] - b[i]) * m)
            }
            Kind::Speckle {
                base,
                spots,
                inv_scale,
                level,
                edge,
            } => {
                let n = 0.65 * vnoise2(self.seed ^ 21, q[0] * inv_scale, q[1] * inv_scale)
                    + 0.35 * vnoise2(self.seed ^ 22, q[0] * inv_scale * 2.7, q[1] * inv_scale * 2.7);
                let m = ((n - level) / edge.max(1e-4) + 0.5).clamp(0.0, 1.0);
                [0, 1, 2].map(|i| base[i] + (spots[i] - base[i]) * m)
            }
        };
        let low = 1.0
            + 0.03 * vnoise2(self.seed, q[0] * self.inv_low1, q[1] * self.inv_low1)
            + 0.012 * vnoise2(self.seed ^ 1, q[0] * self.inv_low2, q[1] * self.inv_low2);
        let fine = 1.6 * signed_unit(hash2(self.seed ^ 2, px as i32, py as i32));
        [
            base[0] * low + fine,
            base[1] * low + fine,
            base[2] * low + fine,
        ]
    }
}
