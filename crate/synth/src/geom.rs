//! Geometry: the mild keystone that maps the flat table ("scene") to the photo, and the small
//! vector helpers used by the renderer.
//!
//! Conventions:
//! - Pixel coordinates: origin at the top-left corner of the top-left pixel, x to the right,
//!   y down; pixel (i, j) covers [i, i+1) × [j, j+1), so its centre is (i + 0.5, j + 0.5).
//! - Scene coordinates are the same pixel units on the flat table, before the keystone. With
//!   `tilt == 0` scene and photo coordinates coincide.
//! - Angles are in degrees, measured from +x towards +y (so, y being down, clockwise on screen):
//!   0° points right, 90° points down.
//! - The keystone is a projective map about the frame centre. In normalised coordinates
//!   X = (x - cx) / s, Y = (y - cy) / s with s = half the longer side:
//!   photo = (X, Y) / (1 - tilt·Y). A positive tilt makes the top of the photo the far side of
//!   the table (things there look smaller); a negative tilt the bottom. Lines stay straight, so a
//!   rectangle on the table becomes a quadrilateral whose corners are exactly the mapped corners.

/// The scene → photo map (a keystone about the frame centre).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    cx: f32,
    cy: f32,
    s: f32,
    tilt: f32,
}

/// Largest |tilt| the renderer accepts; larger values are clamped (beyond it the far side of a
/// 4:3 frame would fold over).
pub const MAX_TILT: f32 = 0.5;

impl Frame {
    /// The map for a `width × height` photo with this keystone strength (clamped to ±[`MAX_TILT`]).
    pub fn new(width: usize, height: usize, tilt: f32) -> Frame {
        let tilt = if tilt.is_finite() {
            tilt.clamp(-MAX_TILT, MAX_TILT)
        } else {
            0.0
        };
        Frame {
            cx: width as f32 * 0.5,
            cy: height as f32 * 0.5,
            s: (width.max(height).max(1)) as f32 * 0.5,
            tilt,
        }
    }

    /// Scene (table) point → photo point, in pixels.
    #[inline]
    pub fn to_photo(&self, q: [f32; 2]) -> [f32; 2] {
        if self.tilt == 0.0 {
            return q;
        }
        let x = (q[0] - self.cx) / self.s;
        let y = (q[1] - self.cy) / self.s;
        let d = 1.0 - self.tilt * y;
        [self.cx + self.s * x / d, self.cy + self.s * y / d]
    }

    /// Photo point → scene (table) point, in pixels. Exact inverse of [`Frame::to_photo`].
    #[inline]
    pub fn to_scene(&self, p: [f32; 2]) -> [f32; 2] {
        if self.tilt == 0.0 {
            return p;
        }
        let x = (p[0] - self.cx) / self.s;
        let y = (p[1] - self.cy) / self.s;
        let d = 1.0 + self.tilt * y;
        [self.cx + self.s * x / d, self.cy + self.s * y / d]
    }
}

/// Unit vector for an angle in degrees (0° = +x, 90° = +y).
#[inline]
pub fn dir(angle_deg: f32) -> [f32; 2] {
    let a = angle_deg.to_radians();
    [a.cos(), a.sin()]
}

#[inline]
pub fn dot(a: [f32; 2], b: [f32; 2]) -> f32 {
    a[0] * b[0] + a[1] * b[1]
}

/// Hermite smoothstep from 0 at `e0` to 1 at `e1` (e0 may exceed e1 for a falling step).
#[inline]
pub fn smoothstep(e0: f32, e1: f32, x: f32) -> f32 {
    let t = ((x - e0) / (e1 - e0)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keystone_round_trips_and_shrinks_the_far_side() {
        let f = Frame::new(400, 300, 0.2);
        for p in [[0.0, 0.0], [400.0, 0.0], [123.0, 250.0], [200.0, 150.0]] {
            let q = f.to_scene(p);
            let back = f.to_photo(q);
            assert!((back[0] - p[0]).abs() < 1e-3 && (back[1] - p[1]).abs() < 1e-3);
        }
        // A 100 px wide object at the top looks narrower than the same one at the bottom.
        let top = f.to_photo([250.0, 20.0])[0] - f.to_photo([150.0, 20.0])[0];
        let bottom = f.to_photo([250.0, 280.0])[0] - f.to_photo([150.0, 280.0])[0];
        assert!(top < 100.0 && bottom > 100.0, "top {top} bottom {bottom}");
        assert_eq!(Frame::new(400, 300, 0.0).to_scene([3.0, 4.0]), [3.0, 4.0]);
    }
}
