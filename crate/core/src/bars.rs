//! Finding strips by their outline: two long, straight, parallel edges a strip's width apart.
//! Rule: like `find`, this works on the reduced photo and gives frames in its pixels.
//!
//! The colour masks of `find` lose a strip whose colour the table shares in places (a striped
//! or checked cloth with stripes of the strip's colour, a light table, a shadow's edge across
//! it): the strip then merges with the table in every mask. Its two long edges are still there
//! wherever the table beside it differs from it, and they are straight and parallel across the
//! whole strip, which a pattern's edges are not at the strip's angle.
//!
//! Method: edges are Sobel gradients of the strongest of the three channels, thinned to their
//! ridge (non-maximum suppression across the edge) and kept above [`MIN_EDGE`]. Each votes for
//! the straight lines through it across its gradient, at its own angle and a few degrees either
//! side (a Hough accumulator over the line's normal angle, 1° bins, and its distance from the
//! origin, 1 px bins); lines are the accumulator's local maxima. A weaker line passing through
//! the middle of a stronger one's edges at a near angle is a copy of it (the same pixels' votes
//! at another angle) and is dropped. Pairs of lines within 2° of each other, a plausible width
//! apart (the second taken at the first's angle through the middle of its own edges), are walked
//! along: a place counts when both lines have an edge of their angle there. The longest run of
//! such places, across gaps shorter than two widths, is a bar; it is a candidate strip when its
//! places are mostly edged on both sides, its length over width fits the model's strip, and it
//! is not one of a pattern of parallel edges (a stripe of a cloth: more edges of its angle
//! beside it, within four widths). `find` keeps it only where no strip was found already and the
//! bar stands out from the table on both sides.
//!
//! Limits: a strip parallel to a striped cloth's stripes is a stripe here too; a strip whose
//! edges are lost for more than two widths at a stretch (a deep shadow, glare over both edges)
//! is found only as far as the longer part.

use crate::find::{Found, Frame};
use crate::kernels::RgbF;

/// Sobel response (of the strongest channel) under which a pixel is no edge: a step of 12
/// levels. Shading and JPEG noise stay under it; a strip's edge against any table it can be
/// told from by eye is above it.
pub const MIN_EDGE: f32 = 48.0;
/// Angle bins over half a turn.
const ANGLES: usize = 180;
/// How many of the strongest lines are paired.
const MAX_LINES: usize = 400;
/// Share of a bar's places that must be edged on both sides.
const MIN_EDGED: f32 = 0.6;
/// Widths either side of a bar's middle in which [`PATTERN_LINES`] edges parallel to it (on
/// average, besides its own two) make it part of a pattern.
const PATTERN_REACH: f32 = 4.0;
const PATTERN_LINES: f32 = 2.0;
/// Angle bins either side of its own an edge pixel votes in.
const VOTE_SLACK: usize = 3;
/// Angle bins an edge pixel's gradient may differ from a line's and still support it.
const ANGLE_SLACK: usize = 4;

/// Edge pixels of the reduced photo: each pixel's gradient angle bin (0..180), or `NONE`.
struct Edges {
    w: usize,
    h: usize,
    bin: Vec<u8>,
}

const NONE: u8 = u8::MAX;

