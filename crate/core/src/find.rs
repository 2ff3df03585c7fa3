//! Finding strips in the reduced photo. Rule: this works on the small image only (longer side
//! at most [`WORK_SIDE`]); every result is converted to photo pixels (x right, y down, pixel
//! centres at +0.5) before it leaves this module.
//!
//! Method: the background colour is the median of the photo's border ring; pixels that differ
//! from it (hysteresis on the colour distance: Otsu's cut to seed, a lower level to grow) are
//! foreground; 4-connected components of that mask, after a 3x3 opening, are measured by their
//! second moments (axis) and extents (length, width). Elongated, well-filled components are
//! pieces. Two more masks give pieces the same way: one against the table's colour *near each
//! pixel* (a separable running median over a fifth of the short side, which drops a strip and
//! keeps a shadow's straight edge: a strip in a shadow, on a gradient or on the part of a
//! two-coloured table unlike the border), and one of bright, colourless pixels. A component of
//! any mask that is large but no strip's shape (a glare spot, a card or a blob of pattern joined
//! to the strip) has its thick parts taken away (what holds a k x k square, for three k) and
//! its thin parts measured again. Pieces of the local mask and thin parts count only where they
//! stand out from the table on both long sides, just outside and one to two widths out (a patch
//! of a pattern or one stripe of a striped cloth does not); a thin part alone counts as a strip
//! only when about a strip's length. Two pieces in a line with a short gap (a strip cut by a
//! shadow or a glare spot) are joined. Of several finds of one strip the one shaped most like
//! the model's is kept and lengthened over ends the masks missed; a large family of parallel
//! shapes of one width (a striped table) is dropped. A strip on a background of its own colour,
//! or merged into a table's pattern, is not found: the reading then says `retake` with
//! `strip_not_found`.

use crate::kernels::{colour_distance, label4, mean_luma, nonzero_indices, open3, otsu, sort_by_key, sort_f32, whiteness, RgbF};

/// Longer side of the working image used to find strips.
pub const WORK_SIDE: usize = 720;

/// A rectangle in photo pixels: centre, unit axis along the length, length and width; and the
/// perspective along it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub centre: [f32; 2],
    /// Unit vector along the length, from end A to end B.
    pub axis: [f32; 2],
    pub length: f32,
    pub width: f32,
    /// A strip seen at a slant (a keystone) is foreshortened more at its far end: the point a
    /// fraction `s` of the way along the strip from end A lies `(1 + k) s / (1 + k s)` of the way
    /// along the frame, for this `k`. 0: seen square-on (the map is the identity); the ends stay
    /// where they are whatever `k`. Its width changes along it as `1 / (1 + k s)`.
    pub keystone: f32,
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
        let k = self.keystone;
        let s = if k == 0.0 { s } else { (1.0 + k) * s / (1.0 + k * s) };
        let (ds, dt) = ((s - 0.5) * self.length, t * self.width);
        [
            self.centre[0] + self.axis[0] * ds + n[0] * dt,
            self.centre[1] + self.axis[1] * ds + n[1] * dt,
        ]
    }

    /// The same frame walked from the other end.
    pub fn flipped(&self) -> Frame {
        // Walked from end B, the same perspective: 1 - u(1 - s) has the same form, with k'.
        Frame { axis: [-self.axis[0], -self.axis[1]], keystone: -self.keystone / (1.0 + self.keystone), ..*self }
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

/// How thoroughly to search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Search {
    /// Every mask and the thin-part cutting: for readings.
    Full,
    /// The border-colour and white masks only (no local-colour mask, no thin parts): about half
    /// the work, for the live camera check, which guides and does not read.
    Quick,
}

/// Finds strip-like regions whose length/width is near `aspect` (the model's), in reading order.
/// `factor` is the reduction from photo pixels to `small`.
pub fn find_strips(small: &RgbF, factor: usize, aspect: f32) -> (Vec<Found>, Scene) {
    find_strips_with(small, factor, aspect, None, Search::Full)
}

