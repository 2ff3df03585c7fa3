//! Finding strips in the reduced photo. Rule: this works on the small image only (longer side
//! at most [`WORK_SIDE`]); every result is converted to photo pixels (x right, y down, pixel
//! centres at +0.5) before it leaves this module.
//!
//! Method (first version, good on clear photos): the background colour is the median of the
//! photo's border ring; pixels that differ from it (hysteresis on the colour distance: Otsu's
//! cut to seed, a lower level to grow) are foreground; 4-connected components of that mask,
//! after a 3x3 opening, are
//! measured by their second moments (axis) and extents (length, width); elongated, well-filled
//! ones whose length/width fits the model are strips. A strip on a background of its own colour
//! is not found: the reading then says `retake` with `strip_not_found`.

use crate::kernels::{colour_distance, label4, mean_luma, nonzero_indices, open3, otsu, whiteness, RgbF};

/// Longer side of the working image used to find strips.
pub const WORK_SIDE: usize = 720;

/// A rectangle in photo pixels: centre, unit axis along the length, length and width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub centre: [f32; 2],
    /// Unit vector along the length, from end A to end B.
    pub axis: [f32; 2],
    pub length: f32,
    pub width: f32,
}

impl Frame {
    /// Unit normal (axis turned by +90°).
    pub fn normal(&self) -> [f32; 2] {
        [-self.axis[1], self.axis[0]]
    }

    /// The point at `s` (0..1 from end A along the length) and `t` (-0.5..0.5 across the width).
    #[inline]
    pub fn point(&self, s: f32, t: f32) -> [f32; 2] {
        let n = self.normal();
        let (ds, dt) = ((s - 0.5) * self.length, t * self.width);
        [
            self.centre[0] + self.axis[0] * ds + n[0] * dt,
            self.centre[1] + self.axis[1] * ds + n[1] * dt,
        ]
    }

    /// The same frame walked from the other end.
    pub fn flipped(&self) -> Frame {
        Frame { axis: [-self.axis[0], -self.axis[1]], ..*self }
    }

    /// Corners: the two at end A (s = 0), then the two at end B, of the part s0..s1.
    pub fn corners(&self, s0: f32, s1: f32) -> [[f32; 2]; 4] {
        [self.point(s0, -0.5), self.point(s0, 0.5), self.point(s1, 0.5), self.point(s1, -0.5)]
    }
}

/// A strip-shaped region found in the photo.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Found {
    pub frame: Frame,
    /// Component pixels over the area of its box (1 = a perfect rectangle).
    pub fill: f32,
    /// The region touches the photo's edge (the strip may be cut off).
    pub touches_edge: bool,
}

/// What the search saw, for the quality checks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scene {
    /// Median colour of the photo's border ring.
    pub background: [f32; 3],
    /// Mean luma of the whole photo.
    pub brightness: f32,
}

