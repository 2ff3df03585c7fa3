//! Finding the result window in a photo said to be of the window (`Options::window`) when the
//! crop is loose: a small window in a reader box or cut into card, the rest of the photo plain.
//!
//! Method, on the photo reduced to [`LOCATE_SIDE`]: pixels that differ from the border's median
//! colour (Otsu's cut, at least [`MIN_DIFFERENCE`]) are labelled; the component with the
//! largest box that does not reach the photo's border is the window's rim and contents. A tight
//! crop has no such component (its lines and edges run to the border), or one covering most of
//! the photo: then the whole photo is the window, as before. The window's tilt is the dominant
//! edge direction inside it (a four-fold average, so the rim's two pairs of sides agree); its
//! extent is the component's along that tilt, inset so the rim stays out of the read.

use crate::find::Frame;
use crate::kernels::{self, label4, luma};
use crate::view::RgbaView;

/// Longer side of the reduced photo the window is looked for in.
pub const LOCATE_SIDE: usize = 240;
/// Sobel edge strength (luma) below which nothing is an edge of the window.
pub const MIN_EDGE: f32 = 40.0;
/// A window found must span at most this fraction of the photo's width and of its height
/// (else the photo is the window, or the lines found are the window's own).
const MAX_SPAN: f32 = 0.4;
/// Fraction of each side of the window's box its rim must cover.
const MIN_RIM: f32 = 0.5;
/// Fraction of the window's extent cut off each side so its rim is not read.
const INSET: f32 = 0.15;

/// A photo said to be of the window, reduced to [`LOCATE_SIDE`] as luma: what [`locate`] and
/// [`tilt`] both look at (one pass over the photo's pixels for both).
pub struct Reduced {
    lum: Vec<f32>,
    width: usize,
    height: usize,
    factor: usize,
}

impl Reduced {
    pub fn of(view: &RgbaView) -> Reduced {
        let factor = kernels::reduction_factor(view.width(), view.height(), LOCATE_SIDE);
        let small = kernels::downscale_box(view, factor);
        Reduced { lum: small.data.iter().map(|&p| luma(p)).collect(), width: small.width, height: small.height, factor }
    }
}

/// The window in a loosely cropped photo, as two frames over the same square of it: read along
/// its first axis, and along the second (which way its lines run is not known yet). Each runs
/// from its left (or top) end. `None`: the whole photo is the window.
pub fn locate(view: &RgbaView) -> Option<[Frame; 2]> {
    locate_in(&Reduced::of(view))
}

