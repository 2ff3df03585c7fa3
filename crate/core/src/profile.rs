//! Line detection on a profile along the strip. Rule: profiles run from the sample end (index 0)
//! toward the handle, one sample per step along the strip; contrast is dimensionless
//! (1 - value / local membrane background), positive where the strip is darker.
//!
//! Method: each channel is lightly smoothed (box, half a line width), the membrane background is
//! its morphological closing (a running max then min over three line widths: it fills dips as
//! narrow as a line and keeps steps such as pad edges exactly, so a step never turns into a
//! phantom dip), and the contrast's median is taken as zero. The noise is the robust spread
//! (1.4826 x MAD) of the contrast away from candidate peaks. A candidate is a local maximum of
//! the green contrast; it is a *gold* line when red darkens much less than green (colloidal gold
//! absorbs green; shadows, creases and dirt darken all channels alike) and its width is
//! line-like.

use crate::kernels::{box_smooth, closing, median};

/// Red contrast over green contrast above which a dip is neutral (shadow, crease), not a line.
/// Gold lines measure 0.1-0.6 on phone photos (JPEG's halved colour resolution desaturates thin
/// lines); shadows and creases 0.85-1.15. The cut sits in the valley between.
pub const MAX_RED_RATIO: f32 = 0.7;
/// How far (in red/green absorbance ratio) a line's colour may stray from the photo's clearest
/// line before it is taken for something else, beyond its own measurement error.
pub const MAX_HUE_DIFFERENCE: f32 = 0.3;
/// How far (in blue/green absorbance ratio) two clear lines in one window may differ before the
/// window is taken to hold a mark of another dye (ink, a stain) beside the strip's own lines. Pairs of
/// real lines on one window differ by under 0.25 in three of four photos of `antigen-windows`;
/// handwriting in purple ink differs from the gold control by 0.66.
pub const MAX_BLUE_DIFFERENCE: f32 = 0.4;

/// Whether two clear line-like peaks differ in colour by more than one dye allows (blue
/// absorbance ratio, beyond [`MAX_BLUE_DIFFERENCE`] and both measurements' error).
pub fn differ_in_colour(a: &Peak, b: &Peak, noise: f32) -> bool {
    blue_apart(a, b, noise, MAX_BLUE_DIFFERENCE)
}

/// Whether two peaks' blue absorbance ratios differ by more than `margin` beyond both
/// measurements' error.
pub fn blue_apart(a: &Peak, b: &Peak, noise: f32, margin: f32) -> bool {
    (a.blue_ratio - b.blue_ratio).abs() > margin + a.blue_error(noise) + b.blue_error(noise)
}
/// Red/green absorbance ratio up to which a line-shaped dip that fails [`MAX_RED_RATIO`] may
/// still be a line whose colour the photo washed out (a grey-violet line: a phone's processing,
/// a cool light, a small crop's JPEG colour). Shadows, creases and a window's bevels measure
/// 0.95 and more on the real crops of `antigen-windows` and by construction (all channels alike).
pub const MAX_FADED_RATIO: f32 = 0.9;

impl Peak {
    /// Width, a dip on both sides and across the strip: the shape of a line, whatever its colour.
    pub fn line_shaped(&self) -> bool {
        self.checks[1] && self.checks[2] && self.checks[3]
    }

    /// How far the red ratio may be off from noise alone (two noise levels of both channels'
    /// contrast over the peak's).
    pub fn red_error(&self, noise: f32) -> f32 {
        2.0 * (1.0 + self.red_ratio.abs()) * noise / self.strength.max(1e-6)
    }

    /// The same for the blue ratio.
    pub fn blue_error(&self, noise: f32) -> f32 {
        2.0 * (1.0 + self.blue_ratio.abs()) * noise / self.strength.max(1e-6)
    }

    /// Line-shaped and of a colour that a washed-out line could have: its red ratio is below
    /// [`MAX_FADED_RATIO`] even at the far end of its error. A line the reader may lean on only
    /// where a phantom errs toward caution (see `strip::call_line`).
    pub fn faded_line(&self, noise: f32) -> bool {
        self.line_shaped() && self.red_ratio + self.red_error(noise) <= MAX_FADED_RATIO
    }

    /// Of a gold line's colour, width and dip, across two thirds of the strip's width at least:
    /// a line with a third of it shaded apart (a shadow's edge along the strip) or smudged.
    pub fn partly_across(&self) -> bool {
        self.checks[0] && self.checks[1] && self.checks[2] && self.bands >= 2
    }