/// Finds strip-like regions whose length/width is near `aspect` (the model's), in reading order.
/// `factor` is the reduction from photo pixels to `small`.
pub fn find_strips(small: &RgbF, factor: usize, aspect: f32) -> (Vec<Found>, Scene) {
    let (w, h) = (small.width, small.height);
    let background = crate::kernels::border_median(small, (small.width.min(small.height) / 33).max(1));
    let brightness = mean_luma(&small.data);
    let scene = Scene { background, brightness };
    if w < 4 || h < 4 {
        return (Vec::new(), scene);
    }
    let dist = colour_distance(&small.data, background);
    // Hysteresis: components of the "somewhat different" mask that hold at least one "clearly
    // different" pixel. The high level is Otsu's cut (strip vs table); the low level lets a
    // coloured handle label that is nearer the table's colour join its strip. A colour
    // difference under 40 (of 441) is lighting or shadow, not an object.
    let high = otsu(&dist, 442.0).max(40.0);
    let low = (0.35 * high).max(40.0);
    let weak: Vec<bool> = dist.iter().map(|&d| d > low).collect();
    let (mut labels, count) = label4(&open3(&weak, w, h), w, h);
    let mut strong_in = vec![false; count + 1];
    for (i, &l) in labels.iter().enumerate() {
        if l > 0 && dist[i] > high {
            strong_in[l as usize] = true;
        }
    }
    for l in labels.iter_mut() {
        if !strong_in[*l as usize] {
            *l = 0;
        }
    }
    let mut shapes = strip_shapes(&labels, count, w, h, aspect);

    // Second mask: bright, colourless pixels (a white strip or cassette), which finds strips the
    // border's colour misleads about (a cluttered or patterned table). Only bright cuts count.
    let whiteness = whiteness(&small.data);
    let cut = otsu(&whiteness, 255.0).max(110.0);
    let white: Vec<bool> = whiteness.iter().map(|&v| v > cut).collect();
    let (labels, count) = label4(&open3(&white, w, h), w, h);
    for cand in strip_shapes(&labels, count, w, h, aspect) {
        // The same strip found by both masks: keep the one shaped more like the model's strip.
        let dup = shapes.iter().position(|s| {
            let d = ((s.frame.centre[0] - cand.frame.centre[0]).powi(2) + (s.frame.centre[1] - cand.frame.centre[1]).powi(2)).sqrt();
            d < 0.5 * s.frame.length.max(cand.frame.length) && (s.frame.axis[0] * cand.frame.axis[0] + s.frame.axis[1] * cand.frame.axis[1]).abs() > 0.95
        });
        match dup {
            Some(i) if shape_score(&cand, aspect) > shape_score(&shapes[i], aspect) => shapes[i] = cand,
            Some(_) => {}
            None => shapes.push(cand),
        }
    }

    let f = factor as f32;
    let mut found: Vec<Found> = shapes
        .into_iter()
        .map(|mut fd| {
            extend_ends(small, &mut fd.frame, aspect);
            fd.frame.centre = [fd.frame.centre[0] * f, fd.frame.centre[1] * f];
            fd.frame.length *= f;
            fd.frame.width *= f;
            fd
        })
        .collect();
    // Reading order: strips side by side are read left to right (or top to bottom).
    let mean_axis = found.iter().fold([0.0f32; 2], |acc, fd| {
        // Axes are sign-free here: fold them into one half-plane before averaging.
        let a = if fd.frame.axis[0] + fd.frame.axis[1] < 0.0 { [-fd.frame.axis[0], -fd.frame.axis[1]] } else { fd.frame.axis };
        [acc[0] + a[0], acc[1] + a[1]]
    });
    let across = [-mean_axis[1], mean_axis[0]];
    let key = |fd: &Found| {
        let k = fd.frame.centre[0] * across[0] + fd.frame.centre[1] * across[1];
        if across[0].abs() >= across[1].abs() { k * across[0].signum() } else { k * across[1].signum() }
    };
    found.sort_by(|a, b| key(a).total_cmp(&key(b)));
    (found, scene)
}

/// How much a found shape looks like the model's strip: its fill times how near its
/// length/width is to the model's (1 = a perfect rectangle of the model's proportions).
fn shape_score(f: &Found, aspect: f32) -> f32 {
    let elongation = f.frame.length / f.frame.width.max(1e-3);
    f.fill * (-(elongation / aspect).ln().abs()).exp()
}