impl Edges {
    fn new(small: &RgbF) -> Edges {
        let (w, h) = (small.width, small.height);
        let mut gx = vec![0.0f32; w * h];
        let mut gy = vec![0.0f32; w * h];
        let mut mag = vec![0.0f32; w * h];
        // Sobel, separably: each row's vertical sum (1 2 1) and difference (-1 0 1) of the rows
        // above and below, then their horizontal difference and sum.
        let mut sum = vec![[0.0f32; 3]; w];
        let mut diff = vec![[0.0f32; 3]; w];
        for y in 1..h.saturating_sub(1) {
            let (up, row, down) = (&small.data[(y - 1) * w..y * w], &small.data[y * w..(y + 1) * w], &small.data[(y + 1) * w..(y + 2) * w]);
            for x in 0..w {
                for c in 0..3 {
                    sum[x][c] = up[x][c] + 2.0 * row[x][c] + down[x][c];
                    diff[x][c] = down[x][c] - up[x][c];
                }
            }
            for x in 1..w - 1 {
                let mut best = (0.0f32, 0.0f32, 0.0f32);
                for c in 0..3 {
                    let sx = sum[x + 1][c] - sum[x - 1][c];
                    let sy = diff[x - 1][c] + 2.0 * diff[x][c] + diff[x + 1][c];
                    let m = sx * sx + sy * sy;
                    if m > best.2 {
                        best = (sx, sy, m);
                    }
                }
                let i = y * w + x;
                (gx[i], gy[i], mag[i]) = best;
            }
        }
        // Thinned: a pixel is an edge only where its response is the largest of its two
        // neighbours across the edge (the gradient's direction, to the nearest of four).
        let mut bin = vec![NONE; w * h];
        for y in 1..h.saturating_sub(1) {
            for x in 1..w - 1 {
                let i = y * w + x;
                // Squared responses throughout: the same order, no square roots.
                let m = mag[i];
                if m < MIN_EDGE * MIN_EDGE {
                    continue;
                }
                let (ax, ay) = (gx[i].abs(), gy[i].abs());
                // tan(22.5°) = 0.414: mostly across x, mostly across y, or along a diagonal.
                let step: isize = if ay <= 0.414 * ax {
                    1
                } else if ax <= 0.414 * ay {
                    w as isize
                } else if (gx[i] > 0.0) == (gy[i] > 0.0) {
                    w as isize + 1
                } else {
                    w as isize - 1
                };
                let (a, b) = (mag[(i as isize - step) as usize], mag[(i as isize + step) as usize]);
                if m < a || m <= b {
                    continue;
                }
                bin[i] = angle_bin(gx[i], gy[i]);
            }
        }
        Edges { w, h, bin }
    }

    /// Whether an edge of angle bin `b` (within [`ANGLE_SLACK`]) lies within a pixel of `p`.
    fn supports(&self, p: [f32; 2], b: usize) -> bool {
        let (x, y) = (p[0].floor() as isize, p[1].floor() as isize);
        for dy in -1..=1 {
            for dx in -1..=1 {
                let (px, py) = (x + dx, y + dy);
                if px < 0 || py < 0 || px as usize >= self.w || py as usize >= self.h {
                    continue;
                }
                let e = self.bin[py as usize * self.w + px as usize];
                if e != NONE && angle_apart(e as usize, b) <= ANGLE_SLACK {
                    return true;
                }
            }
        }
        false
    }
}

/// The 1° bin (0..180) of the direction of `(x, y)` on the half turn, without a library call
/// (atan by a polynomial good to 1e-5 radians on the octant).
fn angle_bin(x: f32, y: f32) -> u8 {
    // Onto the upper half plane: the direction's angle mod 180°.
    let (x, y) = if y < 0.0 || (y == 0.0 && x < 0.0) { (-x, -y) } else { (x, y) };
    let (ax, ay) = (x.abs(), y);
    let (small, big) = if ax < ay { (ax, ay) } else { (ay, ax) };
    if big <= 0.0 {
        return 0;
    }
    let z = small / big;
    let z2 = z * z;
    let atan = z * (0.999_866 + z2 * (-0.330_299_5 + z2 * (0.180_141 + z2 * (-0.085_133 + z2 * 0.020_835_1))));
    // The angle in the first quadrant, then in the second when x < 0.
    let first = if ax < ay { std::f32::consts::FRAC_PI_2 - atan } else { atan };
    let angle = if x < 0.0 { std::f32::consts::PI - first } else { first };
    ((angle.to_degrees() as usize) % ANGLES) as u8
}

/// Bins apart on the half turn (0 and 179 are one apart).
fn angle_apart(a: usize, b: usize) -> usize {
    let d = a.abs_diff(b) % ANGLES;
    d.min(ANGLES - d)
}