    /// Line-shaped and *not shown to be neutral*: its red ratio could be a line's
    /// ([`MAX_FADED_RATIO`] or less) within its error. A faint dip's colour cannot be measured,
    /// so such a dip at the test line's place is an uncertain test line, not an absent one.
    pub fn maybe_line(&self, noise: f32) -> bool {
        self.line_shaped() && self.red_ratio - self.red_error(noise) <= MAX_FADED_RATIO
    }
}

/// Contrast noise floor: JPEG quantisation and membrane texture never allow less.
pub const NOISE_FLOOR: f32 = 0.003;

/// Mean colour across the strip at each step along it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    pub r: Vec<f32>,
    pub g: Vec<f32>,
    pub b: Vec<f32>,
    /// Green in three bands across the strip (its first, middle and last third), to tell a
    /// line, which crosses the whole strip, from a spot, a letter or a curved window edge.
    /// Empty when not sampled.
    pub g_bands: [Vec<f32>; 3],
}

impl Profile {
    pub fn len(&self) -> usize {
        self.g.len()
    }
    pub fn is_empty(&self) -> bool {
        self.g.is_empty()
    }
}

/// A dip in the green contrast profile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Peak {
    /// Sub-sample index of the centre.
    pub index: f32,
    /// Peak green contrast.
    pub strength: f32,
    /// strength / noise.
    pub snr: f32,
    /// Red absorbance / green absorbance at the peak.
    pub red_ratio: f32,
    /// Blue absorbance / green absorbance at the peak.
    pub blue_ratio: f32,
    /// Full width at half maximum, in samples.
    pub fwhm: f32,
    /// Colour and width say this is a line (not a shadow or an edge).
    pub line_like: bool,
    /// Which tests it failed, for explanations and debugging: colour, width, a dip on both
    /// sides, across the strip (each `true` = passed).
    pub checks: [bool; 4],
    /// How many thirds of the strip's width the dip darkens (see `checks[3]`, which wants all
    /// three); 3 when the profile has no bands.
    pub bands: u8,
}

/// The analysis of one profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Lines {
    /// Green contrast per sample (smoothed, zero-median).
    pub contrast: Vec<f32>,
    /// Noise (standard deviation) of the contrast.
    pub noise: f32,
    /// Candidates, strongest first.
    pub peaks: Vec<Peak>,
    /// The profile shows no colour: the colour test cannot be made.
    pub grayscale: bool,
}

fn contrast(channel: &[f32], smooth_r: usize, close_r: usize) -> Vec<f32> {
    let s = box_smooth(channel, smooth_r);
    let bg = closing(&s, close_r);
    let mut c: Vec<f32> = s.iter().zip(&bg).map(|(&v, &b)| if b > 1.0 { 1.0 - v / b } else { 0.0 }).collect();
    let m = median(&c);
    c.iter_mut().for_each(|v| *v -= m);
    c
}