/// Strip-shaped components of a labelled mask, in small-image pixels.
fn strip_shapes(labels: &[u32], count: usize, w: usize, h: usize, aspect: f32) -> Vec<Found> {
    // A labelled mask is mostly background: visit only its labelled pixels (raster order).
    let on = nonzero_indices(labels);
    let mut stats = vec![Moments::default(); count];
    for &i in &on {
        let (i, l) = (i as usize, labels[i as usize]);
        let (x, y) = (i % w, i / w);
        stats[(l - 1) as usize].add(x as f64 + 0.5, y as f64 + 0.5, x == 0 || y == 0 || x == w - 1 || y == h - 1);
    }
    let total = (w * h) as f64;
    let mut shapes: Vec<Option<Shape>> = stats
        .iter()
        .map(|m| {
            // At least ~0.08 % of the frame and not most of it.
            if m.n < (total * 0.0008).max(12.0) || m.n > total * 0.6 {
                return None;
            }
            Some(m.shape())
        })
        .collect();
    // Second pass: extents along and across each kept component's axis.
    for &i in &on {
        let (i, l) = (i as usize, labels[i as usize]);
        if let Some(s) = shapes[(l - 1) as usize].as_mut() {
            s.extend((i % w) as f64 + 0.5, (i / w) as f64 + 0.5);
        }
    }
    stats
        .iter()
        .zip(shapes.iter())
        .filter_map(|(m, s)| {
            let s = s.as_ref()?;
            let length = (s.umax - s.umin + 1.0) as f32;
            let width = (s.vmax - s.vmin + 1.0) as f32;
            let fill = (m.n as f32) / (length * width);
            let elongation = length / width.max(1e-3);
            let ok = width >= 2.0
                && fill >= 0.6
                && elongation >= (aspect * 0.55).max(1.15)
                && elongation <= aspect * 1.6;
            if !ok {
                return None;
            }
            let uc = 0.5 * (s.umax + s.umin);
            let vc = 0.5 * (s.vmax + s.vmin);
            let (ax, ay) = (s.axis[0], s.axis[1]);
            Some(Found {
                frame: Frame {
                    centre: [(s.cx + ax * uc - ay * vc) as f32, (s.cy + ay * uc + ax * vc) as f32],
                    axis: [ax as f32, ay as f32],
                    length,
                    width,
                },
                fill,
                touches_edge: m.edge,
            })
        })
        .collect()
}

/// Lengthens a strip's frame (small-image pixels) past an end where the strip goes on in a
/// colour the masks missed (a handle label near the table's colour): step outward while the
/// strip's middle differs from the table on both sides of it. At most to the model's length.
fn extend_ends(small: &RgbF, frame: &mut Frame, aspect: f32) {
    let room = (aspect * frame.width * 1.15 - frame.length).min(0.6 * frame.length);
    if room < 1.0 {
        return;
    }
    let at = |p: [f32; 2]| -> Option<[f32; 3]> {
        let (x, y) = (p[0].floor(), p[1].floor());
        if x < 0.0 || y < 0.0 || x as usize >= small.width || y as usize >= small.height {
            return None;
        }
        Some(small.at(x as usize, y as usize))
    };
    let dist = |a: [f32; 3], b: [f32; 3]| ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt();
    let n = frame.normal();
    let side = 0.5 * frame.width + (0.3 * frame.width).max(2.0);
    let mut grow = [0.0f32; 2];
    for (k, sign) in [(0usize, -1.0f32), (1, 1.0)] {
        let mut misses = 0;
        let mut d = 1.0;
        while d <= room && misses < 2 {
            let along = sign * (0.5 * frame.length + d);
            let base = [frame.centre[0] + frame.axis[0] * along, frame.centre[1] + frame.axis[1] * along];
            let off = |t: f32| [base[0] + n[0] * t, base[1] + n[1] * t];
            let (Some(c), Some(s1), Some(s2)) = (at(base), at(off(side)), at(off(-side))) else { break };
            if dist(c, s1) > 35.0 && dist(c, s2) > 35.0 {
                grow[k] = d;
                misses = 0;
            } else {
                misses += 1;
            }
            d += 1.0;
        }
    }
    let shift = 0.5 * (grow[1] - grow[0]);
    frame.centre = [frame.centre[0] + frame.axis[0] * shift, frame.centre[1] + frame.axis[1] * shift];
    frame.length += grow[0] + grow[1];
}

#[derive(Debug, Clone, Copy, Default)]
struct Moments {
    n: f64,
    sx: f64,
    sy: f64,
    sxx: f64,
    syy: f64,
    sxy: f64,
    edge: bool,
}

#[derive(Debug, Clone, Copy)]
struct Shape {
    cx: f64,
    cy: f64,
    axis: [f64; 2],
    umin: f64,
    umax: f64,
    vmin: f64,
    vmax: f64,
}

impl Moments {
    fn add(&mut self, x: f64, y: f64, edge: bool) {
        self.n += 1.0;
        self.sx += x;
        self.sy += y;
        self.sxx += x * x;
        self.syy += y * y;
        self.sxy += x * y;
        self.edge |= edge;
    }