/// [`locate`] on the photo already reduced.
pub fn locate_in(reduced: &Reduced) -> Option<[Frame; 2]> {
    let (lum, sw, sh, factor) = (&reduced.lum, reduced.width, reduced.height, reduced.factor);
    // A crop this small is of the window itself.
    if sw < 48 || sh < 48 {
        return None;
    }
    // Edges: the window's rim and the lines in it are edges even where, reduced, they are
    // a pixel wide and near the card's colour; a plain card's shading and noise are not.
    let mut edge = vec![0.0f32; sw * sh];
    for y in 1..sh - 1 {
        for x in 1..sw - 1 {
            let at = |dx: usize, dy: usize| lum[(y + dy - 1) * sw + x + dx - 1];
            let gx = (at(2, 0) + 2.0 * at(2, 1) + at(2, 2)) - (at(0, 0) + 2.0 * at(0, 1) + at(0, 2));
            let gy = (at(0, 2) + 2.0 * at(1, 2) + at(2, 2)) - (at(0, 0) + 2.0 * at(1, 0) + at(2, 0));
            edge[y * sw + x] = (gx * gx + gy * gy).sqrt();
        }
    }
    // Edge strength well above the card's own (its median is texture and noise).
    let typical = crate::kernels::median(&edge);
    let cut = (6.0 * typical).max(MIN_EDGE);
    let strong: Vec<bool> = edge.iter().map(|&e| e > cut).collect();
    // Close gaps of a pixel or two along a faint rim: grow the edges by one pixel.
    let mut mask = strong.clone();
    for y in 0..sh {
        for x in 0..sw {
            if strong[y * sw + x] {
                for (dx, dy) in [(0isize, -1isize), (0, 1), (-1, 0), (1, 0), (-1, -1), (1, 1), (-1, 1), (1, -1)] {
                    let (nx, ny) = (x as isize + dx, y as isize + dy);
                    if nx >= 0 && ny >= 0 && (nx as usize) < sw && (ny as usize) < sh {
                        mask[ny as usize * sw + nx as usize] = true;
                    }
                }
            }
        }
    }
    let (labels, count) = label4(&mask, sw, sh);
    if count == 0 {
        return None;
    }
    // Per component: pixel count, box, whether it reaches the border.
    let mut boxes = vec![(0usize, usize::MAX, 0usize, usize::MAX, 0usize, false); count];
    for (i, &l) in labels.iter().enumerate() {
        if l == 0 {
            continue;
        }
        let (x, y) = (i % sw, i / sw);
        let b = &mut boxes[(l - 1) as usize];
        b.0 += 1;
        b.1 = b.1.min(x);
        b.2 = b.2.max(x);
        b.3 = b.3.min(y);
        b.4 = b.4.max(y);
        b.5 |= x == 0 || y == 0 || x + 1 == sw || y + 1 == sh;
    }
    let total = (sw * sh) as f32;
    let area = |b: &(usize, usize, usize, usize, usize, bool)| ((b.2 - b.1 + 1) * (b.4 - b.3 + 1)) as f32;
    let (label, best) = boxes
        .iter()
        .enumerate()
        .filter(|(_, b)| b.0 as f32 >= (0.002 * total).max(12.0) && !b.5)
        .max_by(|a, b| area(a.1).total_cmp(&area(b.1)))?;
    // A window inside the photo spans a small part of it each way; the lines of a tight crop
    // span most of its width.
    let (bw, bh) = (best.2 - best.1 + 1, best.4 - best.3 + 1);
    if bw as f32 > MAX_SPAN * sw as f32 || bh as f32 > MAX_SPAN * sh as f32 || bw < 6 || bh < 6 {
        return None;
    }
    // Windows this locator takes are about square (a line's own box is long and thin).
    if bw > 5 * bh / 2 || bh > 5 * bw / 2 {
        return None;
    }
    let label = label as u32 + 1;
    // Tilt: the dominant edge direction inside the box, four-fold (angles times four).
    let (u, _) = four_fold_tilt(lum, sw, sh, (best.1, best.2), (best.3, best.4))?;
    let v = [-u[1], u[0]];
    // Extent of the component along the tilt.
    let (mut umin, mut umax, mut vmin, mut vmax) = (f32::MAX, f32::MIN, f32::MAX, f32::MIN);
    for (i, &l) in labels.iter().enumerate() {
        if l != label {
            continue;
        }
        let (x, y) = ((i % sw) as f32 + 0.5, (i / sw) as f32 + 0.5);
        let (pu, pv) = (x * u[0] + y * u[1], x * v[0] + y * v[1]);
        umin = umin.min(pu);
        umax = umax.max(pu);
        vmin = vmin.min(pv);
        vmax = vmax.max(pv);
    }
    // A window has a rim: along each of its four sides (the outer sixth of its extent, in its
    // own tilt), most of the side's length holds the component. A spot, a letter or a piece of
    // a line does not.
    let bins = 24usize;
    let mut sides = [[false; 24]; 4];
    let (eu, ev) = ((umax - umin).max(1.0), (vmax - vmin).max(1.0));
    for (i, &l) in labels.iter().enumerate() {
        if l != label {
            continue;
        }
        let (x, y) = ((i % sw) as f32 + 0.5, (i / sw) as f32 + 0.5);
        let (fu, fv) = (((x * u[0] + y * u[1]) - umin) / eu, ((x * v[0] + y * v[1]) - vmin) / ev);
        let (bu, bv) = (((fu * bins as f32) as usize).min(bins - 1), ((fv * bins as f32) as usize).min(bins - 1));
        let outer = 1.0 / 6.0;
        if fu < outer {
            sides[0][bv] = true;
        }
        if fu > 1.0 - outer {
            sides[1][bv] = true;
        }
        if fv < outer {
            sides[2][bu] = true;
        }
        if fv > 1.0 - outer {
            sides[3][bu] = true;
        }
    }
    if sides.iter().any(|side| (side.iter().filter(|&&b| b).count() as f32) < MIN_RIM * bins as f32) {
        return None;
    }
    let f = factor as f32;
    let (cu, cv) = (0.5 * (umin + umax), 0.5 * (vmin + vmax));
    let centre = [f * (cu * u[0] + cv * v[0]), f * (cu * u[1] + cv * v[1])];
    let (lu, lv) = ((umax - umin + 1.0) * f * (1.0 - 2.0 * INSET), (vmax - vmin + 1.0) * f * (1.0 - 2.0 * INSET));
    Some([
        Frame { centre, axis: forward(u), length: lu, width: lv, keystone: 0.0 },
        Frame { centre, axis: forward(v), length: lv, width: lu, keystone: 0.0 },
    ])
}