/// Finds line candidates in `p`, expecting lines about `line_width` samples wide.
pub fn find_lines(p: &Profile, line_width: f32) -> Lines {
    let n = p.len();
    let lw = line_width.max(1.0);
    let smooth_r = ((lw / 4.0).round() as usize).max(1);
    let close_r = ((1.5 * lw).ceil() as usize).max(2);
    let cg = contrast(&p.g, smooth_r, close_r);
    let cr = contrast(&p.r, smooth_r, close_r);
    let cb = contrast(&p.b, smooth_r, close_r);
    let band_contrast: Vec<Vec<f32>> = p
        .g_bands
        .iter()
        .map(|b| if b.len() == n { contrast(b, smooth_r, close_r) } else { Vec::new() })
        .collect();
    let chroma: f32 = (0..n).map(|i| (p.r[i] - p.g[i]).abs() + (p.g[i] - p.b[i]).abs()).sum::<f32>() / n.max(1) as f32;
    let grayscale = chroma < 1.0;

    // Noise: robust spread, then again without the samples near strong peaks.
    let spread = |mask: &dyn Fn(usize) -> bool| {
        let v: Vec<f32> = (0..n).filter(|&i| mask(i)).map(|i| cg[i].abs()).collect();
        1.4826 * median(&v)
    };
    let first = spread(&|_| true).max(NOISE_FLOOR);
    let guard = lw.ceil() as usize;
    let mut near_peak = vec![false; n];
    for i in 0..n {
        if cg[i] > 4.0 * first {
            for slot in near_peak.iter_mut().take((i + guard + 1).min(n)).skip(i.saturating_sub(guard)) {
                *slot = true;
            }
        }
    }
    let noise = if near_peak.iter().filter(|&&b| !b).count() >= 8 {
        spread(&|i| !near_peak[i]).max(NOISE_FLOOR)
    } else {
        first
    };

    // Local maxima over half a line width either side, at least 2.5 noise high.
    let half = ((lw / 2.0).round() as usize).max(1);
    let mut peaks = Vec::new();
    for i in 0..n {
        let v = cg[i];
        if v < 2.5 * noise {
            continue;
        }
        let lo = i.saturating_sub(half);
        let hi = (i + half + 1).min(n);
        // Strict on the left so a flat top yields one peak.
        if cg[lo..i].iter().any(|&u| u >= v) || cg[i + 1..hi].iter().any(|&u| u > v) {
            continue;
        }
        // Centre and width from the half-maximum crossings (linear interpolation), which is
        // stable on flat-topped lines where the maximum itself wanders with the noise.
        let halfmax = 0.5 * v;
        let mut l = i;
        while l > 0 && cg[l - 1] > halfmax {
            l -= 1;
        }
        let mut r = i;
        while r + 1 < n && cg[r + 1] > halfmax {
            r += 1;
        }
        let left = if l > 0 { l as f32 - (cg[l] - halfmax) / (cg[l] - cg[l - 1]).max(1e-9) } else { l as f32 - 0.5 };
        let right = if r + 1 < n { r as f32 + (cg[r] - halfmax) / (cg[r] - cg[r + 1]).max(1e-9) } else { r as f32 + 0.5 };
        let fwhm = right - left;
        // On absorbance (-ln of transmission), as Beer-Lambert has it: the ratio of two
        // channels' absorbance is the dye's, whatever the line's density, where the ratio of
        // contrasts grows as a dark line saturates.
        let absorb = |c: f32| -(1.0 - c.min(0.98)).ln();
        let red_ratio = absorb(cr[i]) / absorb(v);
        let blue_ratio = absorb(cb[i]) / absorb(v);
        let colour_ok = grayscale || red_ratio <= MAX_RED_RATIO;
        let width_ok = fwhm >= (0.35 * lw).max(1.0) && fwhm <= 2.5 * lw + 1.0;
        // A line is a dip: the contrast falls back (below a third of the peak) on both sides
        // within two line widths. Shading that deepens toward a window's end does not.
        let reach = (2.0 * lw).ceil() as usize + 1;
        let falls = |lo: usize, hi: usize| cg[lo..hi].iter().any(|&u| u < v / 3.0);
        let both_sides = falls(i.saturating_sub(reach), i) && falls(i + 1, (i + reach + 1).min(n));
        // A line crosses the strip: each third of the width darkens at least half as much as
        // the whole (allowing for each band's larger noise).
        let darkened = band_contrast
            .iter()
            .filter(|cb| cb.is_empty() || cb[i.saturating_sub(half)..(i + half + 1).min(n)].iter().fold(f32::MIN, |a, &b| a.max(b)) >= 0.5 * v - 2.5 * 1.8 * noise)
            .count() as u8;
        let across = darkened == 3;
        peaks.push(Peak {
            index: 0.5 * (left + right),
            strength: v,
            snr: v / noise,
            red_ratio,
            blue_ratio,
            fwhm,
            line_like: colour_ok && width_ok && both_sides && across,
            checks: [colour_ok, width_ok, both_sides, across],
            bands: darkened,
        });
    }
    // Keep the stronger of two candidates closer than a line width.
    crate::kernels::sort_by_key(&mut peaks, |p| -p.strength);
    let mut kept: Vec<Peak> = Vec::new();
    for pk in peaks {
        if kept.iter().all(|k| (k.index - pk.index).abs() >= lw) {
            kept.push(pk);
        }
    }
    // One dye makes every line on a strip: once a clear line is seen, a candidate whose colour
    // differs from it by more than its own measurement error allows is not a line (pinkish
    // shading at a window's edge, a stain of another colour).
    if !grayscale {
        if let Some(reference) = kept.iter().find(|p| p.line_like && p.snr >= 10.0).copied() {
            for p in kept.iter_mut().filter(|p| p.line_like) {
                let tolerance = MAX_HUE_DIFFERENCE + 2.0 * noise / p.strength.max(1e-6);
                if (p.red_ratio - reference.red_ratio).abs() > tolerance {
                    p.line_like = false;
                }
            }
        }
    }
    Lines { contrast: cg, noise, peaks: kept, grayscale }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A white membrane with gold lines (green contrast c, red c/4) and optional neutral dips.
    fn membrane(n: usize, lines: &[(usize, f32)], shadows: &[(usize, f32)], width: usize) -> Profile {
        let mut p = Profile { r: vec![230.0; n], g: vec![228.0; n], b: vec![225.0; n], ..Profile::default() };
        for i in 0..n {
            // a little deterministic texture
            let t = ((i * 7919) % 13) as f32 / 13.0 - 0.5;
            p.r[i] += t;
            p.g[i] += t;
            p.b[i] += t;
        }
        for &(at, c) in lines {
            for i in at.saturating_sub(width / 2)..(at + width / 2 + 1).min(n) {
                p.g[i] *= 1.0 - c;
                p.r[i] *= 1.0 - c / 4.0;
                p.b[i] *= 1.0 - c / 2.0;
            }
        }
        for &(at, c) in shadows {
            for i in at.saturating_sub(width / 2)..(at + width / 2 + 1).min(n) {
                p.g[i] *= 1.0 - c;
                p.r[i] *= 1.0 - c;
                p.b[i] *= 1.0 - c;
            }
        }
        p
    }

    #[test]
    fn finds_gold_lines_with_strength_and_position() {
        let p = membrane(300, &[(100, 0.3), (200, 0.05)], &[], 15);
        let l = find_lines(&p, 15.0);
        let gold: Vec<&Peak> = l.peaks.iter().filter(|p| p.line_like && p.snr > 6.0).collect();
        assert_eq!(gold.len(), 2, "{:?}", l.peaks);
        assert!((gold[0].index - 100.0).abs() < 1.5 && (gold[0].strength - 0.3).abs() < 0.03, "{:?}", gold);
        assert!((gold[1].index - 200.0).abs() < 1.5 && (gold[1].strength - 0.05).abs() < 0.01);
        assert!(!l.grayscale);
    }

    #[test]
    fn neutral_dips_are_not_lines() {
        let p = membrane(300, &[], &[(150, 0.2)], 15);
        let l = find_lines(&p, 15.0);
        assert!(l.peaks.iter().all(|p| !p.line_like), "{:?}", l.peaks);
        assert!(l.peaks.iter().any(|p| p.strength > 0.15), "the dip is seen, just not as a line");
    }

    #[test]
    fn a_step_makes_no_line() {
        let mut p = membrane(300, &[], &[], 15);
        for i in 150..300 {
            p.g[i] *= 0.8; // a pinkish step: green drops, red does not
        }
        let l = find_lines(&p, 15.0);
        assert!(l.peaks.iter().all(|p| !(p.line_like && p.snr >= 3.5)), "{:?}", l.peaks);
    }

    #[test]
    fn a_blank_membrane_has_no_line() {
        let l = find_lines(&membrane(300, &[], &[], 15), 15.0);
        assert!(l.peaks.iter().all(|p| p.snr < 3.5), "{:?}", l.peaks);
        assert!(l.noise >= NOISE_FLOOR);
    }

    #[test]
    fn ink_of_another_colour_differs_from_a_gold_line() {
        // Gold: green drops by c, blue by c/2. Violet ink: green by c, blue by as much, red
        // barely (the handwriting on p_1640 measured 0.77 blue ratio against the line's 0.11).
        let mut p = membrane(300, &[(100, 0.2), (200, 0.1)], &[], 15);
        let l = find_lines(&p, 15.0);
        let gold: Vec<&Peak> = l.peaks.iter().filter(|p| p.line_like && p.snr >= 10.0).collect();
        assert_eq!(gold.len(), 2, "{:?}", l.peaks);
        assert!(!differ_in_colour(gold[0], gold[1], l.noise), "two gold lines are one dye: {gold:?}");
        for i in 193..=207 {
            p.b[i] = 225.0 * (1.0 - 0.2); // the weaker line now darkens blue twice as much
        }
        let l = find_lines(&p, 15.0);
        let marks: Vec<&Peak> = l.peaks.iter().filter(|p| p.line_like && p.snr >= 10.0).collect();
        assert_eq!(marks.len(), 2, "{:?}", l.peaks);
        assert!(differ_in_colour(marks[0], marks[1], l.noise), "{marks:?}");
    }
}