/// A straight line found by the vote: normal angle bin, distance from the origin, votes.
#[derive(Debug, Clone, Copy)]
struct Line {
    bin: usize,
    rho: f32,
    votes: u32,
}

/// Bars (two parallel edges a width apart) shaped like the model's strip (`aspect`: its
/// length over width), in the reduced photo's pixels, as candidate strips. `min_length`: the
/// shortest strip looked for.
pub fn edge_bars(small: &RgbF, aspect: f32, min_length: f32) -> Vec<Found> {
    let (w, h) = (small.width, small.height);
    if w < 8 || h < 8 {
        return Vec::new();
    }
    let edges = Edges::new(small);
    let (cos, sin) = bin_directions();
    // Votes: angle bin x distance (offset by the diagonal, so it is never negative).
    let reach = ((w * w + h * h) as f32).sqrt().ceil() as usize + 1;
    let span = 2 * reach + 1;
    let mut votes = vec![0u32; ANGLES * span];
    for (i, &b) in edges.bin.iter().enumerate() {
        if b == NONE {
            continue;
        }
        let (x, y) = ((i % w) as f32 + 0.5, (i / w) as f32 + 0.5);
        // A pixel's gradient angle is good to a few degrees: it votes for the lines through it
        // at every angle that near its own.
        for db in -(VOTE_SLACK as isize)..=VOTE_SLACK as isize {
            let b = (b as isize + db).rem_euclid(ANGLES as isize) as usize;
            let rho = x * cos[b] + y * sin[b];
            votes[b * span + (rho.round() as isize + reach as isize) as usize] += 1;
        }
    }
    // A line's votes are those of the distances either side of its own too (an edge's place is
    // good to a pixel); lines are the local maxima of that over angle and distance (bins 0 and
    // 179 are neighbours, with the distance's sign turned).
    let mut summed = vec![0u32; ANGLES * span];
    for b in 0..ANGLES {
        let (row, out) = (&votes[b * span..(b + 1) * span], &mut summed[b * span..(b + 1) * span]);
        for r in 1..span - 1 {
            out[r] = row[r - 1] + row[r] + row[r + 1];
        }
    }
    let floor = (0.5 * min_length).max(12.0) as u32;
    let mut lines: Vec<Line> = Vec::new();
    for b in 0..ANGLES {
        for r in 2..span - 2 {
            let v = summed[b * span + r];
            if v < floor {
                continue;
            }
            let top = (-1isize..=1).all(|db| {
                let (nb, flip) = match b as isize + db {
                    -1 => (ANGLES - 1, true),
                    x if x as usize >= ANGLES => (0, true),
                    x => (x as usize, false),
                };
                (-1isize..=1).all(|dr| {
                    if (db, dr) == (0, 0) {
                        return true;
                    }
                    let nr = (r as isize + dr) as usize;
                    let nr = if flip { span - 1 - nr } else { nr };
                    let u = summed[nb * span + nr];
                    // Strict one way round, so a flat top gives one line.
                    u < v || (u == v && (db, dr) > (0, 0))
                })
            });
            if top {
                lines.push(Line { bin: b, rho: r as f32 - reach as f32, votes: v });
            }
        }
    }
    // Most votes first (a count below 2^24 is exact as an f32).
    crate::kernels::sort_by_key(&mut lines, |l| -(l.votes as f32));
    lines.truncate(MAX_LINES);
    let mut walker = Walker { edges: &edges, cos: &cos, sin: &sin, reach: reach as f32, profiles: Vec::new() };
    // A pixel votes at several angles, so a line has weaker copies turned about its middle:
    // a line passing within a pixel or two of a stronger one's middle, at an angle near it,
    // is that line.
    let mut kept: Vec<(Line, [f32; 2])> = Vec::new();
    for line in lines {
        let Some(centre) = walker.centre_of(&line) else { continue };
        let copy = kept.iter().any(|(k, c)| {
            let n = [cos[line.bin], sin[line.bin]];
            angle_apart(k.bin, line.bin) <= VOTE_SLACK + 1 && (c[0] * n[0] + c[1] * n[1] - line.rho).abs() <= 2.0
        });
        if !copy {
            kept.push((line, centre));
        }
    }

    let short = w.min(h) as f32;
    let mut bars = Vec::new();
    for (i, (p, _)) in kept.iter().enumerate() {
        let n = [cos[p.bin], sin[p.bin]];
        for (q, q_centre) in &kept[i + 1..] {
            if angle_apart(p.bin, q.bin) > 2 {
                continue;
            }
            // The other line as a line at this one's angle through the middle of its edges
            // (distances at two angles differ by the turn about the origin).
            let q_rho = q_centre[0] * n[0] + q_centre[1] * n[1];
            let width = (p.rho - q_rho).abs();
            // A bar as long as the weaker line's votes is at most this wide.
            let longest = p.votes.min(q.votes) as f32;
            if width < 4.0 || width > short / 3.0 || longest < 0.5 * aspect * width {
                continue;
            }
            bars.extend(walker.bar(p.bin, p.rho, q_rho, aspect, min_length));
        }
    }
    bars
}