/// `a` or its opposite, whichever walks from the left (or top) end: its larger component positive.
fn forward(a: [f32; 2]) -> [f32; 2] {
    let major = if a[0].abs() >= a[1].abs() { a[0] } else { a[1] };
    if major < 0.0 { [-a[0], -a[1]] } else { a }
}

/// The dominant edge direction (a unit vector at -45° to 45° from the x axis) over columns `xs`
/// and rows `ys` (inclusive) of a `w` x `h` luma image, and how well the edges agree on it (see
/// [`MIN_TILT_AGREEMENT`]): Sobel gradients, their angles times four averaged by strength, so a
/// rectangle's two pairs of sides and the lines across it agree. `None` where no edge is seen.
fn four_fold_tilt(lum: &[f32], w: usize, h: usize, xs: (usize, usize), ys: (usize, usize)) -> Option<([f32; 2], f32)> {
    let (mut c4, mut s4, mut total) = (0.0f64, 0.0f64, 0.0f64);
    for y in ys.0.max(1)..ys.1.min(h.saturating_sub(2)) + 1 {
        for x in xs.0.max(1)..xs.1.min(w.saturating_sub(2)) + 1 {
            // Sobel: its angles are good to a few degrees where plain differences are not.
            let at = |dx: usize, dy: usize| lum[(y + dy - 1) * w + x + dx - 1] as f64;
            let gx = (at(2, 0) + 2.0 * at(2, 1) + at(2, 2)) - (at(0, 0) + 2.0 * at(0, 1) + at(0, 2));
            let gy = (at(0, 2) + 2.0 * at(1, 2) + at(2, 2)) - (at(0, 0) + 2.0 * at(1, 0) + at(2, 0));
            let m = (gx * gx + gy * gy).sqrt();
            if m < 4.0 {
                continue;
            }
            // The gradient's angle times four, by the double-angle formulas.
            let (c, s) = (gx / m, gy / m);
            let (c2, s2) = (c * c - s * s, 2.0 * c * s);
            c4 += m * (c2 * c2 - s2 * s2);
            s4 += m * 2.0 * s2 * c2;
            total += m;
        }
    }
    if total <= 0.0 {
        return None;
    }
    // A quarter of the mean's angle: half of half.
    let [hc, hs] = kernels::half_turn(c4, s4);
    let [c, s] = kernels::half_turn(hc, hs);
    Some(([c as f32, s as f32], ((c4 * c4 + s4 * s4).sqrt() / total) as f32))
}