    fn shape(&self) -> Shape {
        let cx = self.sx / self.n;
        let cy = self.sy / self.n;
        let vxx = self.sxx / self.n - cx * cx;
        let vyy = self.syy / self.n - cy * cy;
        let vxy = self.sxy / self.n - cx * cy;
        let theta = 0.5 * (2.0 * vxy).atan2(vxx - vyy);
        Shape {
            cx,
            cy,
            axis: [theta.cos(), theta.sin()],
            umin: f64::MAX,
            umax: f64::MIN,
            vmin: f64::MAX,
            vmax: f64::MIN,
        }
    }
}

impl Shape {
    fn extend(&mut self, x: f64, y: f64) {
        let (dx, dy) = (x - self.cx, y - self.cy);
        let u = dx * self.axis[0] + dy * self.axis[1];
        let v = -dx * self.axis[1] + dy * self.axis[0];
        // Comparisons, not f64::min/max (a libm call in wasm); u and v are never NaN.
        if u < self.umin {
            self.umin = u;
        }
        if u > self.umax {
            self.umax = u;
        }
        if v < self.vmin {
            self.vmin = v;
        }
        if v > self.vmax {
            self.vmax = v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dark image with a bright rotated rectangle.
    fn scene(w: usize, h: usize, centre: [f32; 2], angle: f32, len: f32, wid: f32) -> RgbF {
        let (c, s) = (angle.to_radians().cos(), angle.to_radians().sin());
        let mut data = Vec::with_capacity(w * h);
        for y in 0..h {
            for x in 0..w {
                let (dx, dy) = (x as f32 + 0.5 - centre[0], y as f32 + 0.5 - centre[1]);
                let u = dx * c + dy * s;
                let v = -dx * s + dy * c;
                let inside = u.abs() <= len / 2.0 && v.abs() <= wid / 2.0;
                data.push(if inside { [235.0, 235.0, 230.0] } else { [70.0, 60.0, 50.0] });
            }
        }
        RgbF { width: w, height: h, data }
    }

    #[test]
    fn finds_a_rotated_strip_with_its_size_and_axis() {
        for angle in [0.0f32, 30.0, 90.0, 135.0] {
            let img = scene(400, 300, [200.0, 150.0], angle, 240.0, 16.0);
            let (found, sc) = find_strips(&img, 2, 16.0);
            assert_eq!(found.len(), 1, "angle {angle}");
            let f = found[0].frame;
            assert!((f.length - 480.0).abs() < 12.0, "{angle}: {f:?}");
            assert!((f.width - 32.0).abs() < 6.0, "{angle}: {f:?}");
            assert!((f.centre[0] - 400.0).abs() < 4.0 && (f.centre[1] - 300.0).abs() < 4.0, "{f:?}");
            let dot = (f.axis[0] * angle.to_radians().cos() + f.axis[1] * angle.to_radians().sin()).abs();
            assert!(dot > 0.999, "{angle}: {f:?}");
            assert!(!found[0].touches_edge);
            assert!((sc.background[0] - 70.0).abs() < 1.0);
        }
    }

    #[test]
    fn a_blob_or_an_empty_photo_is_not_a_strip() {
        let img = scene(200, 200, [100.0, 100.0], 0.0, 60.0, 60.0);
        assert!(find_strips(&img, 1, 16.0).0.is_empty());
        let flat = RgbF { width: 50, height: 40, data: vec![[128.0; 3]; 2000] };
        assert!(find_strips(&flat, 1, 16.0).0.is_empty());
    }

    #[test]
    fn frame_points_and_corners() {
        let f = Frame { centre: [10.0, 20.0], axis: [0.0, 1.0], length: 100.0, width: 10.0 };
        assert_eq!(f.point(0.0, 0.0), [10.0, -30.0]);
        assert_eq!(f.point(1.0, 0.5), [5.0, 70.0]);
        assert_eq!(f.flipped().point(0.0, 0.0), [10.0, 70.0]);
        assert_eq!(f.corners(0.0, 1.0)[0], [15.0, -30.0]);
    }
}
