//! Light that does not come from the table: hard-edged shadows ([`HardShadow`]), glare spots
//! ([`Glare`]) and the radial fall-off of a phone lens (vignette).
//!
//! Conventions: shadows and glare are placed on the *table* (scene px, before the keystone), so
//! they stay attached to the strips under tilt. Order in the renderer: surface colour → hard
//! shadows (a per-channel factor) → white balance, light ramp and vignette → glare (a blend
//! toward [`GLARE_WHITE`], which is above 255 so that a strong spot clips, as in a camera).
//! A shadow removes `darkness` of green, 6 % more of red and 10 % less of blue (sky-lit shade
//! is bluish), so its dip is neutral-to-blue, never gold-like.

use crate::geom::{dir, dot, smoothstep};
use crate::{Glare, HardShadow, Scene};

/// The colour a glare spot blends toward (sRGB units; above 255 so the core clips).
pub const GLARE_WHITE: f32 = 268.0;
/// Red and blue loss in a shadow relative to green.
pub const SHADOW_RED: f32 = 1.06;
pub const SHADOW_BLUE: f32 = 0.90;

#[derive(Debug, Clone)]
struct Sh {
    p: [f32; 2],
    n: [f32; 2],
    band: f32,
    soft: f32,
    dark: f32,
}

#[derive(Debug, Clone)]
struct Gl {
    c: [f32; 2],
    d: [f32; 2],
    inv_a: f32,
    inv_b: f32,
    strength: f32,
}

/// The extra light (and shade) of a scene, ready to evaluate.
#[derive(Debug, Clone)]
pub struct LightField {
    shadows: Vec<Sh>,
    glare: Vec<Gl>,
    vignette: f32,
    centre: [f32; 2],
    inv_r2: f32,
}

impl LightField {
    pub fn new(scene: &Scene) -> LightField {
        let (w, h) = (scene.width as f32, scene.height as f32);
        let longer = w.max(h).max(1.0);
        let shadows = scene
            .shadows
            .iter()
            .map(|s: &HardShadow| {
                let d = dir(s.angle_deg);
                Sh {
                    p: [s.point[0] * w, s.point[1] * h],
                    n: [-d[1], d[0]],
                    band: s.band.max(0.0) * longer,
                    soft: s.softness_px.max(0.3),
                    dark: if s.darkness.is_finite() { s.darkness.clamp(0.0, 0.95) } else { 0.0 },
                }
            })
            .collect();
        let glare = scene
            .glare
            .iter()
            .map(|g: &Glare| Gl {
                c: [g.centre[0] * w, g.centre[1] * h],
                d: dir(g.angle_deg),
                inv_a: 1.0 / (g.radius[0] * longer).max(0.5),
                inv_b: 1.0 / (g.radius[1] * longer).max(0.5),
                strength: if g.strength.is_finite() { g.strength.clamp(0.0, 1.0) } else { 0.0 },
            })
            .collect();
        let v = if scene.vignette.is_finite() { scene.vignette.clamp(0.0, 0.9) } else { 0.0 };
        LightField {
            shadows,
            glare,
            vignette: v,
            centre: [0.5 * w, 0.5 * h],
            inv_r2: 1.0 / (0.25 * (w * w + h * h)).max(1.0),
        }
    }

    /// No shadows, glare or vignette: the renderer skips this field entirely.
    pub fn is_empty(&self) -> bool {
        self.shadows.is_empty() && self.glare.is_empty() && self.vignette == 0.0
    }

    pub fn has_shadows(&self) -> bool {
        !self.shadows.is_empty()
    }

    pub fn has_glare(&self) -> bool {
        !self.glare.is_empty()
    }