/// How much a photo cropped tightly to its window is turned: its edges' dominant direction
/// ([`four_fold_tilt`]) on the photo reduced to [`LOCATE_SIDE`], as `[cos, sin]` of the turn
/// (-45° to 45°); `[1, 0]` (square) when the photo is too small or shows no edges. The edges
/// must agree: the strength-weighted mean of the four-fold angles' unit vectors is at least
/// [`MIN_TILT_AGREEMENT`] long, else the photo's edges run every way (a blurred or plain crop)
/// and it is taken as square.
pub fn tilt(view: &RgbaView) -> [f32; 2] {
    tilt_in(&Reduced::of(view))
}

/// [`tilt`] on the photo already reduced.
pub fn tilt_in(reduced: &Reduced) -> [f32; 2] {
    let (sw, sh) = (reduced.width, reduced.height);
    if sw < 8 || sh < 8 {
        return [1.0, 0.0];
    }
    match four_fold_tilt(&reduced.lum, sw, sh, (0, sw - 1), (0, sh - 1)) {
        Some((turn, agreement)) if agreement >= MIN_TILT_AGREEMENT => turn,
        _ => [1.0, 0.0],
    }
}

/// The frame a photo cropped tightly to its window is read along when turned by `turn` (`[cos,
/// sin]`, see [`tilt`]): through the photo's middle along its longer side turned so, from its left
/// (or top) end, as long as the photo is along that line, as wide as half the photo across it
/// (the membrane runs from corner to corner of a turned crop: its middle is read, not the
/// corners' plastic).
pub fn turned_frame(w: usize, h: usize, turn: [f32; 2]) -> Frame {
    let (w, h) = (w as f32, h as f32);
    let [c, s] = turn;
    let axis = forward(if w >= h { [c, s] } else { [-s, c] });
    let reach = |a: f32, half: f32| if a.abs() > 1e-6 { half / a.abs() } else { f32::MAX };
    let length = 2.0 * reach(axis[0], 0.5 * w).min(reach(axis[1], 0.5 * h));
    let width = reach(axis[1], 0.5 * w).min(reach(axis[0], 0.5 * h));
    Frame { centre: [0.5 * w, 0.5 * h], axis, length, width, keystone: 0.0 }
}

/// Smallest turn of a tight crop read along its turn, as the sine of its angle (about 3°).
pub const MIN_TURN: f32 = 0.05;

/// See [`tilt`]: 1 when every edge runs one way (or square to it), near 0 for edges every way.
pub const MIN_TILT_AGREEMENT: f32 = 0.3;

#[cfg(test)]
mod tests {
    use super::*;

    /// A light grey card (w x h) with a dark-rimmed square window of side `side` at `centre`,
    /// turned by `angle` degrees, a dark line across it (parallel to its first axis turned by
    /// 90°, i.e. the profile runs along the turned x axis).
    fn card(w: usize, h: usize, centre: [f32; 2], side: f32, angle: f32) -> Vec<u8> {
        let (c, s) = (angle.to_radians().cos(), angle.to_radians().sin());
        let mut data = Vec::with_capacity(w * h * 4);
        for y in 0..h {
            for x in 0..w {
                let (dx, dy) = (x as f32 + 0.5 - centre[0], y as f32 + 0.5 - centre[1]);
                let (pu, pv) = (dx * c + dy * s, -dx * s + dy * c);
                let half = side / 2.0;
                let mut g = 200u8;
                if pu.abs() < half && pv.abs() < half {
                    g = if pu.abs() > half - 4.0 || pv.abs() > half - 4.0 { 90 } else { 215 };
                    if (pu - 0.1 * side).abs() < 3.0 && pv.abs() < half - 4.0 {
                        g = 120;
                    }
                }
                data.extend_from_slice(&[g, g, g, 255]);
            }
        }
        data
    }