/// Walks pairs of parallel lines, keeping what it learnt of each line.
struct Walker<'a> {
    edges: &'a Edges,
    cos: &'a [f32],
    sin: &'a [f32],
    /// Half the length of every line walked (the photo's diagonal): place `k` along a line is
    /// `k - reach` pixels from the foot of its normal.
    reach: f32,
    /// For lines (angle bin, whole distance), sorted, whether each place along it is edged at
    /// its angle.
    profiles: Vec<((usize, i32), Vec<bool>)>,
}

impl Walker<'_> {
    /// Whether each place along the line at angle bin `bin`, distance `rho`, is edged (places
    /// outside the photo are not).
    fn profile(&mut self, bin: usize, rho: f32) -> &[bool] {
        let (edges, n, reach) = (self.edges, [self.cos[bin], self.sin[bin]], self.reach);
        let rho = rho.round();
        let key = (bin, rho as i32);
        let at = match self.profiles.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(at) => at,
            Err(at) => {
                self.profiles.insert(at, (key, Self::edged_along(edges, n, rho, reach, bin)));
                at
            }
        };
        &self.profiles[at].1
    }

    /// [`Walker::profile`], made.
    fn edged_along(edges: &Edges, n: [f32; 2], rho: f32, reach: f32, bin: usize) -> Vec<bool> {
        let mut out = vec![false; (2.0 * reach) as usize + 1];
        // Only the places inside the photo: x = n0 rho - n1 s in [0, w), y = n1 rho + n0 s
        // in [0, h).
        let (mut lo, mut hi) = (-reach, reach);
        for (base, slope, size) in [(n[0] * rho, -n[1], edges.w as f32), (n[1] * rho, n[0], edges.h as f32)] {
            if slope.abs() < 1e-6 {
                if base < 0.0 || base >= size {
                    return out;
                }
                continue;
            }
            let (a, b) = ((0.0 - base) / slope, (size - 1e-3 - base) / slope);
            let (a, b) = if a < b { (a, b) } else { (b, a) };
            lo = lo.max(a);
            hi = hi.min(b);
        }
        if lo > hi {
            return out;
        }
        for k in (lo + reach).ceil().max(0.0) as usize..=((hi + reach).floor() as usize).min(out.len() - 1) {
            let s = k as f32 - reach;
            out[k] = edges.supports([n[0] * rho - n[1] * s, n[1] * rho + n[0] * s], bin);
        }
        out
    }

    /// Where along a line (its own angle) its edges lie on average, as a point, when any do.
    fn centre_of(&mut self, line: &Line) -> Option<[f32; 2]> {
        let (n, reach) = ([self.cos[line.bin], self.sin[line.bin]], self.reach);
        let profile = self.profile(line.bin, line.rho);
        let (sum, count) = profile.iter().enumerate().filter(|(_, &e)| e).fold((0.0f32, 0usize), |(s, c), (k, _)| (s + k as f32, c + 1));
        let s = (count > 0).then(|| sum / count as f32 - reach)?;
        Some([n[0] * line.rho - n[1] * s, n[1] * line.rho + n[0] * s])
    }

    /// The bar between the lines at angle bin `bin`, distances `rho_a` and `rho_b`: the longest
    /// run of places edged on both lines, across gaps shorter than two widths, when it is
    /// mostly edged, shaped like the model's strip and not one of a pattern of parallel edges.
    fn bar(&mut self, bin: usize, rho_a: f32, rho_b: f32, aspect: f32, min_length: f32) -> Option<Found> {
        let width = (rho_a - rho_b).abs();
        let a = self.profile(bin, rho_a).to_vec();
        let b = self.profile(bin, rho_b);
        let max_gap = (2.0 * width).max(4.0) as usize;
        // The longest run: its first and last place and how many of its places are edged.
        let mut best = (0usize, 0usize, 0usize);
        let mut current: Option<(usize, usize, usize)> = None;
        for k in (0..a.len()).filter(|&k| a[k] && b[k]) {
            let run = match current {
                Some((first, last, edged)) if k - last <= max_gap + 1 => (first, k, edged + 1),
                _ => (k, k, 1),
            };
            if best.2 == 0 || run.1 - run.0 > best.1 - best.0 {
                best = run;
            }
            current = Some(run);
        }
        let (k0, k1, edged) = best;
        let length = (k1 - k0 + 1) as f32;
        if edged == 0 || length < min_length || (edged as f32) < MIN_EDGED * length {
            return None;
        }
        let elongation = length / width;
        if elongation < 0.55 * aspect || elongation > 1.6 * aspect {
            return None;
        }
        let (s0, s1) = (k0 as f32 - self.reach, k1 as f32 - self.reach);
        let edges = self.edges;
        let (w, h) = (edges.w as f32, edges.h as f32);
        let n = [self.cos[bin], self.sin[bin]];
        let t = [-n[1], n[0]];
        let mid = 0.5 * (rho_a + rho_b);
        let half = 0.5 * width;
        let origin = [n[0] * mid, n[1] * mid];
        // One of many parallel edges a few widths apart (a striped or checked cloth's) is a
        // stripe, not a strip: across the bar at places along it, count the edges of its
        // angle beside it (not its own two), out to a few widths. A row of strips side by side
        // has such edges too (its neighbours'), but they end with the strips: a cloth's go on
        // past the bar's ends, so a bar is a stripe when they are there beyond its ends as
        // well, or when it runs (nearly) to the photo's border and cannot show that they end.
        let crossings = |c: [f32; 2], from: f32| {
            let mut count = 0usize;
            for sign in [-1.0f32, 1.0] {
                let mut was = false;
                let mut d = from;
                while d <= PATTERN_REACH * width {
                    let on = edges.supports([c[0] + n[0] * sign * d, c[1] + n[1] * sign * d], bin);
                    count += (on && !was) as usize;
                    was = on;
                    d += 1.0;
                }
            }
            count
        };
        let point = |s: f32| [origin[0] + t[0] * s, origin[1] + t[1] * s];
        let inside = |p: [f32; 2]| p[0] >= 0.0 && p[1] >= 0.0 && p[0] < w && p[1] < h;
        const PLACES: usize = 16;
        let beside: usize = (0..PLACES).map(|k| crossings(point(s0 + (s1 - s0) * (0.05 + 0.9 * (k as f32 + 0.5) / PLACES as f32)), half + 3.0)).sum();
        if beside as f32 >= PATTERN_LINES * PLACES as f32 {
            let beyond: Vec<usize> = (0..PLACES / 2)
                .flat_map(|k| {
                    let f = 0.1 + 0.3 * (k as f32 + 0.5) / (PLACES / 2) as f32;
                    [point(s1 + f * length), point(s0 - f * length)]
                })
                .filter(|&p| inside(p))
                .map(|p| crossings(p, 0.0))
                .collect();
            // Cut off by the photo's border at an end, it cannot show that it ends.
            if beyond.len() < PLACES || beyond.iter().sum::<usize>() as f32 >= PATTERN_LINES * beyond.len() as f32 {
                return None;
            }
        }
        let at_border = |p: [f32; 2]| p[0] < 2.0 || p[1] < 2.0 || p[0] > w - 2.0 || p[1] > h - 2.0;
        Some(Found {
            frame: Frame { centre: point(0.5 * (s0 + s1)), axis: t, length, width, keystone: 0.0 },
            fill: edged as f32 / length,
            touches_edge: at_border(point(s0)) || at_border(point(s1)),
        })
    }
}