    /// Fraction of light removed by the hard shadows at table point q (0 = none), green channel.
    #[inline]
    pub fn shade(&self, q: [f32; 2]) -> f32 {
        let mut lit = 1.0f32;
        for s in &self.shadows {
            let e = dot([q[0] - s.p[0], q[1] - s.p[1]], s.n);
            let half = 0.5 * s.soft;
            let mut m = smoothstep(-half, half, e);
            if s.band > 0.0 {
                m *= 1.0 - smoothstep(s.band - half, s.band + half, e);
            }
            lit *= 1.0 - s.dark * m;
        }
        1.0 - lit
    }

    /// Per-channel factors for a shade of `k` (from [`LightField::shade`]).
    #[inline]
    pub fn shade_factors(k: f32) -> [f32; 3] {
        [
            (1.0 - SHADOW_RED * k).max(0.0),
            1.0 - k,
            (1.0 - SHADOW_BLUE * k).max(0.0),
        ]
    }

    /// Vignette factor at photo point p (1 in the centre, `1 - vignette` in the corners).
    #[inline]
    pub fn vignette(&self, p: [f32; 2]) -> f32 {
        if self.vignette == 0.0 {
            return 1.0;
        }
        let dx = p[0] - self.centre[0];
        let dy = p[1] - self.centre[1];
        1.0 - self.vignette * ((dx * dx + dy * dy) * self.inv_r2).min(1.0)
    }

    /// Blend toward [`GLARE_WHITE`] at table point q (0..1).
    #[inline]
    pub fn glare(&self, q: [f32; 2]) -> f32 {
        let mut keep = 1.0f32;
        for g in &self.glare {
            let r = [q[0] - g.c[0], q[1] - g.c[1]];
            let a = dot(r, g.d) * g.inv_a;
            let b = (-r[0] * g.d[1] + r[1] * g.d[0]) * g.inv_b;
            let r2 = a * a + b * b;
            if r2 < 30.0 {
                // A flat-topped spot: the core saturates, the rim falls off smoothly.
                let fall = (-0.5 * r2 * r2.sqrt()).exp();
                keep *= 1.0 - g.strength * fall;
            }
        }
        1.0 - keep
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shadow_edges_and_bands() {
        let mut s = Scene::new(200, 100, 1);
        s.shadows.push(HardShadow { point: [0.5, 0.5], angle_deg: 90.0, band: 0.0, softness_px: 2.0, darkness: 0.5 });
        let l = LightField::new(&s);
        // Edge along +y through x = 100; the normal (-1, 0) points to the left: shadow on the left.
        assert!((l.shade([50.0, 50.0]) - 0.5).abs() < 1e-6);
        assert_eq!(l.shade([150.0, 50.0]), 0.0);
        assert!((l.shade([100.0, 10.0]) - 0.25).abs() < 1e-3);
        s.shadows[0].band = 0.1; // 20 px wide
        let l = LightField::new(&s);
        assert!((l.shade([90.0, 50.0]) - 0.5).abs() < 1e-6);
        assert_eq!(l.shade([60.0, 50.0]), 0.0);
        let f = LightField::shade_factors(0.5);
        assert!(f[0] < f[1] && f[2] > f[1]);
    }

    #[test]
    fn glare_peaks_at_its_centre_and_vignette_darkens_corners() {
        let mut s = Scene::new(200, 100, 1);
        s.glare.push(Glare { centre: [0.25, 0.5], radius: [0.05, 0.02], angle_deg: 0.0, strength: 0.9 });
        s.vignette = 0.4;
        let l = LightField::new(&s);
        assert!((l.glare([50.0, 50.0]) - 0.9).abs() < 1e-5);
        assert!(l.glare([50.0, 60.0]) < 0.2);
        assert!(l.glare([150.0, 50.0]) < 1e-6);
        assert_eq!(l.vignette([100.0, 50.0]), 1.0);
        assert!((l.vignette([0.0, 0.0]) - 0.6).abs() < 1e-5);
        assert!(Scene::new(10, 10, 1).shadows.is_empty() && LightField::new(&Scene::new(10, 10, 1)).is_empty());
    }
}