/// [`find_strips`] with a given thoroughness, and for dipsticks with a handle label the
/// label (its start along the strip and its colour), which finds strips by their labels too.
pub fn find_strips_with(small: &RgbF, factor: usize, aspect: f32, handle: Option<&crate::model::Handle>, search: Search) -> (Vec<Found>, Scene) {
    let full = search == Search::Full;
    let (w, h) = (small.width, small.height);
    let background = crate::kernels::border_median(small, (small.width.min(small.height) / 33).max(1));
    let brightness = mean_luma(&small.data);
    let scene = Scene { background, brightness };
    if w < 4 || h < 4 {
        return (Vec::new(), scene);
    }
    let dist = colour_distance(&small.data, background);
    let (labels, count) = hysteresis(&dist, w, h);
    // Pieces of strips (elongated, well-filled components) from several masks; a strip cut in
    // two by a shadow across it or a glare spot is joined again below.
    let mut pieces = Vec::new();
    let shapes = elongated_shapes(&labels, count, w, h, aspect);
    pieces.extend(shapes.whole);
    // Thin parts, spines, and every piece of the local mask below, must stand out from the
    // table (see `stands_out`): taking thick parts away, a band through a blob, or a table's
    // colour taken near each place, also cut pieces out of a pattern.
    let out = |p: &Found| stands_out(small, &p.frame) >= 0.6;
    let mut thin: Vec<Found> = Vec::new();
    if full {
        let failed = &shapes.failed;
        pieces.extend(shapes.spines.into_iter().filter(out));
        thin.extend(thin_parts(&labels, w, h, aspect, failed).into_iter().filter(out));
        pieces.extend(opened_parts(&labels, w, h, aspect, failed).into_iter().filter(out));
        // The same against the table's colour near each pixel (a shadow's edge across the
        // table, a gradient of light, a table of two colours: a strip on the part unlike the
        // border).
        let dist = local_distance(small);
        let (labels, count) = hysteresis(&dist, w, h);
        // Where the table is patterned at the window's scale (a checkerboard) that colour is
        // unsure and the mask marks parts of the pattern: a piece must stand out from the
        // table on both of its long sides, as a strip does and a patch of the pattern does not.
        let shapes = elongated_shapes(&labels, count, w, h, aspect);
        let failed = &shapes.failed;
        pieces.extend(shapes.whole.into_iter().chain(shapes.spines).filter(out));
        thin.extend(thin_parts(&labels, w, h, aspect, failed).into_iter().filter(out));
        pieces.extend(opened_parts(&labels, w, h, aspect, failed).into_iter().filter(out));
    }

    // Second mask: bright, colourless pixels (a white strip or cassette), which finds strips the
    // border's colour misleads about (a cluttered or patterned table). Only bright cuts count.
    let whiteness = whiteness(&small.data);
    let cut = otsu(&whiteness, 255.0).max(110.0);
    let white: Vec<bool> = whiteness.iter().map(|&v| v > cut).collect();
    let (labels, count) = label4(&open3(&white, w, h), w, h);
    let shapes = elongated_shapes(&labels, count, w, h, aspect);
    pieces.extend(shapes.whole);
    if full {
        let failed = &shapes.failed;
        pieces.extend(shapes.spines.into_iter().filter(out));
        thin.extend(thin_parts(&labels, w, h, aspect, failed).into_iter().filter(out));
        pieces.extend(opened_parts(&labels, w, h, aspect, failed).into_iter().filter(out));
    }

    let mut cands: Vec<Found> = pieces.iter().copied().filter(|p| fits(p, aspect)).collect();
    // A thin part is often a strip's piece (the rest lies under the glare spot that was taken
    // away with the thick parts): alone it stands for a strip only when about as long as one.
    cands.extend(thin.iter().copied().filter(|p| fits(p, aspect) && p.frame.length >= 0.85 * aspect * p.frame.width));
    pieces.extend(thin);
    cands.extend(joined_pieces(&pieces, aspect));
    // A piece too short for the model's strip, where the strip goes on in colours the masks
    // missed (the white membrane found, its coloured handle label and printed sample end not):
    // grown along its axis as far as the strip goes on, it stands for a strip when the whole
    // is shaped like one and stands out from the table.
    if full {
        let short = |p: &&Found| !fits(p, aspect) && p.frame.length >= (0.35 * aspect).max(MIN_PIECE_ELONGATION) * p.frame.width;
        cands.extend(pieces.iter().filter(short).filter_map(|p| {
            let mut grown = *p;
            extend_ends(small, &mut grown.frame, aspect);
            // Its fill is the piece's area over the grown box: what the masks did not see
            // counts as unseen, so a strip found whole is preferred to it.
            grown.fill = p.fill * p.frame.length / grown.frame.length.max(1e-3);
            (fits(&grown, aspect) && out(&grown)).then_some(grown)
        }));
    }
    // The same strip found several times: keep the one shaped most like the model's strip.
    let mut shapes = one_per_strip(cands, aspect);
    // Stripes of a striped cloth or of wood grain come as a family: many parallel shapes of one
    // width. Strips are read a few at a time (at most a handful side by side), so a family larger
    // than [`MAX_SIDE_BY_SIDE`] is the table's pattern, not strips.
    // A row of strips laid out for one photo lies inside it; a table's stripes run off its
    // edges, so a family is a pattern when at least half of it reaches the photo's edge, or when it
    // is larger than any row of strips ([`MAX_ROW`]).
    let family = |a: &Found| {
        let members: Vec<&Found> = shapes
            .iter()
            .filter(|b| {
                let dot = a.frame.axis[0] * b.frame.axis[0] + a.frame.axis[1] * b.frame.axis[1];
                let r = a.frame.width / b.frame.width.max(1e-3);
                dot.abs() > 0.97 && r > 0.8 && r < 1.25
            })
            .collect();
        let at_edge = members.iter().filter(|b| b.touches_edge).count();
        (members.len(), 2 * at_edge >= members.len())
    };
    let keep: Vec<bool> = shapes
        .iter()
        .map(|a| {
            let (n, at_edge) = family(a);
            n <= MAX_SIDE_BY_SIDE || (!at_edge && n <= MAX_ROW)
        })
        .collect();
    let mut k = keep.iter();
    shapes.retain(|_| *k.next().unwrap_or(&true));
    // Strips the colour masks lost into the table (a cloth striped in the strip's colour, a
    // light table): found by their two long edges, where no strip was found (a bar is not one
    // of a pattern: see `bars`), standing out.
    let mut by_label: Vec<Found> = Vec::new();
    // Labels of strips found by the masks: each label's centre and its outer end (the strip's
    // handle end).
    let mut held: Vec<([f32; 2], [f32; 2])> = Vec::new();
    if full {
        let min_length = (0.0008 * aspect * (w * h) as f32).sqrt();
        let mut bars: Vec<Found> = crate::bars::edge_bars(small, aspect, min_length).into_iter().filter(|b| stands_out(small, &b.frame) >= BAR_STANDS_OUT).collect();
        sort_by_key(&mut bars, |b| -shape_score(b, aspect));
        for bar in bars {
            if !shapes.iter().any(|s| overlaps(s, &bar)) {
                shapes.push(bar);
            }
        }
        // Strips found from their handle labels: labels of any strong colour, and of the
        // model's label's hue alone (a label beside a strongly coloured table, which joins it
        // in the first mask).
        if let Some(handle) = handle.filter(|h| h.start > 0.0 && h.start < 1.0) {
            let share = 1.0 - handle.start;
            let white = white_point(small);
            let strong = vivid(small, white);
            let mut labels = labelled_in(small, &strong, aspect, share, white);
            labels.extend(labelled_by_hue(small, &strong, handle.colour.map(f32::from), aspect, share, white));
            for (strip, label) in labels {
                if by_label.iter().any(|s| overlaps(s, &strip)) {
                    continue;
                }
                // A shape found where one is, that leaves out its label or is much longer, is a
                // box off at one end (a piece of the strip, or the strip with the table beside
                // it): the label's stands.
                let over: Vec<bool> = shapes.iter().map(|s| overlaps(s, &strip)).collect();
                let holds_label = shapes.iter().zip(&over).any(|(s, &o)| o && covers(&s.frame, label) && s.frame.length <= 1.3 * strip.frame.length);
                if !holds_label {
                    let mut o = over.iter();
                    shapes.retain(|_| !*o.next().unwrap_or(&false));
                    by_label.push(strip);
                } else {
                    held.push((label, strip.frame.point(0.0, 0.0)));
                }
            }
        }
    }

    let f = factor as f32;
    // Strips found from their labels are as long as their bodies were traced: not lengthened.
    for fd in &mut shapes {
        extend_ends(small, &mut fd.frame, aspect);
        // A strip ends at its handle label's outer end: a box grown past it took in the table.
        for &(label, outer) in &held {
            if covers(&fd.frame, label) {
                trim_past(&mut fd.frame, label, outer);
            }
        }
    }
    let mut found: Vec<Found> = shapes
        .into_iter()
        .chain(by_label)
        .map(|mut fd| {
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
    sort_by_key(&mut found, key);
    (found, scene)
}

/// Debug aid (examples/findmask.rs): the masks the search uses, as 0..255 images.
#[doc(hidden)]
pub fn debug_masks(small: &RgbF, _aspect: f32) -> Vec<Vec<u8>> {
    let (w, h) = (small.width, small.height);
    let background = crate::kernels::border_median(small, (w.min(h) / 33).max(1));
    let dist = colour_distance(&small.data, background);
    let high = otsu(&dist, 442.0).max(40.0);
    let low = (0.35 * high).max(40.0);
    let weak: Vec<bool> = dist.iter().map(|&d| d > low).collect();
    let weak = open3(&weak, w, h);
    let m1: Vec<u8> = dist.iter().zip(weak.iter()).map(|(&d, &k)| if d > high { 255 } else if k { 128 } else { 0 }).collect();
    let whiteness = whiteness(&small.data);
    let cut = otsu(&whiteness, 255.0).max(110.0);
    let m2: Vec<u8> = whiteness.iter().map(|&v| if v > cut { 255 } else { (v * 0.5) as u8 }).collect();
    let dist = local_distance(small);
    let (labels, _) = hysteresis(&dist, w, h);
    let m3: Vec<u8> = labels.iter().zip(&dist).map(|(&l, &d)| if l > 0 { 255 } else { (d * 0.5).min(100.0) as u8 }).collect();
    vec![m1, m2, m3]
}

/// Labelled components of the "differs from the table" mask, by hysteresis on `dist` (each
/// pixel's colour distance from the table): components of the "somewhat different" mask, after
/// a 3x3 opening, that hold at least one "clearly different" pixel. The high level is Otsu's
/// cut (strip vs table); the low level lets a coloured handle label that is nearer the table's
/// colour join its strip. A colour difference under 40 (of 441) is lighting or shadow, not an
/// object.
fn hysteresis(dist: &[f32], w: usize, h: usize) -> (Vec<u32>, usize) {
    let high = otsu(dist, 442.0).max(40.0);
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
    (labels, count)
}

#[inline]
pub(crate) fn colour_dist(a: [f32; 3], b: [f32; 3]) -> f32 {
    let d = [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
    (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt()
}

/// Each pixel's colour distance from the table's colour near it. That colour: `small` averaged into cells (about 64
/// across its short side), then a median over a window of a fifth of the short side,
/// along rows and then along columns, per channel, interpolated back to pixels. A strip (at
/// most about a third of that window wide, at any angle) is thinner than half the window along
/// a row or a column, so the medians drop it; a straight edge between two parts of the table
/// (a shadow's edge, a two-coloured table) stays where it is, since a median keeps a step.
fn local_distance(small: &RgbF) -> Vec<f32> {
    let (w, h) = (small.width, small.height);
    let c = (w.min(h) / 64).max(1);
    let (cw, ch) = (w.div_ceil(c), h.div_ceil(c));
    let mut cells = vec![[0.0f32; 3]; cw * ch];
    let mut n = vec![0u32; cw * ch];
    let cell_of: Vec<usize> = (0..w).map(|x| x / c).collect();
    // Every other row is plenty for a cell's mean (the small image is already an average).
    for y in (0..h).step_by(2) {
        let row = &small.data[y * w..(y + 1) * w];
        let base = (y / c) * cw;
        for (p, &cx) in row.iter().zip(&cell_of) {
            let cell = &mut cells[base + cx];
            cell[0] += p[0];
            cell[1] += p[1];
            cell[2] += p[2];
            n[base + cx] += 1;
        }
    }
    for (cell, &k) in cells.iter_mut().zip(&n) {
        for v in cell.iter_mut() {
            *v /= k.max(1) as f32;
        }
    }
    let r = (cw.min(ch) / 10).max(1);
    // Running medians over 64-level histograms (4 units a level: plenty for a table's colour).
    let running_median = |get: &dyn Fn(usize) -> f32, len: usize, out: &mut dyn FnMut(usize, f32)| {
        let level = |v: f32| ((v * 0.25) as usize).min(63);
        let mut hist = [0u32; 64];
        // The median's level `m` and how many values lie below it.
        let (mut inside, mut m, mut below) = (0u32, 0usize, 0u32);
        let put = |v: f32, add: bool, hist: &mut [u32; 64], inside: &mut u32, below: &mut u32, m: usize| {
            let l = level(v);
            if add {
                hist[l] += 1;
                *inside += 1;
                *below += (l < m) as u32;
            } else {
                hist[l] -= 1;
                *inside -= 1;
                *below -= (l < m) as u32;
            }
        };
        for i in 0..r.min(len) {
            put(get(i), true, &mut hist, &mut inside, &mut below, m);
        }
        for at in 0..len {
            if at + r < len {
                put(get(at + r), true, &mut hist, &mut inside, &mut below, m);
            }
            if at > r {
                put(get(at - r - 1), false, &mut hist, &mut inside, &mut below, m);
            }
            // Move `m` to the lowest level whose running count passes half.
            while m < 63 && 2 * (below + hist[m]) <= inside {
                below += hist[m];
                m += 1;
            }
            while m > 0 && 2 * below > inside {
                m -= 1;
                below -= hist[m];
            }
            out(at, m as f32 * 4.0 + 2.0);
        }
    };
    let mut rows = vec![[0.0f32; 3]; cw * ch];
    for y in 0..ch {
        for j in 0..3 {
            running_median(&|i| cells[y * cw + i][j], cw, &mut |x, v| rows[y * cw + x][j] = v);
        }
    }
    for x in 0..cw {
        for j in 0..3 {
            running_median(&|i| rows[i * cw + x][j], ch, &mut |y, v| cells[y * cw + x][j] = v);
        }
    }
    // Back to pixels: bilinear between cell centres, a row at a time.
    let taps = |len: usize, n: usize| -> Vec<(usize, usize, f32)> {
        (0..len)
            .map(|x| {
                let u = (x as f32 + 0.5) / c as f32 - 0.5;
                let u = if u < 0.0 { 0.0 } else { u };
                let i0 = (u as usize).min(n - 1);
                let i1 = (i0 + 1).min(n - 1);
                (i0, i1, u - i0 as f32)
            })
            .collect()
    };
    let (tx, ty) = (taps(w, cw), taps(h, ch));
    let mut line = vec![[0.0f32; 3]; cw];
    let mut bg = vec![[0.0f32; 3]; w];
    let mut out = vec![0.0f32; w * h];
    for ((row, dst), &(y0, y1, fy)) in small.data.chunks_exact(w).zip(out.chunks_exact_mut(w)).zip(&ty) {
        for (x, v) in line.iter_mut().enumerate() {
            let (a, b) = (cells[y0 * cw + x], cells[y1 * cw + x]);
            *v = [a[0] + (b[0] - a[0]) * fy, a[1] + (b[1] - a[1]) * fy, a[2] + (b[2] - a[2]) * fy];
        }
        for (v, &(x0, x1, fx)) in bg.iter_mut().zip(&tx) {
            let (a, b) = (line[x0], line[x1]);
            *v = [a[0] + (b[0] - a[0]) * fx, a[1] + (b[1] - a[1]) * fx, a[2] + (b[2] - a[2]) * fx];
        }
        for ((d, p), b) in dst.iter_mut().zip(row).zip(&bg) {
            let (r, g, bl) = (p[0] - b[0], p[1] - b[1], p[2] - b[2]);
            *d = (r * r + g * g + bl * bl).sqrt();
        }
    }
    out
}

/// Elongated shapes among the thin parts of the components of a labelled mask that are not
/// strip-shaped themselves (`failed`: label and bounding box, from [`elongated_shapes`]): what
/// is left of each once its thick parts (those holding a `k x k` square, with a margin) are
/// taken away, for a few `k` from a fortieth to a thirteenth of the image's short side. A glare
/// spot on a strip, a card or a lid under its end, a blob of a pattern beside it: each wider
/// than the strip and joined to it in the mask, so the whole is no strip's shape; without them
/// the strip is (in one piece, or in two that [`joined_pieces`] joins again).
fn thin_parts(labels: &[u32], w: usize, h: usize, aspect: f32, failed: &[(u32, [usize; 4])]) -> Vec<Found> {
    let short = w.min(h);
    let mut out = Vec::new();
    let Some((mask, bw, bh, at)) = failed_mask(labels, w, h, failed) else {
        return out;
    };
    for k in [short / 40, short / 22, short / 13] {
        if k < 4 || k >= bw.min(bh) {
            continue;
        }
        let thick = dilate_box(&erode_box(&mask, bw, bh, k), bw, bh, k + 2);
        if !thick.iter().any(|&t| t) {
            continue;
        }
        let thin: Vec<bool> = mask.iter().zip(&thick).map(|(&m, &t)| m && !t).collect();
        let (sub, count) = label4(&open3(&thin, bw, bh), bw, bh);
        out.extend(elongated_shapes_at(&sub, count, bw, bh, aspect, at).whole);
    }
    out
}

/// Elongated shapes among the thick parts of the same components (see [`thin_parts`]): each
/// opened by a `k x k` square, for `k` of 4 pixels and of a fiftieth of the image's short side.
/// A shadow's edge or a seam of the table, a line a pixel or two wide, that meets a strip joins
/// it in the mask into no strip's shape; opened, the strip is left alone.
fn opened_parts(labels: &[u32], w: usize, h: usize, aspect: f32, failed: &[(u32, [usize; 4])]) -> Vec<Found> {
    let mut out = Vec::new();
    let Some((mask, bw, bh, at)) = failed_mask(labels, w, h, failed) else {
        return out;
    };
    let mut sizes = vec![4usize, w.min(h) / 50];
    sizes.dedup();
    for k in sizes {
        if k < 4 || k >= bw.min(bh) {
            continue;
        }
        let opened = dilate_box(&erode_box(&mask, bw, bh, k), bw, bh, k);
        let (sub, count) = label4(&opened, bw, bh);
        out.extend(elongated_shapes_at(&sub, count, bw, bh, aspect, at).whole);
    }
    out
}

/// The `failed` components of a labelled mask, all at once, over the box that holds them (they
/// are apart, so an erosion of one does not reach another but within a couple of pixels): the
/// mask, its size, and where it lies. `None` when there are none.
fn failed_mask(labels: &[u32], w: usize, h: usize, failed: &[(u32, [usize; 4])]) -> Option<(Vec<bool>, usize, usize, Place)> {
    if failed.is_empty() {
        return None;
    }
    let top = failed.iter().map(|&(l, _)| l as usize).max().unwrap_or(0);
    let mut chosen = vec![false; top + 1];
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for &(label, b) in failed {
        if let Some(c) = chosen.get_mut(label as usize) {
            *c = true;
        }
        (x0, y0, x1, y1) = (x0.min(b[0]), y0.min(b[1]), x1.max(b[2]), y1.max(b[3]));
    }
    if x1 >= w || y1 >= h || x0 > x1 || y0 > y1 {
        return None;
    }
    let (bw, bh) = (x1 - x0 + 1, y1 - y0 + 1);
    let mut mask = vec![false; bw * bh];
    for y in 0..bh {
        let row = &labels[(y0 + y) * w + x0..(y0 + y) * w + x0 + bw];
        for (m, &l) in mask[y * bw..(y + 1) * bw].iter_mut().zip(row) {
            *m = chosen.get(l as usize).copied().unwrap_or(false);
        }
    }
    Some((mask, bw, bh, Place { x0, y0, w, h }))
}

/// Erosion of a mask by a `k x k` square (a pixel stays when the square centred on it, shifted
/// by half a pixel for an even `k`, is all set; outside the image counts as unset).
fn erode_box(mask: &[bool], w: usize, h: usize, k: usize) -> Vec<bool> {
    box_filter(mask, w, h, k, true)
}

/// Dilation of a mask by a `k x k` square (see [`erode_box`]).
fn dilate_box(mask: &[bool], w: usize, h: usize, k: usize) -> Vec<bool> {
    box_filter(mask, w, h, k, false)
}

/// Along rows, then along columns: each pixel becomes "all set" (`all`) or "any set" (not
/// `all`) over the `k` pixels from `k / 2` before it, by running counts.
fn box_filter(mask: &[bool], w: usize, h: usize, k: usize, all: bool) -> Vec<bool> {
    let before = k / 2;
    let keep = |count: usize| if all { count == k } else { count > 0 };
    let mut rows = vec![false; w * h];
    for (src, dst) in mask.chunks_exact(w).zip(rows.chunks_exact_mut(w)) {
        let mut count: usize = src[..(k - before).min(w)].iter().map(|&m| m as usize).sum();
        for i in 0..w {
            dst[i] = keep(count);
            if i + k - before < w {
                count += src[i + k - before] as usize;
            }
            if i >= before {
                count -= src[i - before] as usize;
            }
        }
    }
    // Columns: a running count per column, a row at a time.
    let mut out = vec![false; w * h];
    let mut count = vec![0usize; w];
    for row in rows.chunks_exact(w).take((k - before).min(h)) {
        for (c, &m) in count.iter_mut().zip(row) {
            *c += m as usize;
        }
    }
    for y in 0..h {
        for (o, &c) in out[y * w..(y + 1) * w].iter_mut().zip(&count) {
            *o = keep(c);
        }
        if y + k - before < h {
            for (c, &m) in count.iter_mut().zip(&rows[(y + k - before) * w..(y + k - before + 1) * w]) {
                *c += m as usize;
            }
        }
        if y >= before {
            for (c, &m) in count.iter_mut().zip(&rows[(y - before) * w..(y - before + 1) * w]) {
                *c -= m as usize;
            }
        }
    }
    out
}

/// The share of places along `frame` (small-image pixels) where its middle differs from the
/// table beside both of its long sides: just outside each, and up to two widths further out
/// (by more than a colour distance of 30: lighting differences are smaller). A strip on a
/// table does; a patch of a pattern, or one stripe of a striped cloth with the next stripe of
/// its colour a width or two away, does not. Places whose sides fall outside the image do not
/// count.
fn stands_out(small: &RgbF, frame: &Frame) -> f32 {
    // A wide shape (a cassette) may reach the photo's edge within two widths at most places:
    // then it is looked at as near as a strip of its length would be.
    let (seen, apart) = stands_out_at(small, frame, frame.width);
    let (seen, apart) = if seen * 3 < STANDS_OUT_PLACES as u32 { stands_out_at(small, frame, frame.width.min(frame.length / 8.0)) } else { (seen, apart) };
    if seen == 0 {
        return 0.0;
    }
    apart as f32 / seen as f32
}

const STANDS_OUT_PLACES: usize = 24;

/// [`stands_out`] with the widths out measured in `step` px: how many places were looked at
/// (all their sides in the photo), and at how many the strip differed from both sides.
fn stands_out_at(small: &RgbF, frame: &Frame, step: f32) -> (u32, u32) {
    let at = |p: [f32; 2]| pixel(small, p);
    let (step, wd) = (step.max(1e-3), frame.width.max(1e-3));
    let near = 0.5 + (0.3 * step).max(2.0) / wd;
    let (mut seen, mut apart) = (0u32, 0u32);
    'place: for k in 0..STANDS_OUT_PLACES {
        let s = 0.05 + 0.9 * (k as f32 + 0.5) / STANDS_OUT_PLACES as f32;
        let Some(c) = at(frame.point(s, 0.0)) else { continue };
        let mut differs = true;
        for t in [near, near + 0.75 * step / wd, near + 1.5 * step / wd] {
            let (Some(a), Some(b)) = (at(frame.point(s, -t)), at(frame.point(s, t))) else { continue 'place };
            differs &= colour_dist(c, a) > 30.0 && colour_dist(c, b) > 30.0;
        }
        seen += 1;
        apart += differs as u32;
    }
    (seen, apart)
}

/// How much a found shape looks like the model's strip: its fill times how near its
/// length/width is to the model's (1 = a perfect rectangle of the model's proportions).
fn shape_score(f: &Found, aspect: f32) -> f32 {
    let elongation = f.frame.length / f.frame.width.max(1e-3);
    f.fill * (-(elongation / aspect).ln().abs()).exp()
}

/// Elongated, well-filled components of a labelled mask (strips and pieces of strips), in
/// small-image pixels.
fn elongated_shapes(labels: &[u32], count: usize, w: usize, h: usize, aspect: f32) -> Shapes {
    elongated_shapes_at(labels, count, w, h, aspect, Place { x0: 0, y0: 0, w, h })
}

/// Where a labelled mask of `w x h` lies in the small image: its top-left corner there, and
/// the small image's size.
#[derive(Debug, Clone, Copy)]
struct Place {
    x0: usize,
    y0: usize,
    w: usize,
    h: usize,
}

/// [`elongated_shapes`] of a mask covering part of the small image (`at`); sizes are judged
/// against the whole small image.
fn elongated_shapes_at(labels: &[u32], count: usize, w: usize, _h: usize, aspect: f32, at: Place) -> Shapes {
    let min_elongation = (aspect * 0.55).max(1.15).min(MIN_PIECE_ELONGATION);
    // A labelled mask is mostly background: visit only its labelled pixels (raster order).
    let on = nonzero_indices(labels);
    let mut stats = vec![Moments::default(); count];
    let (ox, oy) = (at.x0 as f64, at.y0 as f64);
    for &i in &on {
        let (i, l) = (i as usize, labels[i as usize]);
        let (x, y) = (i % w, i / w);
        let (gx, gy) = (x + at.x0, y + at.y0);
        let edge = gx == 0 || gy == 0 || gx + 1 == at.w || gy + 1 == at.h;
        stats[(l - 1) as usize].add(x, y, gx as f64 + 0.5, gy as f64 + 0.5, edge);
    }
    let total = (at.w * at.h) as f64;
    let min_n = (total * 0.0008).max(12.0);
    let mut shapes: Vec<Option<Shape>> = stats
        .iter()
        .map(|m| {
            // At least ~0.08 % of the frame and not most of it.
            if m.n < min_n || m.n > total * 0.6 {
                return None;
            }
            Some(m.shape())
        })
        .collect();
    // Second pass: extents along and across each kept component's axis.
    for &i in &on {
        let (i, l) = (i as usize, labels[i as usize]);
        if let Some(s) = shapes[(l - 1) as usize].as_mut() {
            s.extend((i % w) as f64 + 0.5 + ox, (i / w) as f64 + 0.5 + oy);
        }
    }
    // A shape measured on its extents, the part of it inside [u0, u1] x [v0, v1] holding `inside`
    // of its pixels: a strip's piece when well filled and elongated.
    let piece_of = |s: &Shape, m: &Moments, (u0, u1, v0, v1): (f64, f64, f64, f64), inside: f64| {
        let length = (u1 - u0 + 1.0) as f32;
        let width = (v1 - v0 + 1.0) as f32;
        let fill = (inside as f32) / (length * width);
        let elongation = length / width.max(1e-3);
        if width < 2.0 || fill < 0.6 || elongation < min_elongation {
            return None;
        }
        let uc = 0.5 * (u1 + u0);
        let vc = 0.5 * (v1 + v0);
        let (ax, ay) = (s.axis[0], s.axis[1]);
        Some(Found {
            frame: Frame {
                centre: [(s.cx + ax * uc - ay * vc) as f32, (s.cy + ay * uc + ax * vc) as f32],
                axis: [ax as f32, ay as f32],
                length,
                width,
                keystone: 0.0,
            },
            fill,
            touches_edge: m.edge,
        })
    };
    let mut pieces: Vec<Option<Found>> = stats
        .iter()
        .zip(shapes.iter())
        .map(|(m, s)| s.as_ref().and_then(|s| piece_of(s, m, (s.umin, s.umax, s.vmin, s.vmax), m.n)))
        .collect();
    // A strip touched by a small blob (a shadow's edge crossing it, a spot of glare, a scrap of
    // the table's pattern) is no strip's shape on its full extents, which the blob widens:
    // measured again on its spine, the band of one width that most of it is, it is.
    let retry: Vec<bool> = (0..count).map(|l| shapes[l].is_some() && pieces[l].is_none()).collect();
    if retry.iter().any(|&r| r) {
        let mut coords: Vec<Vec<(f64, f64)>> = vec![Vec::new(); count];
        for &i in &on {
            let (i, l) = (i as usize, labels[i as usize] as usize - 1);
            if let (true, Some(s)) = (retry[l], shapes[l].as_ref()) {
                let (dx, dy) = ((i % w) as f64 + 0.5 + ox - s.cx, (i / w) as f64 + 0.5 + oy - s.cy);
                coords[l].push((dx * s.axis[0] + dy * s.axis[1], -dx * s.axis[1] + dy * s.axis[0]));
            }
        }
        for (l, uv) in coords.iter().enumerate().filter(|(_, uv)| !uv.is_empty()) {
            let (Some(s), m) = (shapes[l].as_ref(), &stats[l]) else { continue };
            // Most of the component is the band: a strip with a small blob on it, not a band
            // through a blob of the table.
            pieces[l] = spine(uv)
                .filter(|b| b.4 >= MIN_SPINE_SHARE * m.n)
                .and_then(|(u0, u1, v0, v1, inside)| piece_of(s, m, (u0, u1, v0, v1), inside));
        }
    }
    let mut out = Shapes::default();
    for (label, (m, piece)) in stats.iter().zip(pieces).enumerate() {
        // A component measured again on its spine is also cut up as one that failed (its thin
        // and opened parts), in case the band is not the strip.
        if piece.is_none() || retry[label] {
            // Not a table's whole pattern (the cost of cutting it up is for pieces of one).
            if m.n >= 2.0 * min_n && m.n <= 0.2 * total {
                out.failed.push((label as u32 + 1, m.bbox));
            }
        }
        if retry[label] {
            out.spines.extend(piece);
        } else {
            out.whole.extend(piece);
        }
    }
    out
}

/// What [`elongated_shapes_at`] makes of a labelled mask.
#[derive(Debug, Default)]
struct Shapes {
    /// Components that are elongated and well filled as they are.
    whole: Vec<Found>,
    /// Components that are so on their spine (a strip with a blob on it; see [`spine`]).
    spines: Vec<Found>,
    /// Label and bounding box (x0, y0, x1, y1, in the mask's pixels) of each component large
    /// enough to hold a strip that is no strip's shape as it is.
    failed: Vec<(u32, [usize; 4])>,
}

/// More parallel shapes of one width than this, reaching the photo's edge, are a pattern of the
/// table (see `find_strips`).
const MAX_SIDE_BY_SIDE: usize = 5;

/// A family of parallel shapes of one width larger than this is a pattern wherever it lies: a
/// row of strips laid out inside the photo is a handful, not dozens (a blurred checkerboard
/// smears into rows of short bars that reach no edge).
const MAX_ROW: usize = 2 * MAX_SIDE_BY_SIDE;

/// Share of places along a bar found by its edges (see `bars`) where it must stand out from the
/// table on both sides.
const BAR_STANDS_OUT: f32 = 0.3;

/// Share of a component's pixels its spine must hold for the spine to stand for it.
const MIN_SPINE_SHARE: f64 = 0.75;

/// The straight band of one width that most of a component's length is (its spine), from its
/// pixels' places `(u, v)` along and across its axis: the extents `(u0, u1, v0, v1)` of the
/// band and the pixels it holds, a blob on it counted only as far as the band's width. The
/// band's width is the median of the component's width a pixel at a time along it; a step
/// belongs to the band when its width is near that and its middle on the band's, and the band
/// runs from the first such step to the last across gaps of at most two widths. `None` when
/// fewer than half the steps belong to it.
fn spine(uv: &[(f64, f64)]) -> Option<(f64, f64, f64, f64, f64)> {
    // Comparisons, not f64::min/max (a libm call in wasm); u is never NaN.
    let u_min = uv.iter().fold(f64::MAX, |a, p| if p.0 < a { p.0 } else { a });
    let u_max = uv.iter().fold(f64::MIN, |a, p| if p.0 > a { p.0 } else { a });
    let steps = (u_max - u_min).floor() as usize + 1;
    let mut count = vec![0u32; steps];
    let mut v_sum = vec![0.0f64; steps];
    for &(u, v) in uv {
        let k = ((u - u_min) as usize).min(steps - 1);
        count[k] += 1;
        v_sum[k] += v;
    }
    let widths: Vec<f32> = count.iter().filter(|&&c| c > 0).map(|&c| c as f32).collect();
    let width = crate::kernels::median(&widths) as f64;
    if width < 2.0 {
        return None;
    }
    let near = |c: u32| (0.6 * width..=1.5 * width).contains(&(c as f64));
    let mids: Vec<f32> = (0..steps).filter(|&k| near(count[k])).map(|k| (v_sum[k] / count[k] as f64) as f32).collect();
    if 2 * mids.len() < steps {
        return None;
    }
    let mid = crate::kernels::median(&mids) as f64;
    let on = |k: usize| near(count[k]) && (v_sum[k] / count[k] as f64 - mid).abs() <= 0.35 * width;
    // The longest run of band steps with gaps of at most two widths.
    let max_gap = (2.0 * width).ceil() as usize;
    let band: Vec<usize> = (0..steps).filter(|&k| on(k)).collect();
    let first = *band.first()?;
    let (mut best, mut run_start) = ((first, first), first);
    for pair in band.windows(2) {
        if pair[1] - pair[0] > max_gap + 1 {
            run_start = pair[1];
        }
        if pair[1] - run_start > best.1 - best.0 {
            best = (run_start, pair[1]);
        }
    }
    let (k0, k1) = best;
    let inside: f64 = (k0..=k1).map(|k| (count[k] as f64).min(width)).sum();
    Some((u_min + k0 as f64, u_min + k1 as f64, mid - 0.5 * width + 0.5, mid + 0.5 * width - 0.5, inside))
}

/// Length over width of the shortest piece of a strip that [`joined_pieces`] joins.
const MIN_PIECE_ELONGATION: f32 = 2.5;

/// Shaped like the model's strip: its length/width near the model's.
fn fits(f: &Found, aspect: f32) -> bool {
    let elongation = f.frame.length / f.frame.width.max(1e-3);
    elongation >= (aspect * 0.55).max(1.15) && elongation <= aspect * 1.6
}

/// One strip seen as two pieces in a line (a shadow across it, a glare spot or a stain cut it):
/// pairs of pieces along one axis, of about one width, with a gap shorter than the pieces,
/// joined into one frame when the whole is shaped like the model's strip.
fn joined_pieces(pieces: &[Found], aspect: f32) -> Vec<Found> {
    let mut out = Vec::new();
    for (i, a) in pieces.iter().enumerate() {
        for b in &pieces[i + 1..] {
            let (fa, fb) = (&a.frame, &b.frame);
            let dot = fa.axis[0] * fb.axis[0] + fa.axis[1] * fb.axis[1];
            if dot.abs() < 0.97 {
                continue;
            }
            let (wmin, wmax) = if fa.width < fb.width { (fa.width, fb.width) } else { (fb.width, fa.width) };
            if wmax > 1.5 * wmin {
                continue;
            }
            let d = [fb.centre[0] - fa.centre[0], fb.centre[1] - fa.centre[1]];
            let along = d[0] * fa.axis[0] + d[1] * fa.axis[1];
            let n = fa.normal();
            let across = d[0] * n[0] + d[1] * n[1];
            if across.abs() > 0.5 * wmin {
                continue;
            }
            let gap = along.abs() - 0.5 * (fa.length + fb.length);
            let shorter = if fa.length < fb.length { fa.length } else { fb.length };
            if gap < 0.0 || gap > shorter {
                continue;
            }
            // Span of both along a's axis (b's ends projected on it).
            let (a0, a1) = (-0.5 * fa.length, 0.5 * fa.length);
            let (b0, b1) = (along - 0.5 * fb.length, along + 0.5 * fb.length);
            let lo = if a0 < b0 { a0 } else { b0 };
            let hi = if a1 > b1 { a1 } else { b1 };
            let length = hi - lo;
            let width = wmax;
            let mid = 0.5 * (lo + hi);
            let frame = Frame {
                centre: [fa.centre[0] + fa.axis[0] * mid + n[0] * 0.5 * across, fa.centre[1] + fa.axis[1] * mid + n[1] * 0.5 * across],
                axis: fa.axis,
                length,
                width,
                keystone: 0.0,
            };
            let area = a.fill * fa.length * fa.width + b.fill * fb.length * fb.width;
            let joined = Found { frame, fill: area / (length * width), touches_edge: a.touches_edge || b.touches_edge };
            if fits(&joined, aspect) {
                out.push(joined);
            }
        }
    }
    out
}

/// [`labelled_in`] on the photo's strong colours (of `hue`'s hue only, if given): for tests.
#[cfg(test)]
fn labelled(small: &RgbF, aspect: f32, share: f32, hue: Option<[f32; 3]>) -> Vec<(Found, [f32; 2])> {
    let white = white_point(small);
    let vivid = vivid(small, white);
    match hue {
        None => labelled_in(small, &vivid, aspect, share, white),
        Some(q) => labelled_in(small, &of_hue(small, &vivid, q), aspect, share, white),
    }
}

/// Strong colour: the channels' spread is large, and a large part of the brightest (a grey,
/// white or black table, and a strip's membrane, are not), in the photo's light turned white
/// (see [`white_point`]: a warm light's tint on a membrane would join it to its label).
fn vivid(small: &RgbF, white: [f32; 3]) -> Vec<bool> {
    small
        .data
        .iter()
        .map(|p| {
            let (hi, lo) = spread(&balanced(p, white));
            hi - lo >= LABEL_MIN_SPREAD && hi - lo >= LABEL_MIN_CHROMA * hi
        })
        .collect()
}

/// The pixels of `mask` whose hue is near `colour`'s.
#[cfg(test)]
fn of_hue(small: &RgbF, mask: &[bool], colour: [f32; 3]) -> Vec<bool> {
    let target = hue(colour);
    small.data.iter().zip(mask).map(|(p, &m)| m && hue_angle(hue(*p), target) <= LABEL_HUE_ANGLE).collect()
}

/// [`labelled_in`] on the strong colours (`strong`) of one hue at a time: the model's label's
/// (`colour`), and every sixth of the colour wheel. Among all strong colours a label beside a
/// patch of another strong colour (a brown or pink table) is one shape with it; a label's
/// colour differs from the model's between lots and in a warm or cool light. A mask the same
/// as `strong` (no strong colour of another hue), or to one already labelled, is left out: it
/// finds the same labels. Each strong pixel's hue is taken once.
fn labelled_by_hue(small: &RgbF, strong: &[bool], colour: [f32; 3], aspect: f32, share: f32, white: [f32; 3]) -> Vec<(Found, [f32; 2])> {
    let hues: Vec<Option<f32>> = small.data.iter().zip(strong).map(|(p, &m)| m.then(|| hue(*p))).collect();
    let mut labels = Vec::new();
    let mut seen: Vec<Vec<bool>> = Vec::new();
    for target in std::iter::once(hue(colour)).chain((0..6).map(|k| 60.0 * k as f32)) {
        let hued: Vec<bool> = hues.iter().map(|h| h.is_some_and(|h| hue_angle(h, target) <= LABEL_HUE_ANGLE)).collect();
        if hued != strong && !seen.contains(&hued) && hued.iter().filter(|&&v| v).count() >= 20 {
            labels.extend(labelled_in(small, &hued, aspect, share, white));
            seen.push(hued);
        }
    }
    labels
}

/// Strips found from their handle labels, for models whose dipsticks have one (`share` of the
/// strip's length at its handle end, across its whole width), with each label's centre: where
/// the masks lost a strip's white membrane into the table (a striped cloth, a cluttered or
/// light table), its label, a block of strong colour (`vivid`) shaped like one, still stands
/// out. The strip runs on from one end of the label: it is taken where its body can be traced
/// (see [`body_walk`]) that way and not the other. In small-image pixels.
fn labelled_in(small: &RgbF, vivid: &[bool], aspect: f32, share: f32, white: [f32; 3]) -> Vec<(Found, [f32; 2])> {
    let (w, h) = (small.width, small.height);
    // Only the part of the photo around its strong colours is labelled (3 pixels beyond them:
    // the closing below gives the same there as on the whole photo).
    let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
    for (i, _) in vivid.iter().enumerate().filter(|(_, &v)| v) {
        let (x, y) = (i % w, i / w);
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x + 1), y1.max(y + 1));
    }
    if x0 >= x1 {
        return Vec::new();
    }
    let (x0, y0, x1, y1) = (x0.saturating_sub(3), y0.saturating_sub(3), (x1 + 3).min(w), (y1 + 3).min(h));
    let cw = x1 - x0;
    // Closed, so that the label's printed letters do not break it up.
    // (A 3x3 closing: the opening of what is not strong colour, turned over.)
    let gaps: Vec<bool> = (y0..y1).flat_map(|y| vivid[y * w + x0..y * w + x1].iter().map(|&v| !v)).collect();
    let closed: Vec<bool> = open3(&gaps, cw, y1 - y0).into_iter().map(|g| !g).collect();
    let (labels, count) = label4(&closed, cw, y1 - y0);
    let on = nonzero_indices(&labels);
    let at = |i: u32| ((i as usize % cw + x0) as f64 + 0.5, (i as usize / cw + y0) as f64 + 0.5);
    let mut stats = vec![Moments::default(); count];
    for &i in &on {
        let l = labels[i as usize];
        let (x, y) = at(i);
        stats[(l - 1) as usize].add(i as usize % cw, i as usize / cw, x, y, false);
    }
    let total = (w * h) as f64;
    let mut shapes: Vec<Option<Shape>> = stats.iter().map(|m| (m.n >= (total * 0.0002).max(20.0) && m.n <= total * 0.05).then(|| m.shape())).collect();
    for &i in &on {
        if let Some(s) = shapes[(labels[i as usize] - 1) as usize].as_mut() {
            let (x, y) = at(i);
            s.extend(x, y);
        }
    }
    let expected = aspect * share;
    let mut out = Vec::new();
    for (m, s) in stats.iter().zip(&shapes) {
        let Some(s) = s else { continue };
        let (l, wd) = ((s.umax - s.umin + 1.0) as f32, (s.vmax - s.vmin + 1.0) as f32);
        let fill = m.n as f32 / (l * wd);
        let elongation = l / wd;
        if wd < 3.0 || fill < 0.7 || elongation < 0.5 * expected || elongation > 1.5 * expected {
            continue;
        }
        let axis = [s.axis[0] as f32, s.axis[1] as f32];
        let (uc, vc) = (0.5 * (s.umax + s.umin), 0.5 * (s.vmax + s.vmin));
        let centre = [(s.cx + s.axis[0] * uc - s.axis[1] * vc) as f32, (s.cy + s.axis[1] * uc + s.axis[0] * vc) as f32];
        let colour = label_colour(small, centre, axis, l, wd);
        // Traced from the label's inner end at +d along the axis, where its body ends.
        let reach = 1.3 * (l / share).max(aspect * wd) * (1.0 - share);
        let walk = |d: f32| {
            let start = [centre[0] + d * axis[0] * 0.5 * l, centre[1] + d * axis[1] * 0.5 * l];
            let outer = [centre[0] - d * axis[0] * 0.5 * l, centre[1] - d * axis[1] * 0.5 * l];
            body_walk(small, start, [d * axis[0], d * axis[1]], wd, reach, colour, white).map(|end| (outer, end)).filter(|&(outer, end)| {
                // The body's length for the label's: a slant changes it (the near end looks
                // longer); and the whole strip's for its width.
                let length = ((end[0] - outer[0]).powi(2) + (end[1] - outer[1]).powi(2)).sqrt();
                let ratio = (length - l) / l * share / (1.0 - share);
                (0.6..=1.7).contains(&ratio) && length / wd >= 0.5 * aspect && length / wd <= 1.4 * aspect
            })
        };
        let (ends_a, ends_b) = (walk(1.0), walk(-1.0));
        let (outer, end) = match (ends_a, ends_b) {
            (Some(e), None) | (None, Some(e)) => e,
            _ => continue,
        };
        let v = [end[0] - outer[0], end[1] - outer[1]];
        let traced = (v[0] * v[0] + v[1] * v[1]).sqrt().max(1e-3);
        let axis = [v[0] / traced, v[1] / traced];
        // The trace stops early where the sample pad looks like the table; the label tells
        // how long the strip is at least.
        let length = traced.max(l / share);
        let frame = Frame { centre: [outer[0] + 0.5 * length * axis[0], outer[1] + 0.5 * length * axis[1]], axis, length, width: wd, keystone: 0.0 };
        let inside = |p: [f32; 2]| p[0] >= 0.0 && p[1] >= 0.0 && p[0] <= w as f32 && p[1] <= h as f32;
        let touches_edge = !frame.corners(0.0, 1.0).into_iter().all(inside);
        out.push((Found { frame, fill, touches_edge }, centre));
    }
    out
}

/// Spread of the channels (of 255) below which a colour is too dull to call a label's (a dark
/// table's faint tint, in noise).
const LABEL_MIN_SPREAD: f32 = 40.0;
/// Spread of the channels, as a share of the brightest, from which a colour is strong (a label's).
const LABEL_MIN_CHROMA: f32 = 0.35;
/// How far apart two colours' shares of red, green and blue are (the largest difference): a
/// change of light alone (a shadow) leaves them; another colour does not.
pub(crate) fn hue_dist(a: [f32; 3], b: [f32; 3]) -> f32 {
    let (sa, sb) = ((a[0] + a[1] + a[2]).max(1.0), (b[0] + b[1] + b[2]).max(1.0));
    (0..3).map(|c| (a[c] / sa - b[c] / sb).abs()).fold(0.0, |m, d| if d > m { d } else { m })
}

/// The largest and smallest channel of a colour (comparisons: `f32::max` is a libm call in
/// wasm, and this runs on every pixel).
#[inline]
fn spread(p: &[f32; 3]) -> (f32, f32) {
    let (mut hi, mut lo) = (p[0], p[0]);
    for &v in &p[1..] {
        if v > hi {
            hi = v;
        }
        if v < lo {
            lo = v;
        }
    }
    (hi, lo)
}

/// A colour's hue (degrees, -60..300) on the colour wheel.
fn hue(p: [f32; 3]) -> f32 {
    let (hi, lo) = spread(&p);
    let d = if hi - lo > 1e-3 { hi - lo } else { 1e-3 };
    let h = if hi == p[0] {
        (p[1] - p[2]) / d
    } else if hi == p[1] {
        2.0 + (p[2] - p[0]) / d
    } else {
        4.0 + (p[0] - p[1]) / d
    };
    60.0 * h
}

/// The angle (degrees, 0..180) between two hues ([`hue`]).
fn hue_angle(a: f32, b: f32) -> f32 {
    // Hues lie in -60..300: the difference is at most 360 apart (no remainder needed, a libm
    // call in wasm).
    let diff = (a - b).abs();
    if diff > 180.0 { 360.0 - diff } else { diff }
}

/// How far (degrees) a label's hue may be from the model's label colour's, in the light of a
/// photo (a warm or cool light turns it).
const LABEL_HUE_ANGLE: f32 = 35.0;

/// Colour shares ([`hue_dist`]) of a strip's body stay within this of their mean along it.
const LABEL_BODY_HUE: f32 = 0.035;
/// A strip's body is at most this much as coloured as its label (channels' spread).
const LABEL_BODY_CHROMA: f32 = 0.5;
/// How far across (small-image pixels) a traced strip body's middle may move per pixel along
/// it (about 4°).
const LABEL_DRIFT: f32 = 0.07;
/// Widest gap (in strip widths) a traced body crosses where something lies across the strip.
const CROSSING_WIDTHS: f32 = 4.0;
/// How much of the body (in strip widths) must be traced before such a gap, and seen past it:
/// longer than a checkerboard's squares, whose rows of light squares are no strip.
const CROSSING_SEEN: f32 = 1.5;
/// The gap crossed at most this share of the body seen before it.
const CROSSING_GAP_SHARE: f32 = 0.5;
/// Share of the way along a strip's body that must look like one (membrane or pad).
const LABEL_BODY_SCORE: f32 = 0.7;

/// Share of the photo's pixels, the brightest, whose mean colour is taken for the light's.
const WHITE_SHARE: f32 = 0.01;
/// Most a channel is scaled up to turn the light white (a table of one strong colour filling
/// the frame is no light's tint).
const WHITE_GAIN_MAX: f32 = 1.6;

/// Per-channel gains that turn the light of `small` white: the mean colour of its brightest
/// pixels (by luma; [`WHITE_SHARE`] of them) is taken for white, each channel scaled up to
/// its brightest, by [`WHITE_GAIN_MAX`] at most. A white strip or paper is most often among the
/// brightest things in a photo of one.
fn white_point(small: &RgbF) -> [f32; 3] {
    let mut hist = [0u32; 256];
    for p in &small.data {
        hist[crate::kernels::luma(*p).clamp(0.0, 255.0) as usize] += 1;
    }
    let want = ((small.data.len() as f32 * WHITE_SHARE) as u32).max(1);
    let (mut cut, mut seen) = (255usize, 0u32);
    while cut > 0 && seen + hist[cut] < want {
        seen += hist[cut];
        cut -= 1;
    }
    let (mut sum, mut n) = ([0.0f32; 3], 0.0f32);
    for p in small.data.iter().filter(|p| crate::kernels::luma(**p) >= cut as f32) {
        for (s, v) in sum.iter_mut().zip(p) {
            *s += v;
        }
        n += 1.0;
    }
    let top = sum[0].max(sum[1]).max(sum[2]);
    if n == 0.0 || top <= 0.0 {
        return [1.0; 3];
    }
    sum.map(|v| (top / v.max(1e-3)).min(WHITE_GAIN_MAX))
}

/// `p` in the light `white` gives (see [`white_point`]).
#[inline]
fn balanced(p: &[f32; 3], white: [f32; 3]) -> [f32; 3] {
    [p[0] * white[0], p[1] * white[1], p[2] * white[2]]
}

/// The median colour of the middle of a label found at `centre` along `axis`, `l` by `wd`.
fn label_colour(small: &RgbF, centre: [f32; 2], axis: [f32; 2], l: f32, wd: f32) -> [f32; 3] {
    let frame = Frame { centre, axis, length: l, width: wd, keystone: 0.0 };
    let mut samples: [Vec<f32>; 3] = Default::default();
    for i in 0..9 {
        for t in [-0.2, 0.0, 0.2] {
            if let Some(p) = pixel(small, frame.point(0.1 + 0.8 * i as f32 / 8.0, t)) {
                for (c, v) in samples.iter_mut().zip(p) {
                    c.push(v);
                }
            }
        }
    }
    samples.map(|mut v| {
        sort_f32(&mut v);
        v.get(v.len() / 2).copied().unwrap_or(0.0)
    })
}

/// The pixel of `small` under `p`, if inside.
fn pixel(small: &RgbF, p: [f32; 2]) -> Option<[f32; 3]> {
    let (x, y) = (p[0].floor(), p[1].floor());
    if x < 0.0 || y < 0.0 || x as usize >= small.width || y as usize >= small.height {
        return None;
    }
    Some(small.at(x as usize, y as usize))
}

/// A strip's body traced from `start` along `dir` (small-image pixels, a strip `width` wide,
/// at most `reach`) beside a label of `label` colour: where it ends, or `None` when no body
/// goes on from there. Body: a middle lighter and much less coloured than the label (a
/// membrane, a sample pad) in a band of about the strip's width whose colour ends on both sides
/// (the table beside it differs). The band's middle is followed as it drifts across (the
/// label's axis is only roughly known); gaps shorter than a strip's width (a line, printed
/// arrows) are crossed, and most of the way must be body.
fn body_walk(small: &RgbF, start: [f32; 2], dir: [f32; 2], width: f32, reach: f32, label: [f32; 3], white: [f32; 3]) -> Option<[f32; 2]> {
    // Colour is judged in the photo's light turned white (see [`white_point`]): a warm light
    // tints a white membrane more than a dark label shows its own colour.
    let chroma = |p: [f32; 3]| {
        let (hi, lo) = spread(&balanced(&p, white));
        hi - lo
    };
    let (label_luma, label_chroma) = (crate::kernels::luma(label), chroma(label));
    let n = [-dir[1], dir[0]];
    let at = |d: f32, t: f32| pixel(small, [start[0] + dir[0] * d + n[0] * t, start[1] + dir[1] * d + n[1] * t]);
    let max_misses = (width as usize).max(3);
    let half = (0.8 * width).ceil() as i32;
    let (mut end, mut end_off, mut off, mut misses, mut good, mut d) = (0.0f32, 0.0f32, 0.0f32, 0usize, 0usize, 1.0f32);
    // The body's colour so far (summed): it stays one colour, in light or shade (a table's
    // pattern does not).
    let mut sum = [0.0f32; 3];
    // The body's band at `d` (its middle's offset across from `off`), given the colour so far.
    let band_at = |d: f32, off: f32, good: usize, sum: [f32; 3]| -> Option<(f32, [f32; 3])> {
        let c = at(d, off)?;
        let like = good < 3 || hue_dist(c, sum) < LABEL_BODY_HUE;
        if !(like && crate::kernels::luma(c) > label_luma && chroma(c) < LABEL_BODY_CHROMA * label_chroma) {
            return None;
        }
        // The run of the middle's colour across the strip, each way to where it ends.
        let run = |sign: f32| (1..=half).find(|&k| at(d, off + sign * k as f32).is_none_or(|p| colour_dist(p, c) > 30.0));
        match (run(-1.0), run(1.0)) {
            (Some(lo), Some(hi)) => {
                let across = (lo + hi - 1) as f32;
                // Its middle near the strip's: a band whose edges run along the strip (a
                // stripe of the table crossing at a slant slides across).
                let mid = 0.5 * (hi - lo) as f32;
                (across >= 0.55 * width && across <= 1.35 * width && mid.abs() <= (0.25 * width).max(2.0)).then_some((mid, c))
            }
            // One edge where the strip's is, the other side a table of its colour (a white
            // strip on white paper): body, with nothing to follow across.
            (Some(k), None) | (None, Some(k)) if (k as f32 - 0.5 * width).abs() <= (0.2 * width).max(1.5) => Some((0.0, c)),
            _ => None,
        }
    };
    // A thing lying across the strip (a pen, a cable) hides the body over a gap: once, when
    // the body was seen for [`CROSSING_SEEN`] widths at least, it is crossed if the body goes
    // on past it on its line, of its colour, as far again. The gap counts neither way.
    let (mut crossed, mut skipped) = (false, 0.0f32);
    let resume_run = ((CROSSING_SEEN * width) as usize).max(3);
    let gap_max = (CROSSING_WIDTHS * width) as usize;
    while d <= reach {
        if misses >= max_misses {
            if crossed || (good as f32) < CROSSING_SEEN * width {
                break;
            }
            // No wider than half the body seen before it: a checkerboard's row of light
            // squares, gaps as long as squares, is no strip crossed by something.
            let gap_max = gap_max.min((CROSSING_GAP_SHARE * good as f32) as usize);
            let resume = (0..=gap_max).map(|k| d + k as f32).find(|&e| {
                e + resume_run as f32 <= reach && (0..resume_run).all(|j| band_at(e + j as f32, off, good, sum).is_some())
            });
            let Some(e) = resume else { break };
            skipped = e - end - 1.0;
            (d, misses, crossed) = (e, 0, true);
        }
        if let Some((mid, c)) = band_at(d, off, good, sum) {
            good += 1;
            for (s, v) in sum.iter_mut().zip(c) {
                *s += v;
            }
            // A few degrees at most: the label's axis is not far off, and a stripe of the
            // table that crosses the strip's end is not followed off along its slant.
            off += (0.5 * mid).clamp(-LABEL_DRIFT, LABEL_DRIFT);
            (end, end_off, misses) = (d, off, 0);
        } else {
            misses += 1;
        }
        d += 1.0;
    }
    if end < 1.0 || (good as f32) < LABEL_BODY_SCORE * (end - skipped) {
        return None;
    }
    Some([start[0] + dir[0] * end + n[0] * end_off, start[1] + dir[1] * end + n[1] * end_off])
}

/// Of shapes found (the same strip found several times by several masks), one per strip: the
/// one shaped most like the model's strip, or a shape wholly holding it and many times as long
/// (see [`CONTAINED_RATIO`]).
fn one_per_strip(mut cands: Vec<Found>, aspect: f32) -> Vec<Found> {
    sort_by_key(&mut cands, |c| -shape_score(c, aspect));
    let mut shapes: Vec<Found> = Vec::new();
    for cand in cands {
        // A piece of a strip shaped like a whole one (a cassette's white window in its frame of
        // print) lies wholly inside the strip found as a whole: the whole stands for the strip.
        let inside = |s: &Found| s.frame.length * CONTAINED_RATIO <= cand.frame.length && s.frame.corners(0.0, 1.0).iter().all(|&p| covers(&cand.frame, p));
        if let Some(k) = shapes.iter().position(|s| overlaps(s, &cand)) {
            if inside(&shapes[k]) && cand.fill >= CONTAINER_FILL && !shapes.iter().enumerate().any(|(j, s)| j != k && overlaps(s, &cand)) {
                shapes[k] = cand;
            }
        } else {
            shapes.push(cand);
        }
    }
    shapes
}

/// A shape at least this many times as long as a strip-shaped piece wholly inside it stands
/// for the strip in its place (see [`one_per_strip`]), when it is filled at least this much (a
/// table's area holding a strip is filled less: the strip is a hole in its mask).
const CONTAINED_RATIO: f32 = 2.0;
const CONTAINER_FILL: f32 = 0.7;

/// Whether `p` lies inside `frame`'s box.
fn covers(frame: &Frame, p: [f32; 2]) -> bool {
    let d = [p[0] - frame.centre[0], p[1] - frame.centre[1]];
    let n = frame.normal();
    let (u, v) = (d[0] * frame.axis[0] + d[1] * frame.axis[1], d[0] * n[0] + d[1] * n[1]);
    u.abs() < 0.5 * frame.length && v.abs() < 0.5 * frame.width
}

/// Two frames that cover one another's centre (the same strip found twice); strips lying side
/// by side, even touching, do not.
fn overlaps(a: &Found, b: &Found) -> bool {
    covers(&a.frame, b.frame.centre) || covers(&b.frame, a.frame.centre)
}

/// Share of a box's length it may reach past its label's outer end before it is cut there
/// (the label's end is found to a pixel or two of the small image; a slant moves it a little).
const PAST_LABEL: f32 = 0.05;

/// Cuts `frame`'s end on the side of `outer` (a handle label's outer end; the label's centre at
/// `label`) back to it when the box reaches more than [`PAST_LABEL`] of its length beyond it.
fn trim_past(frame: &mut Frame, label: [f32; 2], outer: [f32; 2]) {
    let a = frame.axis;
    let along = |p: [f32; 2]| (p[0] - frame.centre[0]) * a[0] + (p[1] - frame.centre[1]) * a[1];
    let sign = if along(outer) >= along(label) { 1.0 } else { -1.0 };
    let over = 0.5 * frame.length - sign * along(outer);
    if over > PAST_LABEL * frame.length && over < 0.5 * frame.length {
        let shift = -0.5 * sign * over;
        frame.centre = [frame.centre[0] + a[0] * shift, frame.centre[1] + a[1] * shift];
        frame.length -= over;
    }
}

/// Lengthens a strip's frame (small-image pixels) past an end where the strip goes on in a
/// colour the masks missed (a handle label near the table's colour): step outward while the
/// strip's middle differs from the table on both sides of it. At most to the model's length.
fn extend_ends(small: &RgbF, frame: &mut Frame, aspect: f32) {
    let room = (aspect * frame.width * 1.15 - frame.length).min(0.6 * frame.length);
    if room < 1.0 {
        return;
    }
    let at = |p: [f32; 2]| pixel(small, p);
    let dist = colour_dist;
    let n = frame.normal();
    let side = 0.5 * frame.width + (0.3 * frame.width).max(2.0);
    // Print on a strip (arrows, "MAX", a lot code) averages to about the table's grey in the
    // reduced image: a gap of up to most of a strip width is crossed, but only onto strip of
    // the colour the strip has just inside that end (not onto a pattern of the table).
    let max_misses = ((0.8 * frame.width) as usize).max(2);
    let mut grow = [0.0f32; 2];
    for (k, sign) in [(0usize, -1.0f32), (1, 1.0)] {
        let point = |d: f32| {
            let along = sign * (0.5 * frame.length + d);
            [frame.centre[0] + frame.axis[0] * along, frame.centre[1] + frame.axis[1] * along]
        };
        let Some(own) = at(point(-2.0)) else { continue };
        let mut misses = 0;
        let mut d = 1.0;
        while d <= room && misses < max_misses {
            let base = point(d);
            let off = |t: f32| [base[0] + n[0] * t, base[1] + n[1] * t];
            let (Some(c), Some(s1), Some(s2)) = (at(base), at(off(side)), at(off(-side))) else { break };
            if dist(c, s1) > 35.0 && dist(c, s2) > 35.0 && (misses < 2 || dist(c, own) < 40.0) {
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
    /// Bounding box in the mask's own pixels: x0, y0, x1, y1 (inclusive).
    bbox: [usize; 4],
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
    /// Adds the pixel at (`px`, `py`) of the mask, whose centre in the small image is (x, y).
    fn add(&mut self, px: usize, py: usize, x: f64, y: f64, edge: bool) {
        if self.n == 0.0 {
            self.bbox = [px, py, px, py];
        } else {
            let b = &mut self.bbox;
            *b = [b[0].min(px), b[1].min(py), b[2].max(px), b[3].max(py)];
        }
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
        Shape {
            cx,
            cy,
            axis: crate::kernels::half_turn(vxx - vyy, 2.0 * vxy),
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
pub(crate) mod tests {
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
    fn a_wide_shape_near_the_photos_edge_is_looked_at_near_its_sides() {
        // A cassette 330 x 100 in a 400 x 260 photo: two widths out from it lies outside the
        // photo at every place, so it is looked at as near as a strip of its length would be.
        let img = scene(400, 260, [200.0, 130.0], 0.0, 330.0, 100.0);
        let frame = Frame { centre: [200.0, 130.0], axis: [1.0, 0.0], length: 330.0, width: 100.0, keystone: 0.0 };
        assert_eq!(stands_out_at(&img, &frame, frame.width).0, 0);
        assert!(stands_out(&img, &frame) > 0.9);
        // A band of the table's colour across the photo (no shape at all) does not stand out.
        let flat = RgbF { width: 400, height: 260, data: vec![[70.0, 60.0, 50.0]; 400 * 260] };
        assert!(stands_out(&flat, &frame) < 0.1);
    }

    #[test]
    fn a_cassette_is_kept_whole_not_as_its_window() {
        let shape = |centre: [f32; 2], length: f32, width: f32, fill: f32| Found {
            frame: Frame { centre, axis: [1.0, 0.0], length, width, keystone: 0.0 },
            fill,
            touches_edge: false,
        };
        // A cassette (aspect 3.3) whose mask print and its well hole, and its white window
        // (aspect 2.9, a clean rectangle) inside it: the window scores higher by its shape.
        let cassette = shape([200.0, 150.0], 300.0, 92.0, 0.77);
        let window = shape([215.0, 150.0], 75.0, 26.0, 0.95);
        assert!(shape_score(&window, 3.3) > shape_score(&cassette, 3.3));
        let kept = one_per_strip(vec![window, cassette], 3.3);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].frame.length, 300.0);
        // A table's area holding a cassette is filled less (the cassette is a hole in it): the
        // cassette stays.
        let table = shape([200.0, 150.0], 600.0, 190.0, 0.6);
        let kept = one_per_strip(vec![cassette, table], 3.3);
        assert_eq!((kept.len(), kept[0].frame.length), (1, 300.0));
        // Nor does a shape holding two strips side by side stand for either.
        let (a, b) = (shape([200.0, 100.0], 300.0, 92.0, 0.95), shape([200.0, 200.0], 300.0, 92.0, 0.95));
        let both = shape([200.0, 150.0], 620.0, 200.0, 0.8);
        let kept = one_per_strip(vec![a, b, both], 3.3);
        assert_eq!(kept.iter().map(|k| k.frame.length).collect::<Vec<_>>(), vec![300.0, 300.0]);
        // Same-sized shapes of one strip: the better shaped one.
        let kept = one_per_strip(vec![shape([200.0, 150.0], 290.0, 92.0, 0.7), cassette], 3.3);
        assert_eq!((kept.len(), kept[0].fill), (1, 0.77));
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
    fn a_strip_cut_by_a_band_across_it_is_found_whole() {
        // A band of the table's colour across the middle (a shadow, a glare spot's edge).
        let mut img = scene(400, 300, [200.0, 150.0], 30.0, 240.0, 16.0);
        let (c, s) = (30f32.to_radians().cos(), 30f32.to_radians().sin());
        for y in 0..300 {
            for x in 0..400 {
                let (dx, dy) = (x as f32 + 0.5 - 200.0, y as f32 + 0.5 - 150.0);
                if (dx * c + dy * s).abs() < 6.0 {
                    img.data[y * 400 + x] = [70.0, 60.0, 50.0];
                }
            }
        }
        let (found, _) = find_strips(&img, 1, 16.0);
        assert_eq!(found.len(), 1, "{found:?}");
        let f = found[0].frame;
        assert!((f.length - 240.0).abs() < 8.0 && (f.width - 16.0).abs() < 3.0, "{f:?}");
        assert!((f.centre[0] - 200.0).abs() < 3.0 && (f.centre[1] - 150.0).abs() < 3.0, "{f:?}");
    }

    /// Asserts that `found` is one strip at `centre`, along `angle` (degrees), `len` long and
    /// `wid` wide (to 5 % of its length or 12 px, 4 px, 6 px and 0.995 of the axis).
    fn assert_one_strip(found: &[Found], centre: [f32; 2], angle: f32, len: f32, wid: f32) {
        assert_eq!(found.len(), 1, "{found:?}");
        let f = found[0].frame;
        let (c, s) = (angle.to_radians().cos(), angle.to_radians().sin());
        assert!((f.length - len).abs() < (0.05 * len).max(12.0) && (f.width - wid).abs() < 4.0, "{f:?}");
        assert!((f.centre[0] - centre[0]).abs() < 6.0 && (f.centre[1] - centre[1]).abs() < 6.0, "{f:?}");
        assert!((f.axis[0] * c + f.axis[1] * s).abs() > 0.995, "{f:?}");
    }

    /// Paints `colour` over the pixels of `img` inside the rotated rectangle (centre, angle in
    /// degrees, length, width).
    pub(crate) fn paint_bar(img: &mut RgbF, centre: [f32; 2], angle: f32, len: f32, wid: f32, colour: [f32; 3]) {
        let (c, s) = (angle.to_radians().cos(), angle.to_radians().sin());
        for y in 0..img.height {
            for x in 0..img.width {
                let (dx, dy) = (x as f32 + 0.5 - centre[0], y as f32 + 0.5 - centre[1]);
                if (dx * c + dy * s).abs() <= len / 2.0 && (-dx * s + dy * c).abs() <= wid / 2.0 {
                    img.data[y * img.width + x] = colour;
                }
            }
        }
    }

    #[test]
    fn a_strip_in_a_shadow_across_a_light_table_is_found() {
        // A light tan table (most of the border) with a broad shadow from top to bottom, and in
        // it a shadowed, slightly yellowed strip: against the border's colour the shadow and the
        // strip are one object, and the strip is not white enough for the white mask.
        let (w, h) = (400usize, 300usize);
        let mut img = RgbF { width: w, height: h, data: vec![[190.0, 170.0, 140.0]; w * h] };
        for y in 0..h {
            for x in 120..300 {
                img.data[y * w + x] = [70.0, 65.0, 55.0];
            }
        }
        paint_bar(&mut img, [210.0, 150.0], 80.0, 220.0, 14.0, [125.0, 120.0, 105.0]);
        let (found, _) = find_strips(&img, 1, 16.0);
        assert_eq!(found.len(), 1, "{found:?}");
        let f = found[0].frame;
        assert!((f.centre[0] - 210.0).abs() < 4.0 && (f.centre[1] - 150.0).abs() < 6.0, "{f:?}");
        assert!((f.length - 220.0).abs() < 12.0 && (f.width - 14.0).abs() < 4.0, "{f:?}");
        assert!(f.axis[1].abs() > 0.98, "{f:?}");
    }

    #[test]
    fn a_glare_spot_on_a_strip_does_not_hide_it() {
        // A round glare spot, three strip widths across, centred on the strip's edge: strip and
        // spot are one component that is no strip's shape.
        let mut img = scene(400, 300, [200.0, 150.0], 20.0, 240.0, 16.0);
        let (c, s) = (20f32.to_radians().cos(), 20f32.to_radians().sin());
        // 0.45 of the way along, on the strip's edge.
        let along = -0.05 * 240.0;
        let spot = [200.0 + c * along - s * 8.0, 150.0 + s * along + c * 8.0];
        for y in 0..300 {
            for x in 0..400 {
                let (dx, dy) = (x as f32 + 0.5 - spot[0], y as f32 + 0.5 - spot[1]);
                if dx * dx + dy * dy <= 24.0 * 24.0 {
                    img.data[y * 400 + x] = [252.0, 252.0, 250.0];
                }
            }
        }
        let (found, _) = find_strips(&img, 1, 16.0);
        assert_eq!(found.len(), 1, "{found:?}");
        let f = found[0].frame;
        assert!((f.centre[0] - 200.0).abs() < 8.0 && (f.centre[1] - 150.0).abs() < 8.0, "{f:?}");
        assert!((f.length - 240.0).abs() < 16.0 && (f.width - 16.0).abs() < 4.0, "{f:?}");
        let dot = (f.axis[0] * c + f.axis[1] * s).abs();
        assert!(dot > 0.995, "{f:?}");
    }

    /// A 400 x 300 checkerboard of 45 px squares of colours `a` and `b`.
    fn checkerboard(a: [f32; 3], b: [f32; 3]) -> RgbF {
        let (w, h) = (400usize, 300usize);
        let data = (0..w * h).map(|i| if ((i % w) / 45 + (i / w) / 45) % 2 == 0 { a } else { b }).collect();
        RgbF { width: w, height: h, data }
    }

    #[test]
    fn a_checkerboard_table_has_no_strips() {
        // Squares larger than a strip is wide: the table's colour near each place is unsure there.
        let img = checkerboard([200.0, 195.0, 185.0], [60.0, 90.0, 60.0]);
        assert!(find_strips(&img, 1, 16.0).0.is_empty());
    }

    #[test]
    fn a_strip_with_a_dark_label_on_a_checkerboard_is_found_whole() {
        // A beige and near-black checkerboard; a strip across it whose white membrane (the
        // middle half) is the only part the masks see whole: its yellowish sample pad is not
        // white, its blue handle label is near the dark squares' colour. The membrane alone is
        // too short for the model; grown along its axis it is the strip.
        let mut img = checkerboard([174.0, 162.0, 137.0], [30.0, 30.0, 34.0]);
        let (angle, len, wid) = (70.0f32, 240.0f32, 15.0f32);
        let (c, s) = (angle.to_radians().cos(), angle.to_radians().sin());
        let centre = [200.0f32, 150.0];
        let at = |f: f32| [centre[0] + c * len * (f - 0.5), centre[1] + s * len * (f - 0.5)];
        paint_bar(&mut img, at(0.1), angle, 0.2 * len, wid, [230.0, 215.0, 150.0]);
        paint_bar(&mut img, at(0.45), angle, 0.5 * len, wid, [236.0, 236.0, 232.0]);
        paint_bar(&mut img, at(0.85), angle, 0.3 * len, wid, [38.0, 84.0, 170.0]);
        let (found, _) = find_strips(&img, 1, 16.0);
        assert_eq!(found.len(), 1, "{found:?}");
        let f = found[0].frame;
        assert!((f.length - len).abs() < 0.12 * len, "{f:?}");
        assert!((f.centre[0] - centre[0]).abs() < 0.06 * len && (f.centre[1] - centre[1]).abs() < 0.06 * len, "{f:?}");
        assert!((f.axis[0] * c + f.axis[1] * s).abs() > 0.995, "{f:?}");
    }

    #[test]
    fn a_strip_touched_by_a_thin_line_on_the_table_is_found() {
        // A seam of the table (or a thread, a crack), four pixels wide and of a colour unlike
        // the table's, runs across the photo and through the strip: in the mask the two are one
        // component of no strip's shape, and the seam is too thin to be cut away as a thick part.
        // The strip is a yellowed one (not white enough for the white mask).
        let mut img = scene(400, 300, [200.0, 150.0], 20.0, 240.0, 16.0);
        paint_bar(&mut img, [200.0, 150.0], 20.0, 240.0, 16.0, [200.0, 190.0, 120.0]);
        for y in 0..300 {
            for x in 0..400 {
                // The line x = 250 + 0.3 (y - 168), across the strip's right part; the two
                // pieces of it beside the strip are too long and thin for strips.
                let d = x as f32 + 0.5 - (250.0 + 0.3 * (y as f32 + 0.5 - 168.0));
                if d.abs() < 2.0 {
                    img.data[y * 400 + x] = [200.0, 200.0, 205.0];
                }
            }
        }
        let (found, _) = find_strips(&img, 1, 16.0);
        assert_one_strip(&found, [200.0, 150.0], 20.0, 240.0, 16.0);
    }

    #[test]
    fn a_strip_with_a_blob_on_its_side_is_found_on_its_spine() {
        // A blot of the strip's own colour (a wet patch, a scrap of paper, where a shadow's edge
        // meets the strip) on one side of a yellowed strip: in the mask the two are one
        // component, too wide on its extents to be a strip's shape, and the blot too small to
        // be cut away as a thick part.
        let (c, s) = (20f32.to_radians().cos(), 20f32.to_radians().sin());
        for (along, r) in [(-40.0f32, 9.0f32), (60.0, 11.0)] {
            let mut img = scene(400, 300, [200.0, 150.0], 20.0, 240.0, 16.0);
            paint_bar(&mut img, [200.0, 150.0], 20.0, 240.0, 16.0, [200.0, 190.0, 120.0]);
            let blot = [200.0 + along * c - 12.0 * -s, 150.0 + along * s - 12.0 * c];
            for y in 0..300 {
                for x in 0..400 {
                    if (x as f32 + 0.5 - blot[0]).hypot(y as f32 + 0.5 - blot[1]) < r {
                        img.data[y * 400 + x] = [200.0, 190.0, 120.0];
                    }
                }
            }
            let (found, _) = find_strips(&img, 1, 16.0);
            assert_one_strip(&found, [200.0, 150.0], 20.0, 240.0, 16.0);
        }
    }

    #[test]
    fn the_spine_of_a_band_with_a_blob_is_the_band() {
        // A band 100 long and 10 wide along u, with a 12 x 12 blob on one side from u = 30.
        let mut uv = Vec::new();
        for u in 0..100 {
            for v in 0..10 {
                uv.push((u as f64 + 0.5, v as f64 - 4.5));
            }
            if (30..42).contains(&u) {
                uv.extend((0..12).map(|v| (u as f64 + 0.5, 5.5 + v as f64)));
            }
        }
        let (u0, u1, v0, v1, inside) = spine(&uv).expect("a spine");
        assert!(u0 < 1.0 && u1 > 98.0, "{u0} {u1}");
        assert!((v1 - v0 + 1.0 - 10.0).abs() < 0.5 && (0.5 * (v0 + v1)).abs() < 0.5, "{v0} {v1}");
        assert!((inside - 1000.0).abs() < 1.0, "{inside}");
        // With a block as large as the band on it, the band is not most of the component.
        let block: Vec<(f64, f64)> = (0..1600).map(|i| (30.5 + (i % 40) as f64, 5.5 + (i / 40) as f64)).collect();
        let both: Vec<(f64, f64)> = uv.iter().copied().chain(block).collect();
        let share = spine(&both).map_or(0.0, |b| b.4 / both.len() as f64);
        assert!(share < MIN_SPINE_SHARE, "{share}");
    }

    #[test]
    fn a_strip_across_a_cloth_striped_near_its_colour_is_found_by_its_edges() {
        // Horizontal stripes, the light ones near the strip's colour: every colour mask joins
        // the strip to them (and the family of stripes is the table's pattern).
        let (w, h) = (480usize, 360usize);
        let data = (0..w * h).map(|i| if ((i / w) as f32 + 0.5).rem_euclid(28.0) < 14.0 { [200.0, 195.0, 185.0] } else { [70.0, 90.0, 70.0] }).collect();
        let mut img = RgbF { width: w, height: h, data };
        paint_bar(&mut img, [240.0, 180.0], 60.0, 270.0, 18.0, [235.0, 235.0, 230.0]);
        let (found, _) = find_strips(&img, 1, 15.0);
        assert_one_strip(&found, [240.0, 180.0], 60.0, 270.0, 18.0);
    }

    #[test]
    fn box_erosion_and_dilation() {
        // A 9x9 square at (5..14, 4..13) in a 20x16 mask.
        let (w, h) = (20usize, 16usize);
        let mask: Vec<bool> = (0..w * h).map(|i| (5..14).contains(&(i % w)) && (4..13).contains(&(i / w))).collect();
        let count = |m: &[bool]| m.iter().filter(|&&v| v).count();
        assert_eq!(count(&erode_box(&mask, w, h, 3)), 49);
        assert_eq!(count(&erode_box(&mask, w, h, 9)), 1);
        assert_eq!(count(&erode_box(&mask, w, h, 10)), 0);
        assert_eq!(count(&dilate_box(&mask, w, h, 3)), 121);
        assert_eq!(dilate_box(&erode_box(&mask, w, h, 5), w, h, 5), mask);
    }

    #[test]
    fn a_strip_is_found_whole_past_print_near_its_end() {
        // Arrows printed across the strip near its sample end average, in the reduced photo, to
        // the table's colour: a 10 px band 20 px before the end. The finder crosses it.
        let mut img = scene(400, 300, [200.0, 150.0], 0.0, 240.0, 16.0);
        for y in 142..158 {
            for x in 290..300 {
                img.data[y * 400 + x] = [70.0, 60.0, 50.0];
            }
        }
        let (found, _) = find_strips(&img, 1, 16.0);
        assert_eq!(found.len(), 1, "{found:?}");
        let f = found[0].frame;
        assert!((f.length - 240.0).abs() < 6.0 && (f.centre[0] - 200.0).abs() < 3.0, "{f:?}");
    }

    #[test]
    fn the_stripes_of_a_striped_table_are_not_strips() {
        // Ten parallel bright stripes running off the photo's top and bottom, each as wide as a
        // strip: a striped cloth.
        assert!(find_strips(&ten_bright_bars(240, 0..240), 1, 16.0).0.is_empty());
    }

    #[test]
    fn a_row_of_many_strips_inside_the_photo_is_kept() {
        // The same ten shapes lying inside the photo: an outreach worker's row of strips. They
        // are all kept for reading (the reader drops those with no handle and no line).
        assert_eq!(find_strips(&ten_bright_bars(300, 30..270), 1, 16.0).0.len(), 10);
    }

    #[test]
    fn dozens_of_parallel_bars_inside_the_photo_are_a_pattern() {
        // Sixteen shapes of one width side by side, none reaching an edge: no row of strips is
        // that long (a blurred checkerboard smears into such bars). None is a strip.
        assert!(find_strips(&bright_bars(16, 300, 30..270), 1, 16.0).0.is_empty());
    }

    /// A dark 400 px wide table with ten bright 15 px bars, 36 px apart, over rows `rows`.
    fn ten_bright_bars(height: usize, rows: std::ops::Range<usize>) -> RgbF {
        bright_bars(10, height, rows)
    }

    /// A dark table 36 px per bar (plus 40) wide with `count` bright 15 px bars, 36 px apart,
    /// over rows `rows`.
    fn bright_bars(count: usize, height: usize, rows: std::ops::Range<usize>) -> RgbF {
        let width = 40 + 36 * count;
        let mut data = vec![[70.0f32, 60.0, 50.0]; width * height];
        for k in 0..count {
            let x0 = 20 + 36 * k;
            for y in rows.clone() {
                for x in x0..x0 + 15 {
                    data[y * width + x] = [235.0, 235.0, 230.0];
                }
            }
        }
        RgbF { width, height, data }
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
        let f = Frame { centre: [10.0, 20.0], axis: [0.0, 1.0], length: 100.0, width: 10.0, keystone: 0.0 };
        assert_eq!(f.point(0.0, 0.0), [10.0, -30.0]);
        assert_eq!(f.point(1.0, 0.5), [5.0, 70.0]);
        assert_eq!(f.flipped().point(0.0, 0.0), [10.0, 70.0]);
        assert_eq!(f.corners(0.0, 1.0)[0], [15.0, -30.0]);
    }

    /// A 400 x 300 table of pink and dark green stripes 12 px wide at 30°, and on it, along x
    /// and centred at (200, 150), a dipstick 240 x 15: a white body from x 80 and a blue handle
    /// label over its last 28 % (from x 252.8), or the label alone (`body` false).
    fn labelled_scene(body: bool) -> RgbF {
        let (w, h) = (400usize, 300usize);
        let (c, s) = (30f32.to_radians().cos(), 30f32.to_radians().sin());
        let data = (0..w * h)
            .map(|i| {
                let (x, y) = ((i % w) as f32 + 0.5, (i / w) as f32 + 0.5);
                if ((-x * s + y * c) / 12.0).floor() as i64 % 2 == 0 { [215.0, 180.0, 195.0] } else { [55.0, 78.0, 70.0] }
            })
            .collect();
        let mut img = RgbF { width: w, height: h, data };
        if body {
            paint_bar(&mut img, [80.0 + 0.5 * 172.8, 150.0], 0.0, 172.8, 15.0, [236.0, 233.0, 226.0]);
        }
        paint_bar(&mut img, [252.8 + 0.5 * 67.2, 150.0], 0.0, 67.2, 15.0, [38.0, 84.0, 170.0]);
        img
    }

    #[test]
    fn a_strip_on_a_striped_table_is_found_from_its_handle_label() {
        let img = labelled_scene(true);
        let found = labelled(&img, 16.0, 0.28, None);
        assert_eq!(found.len(), 1, "{found:?}");
        let (f, label) = found[0];
        assert!((label[0] - 286.4).abs() < 3.0 && (label[1] - 150.0).abs() < 2.0, "{label:?}");
        // Along x, from the label's outer end (x 320) to the body's end (x 80).
        assert!(f.frame.axis[0] < -0.995, "{f:?}");
        assert!((f.frame.length - 240.0).abs() < 12.0 && (f.frame.width - 15.0).abs() < 3.0, "{f:?}");
        assert!((f.frame.centre[0] - 200.0).abs() < 6.0 && (f.frame.centre[1] - 150.0).abs() < 2.0, "{f:?}");
        assert!(!f.touches_edge);
        // The whole search, told the model's handle, finds it once (the label's strip and the
        // masks' are one).
        let (with, _) = find_strips_with(&img, 1, 16.0, Some(&crate::model::Handle { start: 0.72, colour: [38, 84, 170] }), Search::Full);
        assert_eq!(with.len(), 1, "{with:?}");
        assert!((with[0].frame.centre[0] - 200.0).abs() < 10.0 && (with[0].frame.centre[1] - 150.0).abs() < 2.0, "{with:?}");
    }

    #[test]
    fn a_label_with_no_strip_body_beside_it_is_no_strip() {
        // A blue block of a label's shape on the stripes: neither way goes on a white body.
        let img = labelled_scene(false);
        assert!(labelled(&img, 16.0, 0.28, None).is_empty());
    }

    #[test]
    fn a_strip_body_is_traced_through_a_shadow_across_it() {
        // A shadow (every channel at 55 %) over x 120..170, across the body and the stripes.
        let mut img = labelled_scene(true);
        for y in 0..img.height {
            for x in 120..170 {
                let p = &mut img.data[y * img.width + x];
                *p = p.map(|v| 0.55 * v);
            }
        }
        let found = labelled(&img, 16.0, 0.28, None);
        assert_eq!(found.len(), 1, "{found:?}");
        let f = found[0].0.frame;
        assert!((f.length - 240.0).abs() < 12.0 && (f.centre[0] - 200.0).abs() < 6.0, "{f:?}");
    }

    #[test]
    fn a_strip_body_is_traced_past_a_pen_lying_across_it() {
        // A dark table; the dipstick of `labelled_scene` along x (body x 80 to 252.8, blue
        // label to x 320); a green pen 20 px wide lying across it at x 150..170.
        let (w, h) = (400usize, 300usize);
        let scene = |pen: bool, gaps: bool| {
            let mut img = RgbF { width: w, height: h, data: vec![[40.0, 45.0, 55.0]; w * h] };
            paint_bar(&mut img, [80.0 + 0.5 * 172.8, 150.0], 0.0, 172.8, 15.0, [236.0, 233.0, 226.0]);
            paint_bar(&mut img, [252.8 + 0.5 * 67.2, 150.0], 0.0, 67.2, 15.0, [38.0, 84.0, 170.0]);
            if pen {
                paint_bar(&mut img, [160.0, 150.0], 0.0, 20.0, 300.0, [40.0, 120.0, 60.0]);
            }
            if gaps {
                // The body broken every 20 px by 20 px of table (a row of a checkerboard).
                for k in 0..4 {
                    paint_bar(&mut img, [242.8 - 40.0 * k as f32, 150.0], 0.0, 20.0, 15.0, [40.0, 45.0, 55.0]);
                }
            }
            img
        };
        let found = labelled(&scene(true, false), 16.0, 0.28, None);
        assert_eq!(found.len(), 1, "{found:?}");
        let f = found[0].0.frame;
        assert!(f.axis[0] < -0.995 && (f.length - 240.0).abs() < 12.0 && (f.centre[0] - 200.0).abs() < 6.0, "{f:?}");
        // Pieces of body as long as the gaps between them are no strip.
        assert!(labelled(&scene(false, true), 16.0, 0.28, None).is_empty());
    }

    #[test]
    fn a_strip_along_the_edge_of_white_paper_is_found_from_its_label() {
        // A dark table, and a sheet of the body's own white from the strip's lower side down:
        // the body's colour ends on one side only.
        let (w, h) = (400usize, 300usize);
        let mut img = RgbF { width: w, height: h, data: vec![[40.0, 45.0, 55.0]; w * h] };
        for y in 158..h {
            for x in 0..w {
                img.data[y * w + x] = [236.0, 233.0, 226.0];
            }
        }
        paint_bar(&mut img, [80.0 + 0.5 * 172.8, 150.0], 0.0, 172.8, 15.0, [236.0, 233.0, 226.0]);
        paint_bar(&mut img, [252.8 + 0.5 * 67.2, 150.0], 0.0, 67.2, 15.0, [38.0, 84.0, 170.0]);
        let found = labelled(&img, 16.0, 0.28, None);
        assert_eq!(found.len(), 1, "{found:?}");
        let f = found[0].0.frame;
        assert!(f.axis[0] < -0.995 && (f.length - 240.0).abs() < 12.0 && (f.centre[0] - 200.0).abs() < 6.0, "{f:?}");
    }

    /// A 400 x 300 dark table, a patch of `patch` colour touching the label's end, and the
    /// dipstick of [`labelled_scene`] with a label of `label` colour (its body if `body`).
    fn label_beside_patch(patch: [f32; 3], label: [f32; 3], body: bool) -> RgbF {
        let (w, h) = (400usize, 300usize);
        let mut img = RgbF { width: w, height: h, data: vec![[40.0, 45.0, 55.0]; w * h] };
        paint_bar(&mut img, [360.0, 150.0], 0.0, 80.0, 60.0, patch);
        if body {
            paint_bar(&mut img, [80.0 + 0.5 * 172.8, 150.0], 0.0, 172.8, 15.0, [236.0, 233.0, 226.0]);
        }
        paint_bar(&mut img, [252.8 + 0.5 * 67.2, 150.0], 0.0, 67.2, 15.0, label);
        img
    }

    #[test]
    fn a_label_against_a_strongly_coloured_patch_is_found_by_its_hue() {
        // A pink patch touching the label's end: in strong colour the label and the patch are
        // one shape; by the model's label hue the label is alone.
        let img = label_beside_patch([230.0, 120.0, 170.0], [38.0, 84.0, 170.0], true);
        assert!(labelled(&img, 16.0, 0.28, None).is_empty());
        let found = labelled(&img, 16.0, 0.28, Some([38.0, 84.0, 170.0]));
        assert_eq!(found.len(), 1, "{found:?}");
        let f = found[0].0.frame;
        assert!(f.axis[0] < -0.995 && (f.length - 240.0).abs() < 12.0 && (f.centre[0] - 200.0).abs() < 6.0, "{f:?}");
        // A label of another hue (green) is not found by the blue one's.
        assert!(labelled(&img, 16.0, 0.28, Some([40.0, 150.0, 60.0])).is_empty());
    }

    #[test]
    fn a_strip_in_a_warm_light_is_traced_from_a_dull_label() {
        // The striped-table scene's strip with a purple label, in a warm light (green and blue
        // dimmed): the white membrane takes the light's tint, more coloured than the dark
        // label shows its own. In the light turned white, the body is white again.
        let warm = [1.0, 0.87, 0.7];
        let tint = |c: [f32; 3]| [c[0] * warm[0], c[1] * warm[1], c[2] * warm[2]];
        let (w, h) = (400usize, 300usize);
        let mut img = RgbF { width: w, height: h, data: vec![tint([40.0, 45.0, 55.0]); w * h] };
        paint_bar(&mut img, [80.0 + 0.5 * 172.8, 150.0], 0.0, 172.8, 15.0, tint([236.0, 233.0, 226.0]));
        paint_bar(&mut img, [252.8 + 0.5 * 67.2, 150.0], 0.0, 67.2, 15.0, tint([110.0, 60.0, 150.0]));
        // The brightest pixels are the membrane's: the gains turn it white again.
        let gains = white_point(&img);
        let body = tint([236.0, 233.0, 226.0]);
        let (hi, lo) = spread(&balanced(&body, gains));
        assert!(hi - lo < 1.0, "{gains:?}");
        // Judged as the camera saw it, the body is too coloured beside its label.
        let label = tint([110.0, 60.0, 150.0]);
        assert!(body_walk(&img, [252.8, 150.0], [-1.0, 0.0], 15.0, 220.0, label, [1.0; 3]).is_none());
        let found = labelled(&img, 16.0, 0.28, None);
        assert_eq!(found.len(), 1, "{found:?}");
        let f = found[0].0.frame;
        assert!(f.axis[0] < -0.995 && (f.length - 240.0).abs() < 12.0 && (f.centre[0] - 200.0).abs() < 6.0, "{f:?}");
    }

    #[test]
    fn the_white_point_gains_are_bounded() {
        // A frame filled with one strong colour is no light's tint: no channel is raised more
        // than the cap; a grey frame is left as it is.
        let red = RgbF { width: 30, height: 20, data: vec![[200.0, 60.0, 40.0]; 600] };
        let g = white_point(&red);
        assert_eq!(g[0], 1.0);
        assert!(g.iter().all(|&v| (1.0..=WHITE_GAIN_MAX).contains(&v)), "{g:?}");
        let grey = RgbF { width: 30, height: 20, data: vec![[120.0; 3]; 600] };
        assert_eq!(white_point(&grey), [1.0; 3]);
        let black = RgbF { width: 30, height: 20, data: vec![[0.0; 3]; 600] };
        assert_eq!(white_point(&black), [1.0; 3]);
    }

    #[test]
    fn a_box_grown_past_its_labels_outer_end_is_cut_there() {
        // A box from x 50 to 350; the label centred at x 300, its outer end at x 320.
        let frame = Frame { centre: [200.0, 150.0], axis: [1.0, 0.0], length: 300.0, width: 15.0, keystone: 0.0 };
        let mut f = frame;
        trim_past(&mut f, [300.0, 150.0], [320.0, 150.0]);
        assert!((f.length - 270.0).abs() < 1e-3 && (f.centre[0] - 185.0).abs() < 1e-3, "{f:?}");
        // The same with the axis the other way, and the label at the other end.
        let mut f = Frame { axis: [-1.0, 0.0], ..frame };
        trim_past(&mut f, [100.0, 150.0], [80.0, 150.0]);
        assert!((f.length - 270.0).abs() < 1e-3 && (f.centre[0] - 215.0).abs() < 1e-3, "{f:?}");
        // A box past the label's end by a few pixels only, or short of it: left alone.
        for outer in [340.0, 360.0] {
            let mut f = frame;
            trim_past(&mut f, [330.0, 150.0], [outer, 150.0]);
            assert_eq!(f.length, 300.0);
        }
    }

    #[test]
    fn a_label_of_another_hue_than_the_models_against_a_brown_patch_is_found() {
        // As above, with a purple label (54° of hue from the model's blue) and a brown patch
        // (a strong colour too) touching its end.
        let (brown, purple) = ([122.0, 94.0, 64.0], [110.0, 60.0, 150.0]);
        let img = label_beside_patch(brown, purple, true);
        let blue = [38.0, 84.0, 170.0];
        assert!(labelled(&img, 16.0, 0.28, None).is_empty());
        assert!(labelled(&img, 16.0, 0.28, Some(blue)).is_empty());
        let white = white_point(&img);
        let found = labelled_by_hue(&img, &vivid(&img, white), blue, 16.0, 0.28, white);
        assert!(!found.is_empty(), "{found:?}");
        for (f, _) in found {
            let f = f.frame;
            assert!(f.axis[0] < -0.995 && (f.length - 240.0).abs() < 12.0 && (f.centre[0] - 200.0).abs() < 6.0, "{f:?}");
        }
        // Without the strip's body, no hue finds a strip.
        let bare = label_beside_patch(brown, purple, false);
        let white = white_point(&bare);
        assert!(labelled_by_hue(&bare, &vivid(&bare, white), blue, 16.0, 0.28, white).is_empty());
    }
}