/// Cosine and sine of each angle bin's middle (0.5°, 1.5°, ... 179.5°): from 0.5° by turns of
/// 1°, in f64 (the values round to the same f32 as the functions'; in wasm `sin` and `cos` are
/// library code the size of a kernel).
fn bin_directions() -> (Vec<f32>, Vec<f32>) {
    const COS_1: f64 = 0.999_847_695_156_391_3;
    const SIN_1: f64 = 0.017_452_406_437_283_51;
    let (mut c, mut s) = (0.999_961_923_064_171_3f64, 0.008_726_535_498_373_935f64);
    let (mut cos, mut sin) = (Vec::with_capacity(ANGLES), Vec::with_capacity(ANGLES));
    for _ in 0..ANGLES {
        cos.push(c as f32);
        sin.push(s as f32);
        (c, s) = (c * COS_1 - s * SIN_1, s * COS_1 + c * SIN_1);
    }
    (cos, sin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::find::tests::paint_bar as paint;

    /// A `w x h` table of `colour(x, y)`.
    fn table(w: usize, h: usize, colour: impl Fn(f32, f32) -> [f32; 3]) -> RgbF {
        let data = (0..w * h).map(|i| colour((i % w) as f32 + 0.5, (i / w) as f32 + 0.5)).collect();
        RgbF { width: w, height: h, data }
    }

    /// Stripes `period` pixels apart (half of each light, half dark), across direction `angle`.
    fn stripes(w: usize, h: usize, angle: f32, period: f32, light: [f32; 3], dark: [f32; 3]) -> RgbF {
        let (c, s) = (angle.to_radians().cos(), angle.to_radians().sin());
        table(w, h, |x, y| if (x * c + y * s).rem_euclid(period) < period / 2.0 { light } else { dark })
    }

    fn near(bar: &Found, centre: [f32; 2], angle: f32, len: f32, wid: f32) -> bool {
        let (c, s) = (angle.to_radians().cos(), angle.to_radians().sin());
        let f = bar.frame;
        (f.centre[0] - centre[0]).abs() < 5.0
            && (f.centre[1] - centre[1]).abs() < 5.0
            && (f.length - len).abs() < 0.05 * len
            && (f.width - wid).abs() < 3.0
            && (f.axis[0] * c + f.axis[1] * s).abs() > 0.995
    }

    #[test]
    fn a_strip_on_a_plain_table_is_a_bar_of_its_place_and_size() {
        for angle in [0.0f32, 25.0, 90.0, 137.0] {
            let mut img = table(400, 300, |_, _| [70.0, 60.0, 50.0]);
            paint(&mut img, [200.0, 150.0], angle, 240.0, 16.0, [225.0, 225.0, 220.0]);
            let bars = edge_bars(&img, 15.0, 40.0);
            assert!(!bars.is_empty() && bars.iter().all(|b| near(b, [200.0, 150.0], angle, 240.0, 16.0)), "{angle}: {bars:?}");
        }
    }

    #[test]
    fn a_plain_or_striped_table_has_no_bars() {
        assert!(edge_bars(&table(400, 300, |x, y| [80.0 + 0.1 * x, 90.0, 70.0 + 0.1 * y]), 15.0, 40.0).is_empty());
        for angle in [0.0f32, 10.0, 45.0, 100.0] {
            let img = stripes(400, 300, angle, 28.0, [200.0, 195.0, 185.0], [70.0, 90.0, 70.0]);
            let bars = edge_bars(&img, 15.0, 40.0);
            assert!(bars.is_empty(), "{angle}: {bars:?}");
        }
    }

    #[test]
    fn a_strip_across_a_striped_table_is_a_bar() {
        // Light stripes near the strip's colour: in a colour mask the strip is one with them.
        let mut img = stripes(400, 300, 90.0, 28.0, [200.0, 195.0, 185.0], [70.0, 90.0, 70.0]);
        paint(&mut img, [200.0, 150.0], 60.0, 240.0, 16.0, [235.0, 235.0, 230.0]);
        let bars = edge_bars(&img, 15.0, 40.0);
        assert!(!bars.is_empty() && bars.iter().all(|b| near(b, [200.0, 150.0], 60.0, 240.0, 16.0)), "{bars:?}");
    }

    #[test]
    fn a_row_of_strips_is_a_bar_each_but_a_cloths_stripes_are_none() {
        // Four strips two widths apart on a plain table: each has its neighbours' parallel
        // edges beside it, which end with the strips.
        let mut img = table(480, 480, |_, _| [90.0, 70.0, 50.0]);
        let xs = [168.0f32, 216.0, 264.0, 312.0];
        for x in xs {
            paint(&mut img, [x, 240.0], 90.0, 220.0, 16.0, [225.0, 225.0, 220.0]);
        }
        let bars = edge_bars(&img, 14.0, 40.0);
        for x in xs {
            assert!(bars.iter().any(|b| near(b, [x, 240.0], 90.0, 220.0, 16.0)), "{x}: {bars:?}");
        }
        assert!(bars.iter().all(|b| xs.iter().any(|&x| near(b, [x, 240.0], 90.0, 220.0, 16.0))), "{bars:?}");
        // Stripes of a cloth, a plain card over their top part: bar-shaped from the card to the
        // photo's border, where they cannot be seen to end, and so a pattern's: nothing.
        let mut cloth = table(480, 480, |x, _| if (x - 160.0).rem_euclid(48.0) < 16.0 { [225.0, 225.0, 220.0] } else { [90.0, 70.0, 50.0] });
        paint(&mut cloth, [240.0, 100.0], 0.0, 480.0, 200.0, [40.0, 40.0, 160.0]);
        let bars = edge_bars(&cloth, 14.0, 40.0);
        assert!(bars.is_empty(), "{bars:?}");
    }

    #[test]
    fn angle_bins_agree_with_atan2() {
        for k in 0..3600 {
            let a = (k as f32 * 0.1 + 0.05).to_radians();
            for r in [1.0f32, 37.5, 900.0] {
                let (x, y) = (r * a.cos(), r * a.sin());
                let want = (y.atan2(x).to_degrees().rem_euclid(180.0) as usize % ANGLES) as u8;
                let got = angle_bin(x, y);
                assert!(angle_apart(got as usize, want as usize) <= 1 && (got == want || (k % 10) < 1 || (k % 10) > 8), "{k} {x} {y}: {got} vs {want}");
            }
        }
        assert_eq!(angle_bin(0.0, 0.0), 0);
        assert_eq!(angle_bin(-1.0, 0.0), 0);
        assert_eq!(angle_bin(0.0, -1.0), 90);
    }

    #[test]
    fn angle_bins_wrap_around_the_half_turn() {
        assert_eq!(angle_apart(0, 179), 1);
        assert_eq!(angle_apart(178, 2), 4);
        assert_eq!(angle_apart(90, 90), 0);
        assert_eq!(angle_apart(0, 90), 90);
    }

    #[test]
    fn bin_directions_are_the_bins_cosines_and_sines() {
        let (cos, sin) = bin_directions();
        for b in 0..ANGLES {
            let a = (b as f64 + 0.5).to_radians();
            assert!((cos[b] as f64 - a.cos()).abs() < 1e-7 && (sin[b] as f64 - a.sin()).abs() < 1e-7, "bin {b}");
        }
    }
}