    #[test]
    fn finds_a_small_turned_window_in_a_plain_card() {
        for angle in [0.0f32, 20.0, -30.0] {
            let data = card(500, 500, [230.0, 260.0], 80.0, angle);
            let view = RgbaView::new(&data, 500, 500).unwrap();
            let [a, b] = locate(&view).unwrap_or_else(|| panic!("{angle}: no window"));
            for f in [a, b] {
                assert!((f.centre[0] - 230.0).abs() < 5.0 && (f.centre[1] - 260.0).abs() < 5.0, "{angle}: {f:?}");
                // Inset from the 80 px rim on each side.
                assert!(f.length > 40.0 && f.length < 76.0 && f.width > 40.0 && f.width < 76.0, "{angle}: {f:?}");
                // The axes follow the window's turn (modulo 90°).
                let turn = f.axis[1].atan2(f.axis[0]).to_degrees();
                let off = (turn - angle).rem_euclid(90.0);
                assert!(off < 4.0 || off > 86.0, "{angle}: axis at {turn}°");
            }
        }
    }

    #[test]
    fn a_tight_crop_or_a_plain_photo_has_no_window_inside() {
        // The window fills the photo: its rim and line run to the border.
        let data = card(100, 100, [50.0, 50.0], 104.0, 0.0);
        assert!(locate(&RgbaView::new(&data, 100, 100).unwrap()).is_none());
        let plain = vec![200u8; 200 * 150 * 4];
        assert!(locate(&RgbaView::new(&plain, 200, 150).unwrap()).is_none());
    }

    /// A tight crop (w x h) of a result window turned by `angle` degrees: a membrane 46 px wide
    /// through the crop's middle along its long side, grey plastic around it, gold lines 6 px
    /// wide across it at the given fractions of the crop's length from its top, the first
    /// strong, the others faint.
    fn turned_crop(w: usize, h: usize, angle: f32, lines: &[f32]) -> Vec<u8> {
        let (c, s) = (angle.to_radians().cos(), angle.to_radians().sin());
        let mut data = Vec::with_capacity(w * h * 4);
        for y in 0..h {
            for x in 0..w {
                let (dx, dy) = (x as f32 + 0.5 - w as f32 / 2.0, y as f32 + 0.5 - h as f32 / 2.0);
                // Across and along the turned membrane.
                let (across, along) = (dx * c + dy * s, -dx * s + dy * c);
                let mut p = [150u8, 150, 146];
                if across.abs() < 23.0 {
                    p = [240, 238, 236];
                    for (k, &f) in lines.iter().enumerate() {
                        if (along - (f - 0.5) * h as f32).abs() < 3.0 {
                            p = if k == 0 { [222, 160, 190] } else { [236, 214, 226] };
                        }
                    }
                }
                data.extend_from_slice(&[p[0], p[1], p[2], 255]);
            }
        }
        data
    }

    #[test]
    fn a_turned_tight_crop_is_read_along_its_turn() {
        let model = crate::model::builtin_model(None).unwrap();
        let options = crate::Options { window: true, ..crate::Options::default() };
        for angle in [-22.0f32, 16.0] {
            let data = turned_crop(110, 260, angle, &[0.36, 0.62]);
            let view = RgbaView::new(&data, 110, 260).unwrap();
            let [c, s] = tilt(&view);
            let turn = s.atan2(c).to_degrees();
            assert!((turn - angle).abs() < 2.0, "{angle}: tilt {turn}");
            let r = crate::analyze(&view, &model, &options).unwrap();
            let lines = r.strips.first().map_or(0, |s| s.lines.len());
            assert_eq!((r.result, lines), (crate::Verdict::Negative, 2), "{angle}: {r:?}");
        }
        // Square, it is read square.
        let data = turned_crop(110, 260, 0.0, &[0.36, 0.62]);
        assert!(tilt(&RgbaView::new(&data, 110, 260).unwrap())[1].abs() < MIN_TURN);
    }
}
