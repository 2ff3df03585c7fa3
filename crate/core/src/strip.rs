//! Reading one strip: sample it straight, check the photo is good enough, find its lines, tell
//! the sample end from the handle, call control and test, and give the verdict.
//!
//! Rule: `s` runs 0..1 along the strip from end A of its [`Frame`] (the sample end once the
//! orientation is known), `t` runs -0.5..0.5 across it; window positions `p` run 0..1 across the
//! model's result window from its sample end. Everything is read from the full-resolution photo
//! inside the strip only, by bilinear sampling.

use crate::find::{colour_dist, Frame};
use crate::kernels::{colour_distance, luma, median, sample_bilinear, sample_bilinear_many, sort_by_key, sort_f32, trimmed_mean};
use crate::model::{Assay, Format, Model};
use crate::profile::{blue_apart, differ_in_colour, find_lines, Lines, Peak, Profile};
use crate::reading::*;
use crate::view::RgbaView;

/// A line is present at this signal-to-noise ratio and strength or above.
pub const PRESENT_SNR: f32 = 6.0;
pub const PRESENT_STRENGTH: f32 = 0.02;
/// A line is absent below this signal-to-noise ratio (or strength); between the two: uncertain.
pub const ABSENT_SNR: f32 = 3.5;
pub const ABSENT_STRENGTH: f32 = 0.01;
/// Minimum result-window length and strip width, in photo pixels.
pub const MIN_WINDOW_PX: f32 = 40.0;
pub const MIN_WIDTH_PX: f32 = 8.0;
/// Mean luma of the window below which the photo is too dark.
pub const MIN_BRIGHTNESS: f32 = 50.0;
/// Fraction of the test line's place (its zone) clipped above which a missing test line may be
/// glare's doing: no answer that rests on its absence.
pub const MAX_ZONE_CLIPPED: f32 = 0.15;
/// Fraction of window samples with a clipped channel above which glare hides lines.
pub const MAX_CLIPPED: f32 = 0.3;

/// What is being read: a strip found in the photo, or a photo cropped to the window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// A strip found by the search; the background colour around it is known.
    /// A strip the finder found; `touches_edge`: its outline reaches the photo's border.
    Found { frame: Frame, background: [f32; 3], touches_edge: bool },
    /// The whole photo is the result window; which end is the sample end is told from its lines.
    Window { frame: Frame },
}

/// Reads one strip. Returns its reading and the quality measurements taken on it.
///
/// A dipstick whose handle label told its sample end is read again on its box moved to where
/// the label's inner edge says the strip lies ([`register_on_label`]): a white sample pad on a
/// light table, or a handle merged with something beside it, leaves the box short at one end,
/// and the window, placed along the box, then puts the control line where the test line
/// belongs. The moved box's reading is taken, except that it may not turn another answer into
/// `negative` on its own (then `retake`): a wrong move could bring a mark into the test line's
/// place. (A first reading that was a retake for lines where its box puts none gave no answer
/// to turn: there a clear test line on the moved box is read.)
pub fn read_strip(view: &RgbaView, target: Target, model: &Model) -> (StripReading, Quality) {
    let (first, quality, frame) = read_placed(view, target, model, None);
    // A width's taper can be the table's doing (a striped or patterned table beside the strip
    // narrows or widens its outline at one end). Where the handle label's inner edge lies at the
    // model's place on the box taken flat and off it on the box with the keystone, the keystone
    // is the table's, and the strip is read flat.
    let edge_fits = |f: &Frame| {
        model.geometry.handle.as_ref().is_some_and(|handle| label_edge(view, f, model).is_some_and(|e| (e.at - handle.start).abs() <= LABEL_EDGE_TOLERANCE))
    };
    let flat = Frame { keystone: 0.0, ..frame };
    let keyed = frame.keystone != 0.0 && first.orientation == Orientation::Handle;
    let keyed_fits = keyed && edge_fits(&frame);
    let (first, quality, frame) = if keyed && !keyed_fits && edge_fits(&flat) {
        read_placed(view, target, model, Some((flat, first.orientation)))
    } else {
        (first, quality, frame)
    };
    // The keystone (see [`keystone_of`]) places the lines; like any registration it may not
    // turn another answer into `negative` on its own: only when the handle label's inner edge,
    // placed by it, is where the model puts it (`keyed_fits`: a second, independent witness of
    // the slant). (A strip read flat above has no keystone left.)
    let flat_not_negative = || read_placed(view, target, model, Some((flat, first.orientation))).0.result != Verdict::Negative;
    let first = if frame.keystone != 0.0 && first.result == Verdict::Negative && !keyed_fits && flat_not_negative() {
        StripReading { result: Verdict::Retake, reason: Some(Reason::UnexpectedLine), ..first }
    } else {
        first
    };
    let background = match target {
        Target::Found { background, .. } => Some(background),
        Target::Window { .. } => None,
    };
    let eligible = background.is_some() && model.format == Format::Dipstick && first.orientation == Orientation::Handle;
    let Some(moved) = eligible.then(|| register_on_label(view, &frame, model, background)).flatten() else {
        return (first, quality);
    };
    let (second, moved_quality, _) = read_placed(view, target, model, Some((moved, Orientation::Handle)));
    // Unless the first reading was itself a retake for lines where its box puts none (that box
    // was then already shown off) and the moved box's test line is clear beyond doubt (many
    // times the noise, of a plain line's strength: no faint mark a wrong move brought there):
    // the label's edge and the lines then agree where the strip lies, two witnesses against
    // the one box.
    let box_shown_off = first.result == Verdict::Retake && first.reason == Some(Reason::UnexpectedLine);
    if second.result == Verdict::Negative && first.result != Verdict::Negative && !(box_shown_off && second.test.as_ref().is_some_and(clear_call)) {
        return (StripReading { result: Verdict::Retake, reason: Some(Reason::UnexpectedLine), ..first }, quality);
    }
    (second, moved_quality)
}

/// [`read_strip`] on the box as found (`placed` = `None`: fitted and oriented here), or on a
/// box already placed and oriented. Also gives the oriented box.
fn read_placed(view: &RgbaView, target: Target, model: &Model, placed: Option<(Frame, Orientation)>) -> (StripReading, Quality, Frame) {
    let g = &model.geometry;
    let (frame, win, search, background) = match target {
        Target::Found { frame, background, .. } => {
            (frame, (g.window[0], g.window[1]), ((g.window[0] - 0.12).max(0.04), (g.window[1] + 0.12).min(0.96)), Some(background))
        }
        Target::Window { frame } => (frame, (0.0, 1.0), (0.02, 0.98), None),
    };
    let quality = Quality { width: view.width(), height: view.height(), ..Quality::default() };

    let (frame, orientation) = match placed {
        Some(p) => p,
        None => {
            // A cassette's box may take in its cast shadow: fit it to the plastic's own long edges.
            let frame = match target {
                Target::Found { .. } if model.format == Format::Cassette => fit_along(view, fit_across(view, frame)),
                _ => frame,
            };
            // Orientation: which end is the handle?
            let (frame, orientation) = match target {
                Target::Window { .. } => (frame, Orientation::Unknown),
                Target::Found { background, .. } => match orient(view, frame, model) {
                    (f, Orientation::Unknown) => grow_to_label(view, &f, model, background).map_or((f, Orientation::Unknown), |g| (g, Orientation::Handle)),
                    oriented => oriented,
                },
            };
            // A dipstick seen at a slant: its lines lie where its width's taper says.
            match (target, model.format) {
                (Target::Found { .. }, Format::Dipstick) => (Frame { keystone: keystone_of(view, &frame), ..frame }, orientation),
                _ => (frame, orientation),
            }
        }
    };
    let mut quality = Quality { strip_length: frame.length, ..quality };
    let window_px = (win.1 - win.0) * frame.length;
    let line_px = g.line_width * window_px;
    // Blur wider than one and a half line widths smears a faint test line into the membrane.
    let blur_limit = (1.5 * line_px).max(4.0);
    // A cassette's window is a slot in its plastic: read only across the membrane.
    let read_frame = match target {
        Target::Found { .. } if model.format == Format::Cassette => slot_along(view, membrane_frame(view, &frame, win), win),
        _ => frame,
    };
    let empty = |result, reason, frame: Frame, orientation, quality| {
        (
            StripReading {
                result,
                reason: Some(reason),
                corners: frame.corners(0.0, 1.0),
                window: read_frame.corners(win.0, win.1),
                control: None,
                test: None,
                lines: Vec::new(),
                orientation,
                marks: 0,
            },
            quality,
            frame,
        )
    };
    if window_px < MIN_WINDOW_PX || frame.width < MIN_WIDTH_PX {
        return empty(Verdict::Retake, Reason::StripTooSmall, frame, orientation, quality);
    }
    // A strip cut off by the photo's border: its outline reaches the border and it is clearly
    // shorter than the model's strip, so the window's place along it is unknown. And a window
    // that runs off the photo cannot be read: the sampler would repeat the edge's pixels where
    // a line may be.
    if let Target::Found { touches_edge: true, .. } = target {
        let (w, h) = (view.width() as f32, view.height() as f32);
        let near = (0.5 * frame.width).max(3.0);
        let at_border = |p: [f32; 2]| p[0] < near || p[1] < near || p[0] > w - near || p[1] > h - near;
        let end = |k: f32| [frame.centre[0] + k * 0.5 * frame.length * frame.axis[0], frame.centre[1] + k * 0.5 * frame.length * frame.axis[1]];
        if (at_border(end(-1.0)) || at_border(end(1.0))) && frame.length < 0.85 * g.aspect * frame.width {
            return empty(Verdict::Retake, Reason::StripCutOff, frame, orientation, quality);
        }
    }
    if matches!(target, Target::Found { .. }) {
        let margin = 0.5 * line_px;
        let (w, h) = (view.width() as f32, view.height() as f32);
        let outside = |p: [f32; 2]| p[0] < -margin || p[1] < -margin || p[0] > w + margin || p[1] > h + margin;
        if read_frame.corners(win.0, win.1).iter().any(|&c| outside(c)) {
            return empty(Verdict::Retake, Reason::StripCutOff, frame, orientation, quality);
        }
    }

    // A cropped window may hold the cassette's plastic beside the membrane, so the across-the-
    // strip line test is made only on strips that were found (whose width is all membrane).
    let sampled = sample_profile(view, &read_frame, search, win, matches!(target, Target::Found { .. }));
    quality.brightness = sampled.brightness;
    quality.clipped = sampled.clipped;
    // The blur gate measures a dipstick's cut edges; a cassette's moulded edges are rounded, so
    // they say nothing about focus (its blur is not measured yet).
    if background.is_some() && model.format == Format::Dipstick {
        quality.edge_width = edge_width(view, &frame, win, 2.0 * blur_limit);
    }
    if sampled.brightness < MIN_BRIGHTNESS {
        return empty(Verdict::Retake, Reason::TooDark, frame, orientation, quality);
    }
    // A strip's window is its membrane, white or nearly (a coloured light tints it a little): a
    // found shape whose window is strongly coloured is some other strip-shaped thing (a pen, a
    // stick, a stripe of a coloured cloth), not a strip.
    if matches!(target, Target::Found { .. }) && membrane_colourfulness(&sampled.profile) > MAX_MEMBRANE_COLOURFULNESS {
        return empty(Verdict::Retake, Reason::StripNotFound, frame, orientation, quality);
    }
    // Glare, or green clipped: lines are hidden. A light's colour or the exposure clipping
    // red or blue over the window hides no line, but the colour test then fails: a shadow's dip
    // in a clipped red channel reads as a gold line's. So no answer then rests on a test line.
    if sampled.glare > MAX_CLIPPED || sampled.green_clipped > MAX_CLIPPED {
        return empty(Verdict::Retake, Reason::TooBright, frame, orientation, quality);
    }
    let colour_clipped = sampled.clipped > MAX_CLIPPED;
    if quality.edge_width > blur_limit {
        return empty(Verdict::Retake, Reason::Blurry, frame, orientation, quality);
    }

    let samples_per_window = sampled.profile.len() as f32 * (win.1 - win.0) / (search.1 - search.0);
    // A photo cropped to the window holds the membrane only: no table, so no cast shadow or
    // edge of one crosses it (see `call_line`), but the window's rim may (see
    // `without_rim_shade`).
    let crop = matches!(target, Target::Window { .. });
    let line_width = g.line_width * samples_per_window;
    let analyse = |p: &Profile| {
        let found = find_lines(p, line_width);
        if crop { without_rim_shade(found, &sampled.profile.g, line_width) } else { found }
    };
    let lines = analyse(&sampled.profile);
    // The same profile as green over red: a neutral shadow (all channels alike) cancels out of
    // it, a gold line (green far more than red) stays. Consulted only where no control line
    // is seen: a shadow's edge across the strip makes a ramp steeper than the line's dip, and
    // the membrane's background then hides the line in the green profile alone.
    // Made at most once, when first needed (both ways of reading an unoriented strip share it).
    let hue = std::cell::OnceCell::new();
    let hue_lines = || hue.get_or_init(|| analyse(&hue_profile(&sampled.profile)));
    quality.noise = lines.noise;
    quality.grayscale = lines.grayscale;
    let to_window = |index: f32, flip: bool| {
        let s = search.0 + (index + 0.5) / sampled.profile.len() as f32 * (search.1 - search.0);
        let s = if flip { 1.0 - s } else { s };
        (s - win.0) / (win.1 - win.0)
    };

    // Whether the handle label's inner edge is off from the model's place (by more than
    // [`LABEL_EDGE_TOLERANCE`]) the way the lines are off by `offset` (a fraction of the strip's
    // length): see [`SHIFT_WITNESS_RATIO`]. Only on a found dipstick that the label oriented;
    // the edge is measured at most once.
    let label = std::cell::OnceCell::new();
    let edge = || {
        let eligible = matches!(target, Target::Found { .. }) && model.format == Format::Dipstick && orientation == Orientation::Handle;
        label.get_or_init(|| if eligible { label_edge(view, &frame, model) } else { None })
    };
    // How far that edge lies from the model's place (a fraction of the strip's length), if seen.
    let label_off = || match (edge(), model.geometry.handle.as_ref()) {
        (Some(e), Some(h)) => Some(e.at - h.start),
        _ => None,
    };
    let label_witnesses = |offset: f32| label_off().is_some_and(|d| d.abs() > LABEL_EDGE_TOLERANCE && SHIFT_WITNESS_RATIO.contains(&(d / offset)));
    // Whether that edge was seen at all (on a strip eligible for it): seen, it witnesses a
    // shift or speaks against it; unseen, it says nothing. Seen where the model puts it, it
    // shows the box is where the strip lies.
    let label_seen = || edge().is_some();
    let label_in_place = || label_off().is_some_and(|d| d.abs() <= LABEL_EDGE_TOLERANCE);
    let control_role = if crop { Role::CropControl } else { Role::Control };
    let call = |flip: bool| -> (Verdict, Option<Reason>, LineCall, LineCall, Vec<Line>, usize) {
        let mut listed: Vec<Line> = lines
            .peaks
            .iter()
            .filter(|p| p.line_like && p.snr >= ABSENT_SNR && p.strength >= ABSENT_STRENGTH)
            .map(|p| Line { position: to_window(p.index, flip), strength: p.strength, snr: p.snr })
            .collect();
        sort_by_key(&mut listed, |l| l.position);
        // Two clear lines as far apart as the model's T and C register the window on the lines
        // themselves, so a box a little long or short at one end does not swap T and C.
        let clear: Vec<&Line> = listed.iter().filter(|l| l.snr >= PRESENT_SNR && l.strength >= PRESENT_STRENGTH).collect();
        let spacing = g.control - g.test;
        // A found strip's box may be off by a third of the window; a crop the caller says is
        // the window is off by its margins at most.
        let most = if crop { 0.1 } else { 0.35 };
        let hue_sees = |expected: f32, role: Role| !lines.grayscale && call_line(hue_lines(), expected, g.line_tolerance, &|i| to_window(i, flip), role).present;
        let pair_shift = |a: &Line, b: &Line| 0.5 * (a.position + b.position) - 0.5 * (g.test + g.control);
        let in_window: Vec<&Line> = clear.iter().copied().filter(|l| (-0.05..=1.05).contains(&l.position)).collect();
        let (shift, by_label) = match (clear.as_slice(), in_window.as_slice()) {
            // Farther off than `most` (a small strip's sample pad lost into a light table leaves
            // its box short by a sixth) only where the handle label's inner edge is off the same
            // way and by as much: the shift's own tests below then hold it to that witness.
            ([a, b], _)
                if (0.6 * spacing..=PAIR_SPAN_MAX * spacing).contains(&(b.position - a.position))
                    && (pair_shift(a, b).abs() <= most
                        || (!crop && !flip && pair_shift(a, b).abs() <= FAR_SHIFT_MAX && label_witnesses(pair_shift(a, b) * (win.1 - win.0)))) =>
            {
                (pair_shift(a, b), false)
            }
            // One clear line in the window, off the control's place, where the handle label's
            // inner edge is off the same way and by as much (see [`SHIFT_WITNESS_RATIO`]): the
            // box is off at one end, or the strip is seen at a slant its width's taper did not
            // show, and the line is the control. This may only ever read `positive` (a test
            // line beside it would be a second clear line). Unless green over red sees a line
            // at the control's own place: the lone line may then be the test line of a strip
            // whose control is lost on a shadow's edge (see `hue_profile`), the label's edge
            // misread in the shadow as well. Nor a lone line at the test line's own place: a
            // strip with no control line reads so too.
            (_, [c]) if !crop && {
                let d = c.position - g.control;
                d.abs() > g.line_tolerance && d.abs() <= most && (c.position - g.test).abs() > g.line_tolerance && (label_witnesses(d * (win.1 - win.0)) || (!label_seen() && (c.position - g.test).abs() > d.abs() + g.line_tolerance)) && !hue_sees(g.control, control_role)
            } => (c.position - g.control, true),
            _ => (0.0, false),
        };
        let control = call_line(&lines, g.control + shift, g.line_tolerance, &|i| to_window(i, flip), control_role);
        let test = call_line(&lines, g.test + shift, g.line_tolerance, &|i| to_window(i, flip), Role::Test);
        // A strip the photo washed out washes out both its lines: a clear faded dip at the test
        // line's place of the faded control's own colour is the test line (see `same_dye`).
        let peak_near = |at: f32| lines.peaks.iter().find(|p| (to_window(p.index, flip) - at).abs() < 1e-4);
        let peak_at = |c: &LineCall| c.position.and_then(peak_near);
        let test = match (peak_at(&control), peak_at(&test)) {
            (Some(c), Some(t)) if control.present && test.state == LineState::Uncertain && same_dye(c, t, lines.noise) => {
                LineCall { present: true, state: LineState::Present, ..test }
            }
            _ => test,
        };
        // One striping machine draws both lines, and blur widens both alike: a test line much
        // wider than the control (a stain's blotch at a dye front, a shadow's band) is not
        // taken as one. Uncertain: a retake.
        let too_wide = matches!((peak_at(&control), peak_at(&test)), (Some(c), Some(t)) if control.present && test.present && t.fwhm > MAX_TEST_WIDTH_RATIO * c.fwhm);
        let test = if too_wide { LineCall { present: false, state: LineState::Uncertain, ..test } } else { test };
        let called_test = test;
        let test = placed_by_control(model.assay, &control, test, spacing, &lines, &|i| to_window(i, flip));
        let (v, r) = verdict(model.assay, &control, &test, lines.grayscale);
        let (v, r) = if by_label && v != Verdict::Retake && !rests_on_absence(model.assay, v) { (Verdict::Retake, Some(Reason::UnexpectedLine)) } else { (v, r) };
        // The control line takes up the conjugate whatever the sample holds: a "control" many
        // times fainter than the test line beside it is more likely a mark at the window's far
        // end (a crop's rim, a stain), with the strong line the real control read from the
        // wrong end. No negative rests on it.
        let (v, r) = if v == Verdict::Negative && control.strength * MAX_TEST_OVER_CONTROL < test.strength {
            (Verdict::Retake, Some(Reason::FaintControl))
        } else {
            (v, r)
        };
        // No control in green, but a line at its place in green over red: the light changes
        // along the strip there (a shadow's edge), and the green profile's dip is lost in the
        // step. Where that line is clear (a gold line, many times the noise, of a line's
        // width) it is the control, read from the profile a neutral change of light does not
        // touch, when a test line lies beside it the printed spacing from it, as the lines of
        // one strip do (a stain at the test line's place lies anywhere). Alone it is no
        // control: a test line of a box placed short lies there too. Else no answer, a retake.
        let hue_control = (v == Verdict::Invalid).then(|| call_line(hue_lines(), g.control + shift, g.line_tolerance, &|i| to_window(i, flip), Role::Control)).filter(|c| c.present);
        // A control call and a test call the printed T-C spacing apart.
        let printed_pair = |c: &LineCall, t: &LineCall| {
            matches!((c.position, t.position), (Some(at_c), Some(at_t)) if ((at_c - at_t) / spacing - 1.0).abs() <= PAIR_SPACING_TOLERANCE)
        };
        let (control, v, r) = match hue_control {
            Some(hc) if test.present && clear_call(&hc) && printed_pair(&hc, &test) && test.strength <= MAX_TEST_OVER_CONTROL * hc.strength => {
                let (v, r) = verdict(model.assay, &hc, &test, lines.grayscale);
                (hc, v, r)
            }
            Some(_) => (control, Verdict::Retake, Some(Reason::UnexpectedLine)),
            None => (control, v, r),
        };
        // Likewise a test line: absent in green, present in green over red. An answer that rests
        // on its absence is not given: a retake. Nor one that rests on that line, however clear
        // there and however placed: a rise in red alone (a light's tint, a sheen) makes the same
        // dip in green over red, and a phantom test line is the dangerous error (s61803
        // `216.jpg`, a positive under a cool light, had a 10 % dip there the printed spacing
        // from its control and nothing in green). (Not looked for where only the control's
        // place made the call absent: the mark the zone saw is no absence that glare or a shadow
        // could have made.)
        let hidden_test = (rests_on_absence(model.assay, v) && called_test.state == LineState::Absent && !lines.grayscale)
            .then(|| call_line(hue_lines(), g.test + shift, g.line_tolerance, &|i| to_window(i, flip), Role::Test))
            .is_some_and(|c| c.present);
        let (v, r) = if hidden_test { (Verdict::Retake, Some(Reason::UncertainTestLine)) } else { (v, r) };
        // The registration must not decide the answer: read on the box as it is, the lines
        // must say the same. (A shift near the T-C spacing turns the control line into the test
        // line and a faint mark at the window's end into the control: a positive read negative.)
        // Unless a second, independent witness puts the strip where the lines do: the handle
        // label's inner edge, off from the model's place by as much as the lines are (a box short
        // or long at one end moves both alike). A phantom mark that makes the lines' pair moves
        // the lines only, and the label then disagrees.
        let (v, r) = if shift != 0.0 && v != Verdict::Retake {
            let c0 = call_line(&lines, g.control, g.line_tolerance, &|i| to_window(i, flip), control_role);
            let t0 = call_line(&lines, g.test, g.line_tolerance, &|i| to_window(i, flip), Role::Test);
            let t0 = placed_by_control(model.assay, &c0, t0, spacing, &lines, &|i| to_window(i, flip));
            let agrees = verdict(model.assay, &c0, &t0, lines.grayscale).0 == v;
            // Nor is a shift that leaves the control where it was (the same line called the
            // control either way) deciding anything but the test line's zone: the test line
            // then lies the printed spacing from that control, as on any strip seen a little
            // foreshortened, and no mark was made the control.
            let same_control = c0.present && control.present && matches!((c0.position, control.position), (Some(a), Some(b)) if (a - b).abs() < 1e-4);
            let spaced = test.present && printed_pair(&control, &test);
            // Nor, where no handle label's edge was seen to speak for or against the shift, when
            // the strip's ends are known and the two lines are clear gold lines of one dye and
            // one width, as one striping machine draws a strip's two lines: the mark a wrong
            // shift would make the control (a window's rim, a seam, a shadow's edge) is a step,
            // neutral, or of another colour or width.
            // Where the strip's ends are not known the control must be clear as well (many
            // times the noise, of a plain line's strength): a stripe of a patterned table or a
            // sliver of a strip found as a strip of its own has no label, and two faint marks
            // on it can be spaced like T and C. Such a strip is read both ways, and either way
            // may be the one its lines fit (a box found long at one end leaves the pair far off
            // its places the other way).
            let one_dye = (orientation != Orientation::Unknown || clear_call(&control))
                && !by_label
                && !label_seen()
                && matches!((peak_at(&control), peak_at(&test)), (Some(c), Some(t)) if one_dye_pair(c, t, lines.noise));
            // Nor a lone line taken for the control (`by_label` above) where no label edge was
            // seen: the answer then rests on the test line's absence (no other is given).
            let lone_unwitnessed = by_label && !label_seen();
            if agrees || (same_control && spaced) || (!flip && label_witnesses(shift * (win.1 - win.0))) || one_dye || lone_unwitnessed {
                (v, r)
            } else {
                (Verdict::Retake, Some(Reason::UnexpectedLine))
            }
        } else {
            (v, r)
        };
        // Print at the sample end (wavy arrows, a MAX line) can reach the window's first edge.
        // Beside a competitive strip's `positive` such a mark, farther from the control than
        // any test line lies, changes nothing: it can be no test line of this control, and
        // were it the control itself, the answer that gave would be no safer than `positive`.
        // Nor beside both lines read as one dye's pair the printed spacing apart on a box the
        // handle label's edge shows is where it belongs (to well under a spacing): the mark
        // can then be no line of this strip read on a box off by a spacing, and whichever end
        // the pair is read from, both its lines are there. (Without that witness a mark there
        // may be the test line of a box off by a spacing, its control taken for the test line
        // and a mark beyond it for the control: a retake.)
        let before_test = |at: f32| {
            at < g.test + shift - g.line_tolerance && control.position.is_some_and(|c| c - at > PAIR_SPAN_MAX * spacing)
        };
        // The control (as `c`) and the test line the printed spacing apart, one dye's pair.
        let pair_with = |c: &Peak| matches!(peak_at(&test), Some(t) if printed_pair(&control, &test) && one_dye_pair(c, t, lines.noise));
        let witnessed_pair = || control.present && test.present && peak_at(&control).is_some_and(pair_with) && label_in_place();
        let beside = |p: &Peak| {
            before_test(to_window(p.index, flip)) && ((model.assay == Assay::Competitive && v == Verdict::Positive) || witnessed_pair())
        };
        // Two clear marks of different dyes inside the window: one is ink or a stain, and it may
        // be the one taken for a line. No answer but a retake. (One dye makes every line.)
        let inside: Vec<&Peak> = lines
            .peaks
            .iter()
            .filter(|p| p.line_like && p.snr >= 10.0 && (-0.05..=1.05).contains(&to_window(p.index, flip)) && !beside(p))
            .collect();
        let odd = !lines.grayscale && inside.iter().any(|a| inside.iter().any(|b| differ_in_colour(a, b, lines.noise)));
        // A clear line inside the window where neither T nor C is says the window was placed
        // wrong (the control may be that line) or a mark looks like a line. (Print on the handle,
        // beyond the window, is not looked at.)
        let at_t_or_c = |l: &Line| [g.test + shift, g.control + shift].iter().any(|&e| (l.position - e).abs() <= g.line_tolerance);
        let stray = clear.iter().any(|l| !at_t_or_c(l) && (-0.05..=1.05).contains(&l.position) && !peak_near(l.position).is_some_and(beside));
        let (v, r) = if (odd || stray) && v != Verdict::Retake { (Verdict::Retake, Some(Reason::UnexpectedLine)) } else { (v, r) };
        // A `positive` whose control has a clear line-shaped mark of its own dye and width about
        // the printed spacing from it is not given. Past it (beyond the window's end, where
        // `stray` does not look), the box may sit a spacing short, the "control" the test line
        // and that mark the control. Before it, that mark is where this control puts the test
        // line, though outside the zone the box gave it: a test line, a retake.
        // (The mark may be washed out: it is taken as a line for `one_dye_pair`, and so is the
        // control, which is present.)
        let lined = |p: &Peak| Peak { line_like: true, ..*p };
        let paired_at = |side: f32| match (v, control.position, peak_at(&control)) {
            (Verdict::Positive, Some(at_c), Some(c)) => lines.peaks.iter().any(|p| {
                let d = side * (to_window(p.index, flip) - at_c) / spacing;
                (1.0 - PAIR_SPACING_TOLERANCE..=1.0 + PAIR_SPACING_TOLERANCE).contains(&d)
                    && (p.line_like || p.faded_line(lines.noise))
                    && one_dye_pair(&lined(c), &lined(p), lines.noise)
            }),
            _ => false,
        };
        let (v, r) = if paired_at(1.0) {
            (Verdict::Retake, Some(Reason::UnexpectedLine))
        } else if paired_at(-1.0) {
            (Verdict::Retake, Some(Reason::UncertainTestLine))
        } else {
            (v, r)
        };
        // A faded control line beside a gold test line is not one dye as one camera saw it (a
        // photo that washes the strong line out washes the weaker one out more): the "control"
        // may be ink or a shadow on a strip that did not run. So a faded control never gives
        // an answer that rests on a test line.
        let faded_control = control.present && peak_at(&control).is_some_and(|p| !p.line_like);
        let one_dye = matches!((peak_at(&control), peak_at(&test)), (Some(c), Some(t)) if same_dye(c, t, lines.noise));
        // Nor a gold control that darkens two thirds of the strip's width only (a shadow along
        // part of it), beside a whole gold test line the printed spacing from it and of its dye
        // and width: the pair one striping machine draws, the control's only flaw its light.
        let partly_pair = peak_at(&control).is_some_and(|c| c.partly_across() && pair_with(&lined(c)));
        let (v, r) = if faded_control && test.present && !one_dye && !partly_pair && v != Verdict::Retake { (Verdict::Retake, Some(Reason::UnexpectedLine)) } else { (v, r) };
        // No control where the box puts it, but a mark as clear as a faded control must be,
        // line-shaped and of a line's colour (gold, or washed out as a faded line is),
        // elsewhere in the window or just past its control end, away from the test line's
        // place: the box may be off and that mark the control. Not `invalid` then, a retake.
        let lost_control = v == Verdict::Invalid
            && lines.peaks.iter().any(|p| {
                let at = to_window(p.index, flip);
                (p.line_like || p.faded_line(lines.noise))
                    && p.snr >= FADED_CONTROL_SNR
                    && p.strength >= FADED_CONTROL_STRENGTH
                    && (-0.05..=LOST_CONTROL_REACH).contains(&at)
                    && (at - (g.test + shift)).abs() > g.line_tolerance
            });
        let (v, r) = if lost_control { (Verdict::Retake, Some(Reason::UnexpectedLine)) } else { (v, r) };
        // Glare over the test line's place can wash a line out: a reading that rests on its
        // absence is not given when much of that place is clipped.
        let t_zone: Vec<f32> = (0..sampled.clipped_at.len())
            .filter(|&i| (to_window(i as f32, flip) - (g.test + shift)).abs() <= g.line_tolerance)
            .map(|i| sampled.clipped_at[i])
            .collect();
        let t_glare = t_zone.iter().sum::<f32>() / t_zone.len().max(1) as f32;
        // And a channel clipped by the light (see above) spoils the test line's colour test.
        let glare_hides = rests_on_absence(model.assay, v) && t_glare > MAX_ZONE_CLIPPED;
        let colour_unknown = colour_clipped && test.present && matches!(v, Verdict::Positive | Verdict::Negative);
        let (v, r) = if glare_hides || colour_unknown {
            (Verdict::Retake, Some(Reason::TooBright))
        } else {
            (v, r)
        };
        // The lines reported are those where the model puts lines (T and C, each within its
        // tolerance): a pad seam, a window's edge or print beyond that zone is not a line of
        // this strip, though it helped place the window and may have made this a retake.
        let zone = (g.test.min(g.control) - g.line_tolerance + shift, g.test.max(g.control) + g.line_tolerance + shift);
        // A faded control line (see `call_line`) is one of the strip's lines too, and so is a
        // clear faded dip at the test line's place, though it only makes the reading a retake.
        let faded_test = test.state == LineState::Uncertain && peak_at(&test).is_some_and(|p| p.faded_line(lines.noise) && p.snr >= PRESENT_SNR);
        let called = [control.present.then_some(control), (faded_test || test.present).then_some(test)];
        for c in called.iter().flatten() {
            let Some(at) = c.position else { continue };
            if !listed.iter().any(|l| (l.position - at).abs() < 1e-4) {
                listed.push(Line { position: at, strength: c.strength, snr: c.snr });
                sort_by_key(&mut listed, |l| l.position);
            }
        }
        let marks = listed.len();
        // And they are the lines seen clearly: a mark between "clearly absent" and "clearly
        // present" is no line to show or count (a test line there is `uncertain` in its call,
        // with its place, and the reading a retake).
        let is_called = |l: &Line| called.iter().flatten().any(|c| c.position.is_some_and(|at| (l.position - at).abs() < 1e-4));
        let seen = |l: &Line| (l.snr >= PRESENT_SNR && l.strength >= PRESENT_STRENGTH) || is_called(l);
        // Nor is a mark too wide to be the test line (see above) one of them.
        let blotch = |l: &Line| too_wide && test.position.is_some_and(|at| (l.position - at).abs() < 1e-4);
        // A strip has one control line and one test line: a second clear mark in the zone of a
        // line already called (the window's rim, a stain's edge) is not listed beside it.
        let zone_of = |at: f32| [g.test + shift, g.control + shift].iter().position(|&e| (at - e).abs() <= g.line_tolerance);
        let crowded = |l: &Line| {
            !is_called(l) && zone_of(l.position).is_some_and(|z| called.iter().flatten().filter_map(|c| c.position).any(|at| zone_of(at) == Some(z)))
        };
        let listed: Vec<Line> =
            listed.into_iter().filter(|l| (zone.0..=zone.1).contains(&l.position) && seen(l) && !blotch(l) && !crowded(l)).collect();
        (v, r, control, test, listed, marks)
    };

    let (chosen, frame, orientation) = match orientation {
        Orientation::Unknown => {
            // Read it both ways; answer only if both ways agree.
            let a = call(false);
            let b = call(true);
            // Or when one way reads a lone control line at its place and the other way finds no
            // control: the line's place along the strip tells the sample end (see
            // [`LONE_CONTROL_TOLERANCE`]). This only ever answers `positive`. A photo cropped to
            // its window is the window alone, its lines' places symmetric about its middle: a lone
            // line anywhere in the control's zone one way (and so in the test line's the other)
            // is taken for the control, as a lone test line (a strip that did not run) is rare and
            // reading it `positive` errs toward caution.
            let lone_tolerance = if crop { 1.0 } else { LONE_CONTROL_TOLERANCE };
            type Call = (Verdict, Option<Reason>, LineCall, LineCall, Vec<Line>, usize);
            let lone_control = |x: &Call, y: &Call| {
                x.0 == Verdict::Positive
                    && x.2.position.is_some_and(|at| (at - g.control).abs() <= lone_tolerance * g.line_tolerance)
                    && matches!(y.0, Verdict::Invalid | Verdict::Retake)
            };
            // Or when one way reads both lines, each close to its place, and the other way finds
            // no control: see [`PAIR_ORIENTS_TOLERANCE`] for why this needs two made-up lines to
            // go wrong.
            let flipped_control = (1.0 - (win.0 + g.control * (win.1 - win.0)) - win.0) / (win.1 - win.0);
            let pair_orients =
                !crop && [g.test, g.control].iter().all(|&e| (flipped_control - e).abs() > PAIR_ORIENTS_CLEARANCE * g.line_tolerance);
            let near = |c: &LineCall, e: f32| c.present && c.position.is_some_and(|at| (at - e).abs() <= PAIR_ORIENTS_TOLERANCE * g.line_tolerance);
            // Each close to its place once the window is moved by as much as the pair is off
            // from the model's places together (a box long or short at one end; the pair read
            // so has passed the shift's own tests above).
            let pair_off = |x: &Call| match (x.2.position, x.3.position) {
                (Some(c), Some(t)) if clear_call(&x.2) => 0.5 * (c + t) - 0.5 * (g.control + g.test),
                _ => 0.0,
            };
            let pair_at = |x: &Call, off: f32| pair_orients && x.0 == Verdict::Negative && near(&x.2, g.control + off) && near(&x.3, g.test + off);
            let both_lines = |x: &Call, y: &Call| pair_at(x, pair_off(x)) && matches!(y.0, Verdict::Invalid | Verdict::Retake) && !near(&y.2, g.control);
            // Both ways may read a pair `negative`, one at its places, the other as a pair off
            // them (the mirror image, registered): the way at its places tells the sample end.
            let at_places = |x: &Call| pair_at(x, 0.0);
            if a.0 == b.0 && at_places(&b) && !at_places(&a) {
                (b, frame.flipped(), Orientation::Lines)
            } else if a.0 == b.0 && at_places(&a) && !at_places(&b) {
                (a, frame, Orientation::Lines)
            } else if a.0 == b.0 {
                (a, frame, orientation)
            } else if lone_control(&a, &b) || both_lines(&a, &b) {
                (a, frame, Orientation::Lines)
            } else if lone_control(&b, &a) || both_lines(&b, &a) {
                (b, frame.flipped(), Orientation::Lines)
            } else {
                ((Verdict::Retake, Some(Reason::OrientationUnknown), a.2, a.3, a.4, a.5), frame, orientation)
            }
        }
        _ => (call(false), frame, orientation),
    };
    let (result, reason, control, test, listed, marks) = chosen;
    (
        StripReading {
            result,
            reason,
            corners: frame.corners(0.0, 1.0),
            window: read_frame.corners(win.0, win.1),
            control: Some(control),
            test: Some(test),
            lines: listed,
            orientation,
            marks,
        },
        quality,
        frame,
    )
}

/// Where [`label_edge`] saw a handle label end, and the colours it told apart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelEdge {
    pub at: f32,
    pub label: [f32; 3],
    pub membrane: [f32; 3],
}

/// A label edge this near the model's (a fraction of the strip's length) is where it belongs.
pub const LABEL_EDGE_TOLERANCE: f32 = 0.015;
/// How far (as a fraction) the length a label's move gives may be from the model's length for
/// the strip's measured width: a width is measured up to about a quarter too wide (a pad's
/// shadow, a light or patterned table beside the strip), and a length checked against it must
/// allow for that. (At 0.2 most moves of a box short at its sample end were refused.)
pub const LABEL_MOVE_LENGTH_TOLERANCE: f32 = 0.3;
/// The same for a move that shrinks the box (see [`register_on_label`]).
pub const LABEL_SHRINK_LENGTH_TOLERANCE: f32 = 0.2;
/// Largest ratio of a test line's width (at half its depth) to the control line's on one strip.
/// Both lines are drawn by one machine and blurred alike: on the synthesized field sets the
/// ratio's median is 0.99 and 99 % of real test lines measure under 1.3; a stain's blotch at its
/// dye front, taken for a test line on a positive strip, measured 1.49.
pub const MAX_TEST_WIDTH_RATIO: f32 = 1.4;

/// A strip whose sample end its colours do not tell is read from its line's place: a lone line
/// within this share of the line tolerance of the control's place read one way, where read the
/// other way no control is found, is the control line and the strip positive.
///
/// The window is not in the strip's middle (0.40-0.68 of its length from the sample end on a
/// dipstick), so read from the wrong end the control line (0.59 of the length) lies at 0.04 of
/// the window, far from both lines' places, and a test line (0.49) lies at the test line's place
/// again. Only a box off by a fifth of the window or more moves a line from where the other end
/// puts it into this band; and the answer this gives is `positive`, never `negative`.
pub const LONE_CONTROL_TOLERANCE: f32 = 0.5;

/// How far (in window lengths) a pair of lines may lie off the model's places together when
/// the handle label's inner edge witnesses the shift (see `read_placed`); without that witness
/// a found strip's box is taken to be off by a third of the window at most.
pub const FAR_SHIFT_MAX: f32 = 0.45;

/// A strip whose sample end its colours do not tell, read one way with a control line and a
/// test line each within this share of the line tolerance of its place, and read the other
/// way with no control at the control's place, lies the first way: `negative`.
///
/// Why this is safe where the model's window is off the strip's middle (checked with
/// [`PAIR_ORIENTS_CLEARANCE`]): were the strip the other way round, its real control line would
/// lie, in the first way's window, more than a line tolerance from both lines' places (0.04 of
/// a dipstick's window, against 0.33 and 0.67). So the first way's two lines would both be
/// marks that are no line of the strip, and its own control line would have to go unseen (a
/// clear line elsewhere in the window makes the first way a retake). A negative read with the
/// ends known needs one such mark. Where the window is symmetric the two ways agree anyway.
///
/// A pair off its places together (a box long or short at one end) is taken at the places moved
/// by as much, when its control is clear (see `clear_call`) and the pair passed the shift's
/// own tests (for a strip whose ends are not known: two clear gold lines of one dye and one
/// width, the printed spacing apart). Such a pair is a control and a test line whichever is
/// which, so `negative` does not rest on the sample end: it needs one made-up line, as a
/// negative with the ends known does (here on either side of the control, not on one).
pub const PAIR_ORIENTS_TOLERANCE: f32 = 0.5;
/// How far, in line tolerances, the control's place read from the other end must lie from both
/// lines' places for a pair to tell the ends (see [`PAIR_ORIENTS_TOLERANCE`]).
const PAIR_ORIENTS_CLEARANCE: f32 = 1.0;

/// A control line lost in the green profile (see `read_placed`) is read from green over red
/// when it is this clear there: many times [`PRESENT_SNR`] and of a plain line's strength.
const HUE_CONTROL_SNR: f32 = 15.0;
const HUE_CONTROL_STRENGTH: f32 = 0.05;
/// ...and a test line beside it lies the model's T-to-C spacing from it, within this fraction
/// (also where a registration leaves the control line where it was).
const PAIR_SPACING_TOLERANCE: f32 = 0.2;
/// A faint dip below [`ABSENT_SNR`] is a hint of the test line only this close to the place the
/// control puts it (a fraction of the spacing): half the pair tolerance, as a dip too faint to
/// be placed by the window must be placed the more closely by the control (see
/// `placed_by_control`).
const FAINT_PAIR_TOLERANCE: f32 = 0.1;
/// A present test line is faint (see `placed_by_control`) under this signal-to-noise ratio:
/// twice [`PRESENT_SNR`].
const FAINT_PRESENT_SNR: f32 = 2.0 * PRESENT_SNR;
/// The blue ratio a faint present test line may differ from its control's by, beyond both
/// measurements' error (see `placed_by_control`): half of what tells two dyes apart
/// ([`crate::profile::MAX_BLUE_DIFFERENCE`]), as a line too faint to be sure of by its strength
/// must be the more surely of the control's dye.
const FAINT_BLUE_DIFFERENCE: f32 = 0.2;
/// The farthest apart, in the model's T-to-C spacings, two lines may be and still be a strip's
/// test and control lines (a box off in length or a slant stretches the window).
const PAIR_SPAN_MAX: f32 = 1.5;
/// How far past the window's control end (a fraction of the window) a mark may lie and still
/// be a control line that a box placed short left out.
const LOST_CONTROL_REACH: f32 = 1.1;
/// The handle label's edge witnesses the lines' registration (see `read_placed`) when it is off
/// from the model's place by this many times as much as the lines are, in the same direction.
///
/// A box off at one end moves the label's edge (s = 0.72) and the window's middle (s = 0.54)
/// alike in direction, and in size by s or by (1 - s): the ratio is 0.6 (the sample end off) to
/// 1.35 (the handle end off). The range is not wider because of what it must never let through:
/// the real control line taken for the test line. That takes a registration shift of the
/// box's own offset plus 0.18 to 0.5 of the window (T and C are 0.34 apart, within 0.16), and
/// with the shift at most 0.35 of the window no such pair has a ratio in this range.
pub const SHIFT_WITNESS_RATIO: std::ops::RangeInclusive<f32> = 0.55..=1.5;

/// A dipstick's handle label's inner edge along `frame` (a fraction of the strip from the
/// sample end), with the label's colour and the membrane's; `None` when the model has no handle
/// label, the two colours are alike, or the edge is not seen clearly.
///
/// At each step along the strip's far part (s from 0.45 to 1), the share of points across
/// (the middle 80 % of the width) nearer the label's colour (median over s 0.88-0.97) than the
/// membrane's (median over the window). Walking from the handle end toward the sample end, the
/// label ends where that share falls below a fifth and stays there for 2 % of the length, having
/// been over a half just before (a crisp edge; the lighter print on a label does not end it).
pub fn label_edge(view: &RgbaView, frame: &Frame, model: &Model) -> Option<LabelEdge> {
    let handle = model.geometry.handle.as_ref()?;
    let h = handle.start;
    if !(0.3..0.95).contains(&h) {
        return None;
    }
    let (s0, s1) = (0.45f32, 1.0f32);
    let n = ((frame.length * (s1 - s0) / 2.0).round() as usize).clamp(48, 400);
    let across = 9usize;
    let s_at = |i: usize| s0 + (s1 - s0) * (i as f32 + 0.5) / n as f32;
    let mut px = vec![[0.0f32; 3]; n * across];
    let mut points = vec![[0.0f32; 2]; across];
    for i in 0..n {
        for (j, p) in points.iter_mut().enumerate() {
            *p = frame.point(s_at(i), -0.4 + 0.8 * (j as f32 + 0.5) / across as f32);
        }
        sample_bilinear_many(view, &points, &mut px[i * across..(i + 1) * across]);
    }
    let pixels_in = |lo: f32, hi: f32| -> Vec<[f32; 3]> { (0..n).filter(|&i| (lo..=hi).contains(&s_at(i))).flat_map(|i| px[i * across..(i + 1) * across].iter().copied()).collect() };
    let [ws, we] = model.geometry.window;
    let label = median_colour(&pixels_in(0.88, 0.97));
    let d = colour_dist;
    // The membrane's colour: the window's, or (a box short at its sample end, whose window
    // takes in label) that of the window's part unlike the label, when that part is one colour.
    let window = pixels_in(ws.max(s0), we);
    let membrane = Some(median_colour(&window)).filter(|&m| d(label, m) >= LABEL_DISTANCE).or_else(|| {
        let unlike: Vec<[f32; 3]> = window.iter().copied().filter(|&p| d(p, label) >= LABEL_DISTANCE).collect();
        let m = median_colour(&unlike);
        let spread = median(&unlike.iter().map(|&p| d(p, m)).collect::<Vec<f32>>());
        (unlike.len() as f32 >= MEMBRANE_SHARE_MIN * window.len() as f32 && spread <= MEMBRANE_SPREAD_MAX && d(label, m) >= LABEL_DISTANCE).then_some(m)
    })?;
    let share: Vec<f32> = (0..n)
        .map(|i| px[i * across..(i + 1) * across].iter().filter(|&&p| d(p, label) < d(p, membrane)).count() as f32 / across as f32)
        .collect();
    let run = ((0.02 * n as f32 / (s1 - s0)).ceil() as usize).max(2);
    let top = share.iter().rposition(|&v| v >= 0.5)?;
    // Walking from the label's last clearly-label step toward the sample end: the first step
    // that ends a run of non-label steps (a short lighter stretch inside the label, its print,
    // does not), with label steps clearly just above it.
    let step = (s1 - s0) / n as f32;
    let mut j = top;
    let edge = loop {
        if j < run {
            break None;
        }
        j -= 1;
        if share[j] >= 0.2 || !share[j + 1 - run..=j].iter().all(|&v| v < 0.2) {
            continue;
        }
        let above = share[j + 1..(j + 1 + run).min(n)].iter().cloned().fold(0.0f32, f32::max);
        break (above >= 0.5).then(|| s_at(j) + 0.5 * step);
    };
    let at = edge?;
    Some(LabelEdge { at, label, membrane })
}

/// Least share of the window's samples unlike the label that gives the membrane's colour when
/// the window takes in label (see [`label_edge`]): a sixth, a stretch of membrane under a line's
/// tolerance long.
const MEMBRANE_SHARE_MIN: f32 = 0.15;
/// Largest median colour distance of those samples from their median: one colour, the membrane's
/// (a shadow's edge across it or a line leaves most of them near it), not the table's pattern.
const MEMBRANE_SPREAD_MAX: f32 = 25.0;

/// The box of an oriented dipstick moved to where its handle label's inner edge
/// ([`label_edge`]) says the strip lies, or `None` when the edge is where the model puts it
/// (within [`LABEL_EDGE_TOLERANCE`] of the length), is not seen clearly, or says nothing
/// consistent.
///
/// The edge at `e` instead of the model's `h` means one end of the box is off: either the handle
/// end is right and the sample end was missed (the pad on a light table), making the strip
/// (1 - e) / (1 - h) as long, or the sample end is right and the handle end is off, making it e / h
/// as long. Of the two, the one whose length is nearer the model's length for the strip's width
/// is taken, when it is within [`LABEL_MOVE_LENGTH_TOLERANCE`] of it (a box grown) or
/// [`LABEL_SHRINK_LENGTH_TOLERANCE`] (a box shrunk).
pub fn register_on_label(view: &RgbaView, frame: &Frame, model: &Model, background: Option<[f32; 3]>) -> Option<Frame> {
    let h = model.geometry.handle.as_ref()?.start;
    let LabelEdge { at: e, label, membrane } = label_edge(view, frame, model)?;
    let d = colour_dist;
    if (e - h).abs() <= LABEL_EDGE_TOLERANCE {
        return None;
    }
    let expected = model.geometry.aspect * frame.width;
    let handle_right = frame.length * (1.0 - e) / (1.0 - h);
    let sample_right = frame.length * e / h;
    let off = |l: f32| (l / expected).ln().abs();
    let (length, keep_handle) = if off(handle_right) <= off(sample_right) { (handle_right, true) } else { (sample_right, false) };
    // A box grown is checked against the table below; one shrunk is not (a pattern beside the
    // strip is no one colour), and is held to the closer tolerance: a shadow over the label
    // moves its edge inward though the box was right.
    let tolerance = if length > frame.length { LABEL_MOVE_LENGTH_TOLERANCE } else { LABEL_SHRINK_LENGTH_TOLERANCE };
    if off(length) > tolerance.ln_1p() {
        return None;
    }
    // The kept end stays where it is; the centre moves along the axis.
    let kept = if keep_handle { frame.point(1.0, 0.0) } else { frame.point(0.0, 0.0) };
    let sign = if keep_handle { -1.0 } else { 1.0 };
    let centre = [kept[0] + sign * 0.5 * length * frame.axis[0], kept[1] + sign * 0.5 * length * frame.axis[1]];
    let moved = Frame { centre, length, ..*frame };
    // A box that would run off the photo is a strip cut off by its border, not one misplaced.
    let (vw, vh) = (view.width() as f32, view.height() as f32);
    if [moved.point(0.0, 0.0), moved.point(1.0, 0.0)].iter().any(|p| p[0] < 0.0 || p[1] < 0.0 || p[0] > vw || p[1] > vh) {
        return None;
    }
    // Grown at one end: what it takes in must not be the table (a label edge seen through a
    // perspective tilt is not where the model puts it, and the box was right). What is taken in
    // is table where it is nearer the background's colour than both the membrane's and the
    // label's (growth at the handle end takes in label). On a table of the membrane's colour
    // this cannot be told, and the label's word is taken.
    if let Some(bg) = background.filter(|&bg| d(bg, membrane) >= LABEL_DISTANCE && length > frame.length) {
        let grown = (length - frame.length) / length;
        let (a, b) = if keep_handle { (0.0, grown) } else { (1.0 - grown, 1.0) };
        let points: Vec<[f32; 2]> = (0..8).flat_map(|i| (0..5).map(move |j| (i, j))).map(|(i, j)| moved.point(a + (b - a) * (i as f32 + 0.5) / 8.0, -0.3 + 0.15 * j as f32)).collect();
        let mut seen = vec![[0.0f32; 3]; points.len()];
        sample_bilinear_many(view, &points, &mut seen);
        let table = seen.iter().filter(|&&p| d(p, bg) < d(p, membrane).min(d(p, label))).count() * 2 > seen.len();
        if table && !strip_continues(view, &moved, (a, b)) {
            return None;
        }
    }
    Some(moved)
}

/// Whether the strip visibly runs on along `frame` over `span` (fractions of its length): at
/// most of [`CONTINUE_STEPS`] places along it, its middle is one colour across (three points
/// within [`CONTINUE_DISTANCE`] of their mean) and differs from the table just beyond both its
/// long edges by [`CONTINUE_DISTANCE`] or more; and the middle's colour holds along it. A strip's end in a shadow is
/// nearer the table's colour in the open than its own membrane's, yet still stands out from the
/// table in the same shadow beside it; bare table does not stand out from itself.
fn strip_continues(view: &RgbaView, frame: &Frame, span: (f32, f32)) -> bool {
    let across = [-0.25f32, 0.0, 0.25, -1.0, 1.0];
    let points: Vec<[f32; 2]> = (0..CONTINUE_STEPS)
        .flat_map(|i| across.iter().map(move |&v| (i, v)))
        .map(|(i, v)| frame.point(span.0 + (span.1 - span.0) * (i as f32 + 0.5) / CONTINUE_STEPS as f32, v))
        .collect();
    let mut seen = vec![[0.0f32; 3]; points.len()];
    sample_bilinear_many(view, &points, &mut seen);
    let mids: Vec<[f32; 3]> = seen.chunks_exact(across.len()).map(|c| [0, 1, 2].map(|k| (c[0][k] + c[1][k] + c[2][k]) / 3.0)).collect();
    // At a place the strip runs on, its middle is one colour across and unlike the table on both sides.
    let stands_out = mids
        .iter()
        .zip(seen.chunks_exact(across.len()))
        .filter(|(&mid, c)| c[..3].iter().all(|&p| colour_dist(p, mid) < CONTINUE_DISTANCE) && colour_dist(mid, c[3]) >= CONTINUE_DISTANCE && colour_dist(mid, c[4]) >= CONTINUE_DISTANCE)
        .count();
    // And the middle is one colour all along (a membrane in one light), not a pattern's patches.
    let typical = median_colour(&mids);
    let spread = median(&mids.iter().map(|&m| colour_dist(m, typical)).collect::<Vec<f32>>());
    stands_out * 2 >= CONTINUE_STEPS && spread <= MEMBRANE_SPREAD_MAX
}

/// Each channel's median over `colours` (zeros when there are none).
fn median_colour(colours: &[[f32; 3]]) -> [f32; 3] {
    [0, 1, 2].map(|c| median(&colours.iter().map(|p| p[c]).collect::<Vec<f32>>()))
}

/// Places along a stretch [`strip_continues`] looks at.
const CONTINUE_STEPS: usize = 12;
/// Colour distance by which a strip's middle stands out from the table beside it.
const CONTINUE_DISTANCE: f32 = 25.0;

/// Largest difference in red ratio between two faded lines of one strip (beyond their errors):
/// one camera and one light wash one dye out alike, and the synthesized faded lines, like the
/// real grey-violet ones of `antigen-windows`, keep their two lines within about 0.1.
pub const MAX_DYE_DIFFERENCE: f32 = 0.15;

/// Red ratio that a neutral dip (a shadow, a crease, a bevel: all channels alike) never
/// measures below; see [`crate::profile::MAX_FADED_RATIO`].
pub const MIN_NEUTRAL_RATIO: f32 = 0.95;

/// A clear dip at the test line's place that fails the gold test only by being washed out,
/// of the control line's own colour: the test line of a strip the photo washed out. Both must
/// be clear (present by signal-to-noise and strength) and line-shaped; the control a faded line
/// (see [`Peak::faded_line`]), the test dip shown not to be neutral (see [`not_neutral`]: a
/// line a little more washed out than the control, as the weaker of two lines is, still
/// counts), and the two must agree in red and
/// blue ratio: a strongly gold control beside a grey-violet dip is two dyes, and the dip may be
/// ink.
fn same_dye(control: &Peak, test: &Peak, noise: f32) -> bool {
    let clear = |p: &Peak| p.line_shaped() && p.snr >= PRESENT_SNR && p.strength >= PRESENT_STRENGTH;
    clear(control)
        && control.faded_line(noise)
        && clear(test)
        && not_neutral(test, noise)
        && agree_in_dye(control, test, noise)
}

/// Red and blue ratios agreeing within their errors (red within [`MAX_DYE_DIFFERENCE`]):
/// one dye.
fn agree_in_dye(a: &Peak, b: &Peak, noise: f32) -> bool {
    (a.red_ratio - b.red_ratio).abs() <= MAX_DYE_DIFFERENCE + a.red_error(noise) + b.red_error(noise) && !differ_in_colour(a, b, noise)
}

/// Two clear gold lines (line-like, present by signal-to-noise and strength) of one dye (red
/// and blue ratios agreeing within their errors) and one width (within
/// [`MAX_TEST_WIDTH_RATIO`] either way): a strip's control and test line as one striping
/// machine draws them.
fn one_dye_pair(control: &Peak, test: &Peak, noise: f32) -> bool {
    let clear = |p: &Peak| p.line_like && p.snr >= PRESENT_SNR && p.strength >= PRESENT_STRENGTH;
    clear(control)
        && clear(test)
        && agree_in_dye(control, test, noise)
        && test.fwhm <= MAX_TEST_WIDTH_RATIO * control.fwhm
        && control.fwhm <= MAX_TEST_WIDTH_RATIO * test.fwhm
}

/// A dip shown not to be neutral (a shadow, a crease, a bevel darken all channels alike):
/// its red ratio below [`MIN_NEUTRAL_RATIO`] even at the far end of its error; or its blue
/// ratio so, with its red ratio at most 1 within its error (a shadow lit by a bluer light
/// than the strip's darkens red and green more than blue, so it is no line's red).
fn not_neutral(p: &Peak, noise: f32) -> bool {
    let red_high = p.red_ratio + p.red_error(noise);
    red_high <= MIN_NEUTRAL_RATIO || (red_high <= 1.0 && p.blue_ratio + p.blue_error(noise) <= MIN_NEUTRAL_RATIO)
}

/// Smallest keystone [`keystone_of`] reports: its widths' taper is measured to a few per cent.
pub const MIN_KEYSTONE: f32 = 0.06;
/// Largest keystone [`keystone_of`] reports (a strip's ends 1.5 times as wide as one another,
/// about a 30-degree slant on a phone's field of view).
pub const MAX_KEYSTONE: f32 = 0.5;

/// The perspective along a dipstick (see [`Frame::keystone`]) from the taper of its width. A
/// strip is as wide at both ends; seen at a slant, its width in the photo falls linearly along
/// it, from `1 + k` at end A to 1 at end B. At 7 places along each half (away from the ends), the
/// width is the span across where the colour differs from the table's beside it by more than
/// half the strip's own difference; the line through those widths (the median of the slopes
/// between the halves' places, then the median intercept, so a glare spot or a shadow at one
/// place does not count) gives `k`. 0 when fewer than 4 places on either half are measured, when
/// the strip does not stand out from the table (a colour distance under 40), when the widths do
/// not lie on a line, or when the taper is under [`MIN_KEYSTONE`].
pub fn keystone_of(view: &RgbaView, frame: &Frame) -> f32 {
    let flat = Frame { keystone: 0.0, ..*frame };
    let n = 81usize;
    let t_at = |j: usize| -1.0 + 2.0 * j as f32 / (n - 1) as f32;
    let mut points = vec![[0.0f32; 2]; n];
    let mut px = vec![[0.0f32; 3]; n];
    let mut width_at = |u: f32| -> Option<f32> {
        for (j, p) in points.iter_mut().enumerate() {
            *p = flat.point(u, t_at(j));
        }
        sample_bilinear_many(view, &points, &mut px);
        // The table's colour here: beside the strip on both sides (light and colour change
        // across a photo, so the border's colour would not do).
        let beside: Vec<usize> = (0..n).filter(|&j| t_at(j).abs() >= 0.8).collect();
        let table = median_colour(&beside.iter().map(|&j| px[j]).collect::<Vec<[f32; 3]>>());
        let dist: Vec<f32> = px.iter().map(|&p| colour_dist(p, table)).collect();
        let level = median(&(0..n).filter(|&j| t_at(j).abs() <= 0.2).map(|j| dist[j]).collect::<Vec<f32>>());
        if level < 40.0 {
            return None;
        }
        let half = 0.5 * level;
        // From each side inward, the first step above half the strip's difference (print on
        // the strip, lighter or darker than it, does not end it early), placed between its two
        // samples; the table beside must be below it.
        let mid = n / 2;
        let cross = |a: usize, b: usize| {
            let f = ((dist[a] - half) / (dist[a] - dist[b]).max(1e-6)).clamp(0.0, 1.0);
            t_at(a) + f * (t_at(b) - t_at(a))
        };
        if dist[0] >= half || dist[n - 1] >= half {
            return None;
        }
        let left = (1..=mid).find(|&j| dist[j] >= half).map(|j| cross(j, j - 1))?;
        let right = (mid..n - 1).rev().find(|&j| dist[j] >= half).map(|j| cross(j, j + 1))?;
        Some((right - left) * frame.width)
    };
    let places = |from: f32| (0..7).map(move |i| from + 0.06 * i as f32);
    let a: Vec<(f32, f32)> = places(0.06).filter_map(|u| width_at(u).map(|w| (u, w))).collect();
    let b: Vec<(f32, f32)> = places(0.58).filter_map(|u| width_at(u).map(|w| (u, w))).collect();
    if a.len() < 4 || b.len() < 4 {
        return 0.0;
    }
    let slope = median(&a.iter().flat_map(|&(ua, wa)| b.iter().map(move |&(ub, wb)| (wb - wa) / (ub - ua))).collect::<Vec<f32>>());
    let intercept = median(&a.iter().chain(b.iter()).map(|&(u, w)| w - slope * u).collect::<Vec<f32>>());
    let (w0, w1) = (intercept, intercept + slope);
    if w0 <= 0.0 || w1 <= 0.0 {
        return 0.0;
    }
    // The widths must lie on that line: their spread about it (median absolute residual) under
    // a quarter of the taper, else they are the shape of something else (a shadow, a glare
    // spot, a strip beside).
    let spread = median(&a.iter().chain(b.iter()).map(|&(u, w)| (w - intercept - slope * u).abs()).collect::<Vec<f32>>());
    if spread > 0.25 * (w0 - w1).abs() || w0.max(w1) > 1.3 * frame.width || w0.max(w1) < 0.7 * frame.width {
        return 0.0;
    }
    let k = w0 / w1 - 1.0;
    if k.abs() < MIN_KEYSTONE || !k.is_finite() {
        return 0.0;
    }
    k.clamp(-MAX_KEYSTONE, MAX_KEYSTONE)
}

/// How far above the membrane just inside a dip the profile must rise just beyond it (toward the
/// crop's nearer end) for the dip to be the shade at the membrane's end (see
/// [`without_rim_shade`]): the window's rim is the cassette's plastic, far lighter.
pub const RIM_RISE: f32 = 0.15;

/// A photo cropped to its window often holds the window's rim: at each end of the membrane the
/// slot's wall shades it in a band as wide as a line, then the profile climbs onto the plastic.
/// That band is a dip of a line's shape (and, on a pink-tinted membrane, of its colour). A dip
/// beyond whose outer edge (toward the nearer end of the crop, over one line width from its
/// half-depth edge) the green profile is on average more than [`RIM_RISE`] lighter than over
/// the same span inside it is that shade, not a line: it is dropped. A line has membrane on
/// both sides (lit alike, give or take a gentle gradient).
fn without_rim_shade(mut lines: Lines, green: &[f32], line_width: f32) -> Lines {
    let n = green.len();
    if n < 8 {
        return lines;
    }
    let last = (n - 1) as f32;
    let mean = |a: f32, b: f32| {
        let (a, b) = (a.clamp(0.0, last) as usize, b.clamp(0.0, last) as usize);
        let part = &green[a.min(b)..=a.max(b)];
        part.iter().sum::<f32>() / part.len() as f32
    };
    lines.peaks.retain(|p| {
        // The side toward the crop's nearer end is "outer".
        let out = if p.index < 0.5 * n as f32 { -1.0 } else { 1.0 };
        let (edge, reach) = (0.5 * p.fwhm, 0.5 * p.fwhm + line_width.max(1.0));
        let outer = mean(p.index + out * edge, p.index + out * reach);
        let inner = mean(p.index - out * edge, p.index - out * reach);
        outer <= inner * (1.0 + RIM_RISE)
    });
    lines
}

/// Which line a call is for: what a dip of a washed-out colour may do there differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Control,
    /// The control line of a photo cropped to its window (see [`Role::Control`] and `call_line`).
    CropControl,
    Test,
}

/// Largest ratio of the test line's strength to the control line's behind a `negative`. On the
/// synthesized field sets right negatives measure at most 6.3 (99 % under 3.2); on real crops
/// of `antigen-windows` a window's rim taken for the control beside the one real line measured
/// 7 to 30.
pub const MAX_TEST_OVER_CONTROL: f32 = 8.0;

/// A faded control line (see [`Peak::faded_line`]) is taken as present at this signal-to-noise
/// ratio and strength: a clear, line-shaped dip, not a faint one.
pub const FADED_CONTROL_SNR: f32 = 10.0;
pub const FADED_CONTROL_STRENGTH: f32 = 0.04;

/// The control or test line: the best line-like candidate within `tol` of `expected`.
///
/// Dips of the shape of a line whose colour fails the gold test are weighed by what a mistake
/// would cost. At the control's place a clear *faded* one (a grey-violet line, the colour a
/// phone or a cool light gives real lines), or a clear gold one that darkens only two thirds of
/// the strip's width (a shadow's edge along the strip, a smudge), is the control line when no
/// whole gold one is: a phantom control errs toward `positive`, and such a control gives an
/// answer that rests on a test line only where the two are the pair one striping machine
/// draws, or one dye as one camera saw it (see `read_placed`). At the test line's place a
/// phantom line is the dangerous error, so a dip that is not shown to be neutral (faded, or too
/// faint for its colour to be measured) never counts as a line there, but it makes the call
/// `uncertain` (a retake) instead of `absent`: a faint real test line must not read "positive"
/// because its colour could not be told.
///
/// In a photo cropped to its window ([`Role::CropControl`]) there is no table to cast a shadow
/// across it: a clear line-shaped dip of any colour, grey included, is the control line when no
/// clear gold line is seen anywhere in the window (one dye makes every line, so beside a gold
/// line a grey dip is something else: a bevel, a crease). Real crops lose a thin line's colour
/// to the camera's and JPEG's halved colour resolution, and some strips' lines are of a dark
/// latex dye. As above, such a control never gives an answer that rests on a test line.
fn call_line(lines: &Lines, expected: f32, tol: f32, to_window: &dyn Fn(f32) -> f32, role: Role) -> LineCall {
    let near = |p: &&Peak| (to_window(p.index) - expected).abs() <= tol;
    let strongest = |a: &&Peak, b: &&Peak| a.snr.total_cmp(&b.snr);
    let best = lines.peaks.iter().filter(|p| p.line_like).filter(near).max_by(strongest);
    let call = |p: &Peak, state: LineState| LineCall {
        present: state == LineState::Present,
        state,
        strength: p.strength,
        snr: p.snr,
        position: Some(to_window(p.index)),
    };
    let gold = match best {
        None => LineCall { present: false, state: LineState::Absent, strength: 0.0, snr: 0.0, position: None },
        Some(p) => {
            let state = if p.snr >= PRESENT_SNR && p.strength >= PRESENT_STRENGTH {
                LineState::Present
            } else if p.snr < ABSENT_SNR || p.strength < ABSENT_STRENGTH {
                LineState::Absent
            } else {
                LineState::Uncertain
            };
            call(p, state)
        }
    };
    if gold.state == LineState::Present || lines.grayscale {
        return gold;
    }
    let others = lines.peaks.iter().filter(|p| !p.line_like && p.snr >= ABSENT_SNR && p.strength >= ABSENT_STRENGTH).filter(near);
    match role {
        Role::Control | Role::CropControl => {
            let any_colour = role == Role::CropControl && !lines.peaks.iter().any(|p| p.line_like && p.snr >= FADED_CONTROL_SNR);
            let clear = |p: &&Peak| p.snr >= FADED_CONTROL_SNR && p.strength >= FADED_CONTROL_STRENGTH;
            let present = others.clone().filter(|p| p.faded_line(lines.noise) || p.partly_across() || (any_colour && p.line_shaped())).filter(clear).max_by(strongest);
            // A clear line-shaped dip whose colour its noise leaves open (a washed-out line, or
            // a neutral mark): neither the control nor its absence, so no `invalid` rests on it.
            let open = || others.clone().filter(|p| p.maybe_line(lines.noise)).filter(clear).max_by(strongest);
            match (present, gold.state) {
                (Some(p), _) => call(p, LineState::Present),
                (None, LineState::Absent) => open().map_or(gold, |p| call(p, LineState::Uncertain)),
                (None, _) => gold,
            }
        }
        Role::Test if gold.state == LineState::Absent => {
            others.filter(|p| p.maybe_line(lines.noise)).max_by(strongest).map_or(gold, |p| call(p, LineState::Uncertain))
        }
        Role::Test => gold,
    }
}

/// The test line's call, weighed by where the control puts it.
///
/// One striping machine draws both lines the printed T-C spacing apart, so a control seen
/// places the test line far more closely than the model's zone (`line_tolerance`, which allows
/// for a box off at one end) does. Where the control is present:
/// - A faint gold line-shaped dip right at that place (within [`FAINT_PAIR_TOLERANCE`] of the
///   spacing, of a measurable strength) is no absence, though fainter than `uncertain` asks
///   elsewhere in the zone: a test line just at the edge of sight is where it belongs, and
///   noise falls there rarely. `positive` must not rest on it: the call is `uncertain`.
/// - A test line present but faint (under [`FAINT_PRESENT_SNR`]) must lie as close to that
///   place: farther off, it may be a stain's blotch or a shadow's edge that the zone let in
///   (s38197 `320.jpg`, a stain 0.18 spacings off read as the test line of a positive), and
///   the call is `uncertain`. So too where its blue ratio differs from the control's by more
///   than [`FAINT_BLUE_DIFFERENCE`] beyond both errors (on a profile with colour): one dye
///   draws both lines, and a stain at the very place that darkens green alone (s70711
///   `438.jpg`, 2.6 % at 8.8 x the noise, blue ratio 0.02 beside the control's 0.53, read as
///   the test line of a positive) is another.
/// - On a competitive strip an `uncertain` mark farther from that place than any test line of
///   this control lies ([`PAIR_SPACING_TOLERANCE`]), with no such dip at the place, is no test
///   line: the test line is absent, and the answer `positive`, the one a mistake here gives
///   anyway. (On a sandwich strip absence reads `negative`, so the mark keeps its doubt.)
fn placed_by_control(assay: Assay, control: &LineCall, test: LineCall, spacing: f32, lines: &Lines, to_window: &dyn Fn(f32) -> f32) -> LineCall {
    let Some(at_c) = control.position.filter(|_| control.present) else { return test };
    let place = at_c - spacing;
    let off = |at: f32| ((at - place) / spacing).abs();
    if test.state == LineState::Present {
        let faint = test.snr < FAINT_PRESENT_SNR;
        let faint_and_off = faint && test.position.is_some_and(|at| off(at) > FAINT_PAIR_TOLERANCE);
        let peak = |at: f32| lines.peaks.iter().find(|p| (to_window(p.index) - at).abs() < 1e-4);
        let other_dye = faint
            && !lines.grayscale
            && matches!((peak(at_c), test.position.and_then(peak)), (Some(c), Some(t)) if blue_apart(c, t, lines.noise, FAINT_BLUE_DIFFERENCE));
        return if faint_and_off || other_dye { LineCall { present: false, state: LineState::Uncertain, ..test } } else { test };
    }
    let hint = lines
        .peaks
        .iter()
        .filter(|p| p.line_like && p.strength >= ABSENT_STRENGTH && off(to_window(p.index)) <= FAINT_PAIR_TOLERANCE)
        .max_by(|a, b| a.snr.total_cmp(&b.snr));
    match (hint, test.state) {
        (Some(p), LineState::Absent) => LineCall { present: false, state: LineState::Uncertain, strength: p.strength, snr: p.snr, position: Some(to_window(p.index)) },
        (None, LineState::Uncertain) if assay == Assay::Competitive && test.position.is_some_and(|at| off(at) > PAIR_SPACING_TOLERANCE) => {
            LineCall { state: LineState::Absent, ..test }
        }
        _ => test,
    }
}

/// A line call clear beyond doubt: present, many times [`PRESENT_SNR`] and of a plain line's
/// strength. A line read from green over red must be so, and a control standing without the
/// strip's ends known.
fn clear_call(c: &LineCall) -> bool {
    c.present && c.snr >= HUE_CONTROL_SNR && c.strength >= HUE_CONTROL_STRENGTH
}

/// The verdict from the control and test calls and the assay format.
pub fn verdict(assay: Assay, control: &LineCall, test: &LineCall, grayscale: bool) -> (Verdict, Option<Reason>) {
    match control.state {
        LineState::Absent => return (Verdict::Invalid, Some(Reason::NoControl)),
        LineState::Uncertain => return (Verdict::Retake, Some(Reason::FaintControl)),
        LineState::Present => {}
    }
    match (assay, test.state) {
        (_, LineState::Uncertain) => (Verdict::Retake, Some(Reason::UncertainTestLine)),
        // Without colour a shadow cannot be told from a test line; on a competitive strip that
        // line would mean "not detected", so do not say it.
        (Assay::Competitive, LineState::Present) if grayscale => (Verdict::Retake, Some(Reason::NoColour)),
        (Assay::Competitive, LineState::Present) => (Verdict::Negative, None),
        (Assay::Competitive, LineState::Absent) => (Verdict::Positive, None),
        (Assay::Sandwich, LineState::Present) => (Verdict::Positive, None),
        (Assay::Sandwich, LineState::Absent) => (Verdict::Negative, None),
    }
}

/// Whether a verdict rests on the test line's absence (competitive: positive; sandwich:
/// negative), the answer a line hidden by glare or light would wrongly give.
fn rests_on_absence(assay: Assay, v: Verdict) -> bool {
    match assay {
        Assay::Competitive => v == Verdict::Positive,
        Assay::Sandwich => v == Verdict::Negative,
    }
}

/// Green over red at each step (scaled to green's level), with red and blue held flat: a
/// profile in which a neutral change of light is no change (see `read_placed`).
fn hue_profile(p: &Profile) -> Profile {
    let flat = vec![200.0f32; p.len()];
    Profile {
        r: flat.clone(),
        g: p.g.iter().zip(&p.r).map(|(&g, &r)| 200.0 * g / r.max(1.0)).collect(),
        b: flat,
        g_bands: [Vec::new(), Vec::new(), Vec::new()],
    }
}

pub struct Sampled {
    pub profile: Profile,
    pub brightness: f32,
    /// Share of the window's samples with a clipped channel.
    pub clipped: f32,
    /// Share of the window's samples whose green (the channel lines are read in) is clipped.
    pub green_clipped: f32,
    /// Share of the window's samples that glare whitened (see `clipped_at`).
    pub glare: f32,
    /// Per step along the profile: the fraction of samples across that glare has whitened (a
    /// clipped channel, and the smallest channel lifted toward white; see [`sample_profile`]).
    pub clipped_at: Vec<f32>,
}

/// A found shape's window more colourful than this (see [`membrane_colourfulness`]) is not a
/// strip's membrane: white membranes under warm or cool light measure under 0.25.
pub const MAX_MEMBRANE_COLOURFULNESS: f32 = 0.45;

/// The median over a profile's steps of (largest channel - smallest) / largest: 0 for white or
/// grey, 1 for a pure colour.
pub fn membrane_colourfulness(p: &Profile) -> f32 {
    let per_step: Vec<f32> = (0..p.len())
        .map(|i| {
            let (hi, lo) = (p.r[i].max(p.g[i]).max(p.b[i]), p.r[i].min(p.g[i]).min(p.b[i]));
            if hi > 1.0 { (hi - lo) / hi } else { 0.0 }
        })
        .collect();
    crate::kernels::median(&per_step)
}

/// The colour profile over `search` (fractions of the strip from end A), trimmed means across
/// the central 60 % of the width (and, with `bands`, plain means over each third of that);
/// brightness and clipping over the window part.
pub fn sample_profile(view: &RgbaView, frame: &Frame, search: (f32, f32), win: (f32, f32), bands: bool) -> Sampled {
    let per_strip = frame.length.clamp(64.0, 2000.0);
    let n = (((search.1 - search.0) * per_strip).round() as usize).max(16);
    let m = ((0.6 * frame.width).round() as usize).clamp(6, 40);
    let mut profile = Profile { r: Vec::with_capacity(n), g: Vec::with_capacity(n), b: Vec::with_capacity(n), ..Profile::default() };
    let (mut luma_sum, mut in_window, mut clipped, mut green_clipped) = (0.0f64, 0usize, 0usize, 0usize);
    // Per sample: its smallest channel where a channel is clipped, else -1 (see `clipped_at`).
    let mut clipped_low = vec![-1.0f32; n * m];
    // The steps inside the window.
    let mut window_steps = Vec::with_capacity(n);
    let (mut rs, mut gs, mut bs) = (vec![0.0f32; m], vec![0.0f32; m], vec![0.0f32; m]);
    let (mut points, mut px) = (vec![[0.0f32; 2]; m], vec![[0.0f32; 3]; m]);
    for i in 0..n {
        let s = search.0 + (i as f32 + 0.5) / n as f32 * (search.1 - search.0);
        let inside = s >= win.0 && s <= win.1;
        if inside {
            window_steps.push(i);
        }
        for (j, p) in points.iter_mut().enumerate() {
            let t = -0.3 + 0.6 * (j as f32 + 0.5) / m as f32;
            *p = frame.point(s, t);
        }
        sample_bilinear_many(view, &points, &mut px);
        let mut clipped_here = 0usize;
        for (j, px) in px.iter().enumerate() {
            rs[j] = px[0];
            gs[j] = px[1];
            bs[j] = px[2];
            if px[0] >= 250.0 || px[1] >= 250.0 || px[2] >= 250.0 {
                clipped_here += 1;
                clipped_low[i * m + j] = px[0].min(px[1]).min(px[2]);
            }
            if inside {
                luma_sum += luma(*px) as f64;
                in_window += 1;
                green_clipped += (px[1] >= 250.0) as usize;
            }
        }
        if inside {
            clipped += clipped_here;
        }
        for (k, band) in profile.g_bands.iter_mut().enumerate().filter(|_| bands) {
            let part = &gs[k * m / 3..(k + 1) * m / 3];
            band.push(part.iter().sum::<f32>() / part.len().max(1) as f32);
        }
        profile.r.push(trimmed_mean(&mut rs, 0.2));
        profile.g.push(trimmed_mean(&mut gs, 0.2));
        profile.b.push(trimmed_mean(&mut bs, 0.2));
    }
    // Glare whitens: it lifts every channel toward white. A light's colour or the exposure can
    // clip one channel of the membrane (red under a warm light) while the others stay where
    // they were. So a clipped sample counts as glare where its smallest channel is also lifted,
    // more than halfway from the membrane's usual smallest channel (the median over the window)
    // to white.
    let lows: Vec<f32> = window_steps.iter().map(|&i| profile.r[i].min(profile.g[i]).min(profile.b[i])).collect();
    let whitened = 0.5 * (median(&lows) + 255.0);
    let clipped_at: Vec<f32> = clipped_low.chunks(m).map(|low| low.iter().filter(|&&v| v >= whitened).count() as f32 / m as f32).collect();
    let k = in_window.max(1) as f64;
    let glare = window_steps.iter().map(|&i| clipped_at[i]).sum::<f32>() / window_steps.len().max(1) as f32;
    Sampled {
        profile,
        brightness: (luma_sum / k) as f32,
        clipped: (clipped as f64 / k) as f32,
        green_clipped: (green_clipped as f64 / k) as f32,
        glare,
        clipped_at,
    }
}

/// Width in photo pixels of the 10-90 % rise of the strip's long edges (table -> strip),
/// measured across the window part: the sharper of the two (blur widens both; a shadow cast
/// beside one edge, a pattern or a light table beside it widens that one only). 0 when the strip
/// does not stand out from the table.
///
/// Each of 24 rows across the strip is measured against its own table beside it (on a
/// patterned or shaded table the photo's overall table colour is not the one at the edge), and
/// the rows' rises are put on top of one another at their half-way points before they are
/// averaged: a box a degree off the strip's angle, or a strip narrowing with perspective, puts
/// each row's edge at another place, and a plain average across rows would smear a sharp edge
/// into a wide one.
fn edge_width(view: &RgbaView, frame: &Frame, win: (f32, f32), look_px: f32) -> f32 {
    // Across from -1.0 to 1.0 strip widths, half-pixel steps.
    let count = ((4.0 * frame.width).round() as usize).clamp(16, 400);
    let step_px = 2.0 * frame.width / count as f32;
    let along = 24;
    let outer_n = (count / 10).max(1);
    let mid = count / 2;
    let reach = count / 4;
    let span = 2 * reach + 1;
    let look = ((look_px / step_px).ceil() as usize).clamp(2, reach);
    // Per side (0 left, 1 right): the sums of the rows' normalised rises by offset from their
    // half-way points, and how many rows gave each offset.
    let mut sums = [vec![0.0f32; span], vec![0.0f32; span]];
    let mut counts = [vec![0usize; span], vec![0usize; span]];
    let (mut points, mut px) = (vec![[0.0f32; 2]; count], vec![[0.0f32; 3]; count]);
    for k in 0..along {
        let s = win.0 + (k as f32 + 0.5) / along as f32 * (win.1 - win.0);
        for (j, p) in points.iter_mut().enumerate() {
            let t = -1.0 + 2.0 * (j as f32 + 0.5) / count as f32;
            *p = frame.point(s, t);
        }
        sample_bilinear_many(view, &points, &mut px);
        for side in 0..2 {
            // The row walked from the table inward: index 0 is the outermost sample.
            let at = |i: usize| if side == 0 { px[i] } else { px[count - 1 - i] };
            let table = (0..outer_n).fold([0.0f32; 3], |acc, i| {
                let p = at(i);
                [acc[0] + p[0] / outer_n as f32, acc[1] + p[1] / outer_n as f32, acc[2] + p[2] / outer_n as f32]
            });
            let v: Vec<f32> = (0..mid).map(|i| colour_dist(at(i), table)).collect();
            let inner = median(&v[count * 3 / 10..]);
            if inner < 20.0 {
                continue;
            }
            let Some(c) = v.iter().position(|&d| d >= 0.5 * inner) else { continue };
            if c == 0 {
                continue;
            }
            for (o, (sum, n)) in sums[side].iter_mut().zip(counts[side].iter_mut()).enumerate() {
                let i = c as isize + o as isize - reach as isize;
                if (0..mid as isize).contains(&i) {
                    *sum += (v[i as usize] / inner).min(1.5);
                    *n += 1;
                }
            }
        }
    }
    (0..2)
        .filter_map(|side| {
            let esf: Vec<f32> = sums[side].iter().zip(&counts[side]).map(|(&s, &n)| if n >= along / 3 { s / n as f32 } else { f32::NAN }).collect();
            // The rise's width from its steepest slope: a step blurred by a Gaussian of sigma
            // rises 10-90 % over 2.56 sigma, and its steepest slope is its height over
            // 2.5 sigma, so the width is about the height over the steepest slope. The slope
            // is taken within `look` of the half-way point (over two samples, against noise),
            // and the height from the top there down to the foot just outside the rise: a
            // stripe or a shadow of the table farther out is no part of this edge.
            let (from, to) = (reach.saturating_sub(look).max(1), (reach + look).min(span - 2));
            let ok = |o: usize| esf[o - 1].is_finite() && esf[o + 1].is_finite();
            let slope = (from..=to).filter(|&o| ok(o)).map(|o| 0.5 * (esf[o + 1] - esf[o - 1])).fold(0.0f32, f32::max);
            if slope <= 1e-3 {
                return None;
            }
            let top = (reach..=to).filter(|&o| esf[o].is_finite()).map(|o| esf[o]).fold(f32::MIN, f32::max);
            let rough = (top / slope).ceil() as usize;
            let foot = (reach.saturating_sub(rough + rough / 2)..=reach).filter(|&o| esf[o].is_finite()).map(|o| esf[o]).fold(f32::MAX, f32::min);
            Some(1.02 * (top - foot).max(0.0) / slope * step_px)
        })
        .reduce(f32::min)
        .unwrap_or(0.0)
}

/// A luma profile through `frame`: at each of the `n` points of `over` (`(from, to, n)`, along
/// the length when `along`, else across), the `rank` quantile (0..1) of luma at the points of
/// `within` (the other way).
fn luma_profile(view: &RgbaView, frame: &Frame, along: bool, over: (f32, f32, usize), within: (f32, f32, usize), rank: f32) -> Vec<f32> {
    let at = |(a, b, n): (f32, f32, usize), i: usize| a + (b - a) * (i as f32 + 0.5) / n as f32;
    let mut column = vec![0.0f32; within.2.max(1)];
    (0..over.2)
        .map(|i| {
            let u = at(over, i);
            for (j, c) in column.iter_mut().enumerate() {
                let v = at(within, j);
                let [x, y] = if along { frame.point(u, v) } else { frame.point(v, u) };
                *c = luma(sample_bilinear(view, x, y));
            }
            sort_f32(&mut column);
            column[((rank * column.len() as f32) as usize).min(column.len() - 1)]
        })
        .collect()
}

/// The frame moved and narrowed across to a bright body's two long edges: the strongest rise
/// into the body left of its middle and the strongest fall right of it, on the across profile
/// of luma (the median along the length at each point across, so print and the window do not
/// count). The frame is kept when the edges found make a body much narrower or wider than it.
fn fit_across(view: &RgbaView, frame: Frame) -> Frame {
    let k = (2.0 * frame.width).round().clamp(32.0, 240.0) as usize;
    let (t0, t1) = (-0.7f32, 0.7f32);
    let t_at = |j: usize| t0 + (t1 - t0) * (j as f32 + 0.5) / k as f32;
    let prof = luma_profile(view, &frame, false, (t0, t1, k), (0.08, 0.92, 24), 0.5);
    let d = (k / 40).max(1);
    let step = |j: usize| prof[(j + d).min(k - 1)] - prof[j.saturating_sub(d)];
    let best = |range: std::ops::Range<usize>, sign: f32| range.max_by(|&a, &b| (sign * step(a)).total_cmp(&(sign * step(b))));
    let (Some(l), Some(r)) = (best(0..k / 2 + k / 14, 1.0), best(k / 2 - k / 14..k, -1.0)) else {
        return frame;
    };
    let (tl, tr) = (t_at(l), t_at(r));
    let width = (tr - tl) * frame.width;
    if step(l) <= 0.0 || step(r) >= 0.0 || width < 0.6 * frame.width || width > 1.15 * frame.width {
        return frame;
    }
    let n = frame.normal();
    let tc = 0.5 * (tl + tr) * frame.width;
    Frame { centre: [frame.centre[0] + n[0] * tc, frame.centre[1] + n[1] * tc], width, ..frame }
}

/// The frame's ends moved to a body's two short edges: the strongest change of luma (either
/// way: a table may be lighter or darker than the body) within a fifth of the length of each
/// end, on the along profile of the upper quartile of luma across the middle 90 % of the width
/// (so a sample well or print does not count). Kept when the ends found make a body much
/// shorter or longer than the frame.
fn fit_along(view: &RgbaView, frame: Frame) -> Frame {
    let k = (frame.length.round() as usize).clamp(64, 400);
    let (s0, s1) = (-0.2f32, 1.2f32);
    let s_at = |i: usize| s0 + (s1 - s0) * (i as f32 + 0.5) / k as f32;
    let prof = luma_profile(view, &frame, true, (s0, s1, k), (-0.45, 0.45, 15), 0.75);
    let d = (k / 100).max(1);
    let step = |i: usize| (prof[(i + d).min(k - 1)] - prof[i.saturating_sub(d)]).abs();
    let in_range = |lo: f32, hi: f32| (0..k).filter(move |&i| (lo..=hi).contains(&s_at(i)));
    let strongest = |lo: f32, hi: f32| in_range(lo, hi).max_by(|&a, &b| step(a).total_cmp(&step(b)));
    let (Some(a), Some(b)) = (strongest(-0.2, 0.2), strongest(0.8, 1.2)) else {
        return frame;
    };
    let (sa, sb) = (s_at(a), s_at(b));
    let length = (sb - sa) * frame.length;
    if step(a) < 12.0 || step(b) < 12.0 || length < 0.8 * frame.length || length > 1.2 * frame.length {
        return frame;
    }
    let mid = (0.5 * (sa + sb) - 0.5) * frame.length;
    Frame { centre: [frame.centre[0] + frame.axis[0] * mid, frame.centre[1] + frame.axis[1] * mid], length, ..frame }
}

/// The membrane frame slid along (by at most a tenth of the cassette's length) so that the
/// model's window lies on the slot seen in the plastic: a bright stretch of the window's length
/// with a dark rim (the recess's wall, the bevel) at both ends. A perspective tilt or a box a
/// little long at one end moves the window off its nominal place; the lines are then placed
/// from the slot itself. Kept where no slot stands out.
fn slot_along(view: &RgbaView, frame: Frame, win: (f32, f32)) -> Frame {
    let k = (frame.length.round() as usize).clamp(64, 500);
    let (s0, s1) = (win.0 - 0.14, win.1 + 0.14);
    let s_at = |i: usize| s0 + (s1 - s0) * (i as f32 + 0.5) / k as f32;
    let across = 7;
    let prof: Vec<f32> = (0..k)
        .map(|i| {
            (0..across)
                .map(|j| {
                    let t = -0.4 + 0.8 * (j as f32 + 0.5) / across as f32;
                    let [x, y] = frame.point(s_at(i), t);
                    luma(sample_bilinear(view, x, y))
                })
                .sum::<f32>()
                / across as f32
        })
        .collect();
    let per = k as f32 / (s1 - s0);
    let len = ((win.1 - win.0) * per).round() as usize;
    let rim = ((0.012 * per).round() as usize).max(1);
    if len + 2 * rim + 2 >= k {
        return frame;
    }
    let mean = |a: usize, b: usize| prof[a..b].iter().sum::<f32>() / (b - a).max(1) as f32;
    let score = |i: usize| {
        let inside = median(&prof[i + 2 * rim..i + len - 2 * rim]);
        let (ra, rb) = (mean(i.saturating_sub(rim), i + rim), mean(i + len - rim, (i + len + rim).min(k)));
        inside - if ra > rb { ra } else { rb }
    };
    let Some(best) = (rim..k - len - rim).max_by(|&a, &b| score(a).total_cmp(&score(b))) else {
        return frame;
    };
    // A slot stands out when its rims are clearly darker than the membrane (an eighth of its
    // luma).
    let inside = median(&prof[best + 2 * rim..best + len - 2 * rim]).max(1.0);
    if score(best) < 0.12 * inside {
        return frame;
    }
    let shift = (s_at(best) - (s_at(0) - 0.5 / per) - (win.0 - s0)) * frame.length;
    let shift = shift.clamp(-0.1 * frame.length, 0.1 * frame.length);
    Frame { centre: [frame.centre[0] + frame.axis[0] * shift, frame.centre[1] + frame.axis[1] * shift], ..frame }
}

/// The membrane of a cassette's window, across: the bright slot between the two dark bevels
/// that run along the window's long sides (found on the across profile of luma averaged over
/// the window's length), narrowed by a fifth so the bevels stay out. Without clear bevels, the
/// middle 30 % of the cassette's width.
fn membrane_frame(view: &RgbaView, frame: &Frame, win: (f32, f32)) -> Frame {
    let k = (frame.width.round() as usize).clamp(24, 160);
    let along = 16;
    let t_at = |j: usize| -0.45 + 0.9 * (j as f32 + 0.5) / k as f32;
    let mut prof = vec![0.0f32; k];
    for i in 0..along {
        let s = win.0 + (i as f32 + 0.5) / along as f32 * (win.1 - win.0);
        for (j, slot) in prof.iter_mut().enumerate() {
            let [x, y] = frame.point(s, t_at(j));
            *slot += luma(sample_bilinear(view, x, y)) / along as f32;
        }
    }
    let centre: Vec<f32> = (0..k).filter(|&j| t_at(j).abs() <= 0.05).map(|j| prof[j]).collect();
    let c0 = median(&centre).max(1.0);
    let darkest = |lo: f32, hi: f32| {
        (0..k).filter(|&j| (lo..=hi).contains(&t_at(j))).min_by(|&a, &b| prof[a].total_cmp(&prof[b]))
    };
    let narrowed = |t0: f32, t1: f32| {
        let n = frame.normal();
        let tc = 0.5 * (t0 + t1);
        Frame {
            centre: [frame.centre[0] + n[0] * tc * frame.width, frame.centre[1] + n[1] * tc * frame.width],
            width: (t1 - t0) * frame.width,
            ..*frame
        }
    };
    match (darkest(-0.45, -0.04), darkest(0.04, 0.45)) {
        (Some(l), Some(r)) if (c0 - prof[l]) / c0 > 0.06 && (c0 - prof[r]) / c0 > 0.06 => {
            let (t0, t1) = (t_at(l), t_at(r));
            let inset = 0.2 * (t1 - t0);
            narrowed(t0 + inset, t1 - inset)
        }
        _ => narrowed(-0.15, 0.15),
    }
}

/// Tells the sample end from the handle by the handle label's colour. Returns the frame walked
/// from the sample end, and how that was decided.
fn orient(view: &RgbaView, frame: Frame, model: &Model) -> (Frame, Orientation) {
    if model.format == Format::Cassette {
        return orient_by_well(view, frame);
    }
    let Some(handle) = &model.geometry.handle else {
        return (frame, Orientation::Unknown);
    };
    let k = ((1.0 - handle.start) * 0.8).max(0.03);
    let mean_colour = |s0: f32, s1: f32| {
        let mut acc = [0.0f32; 3];
        let (na, nc) = (12, 6);
        for i in 0..na {
            let s = s0 + (i as f32 + 0.5) / na as f32 * (s1 - s0);
            for j in 0..nc {
                let t = -0.3 + 0.6 * (j as f32 + 0.5) / nc as f32;
                let [x, y] = frame.point(s, t);
                let p = sample_bilinear(view, x, y);
                for c in 0..3 {
                    acc[c] += p[c] / (na * nc) as f32;
                }
            }
        }
        acc
    };
    let target = [handle.colour[0] as f32, handle.colour[1] as f32, handle.colour[2] as f32];
    let dist = |p: [f32; 3]| ((p[0] - target[0]).powi(2) + (p[1] - target[1]).powi(2) + (p[2] - target[2]).powi(2)).sqrt();
    // Brands print their labels in other colours (green, purple, red...). A label is a solid
    // block of colour across the strip's whole width; the sample end is the strip's own white
    // with thin print at most. So the end whose typical (median) colour is far from the
    // strip's own is the handle, when the other end's is near it.
    let samples = |s0: f32, s1: f32| {
        let (na, nc) = (16, 5);
        let mut out = Vec::with_capacity(na * nc);
        for i in 0..na {
            let s = s0 + (i as f32 + 0.5) / na as f32 * (s1 - s0);
            for j in 0..nc {
                let t = -0.3 + 0.6 * (j as f32 + 0.5) / nc as f32;
                let [x, y] = frame.point(s, t);
                out.push(sample_bilinear(view, x, y));
            }
        }
        out
    };
    let own = median_colour(&samples(0.3, 0.7));
    let ends = [samples(0.01, 0.01 + k), samples(0.99 - k, 0.99)];
    let off = |end: &[[f32; 3]]| median(&colour_distance(end, own));
    let (la, lb) = (off(&ends[0]), off(&ends[1]));
    if lb > LABEL_DISTANCE && la < 0.35 * lb {
        return (frame, Orientation::Handle);
    } else if la > LABEL_DISTANCE && lb < 0.35 * la {
        return (frame.flipped(), Orientation::Handle);
    }
    // Else the end much nearer the model label's colour than the other is the handle. Asked
    // second: beside a label of another brand's colour (a red one), a sample end in shadow,
    // grey with its navy print, is nearer a blue model label than the red label is, while the
    // red block, unlike that end, is far from the strip's own colour.
    let da = dist(mean_colour(0.01, 0.01 + k));
    let db = dist(mean_colour(0.99 - k, 0.99));
    if db < 0.6 * da {
        return (frame, Orientation::Handle);
    } else if da < 0.6 * db {
        return (frame.flipped(), Orientation::Handle);
    }
    // In a shadow, or beside a glare spot, the label's colour is far from the model's in
    // brightness but not in its shares of red, green and blue (which a change of light leaves):
    // the end whose typical shares are the model label's, when the other end's are far from
    // them, is the handle. Pixels too dark for their shares to mean anything do not count;
    // an end with too few others says nothing.
    let shares_off = |end: &[[f32; 3]]| {
        let lit: Vec<f32> = end.iter().filter(|&&p| luma(p) >= SHARES_MIN_LUMA).map(|&p| crate::find::hue_dist(p, target)).collect();
        (2 * lit.len() >= end.len()).then(|| median(&lit))
    };
    match (shares_off(&ends[0]), shares_off(&ends[1])) {
        (Some(a), Some(b)) if b <= LABEL_SHARES_NEAR && a >= LABEL_SHARES_FAR => (frame, Orientation::Handle),
        (Some(a), Some(b)) if a <= LABEL_SHARES_NEAR && b >= LABEL_SHARES_FAR => (frame.flipped(), Orientation::Handle),
        _ => (frame, Orientation::Unknown),
    }
}

/// Luma below which a pixel's shares of red, green and blue are mostly noise.
const SHARES_MIN_LUMA: f32 = 30.0;
/// An end whose median colour shares lie within this of the model label's (the largest
/// difference of a share) is of the label's colour, however lit ...
const LABEL_SHARES_NEAR: f32 = 0.06;
/// ... when the other end's lie at least this far from them (a white membrane is about 0.25
/// from a blue label).
const LABEL_SHARES_FAR: f32 = 0.15;

/// A dipstick found short of its model's length, without its handle label (the label lost
/// into something of its colour beside it: a pen, a patch of cloth), grown over the label when
/// the label lies just past one end and not past the other. The box is then the strip's part
/// from its sample end to the label, [`crate::model::Handle::start`] of its length; grown to
/// that length (when within [`GROW_LENGTH_TOLERANCE`] of the model's length for its width),
/// walked from its sample end. `None` when the box is near full length, or the label is not
/// seen past exactly one end.
fn grow_to_label(view: &RgbaView, frame: &Frame, model: &Model, background: [f32; 3]) -> Option<Frame> {
    let h = model.geometry.handle.as_ref()?.start;
    if model.format != Format::Dipstick || !(0.3..0.95).contains(&h) {
        return None;
    }
    let expected = model.geometry.aspect * frame.width;
    if frame.length >= 0.85 * expected {
        return None;
    }
    let grown = frame.length / h;
    if (grown / expected).ln().abs() > GROW_LENGTH_TOLERANCE.ln_1p() {
        return None;
    }
    let colours = |s0: f32, s1: f32| {
        let points: Vec<[f32; 2]> = (0..10).flat_map(|i| (0..5).map(move |j| (i, j))).map(|(i, j)| frame.point(s0 + (s1 - s0) * (i as f32 + 0.5) / 10.0, -0.3 + 0.15 * j as f32)).collect();
        let mut seen = vec![[0.0f32; 3]; points.len()];
        sample_bilinear_many(view, &points, &mut seen);
        seen
    };
    let own = median_colour(&colours(0.1, 0.9));
    // Past an end over the label's length (less a margin for the box's own error): one even
    // colour, far from the strip's and from the table's.
    let reach = (grown - frame.length) / frame.length;
    let label_past = |s0: f32, s1: f32| {
        let seen = colours(s0, s1);
        let m = median_colour(&seen);
        let even = seen.iter().filter(|&&p| colour_dist(p, m) < 0.5 * LABEL_DISTANCE).count() * 10 >= seen.len() * 6;
        let vivid = m.iter().fold(f32::MIN, |a, &b| a.max(b)) - m.iter().fold(f32::MAX, |a, &b| a.min(b)) >= GROW_LABEL_SPREAD;
        even && vivid && colour_dist(m, own) > LABEL_DISTANCE && colour_dist(m, background) > LABEL_DISTANCE
    };
    let (past_b, past_a) = (label_past(1.0 + 0.15 * reach, 1.0 + 0.85 * reach), label_past(-0.85 * reach, -0.15 * reach));
    let sample_end = match (past_a, past_b) {
        (false, true) => frame.point(0.0, 0.0),
        (true, false) => frame.point(1.0, 0.0),
        _ => return None,
    };
    let axis = if past_b { frame.axis } else { [-frame.axis[0], -frame.axis[1]] };
    let centre = [sample_end[0] + 0.5 * grown * axis[0], sample_end[1] + 0.5 * grown * axis[1]];
    let (vw, vh) = (view.width() as f32, view.height() as f32);
    let moved = Frame { centre, axis, length: grown, width: frame.width, keystone: 0.0 };
    let handle_end = moved.point(1.0, 0.0);
    (handle_end[0] >= 0.0 && handle_end[1] >= 0.0 && handle_end[0] <= vw && handle_end[1] <= vh).then_some(moved)
}

/// Least spread between a label's strongest and weakest channel for [`grow_to_label`]: a label
/// is of a strong colour; something light and grey past a box's end is glare or membrane.
const GROW_LABEL_SPREAD: f32 = 40.0;

/// How far (as a fraction) the length [`grow_to_label`] gives may be from the model's length for
/// the strip's width.
const GROW_LENGTH_TOLERANCE: f32 = 0.25;

/// Colour distance (of 441) from the strip's own colour above which an end's typical colour is
/// a label's, not the strip's in shade.
const LABEL_DISTANCE: f32 = 70.0;

/// Tells a cassette's sample end by its sample well: a hole in the plastic, dark-rimmed, between
/// the sample end and the window. The two end parts of the cassette that the window never
/// reaches (the outer 30 % of its length at each end, the middle half of its width) are
/// compared by how much darker than the plastic they are: the well's end must be clearly darker
/// (twice, and by a margin above the plastic's own variation), else the orientation is unknown.
/// Printing (a brand name, an "ID" line) darkens the other end less than a well does; dense
/// print with no well in sight is taken for one. A wrong end cannot make a positive read
/// negative: the window is then read backwards, a lone control line falls where the test line
/// belongs and the cassette reads invalid (a test line alone reads positive).
fn orient_by_well(view: &RgbaView, frame: Frame) -> (Frame, Orientation) {
    let (na, nc) = (24usize, 9usize);
    let mut ends = [Vec::with_capacity(na * nc), Vec::with_capacity(na * nc)];
    for (k, (s0, s1)) in [(0.04f32, 0.30f32), (0.70, 0.96)].into_iter().enumerate() {
        for i in 0..na {
            let s = s0 + (i as f32 + 0.5) / na as f32 * (s1 - s0);
            for j in 0..nc {
                let t = -0.25 + 0.5 * (j as f32 + 0.5) / nc as f32;
                let [x, y] = frame.point(s, t);
                ends[k].push(luma(sample_bilinear(view, x, y)));
            }
        }
    }
    let all: Vec<f32> = ends[0].iter().chain(ends[1].iter()).copied().collect();
    let plastic = median(&all).max(1.0);
    // The plastic's own variation: the median absolute deviation of the samples near the median.
    let spread = median(&all.iter().map(|v| (v - plastic).abs()).collect::<Vec<f32>>());
    let darkness = |v: &[f32]| v.iter().map(|&l| if l < plastic { (plastic - l) / plastic } else { 0.0 }).sum::<f32>() / v.len().max(1) as f32;
    let (da, db) = (darkness(&ends[0]), darkness(&ends[1]));
    let floor = 0.02 + spread / plastic;
    if da > 2.0 * db && da - db > floor {
        return (frame, Orientation::Well);
    } else if db > 2.0 * da && db - da > floor {
        return (frame.flipped(), Orientation::Well);
    }
    // A shadow over one end darkens all of it: each end then measured against its own plastic
    // (the upper quartile of its samples: the well may fill half the end's middle), the well
    // still stands out.
    let local = |v: &[f32]| {
        let mut sorted = v.to_vec();
        sort_f32(&mut sorted);
        let own = sorted.get(3 * sorted.len() / 4).copied().unwrap_or(0.0).max(1.0);
        let spread = median(&v.iter().map(|x| (x - own).abs()).collect::<Vec<f32>>());
        (v.iter().map(|&l| if l < own { (own - l) / own } else { 0.0 }).sum::<f32>() / v.len().max(1) as f32, spread / own)
    };
    let ((la, sa), (lb, sb)) = (local(&ends[0]), local(&ends[1]));
    // The plastic's own variation is the other end's, the one that should be plain.
    if la > 2.0 * lb && la - lb > 0.02 + sb {
        (frame, Orientation::Well)
    } else if lb > 2.0 * la && lb - la > 0.02 + sa {
        (frame.flipped(), Orientation::Well)
    } else {
        (frame, Orientation::Unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(state: LineState) -> LineCall {
        LineCall { present: state == LineState::Present, state, strength: 0.1, snr: 10.0, position: Some(0.5) }
    }

    #[test]
    fn competitive_truth_table() {
        use LineState::*;
        let v = |c, t| verdict(Assay::Competitive, &call(c), &call(t), false).0;
        assert_eq!(v(Present, Absent), Verdict::Positive);
        assert_eq!(v(Present, Present), Verdict::Negative);
        assert_eq!(v(Absent, Present), Verdict::Invalid);
        assert_eq!(v(Absent, Absent), Verdict::Invalid);
        assert_eq!(v(Present, Uncertain), Verdict::Retake);
        assert_eq!(v(Uncertain, Present), Verdict::Retake);
        // No colour: a test line cannot be trusted to mean "not detected".
        assert_eq!(verdict(Assay::Competitive, &call(Present), &call(Present), true).0, Verdict::Retake);
        assert_eq!(verdict(Assay::Competitive, &call(Present), &call(Absent), true).0, Verdict::Positive);
    }

    #[test]
    fn sandwich_truth_table() {
        use LineState::*;
        let v = |c, t| verdict(Assay::Sandwich, &call(c), &call(t), false).0;
        assert_eq!(v(Present, Absent), Verdict::Negative);
        assert_eq!(v(Present, Present), Verdict::Positive);
        assert_eq!(v(Absent, Present), Verdict::Invalid);
    }

    /// A 400 x 200 photo: a 330 x 100 light body across a dark table; a darker disk (a sample
    /// well) at `well` (x), or none; dark print (text) at `print` (x), or none.
    fn cassette_photo(well: Option<f32>, print: Option<f32>) -> Vec<u8> {
        paint(400, 200, |x, y| {
            let (fx, fy) = (x as f32 + 0.5, y as f32 + 0.5);
            let mut v = if (35.0..365.0).contains(&fx) && (50.0..150.0).contains(&fy) { 225u8 } else { 70 };
            if well.is_some_and(|wx| (fx - wx).powi(2) + (fy - 100.0).powi(2) < 27.0f32.powi(2)) {
                v = 160;
            }
            // Two thin rows of letter-like strokes.
            if print.is_some_and(|px| (fx - px).abs() < 30.0 && ((fy - 85.0).abs() < 3.0 || (fy - 110.0).abs() < 3.0) && (x / 4) % 2 == 0) {
                v = 50;
            }
            [v, v, v]
        })
    }

    /// A `w` x `h` RGBA photo painted pixel by pixel.
    fn paint(w: usize, h: usize, colour: impl Fn(usize, usize) -> [u8; 3]) -> Vec<u8> {
        let mut data = Vec::with_capacity(w * h * 4);
        for y in 0..h {
            for x in 0..w {
                let p = colour(x, y);
                data.extend_from_slice(&[p[0], p[1], p[2], 255]);
            }
        }
        data
    }

    #[test]
    fn the_sample_well_tells_a_cassettes_sample_end() {
        let frame = Frame { centre: [200.0, 100.0], axis: [1.0, 0.0], length: 330.0, width: 100.0, keystone: 0.0 };
        let orient = |data: &[u8]| {
            let view = RgbaView::new(data, 400, 200).unwrap();
            let (f, o) = orient_by_well(&view, frame);
            (f.axis[0], o)
        };
        // Well near the right end: the frame is walked from the right. Print at the other end
        // (a brand name) darkens it less than the well.
        assert_eq!(orient(&cassette_photo(Some(300.0), Some(90.0))), (-1.0, Orientation::Well));
        assert_eq!(orient(&cassette_photo(Some(100.0), None)), (1.0, Orientation::Well));
        // No well: the ends cannot be told apart.
        assert_eq!(orient(&cassette_photo(None, None)).1, Orientation::Unknown);
        // (Dense print at one end with no well in sight is taken for the well: see
        // `orient_by_well`.)
        // A shadow over the end away from the well (the cassette's right half at 60 %): that
        // end is darker than the plastic's median all over, the well still darker than its own
        // end's plastic. And a shadow alone, with no well, tells nothing.
        let shaded = |well: Option<f32>| {
            let mut data = cassette_photo(well, None);
            for (i, px) in data.chunks_exact_mut(4).enumerate() {
                if i % 400 >= 230 {
                    px[..3].iter_mut().for_each(|v| *v = (*v as f32 * 0.6) as u8);
                }
            }
            data
        };
        assert_eq!(orient(&shaded(Some(100.0))), (1.0, Orientation::Well));
        assert_eq!(orient(&shaded(None)).1, Orientation::Unknown);
    }

    /// A 400 x 60 photo: a 360 x 24 white strip on a dark table, a solid `label` colour over
    /// its right quarter (or none) and thin blue print (arrows) near its left end.
    fn dipstick_photo(label: Option<[u8; 3]>) -> Vec<u8> {
        paint(400, 60, |x, y| {
            let inside = (20..380).contains(&x) && (18..42).contains(&y);
            let mut p = if inside { [235u8, 235, 230] } else { [60, 55, 50] };
            if inside && x >= 290 {
                if let Some(l) = label {
                    p = l;
                }
            }
            if inside && (30..70).contains(&x) && (x + y) % 9 == 0 {
                p = [30, 36, 84];
            }
            p
        })
    }

    #[test]
    fn a_box_short_of_its_label_is_grown_over_it() {
        // A 360 x 24 dipstick from x = 60 to 420 on a dark table, its last 90 px a label of
        // `label`'s colour, found as its white part alone (x 60 to 330; the label was lost into
        // something of its colour beside it). Walked from the sample end (x 60) to the label's.
        let model = crate::model::builtin_model(None).unwrap();
        let grow = |label: [u8; 3], flipped: bool| {
            let data = paint(500, 60, |x, y| {
                // Mirrored about x = 239.5; columns past 479 mirror off the photo (table).
                let x = if flipped { 479 - x as i64 } else { x as i64 };
                match ((60..420).contains(&x) && (18..42).contains(&y), x >= 330) {
                    (false, _) => [60, 55, 50],
                    (true, true) => label,
                    (true, false) => [235, 235, 230],
                }
            });
            let view = RgbaView::new(&data, 500, 60).unwrap();
            let centre = if flipped { 479.0 - 195.0 + 1.0 } else { 195.0 };
            let frame = Frame { centre: [centre, 30.0], axis: [1.0, 0.0], length: 270.0, width: 24.0, keystone: 0.0 };
            grow_to_label(&view, &frame, &model, [60.0, 55.0, 50.0]).map(|f| (f.point(0.0, 0.0)[0].round(), f.point(1.0, 0.0)[0].round()))
        };
        assert_eq!(grow([38, 84, 170], false), Some((60.0, 435.0)));
        assert_eq!(grow([38, 84, 170], true), Some((420.0, 45.0)));
        // Past the end something light and grey (glare, more membrane), or the table: not grown.
        assert_eq!(grow([150, 150, 155], false), None);
        assert_eq!(grow([60, 55, 50], false), None);
    }

    #[test]
    fn a_handle_label_of_another_colour_still_tells_the_sample_end() {
        let model = crate::model::builtin_model(None).unwrap();
        let frame = Frame { centre: [200.0, 30.0], axis: [1.0, 0.0], length: 360.0, width: 24.0, keystone: 0.0 };
        let orient_of = |data: &[u8]| {
            let view = RgbaView::new(data, 400, 60).unwrap();
            let (f, o) = orient(&view, frame, &model);
            (f.axis[0], o)
        };
        // The model's blue, and a green, a purple and a red label: the label is at the right
        // end, so the strip is walked from the left.
        for label in [[38, 84, 170], [40, 140, 80], [110, 60, 150], [190, 42, 52]] {
            assert_eq!(orient_of(&dipstick_photo(Some(label))), (1.0, Orientation::Handle), "{label:?}");
        }
        // No label: white at both ends (print at one) cannot be told apart.
        assert_eq!(orient_of(&dipstick_photo(None)).1, Orientation::Unknown);
    }

    #[test]
    fn the_labels_colour_shares_tell_the_sample_end_in_dim_uneven_light() {
        // The strip of `dipstick_photo` lit at 40 %, its sample end (x < 110) at 20 %: the
        // dim blue label and the dim white end are alike far from the model's blue, and from
        // the strip's middle; the label keeps the model's shares of red, green and blue.
        let model = crate::model::builtin_model(None).unwrap();
        let frame = Frame { centre: [200.0, 30.0], axis: [1.0, 0.0], length: 360.0, width: 24.0, keystone: 0.0 };
        let dim = |label: [u8; 3]| {
            paint(400, 60, |x, y| {
                let inside = (20..380).contains(&x) && (18..42).contains(&y);
                let (p, light) = match (inside, x) {
                    (false, _) => ([30u8, 28, 25], 1.0),
                    (true, 290..) => (label, 0.4),
                    (true, ..110) => ([235, 235, 230], 0.2),
                    (true, _) => ([235, 235, 230], 0.4),
                };
                p.map(|v| (v as f32 * light).round() as u8)
            })
        };
        let orient_of = |data: &[u8]| {
            let (f, o) = orient(&RgbaView::new(data, 400, 60).unwrap(), frame, &model);
            (f.axis[0], o)
        };
        assert_eq!(orient_of(&dim([38, 84, 170])), (1.0, Orientation::Handle));
        // A green label in that light: neither end has the model's shares; not told.
        assert_eq!(orient_of(&dim([40, 140, 80])).1, Orientation::Unknown);
    }

    #[test]
    fn a_red_label_outweighs_a_shaded_sample_end_nearer_the_models_blue() {
        // The strip of `dipstick_photo` with a red label (right), all its white part under a
        // shadow at 55 %: its sample end, grey with navy print, is nearer the model's blue than
        // the red label is, but only the label is a block far from the strip's own colour.
        let model = crate::model::builtin_model(None).unwrap();
        let frame = Frame { centre: [200.0, 30.0], axis: [1.0, 0.0], length: 360.0, width: 24.0, keystone: 0.0 };
        let data = paint(400, 60, |x, y| {
            let inside = (20..380).contains(&x) && (18..42).contains(&y);
            match (inside, x) {
                (false, _) => [60u8, 55, 50],
                (true, 290..) => [190, 42, 52],
                (true, 30..70) if (x + y) % 9 == 0 => [30, 36, 84],
                (true, _) => [129, 129, 126],
            }
        });
        let model_blue = [38.0f32, 84.0, 170.0];
        let mean = |x0: u32, x1: u32| {
            let mut acc = [0.0f32; 3];
            let n = ((x1 - x0) * 24) as f32;
            for y in 18..42 {
                for x in x0..x1 {
                    let i = ((y * 400 + x) * 4) as usize;
                    (0..3).for_each(|c| acc[c] += data[i + c] as f32 / n);
                }
            }
            acc
        };
        let dist = |p: [f32; 3]| (0..3).map(|c| (p[c] - model_blue[c]).powi(2)).sum::<f32>().sqrt();
        assert!(dist(mean(20, 80)) < 0.6 * dist(mean(320, 380)), "the shaded end is the nearer to the model's blue");
        let (f, o) = orient(&RgbaView::new(&data, 400, 60).unwrap(), frame, &model);
        assert_eq!((f.axis[0], o), (1.0, Orientation::Handle));
    }

    /// A 700 x 100 photo of a fentanyl dipstick lying along x (sample end left, blue label
    /// right), control line drawn, test line drawn when `test`, and a clipped glare disk of
    /// radius `glare` over the test line's place.
    fn glare_photo(test: bool, glare: f32) -> Vec<u8> {
        paint(700, 100, |x, y| {
            let (fx, fy) = (x as f32 + 0.5, y as f32 + 0.5);
            let mut p = [60u8, 55, 50];
            if (30.0..670.0).contains(&fx) && (30.0..70.0).contains(&fy) {
                p = if fx >= 491.0 { [38, 84, 170] } else { [246, 246, 242] };
                // Gold lines: green darkened 30 %, red a quarter of that, blue a half.
                let line = |at: f32| (fx - at).abs() < 4.5;
                if line(406.0) || (test && line(345.0)) {
                    p = [228, 172, 202];
                }
            }
            if (fx - 345.0).powi(2) + (fy - 50.0).powi(2) < glare * glare {
                p = [255, 255, 255];
            }
            p
        })
    }

    #[test]
    fn glare_over_the_test_lines_place_is_a_retake_not_a_positive() {
        let model = crate::model::builtin_model(None).unwrap();
        let frame = Frame { centre: [350.0, 50.0], axis: [1.0, 0.0], length: 640.0, width: 40.0, keystone: 0.0 };
        let read = |test: bool, glare: f32| {
            let data = glare_photo(test, glare);
            let view = RgbaView::new(&data, 700, 100).unwrap();
            let (r, _) = read_strip(&view, Target::Found { frame, background: [60.0, 55.0, 50.0], touches_edge: false }, &model);
            (r.result, r.reason)
        };
        assert_eq!(read(true, 0.0), (Verdict::Negative, None));
        assert_eq!(read(false, 0.0), (Verdict::Positive, None));
        // The glare washes the test line out: no "positive" resting on its absence.
        assert_eq!(read(true, 22.0), (Verdict::Retake, Some(Reason::TooBright)));
        assert_eq!(read(false, 22.0), (Verdict::Retake, Some(Reason::TooBright)));
    }

    /// A 700 x 100 photo of a dipstick along x on a dark table: strip over x 30..670 and
    /// y 30..70, blue handle label from x 491, the rest of the colour `body(x)` (x at pixel
    /// centres).
    fn long_dipstick(body: impl Fn(f32) -> [u8; 3]) -> Vec<u8> {
        paint(700, 100, |x, y| {
            let (fx, fy) = (x as f32 + 0.5, y as f32 + 0.5);
            if !((30.0..670.0).contains(&fx) && (30.0..70.0).contains(&fy)) {
                [60, 55, 50]
            } else if fx >= 491.0 {
                [38, 84, 170]
            } else {
                body(fx)
            }
        })
    }

    #[test]
    fn a_lone_line_at_the_controls_place_tells_the_sample_end_of_a_strip_without_a_label() {
        // A dipstick with no handle label (white at both ends): its colours cannot tell its ends.
        // Lines are drawn at x = 30 + s * 640 for s measured from the sample end, which lies at
        // x 30 or, mirrored, at x 670.
        let model = crate::model::builtin_model(None).unwrap();
        let frame = Frame { centre: [350.0, 50.0], axis: [1.0, 0.0], length: 640.0, width: 40.0, keystone: 0.0 };
        // Lines of half-width 4.5 px, and a wider mark at `wide` (half-width 9 px).
        let read_with = |lines: &[f32], wide: Option<f32>, mirrored: bool| {
            let data = paint(700, 100, |x, y| {
                let (fx, fy) = (x as f32 + 0.5, y as f32 + 0.5);
                let at = |s: f32| if mirrored { 670.0 - s * 640.0 } else { 30.0 + s * 640.0 };
                let on_line = lines.iter().any(|&s| (fx - at(s)).abs() < 4.5) || wide.is_some_and(|s| (fx - at(s)).abs() < 9.0);
                match ((30.0..670.0).contains(&fx) && (30.0..70.0).contains(&fy), on_line) {
                    (false, _) => [60, 55, 50],
                    (true, true) => [228, 172, 202],
                    (true, false) => [246, 246, 242],
                }
            });
            let view = RgbaView::new(&data, 700, 100).unwrap();
            let (r, _) = read_strip(&view, Target::Found { frame, background: [60.0, 55.0, 50.0], touches_edge: false }, &model);
            (r.result, r.orientation, r.corners[0][0] < 350.0)
        };
        let read = |lines: &[f32], mirrored: bool| read_with(lines, None, mirrored);
        let (control, test) = (0.4 + 0.67 * 0.28, 0.4 + 0.33 * 0.28);
        // The control line alone: from one end it is at the control's place, from the other at
        // none of the lines' places. Positive, whichever way the strip lies, its sample end found.
        assert_eq!(read(&[control], false), (Verdict::Positive, Orientation::Lines, true));
        assert_eq!(read(&[control], true), (Verdict::Positive, Orientation::Lines, false));
        // A lone test line sits at the test line's place both ways: invalid, as before.
        assert_eq!(read(&[test], false).0, Verdict::Invalid);
        // Both lines: negative one way, no control the other (the control's place read from
        // the handle end is far from both). The pair tells the sample end, either way round.
        assert_eq!(read(&[control, test], false), (Verdict::Negative, Orientation::Lines, true));
        assert_eq!(read(&[control, test], true), (Verdict::Negative, Orientation::Lines, false));
        // A pair off its places by more than half the tolerance (a box long at one end) does
        // not tell the sample end, but two clear gold lines of one dye and one width the
        // printed spacing apart are a control and a test line whichever is which: negative.
        assert_eq!(read(&[control + 0.12 * 0.28, test + 0.12 * 0.28], false).0, Verdict::Negative);
        assert_eq!(read(&[control + 0.12 * 0.28, test + 0.12 * 0.28], true).0, Verdict::Negative);
        // Not when one of them is twice the other's width (a stain's edge, a shadow's band): a
        // retake.
        assert_eq!(read_with(&[control + 0.12 * 0.28], Some(test + 0.12 * 0.28), false).0, Verdict::Retake);
        // A positive strip the other way round with a mark (a shadow's edge, a stain) at this
        // way's control place: its own control lies off this way's places, so no negative.
        // (A mark at this way's test place lies at the test line's place read the other way
        // too, as any test line does: that is a made-up test line beside the real control.)
        assert_eq!(read(&[1.0 - control, control], false).0, Verdict::Positive);
        // A lone line off the control's place by more than half the tolerance: a retake.
        assert_eq!(read(&[control + 0.12 * 0.28], false).0, Verdict::Retake);
    }

    #[test]
    fn a_strip_shaped_thing_of_a_strong_colour_is_no_strip() {
        // A dipstick's shape with a blue handle label and a control line, its body the strip's
        // membrane (white, or tinted by a warm or a cool light) or a pen's or a stick's colour.
        let model = crate::model::builtin_model(None).unwrap();
        let frame = Frame { centre: [350.0, 50.0], axis: [1.0, 0.0], length: 640.0, width: 40.0, keystone: 0.0 };
        let read = |body: [u8; 3]| {
            let data = long_dipstick(|fx| {
                if (fx - 406.0).abs() < 4.5 {
                    [(body[0] as f32 * 0.93) as u8, (body[1] as f32 * 0.7) as u8, (body[2] as f32 * 0.85) as u8]
                } else {
                    body
                }
            });
            let view = RgbaView::new(&data, 700, 100).unwrap();
            let (r, _) = read_strip(&view, Target::Found { frame, background: [60.0, 55.0, 50.0], touches_edge: false }, &model);
            let all = crate::analyze(&view, &model, &crate::Options::default()).unwrap();
            (r.result, r.reason, all.strips.len())
        };
        for membrane in [[246, 246, 242], [236, 214, 182], [192, 212, 236]] {
            assert_eq!(read(membrane), (Verdict::Positive, None, 1), "{membrane:?}");
        }
        for thing in [[190, 42, 52], [40, 60, 170], [60, 150, 70], [230, 200, 40]] {
            assert_eq!(read(thing), (Verdict::Retake, Some(Reason::StripNotFound), 0), "{thing:?}");
        }
    }

    #[test]
    fn a_faint_mark_at_the_windows_end_never_turns_the_control_line_into_a_test_line() {
        // Seed 31337's 426.jpg: a positive strip (control line only, a little past its nominal
        // place) with a faint mark at the window's far end. The two are spaced like T and C, so
        // registering the window on them called the control line T and the mark C: negative.
        let model = crate::model::builtin_model(None).unwrap();
        let frame = Frame { centre: [350.0, 50.0], axis: [1.0, 0.0], length: 640.0, width: 40.0, keystone: 0.0 };
        let data = long_dipstick(|fx| {
            if (fx - 409.0).abs() < 4.5 {
                [228, 172, 202]
            } else if (fx - 463.0).abs() < 4.5 {
                [244, 239, 238]
            } else {
                [246, 246, 242]
            }
        });
        let view = RgbaView::new(&data, 700, 100).unwrap();
        let (r, _) = read_strip(&view, Target::Found { frame, background: [60.0, 55.0, 50.0], touches_edge: false }, &model);
        assert_ne!(r.result, Verdict::Negative, "{:?} {:?} lines {:?}", r.result, r.reason, r.lines);
    }
}

#[cfg(test)]
mod colour_and_placement_tests {
    use super::*;

    const GOLD: [u8; 3] = [228, 172, 202];
    /// Green darkened 30 %, red and blue nearly as much: the grey-violet of a faded line.
    const FADED: [u8; 3] = [194, 172, 188];
    /// Every channel darkened alike: a shadow or a crease.
    const NEUTRAL: [u8; 3] = [172, 172, 169];
    const TABLE: [u8; 3] = [60, 55, 50];

    /// A 700 x 100 photo of a dipstick along x: strip over x 30..670, blue handle label from
    /// x 491, a line of colour `c` at x 406 (the control's place) and `t` at x 345 (the test's).
    fn photo(c: Option<[u8; 3]>, t: Option<[u8; 3]>) -> Vec<u8> {
        let lines: Vec<(f32, [u8; 3])> = [(406.0, c), (345.0, t)].into_iter().filter_map(|(at, colour)| Some((at, colour?))).collect();
        photo_with(&lines)
    }

    /// The same dipstick with lines 9 px wide centred at the given x, of the given colours.
    fn photo_with(lines: &[(f32, [u8; 3])]) -> Vec<u8> {
        photo_widths(&lines.iter().map(|&(at, colour)| (at, 4.5, colour)).collect::<Vec<_>>())
    }

    /// The same dipstick with lines (centre x, half width, colour).
    fn photo_widths(lines: &[(f32, f32, [u8; 3])]) -> Vec<u8> {
        let mut data = Vec::with_capacity(700 * 100 * 4);
        for y in 0..100 {
            for x in 0..700 {
                let (fx, fy) = (x as f32 + 0.5, y as f32 + 0.5);
                let mut p = TABLE;
                if (30.0..670.0).contains(&fx) && (30.0..70.0).contains(&fy) {
                    p = if fx >= 491.0 { [38, 84, 170] } else { [246, 246, 242] };
                    for &(at, half, colour) in lines {
                        if (fx - at).abs() < half {
                            p = colour;
                        }
                    }
                }
                data.extend_from_slice(&[p[0], p[1], p[2], 255]);
            }
        }
        data
    }

    fn read(data: &[u8], frame: Frame) -> StripReading {
        let model = crate::model::builtin_model(None).unwrap();
        let view = RgbaView::new(data, 700, 100).unwrap();
        read_strip(&view, Target::Found { frame, background: [60.0, 55.0, 50.0], touches_edge: false }, &model).0
    }

    const WHOLE: Frame = Frame { centre: [350.0, 50.0], axis: [1.0, 0.0], length: 640.0, width: 40.0, keystone: 0.0 };

    #[test]
    fn a_dip_is_shown_not_neutral_by_its_red_or_by_its_blue() {
        let noise = 0.003;
        let dip = |strength: f32, red: f32, blue: f32| Peak {
            index: 10.0,
            strength,
            snr: strength / noise,
            red_ratio: red,
            blue_ratio: blue,
            fwhm: 6.0,
            line_like: false,
            checks: [false, true, true, true],
            bands: 3,
        };
        // A gold line; a washed-out one whose red alone is within its error of neutral, but
        // whose blue is not.
        assert!(not_neutral(&dip(0.1, 0.3, 0.5), noise));
        let washed = dip(0.08, 0.85, 0.7);
        assert!(!(washed.red_ratio + washed.red_error(noise) <= MIN_NEUTRAL_RATIO));
        assert!(not_neutral(&washed, noise));
        // A shadow: all channels alike; or lit by a bluer light (red darkened as much as green
        // or more, blue less).
        assert!(!not_neutral(&dip(0.08, 1.0, 1.0), noise));
        assert!(!not_neutral(&dip(0.08, 1.1, 0.6), noise));
        // A faint dip's colour is not known well enough either way.
        assert!(!not_neutral(&dip(0.015, 0.85, 0.7), noise));
    }

    #[test]
    fn two_lines_are_one_dyes_pair_only_when_alike_in_colour_and_width() {
        let noise = 0.004;
        let line = |strength: f32, red: f32, blue: f32, fwhm: f32| Peak {
            index: 10.0,
            strength,
            snr: strength / noise,
            red_ratio: red,
            blue_ratio: blue,
            fwhm,
            line_like: true,
            checks: [true; 4],
            bands: 3,
        };
        let control = line(0.3, 0.35, 0.55, 6.0);
        assert!(one_dye_pair(&control, &line(0.1, 0.38, 0.6, 6.5), noise));
        // A mark twice as wide (a stain's blotch, a shadow's band), or of another dye.
        assert!(!one_dye_pair(&control, &line(0.1, 0.38, 0.6, 12.0), noise));
        assert!(!one_dye_pair(&line(0.1, 0.38, 0.6, 12.0), &control, noise));
        assert!(!one_dye_pair(&control, &line(0.1, 0.75, 0.6, 6.0), noise));
        assert!(!one_dye_pair(&control, &line(0.1, 0.38, 1.3, 6.0), noise));
        // A faint mark, or one that is no line by colour or shape.
        assert!(!one_dye_pair(&control, &line(0.015, 0.38, 0.6, 6.0), noise));
        assert!(!one_dye_pair(&control, &Peak { line_like: false, ..line(0.1, 0.38, 0.6, 6.0) }, noise));
    }

    #[test]
    fn a_faint_test_line_of_another_blue_than_its_control_is_uncertain() {
        // s70711 `438.jpg`: a stain at the test line's exact place, 2.6 % at 8.8 x the noise,
        // darkening green alone (blue ratio 0.02) beside a gold control (0.53).
        let noise = 0.003;
        let to_window = |i: f32| i / 100.0;
        let peak = |at: f32, strength: f32, red: f32, blue: f32| Peak {
            index: at * 100.0,
            strength,
            snr: strength / noise,
            red_ratio: red,
            blue_ratio: blue,
            fwhm: 9.0,
            line_like: true,
            checks: [true; 4],
            bands: 3,
        };
        let c = peak(0.70, 0.285, 0.24, 0.53);
        let control = LineCall { present: true, state: LineState::Present, strength: c.strength, snr: c.snr, position: Some(0.70) };
        let read = |t: Peak, grayscale: bool| {
            let call = LineCall { present: true, state: LineState::Present, strength: t.strength, snr: t.snr, position: Some(to_window(t.index)) };
            let lines = Lines { contrast: vec![0.0; 100], noise, peaks: vec![c, t], grayscale };
            placed_by_control(Assay::Competitive, &control, call, 0.34, &lines, &to_window).state
        };
        assert_eq!(read(peak(0.36, 0.026, 0.05, 0.02), false), LineState::Uncertain);
        // The same faint line of the control's colour stays present; so does the stain's
        // colour on a line many times the noise (its colour then tells two dyes apart
        // elsewhere), and where the profile has no colour to compare.
        assert_eq!(read(peak(0.36, 0.026, 0.3, 0.5), false), LineState::Present);
        assert_eq!(read(peak(0.36, 0.06, 0.05, 0.02), false), LineState::Present);
        assert_eq!(read(peak(0.36, 0.026, 0.05, 0.02), true), LineState::Present);
    }

    #[test]
    fn the_control_places_the_test_line() {
        let noise = 0.004;
        // Profile index = window position x 100; the control at 0.67, the spacing 0.34, so the
        // test line's place is 0.33.
        let to_window = |i: f32| i / 100.0;
        let gold = |at: f32, strength: f32| Peak {
            index: at * 100.0,
            strength,
            snr: strength / noise,
            red_ratio: 0.35,
            blue_ratio: 0.55,
            fwhm: 5.0,
            line_like: true,
            checks: [true; 4],
            bands: 3,
        };
        let lines = |peaks: Vec<Peak>| Lines { contrast: vec![0.0; 100], noise, peaks, grayscale: false };
        let control = LineCall { present: true, state: LineState::Present, strength: 0.3, snr: 75.0, position: Some(0.67) };
        let absent = LineCall { present: false, state: LineState::Absent, strength: 0.0, snr: 0.0, position: None };
        let place = |l: &Lines, test: LineCall, assay: Assay| placed_by_control(assay, &control, test, 0.34, l, &to_window);
        // A dip at 3 x the noise (under ABSENT_SNR, though 1.2 % strong) right at the place: uncertain, for
        // either format.
        let faint = gold(0.34, 0.012);
        assert!(faint.snr < ABSENT_SNR && faint.strength >= ABSENT_STRENGTH);
        for assay in [Assay::Competitive, Assay::Sandwich] {
            let t = place(&lines(vec![faint]), absent, assay);
            assert_eq!((t.state, t.position), (LineState::Uncertain, Some(0.34)), "{assay:?}");
        }
        // The same dip a fifth of the spacing off its place (still inside the model's zone), one
        // weaker than a measurable strength, or one that is no line by colour: absent.
        assert_eq!(place(&lines(vec![gold(0.40, 0.012)]), absent, Assay::Competitive).state, LineState::Absent);
        assert_eq!(place(&lines(vec![gold(0.34, 0.008)]), absent, Assay::Competitive).state, LineState::Absent);
        assert_eq!(place(&lines(vec![Peak { line_like: false, ..faint }]), absent, Assay::Competitive).state, LineState::Absent);
        // No control, no place: unchanged.
        let none = LineCall { present: false, state: LineState::Absent, ..control };
        assert_eq!(placed_by_control(Assay::Competitive, &none, absent, 0.34, &lines(vec![faint]), &to_window).state, LineState::Absent);
        // An uncertain mark a third of the spacing off the place is no test line of this
        // control on a competitive strip (absent: `positive`); on a sandwich strip it keeps its
        // doubt; and with a hint at the place the call stays uncertain.
        let mark = LineCall { present: false, state: LineState::Uncertain, strength: 0.02, snr: 5.0, position: Some(0.22) };
        assert_eq!(place(&lines(vec![gold(0.22, 0.02)]), mark, Assay::Competitive).state, LineState::Absent);
        assert_eq!(place(&lines(vec![gold(0.22, 0.02)]), mark, Assay::Sandwich).state, LineState::Uncertain);
        assert_eq!(place(&lines(vec![gold(0.22, 0.02), faint]), mark, Assay::Competitive).state, LineState::Uncertain);
        // Near its place (within the pair tolerance) it stays uncertain; a clear present call is
        // never touched.
        let near = LineCall { position: Some(0.30), ..mark };
        assert_eq!(place(&lines(vec![gold(0.30, 0.02)]), near, Assay::Competitive).state, LineState::Uncertain);
        let present = LineCall { present: true, state: LineState::Present, strength: 0.1, snr: 25.0, position: Some(0.2) };
        assert_eq!(place(&lines(vec![gold(0.2, 0.1)]), present, Assay::Competitive), present);
        // A faint present line (8 x the noise) is held to the faint dip's closeness: at 0.27
        // (0.18 spacings off) uncertain, at 0.31 present.
        let faint_line = LineCall { present: true, state: LineState::Present, strength: 0.032, snr: 8.0, position: Some(0.27) };
        let t = place(&lines(vec![gold(0.27, 0.032)]), faint_line, Assay::Competitive);
        assert_eq!((t.present, t.state), (false, LineState::Uncertain));
        let placed = LineCall { position: Some(0.31), ..faint_line };
        assert_eq!(place(&lines(vec![gold(0.31, 0.032)]), placed, Assay::Competitive), placed);
    }

    #[test]
    fn a_mark_at_the_sample_end_beside_a_pair_the_label_places_changes_nothing() {
        // The window runs over x 286..465 (test line at 345, control at 406); marks at 281
        // (-0.03 of it: print or a dye front at the window's first edge), farther from the
        // control than any test line lies. The handle label starts at `label` (its place: 491).
        const INK: [u8; 3] = [230, 120, 125];
        let read_lines = |lines: &[(f32, [u8; 3])], label: f32| {
            let mut data = Vec::with_capacity(700 * 100 * 4);
            for y in 0..100 {
                for x in 0..700 {
                    let (fx, fy) = (x as f32 + 0.5, y as f32 + 0.5);
                    let base = if fx >= label { [38, 84, 170] } else { [246, 246, 242] };
                    let p = match (30.0..670.0).contains(&fx) && (30.0..70.0).contains(&fy) {
                        true => lines.iter().find(|&&(at, _)| (fx - at).abs() < 4.5).map_or(base, |&(_, c)| c),
                        false => TABLE,
                    };
                    data.extend_from_slice(&[p[0], p[1], p[2], 255]);
                }
            }
            let r = read(&data, WHOLE);
            (r.result, r.reason)
        };
        // The label where the model puts it: beside the gold pair a mark of ink or of gold
        // changes nothing; nor beside the control alone.
        assert_eq!(read_lines(&[(406.0, GOLD), (345.0, GOLD)], 491.0), (Verdict::Negative, None));
        for mark in [INK, GOLD] {
            assert_eq!(read_lines(&[(406.0, GOLD), (345.0, GOLD), (281.0, mark)], 491.0), (Verdict::Negative, None), "{mark:?}");
            assert_eq!(read_lines(&[(406.0, GOLD), (281.0, mark)], 491.0), (Verdict::Positive, None), "{mark:?}");
        }
        // Beside two lines farther apart than the printed spacing (0.25 of the window from the
        // control's 0.67: a pair only if the box is off) the mark makes a retake...
        assert_eq!(read_lines(&[(406.0, GOLD), (330.0, GOLD)], 491.0), (Verdict::Negative, None));
        assert_eq!(read_lines(&[(406.0, GOLD), (330.0, GOLD), (281.0, GOLD)], 491.0), (Verdict::Retake, Some(Reason::UnexpectedLine)));
        // ...and beside the pair when the label's edge is 19 px (0.03 of the strip) from its
        // place, no witness that the box is where it belongs.
        assert_eq!(read_lines(&[(406.0, GOLD), (345.0, GOLD)], 510.0), (Verdict::Negative, None));
        assert_eq!(read_lines(&[(406.0, GOLD), (345.0, GOLD), (281.0, GOLD)], 510.0), (Verdict::Retake, Some(Reason::UnexpectedLine)));
    }

    #[test]
    fn a_faded_control_line_alone_reads_positive() {
        let r = read(&photo(Some(FADED), None), WHOLE);
        assert_eq!((r.result, r.reason), (Verdict::Positive, None), "{:?}", r.lines);
        // It is reported as the strip's line.
        assert_eq!(r.lines.len(), 1);
    }

    #[test]
    fn a_faint_dip_of_unknown_colour_at_the_controls_place_is_no_invalid() {
        // A clear, line-shaped dip (green contrast 0.05, 16 times the noise) whose red ratio
        // (0.83) its noise leaves open: a washed-out control, or a neutral mark. A retake.
        let r = read(&photo(Some([236, 234, 236]), None), WHOLE);
        assert_eq!((r.result, r.reason), (Verdict::Retake, Some(Reason::FaintControl)), "{:?}", r.control);
        // A strong dip shown neutral (a shadow, a crease) is no control: invalid.
        let r = read(&photo(Some(NEUTRAL), None), WHOLE);
        assert_eq!((r.result, r.reason), (Verdict::Invalid, Some(Reason::NoControl)));
    }

    #[test]
    fn a_faded_control_never_gives_an_answer_resting_on_a_test_line() {
        let r = read(&photo(Some(FADED), Some(GOLD)), WHOLE);
        assert_eq!((r.result, r.reason), (Verdict::Retake, Some(Reason::UnexpectedLine)));
    }

    #[test]
    fn a_faded_dip_at_the_test_lines_place_is_a_retake_never_an_answer() {
        let r = read(&photo(Some(GOLD), Some(FADED)), WHOLE);
        // (Two clear lines of different dyes: `unexpected_line`, before the test line's call.)
        assert_eq!(r.result, Verdict::Retake, "{:?}", r.reason);
        assert!(matches!(r.reason, Some(Reason::UncertainTestLine | Reason::UnexpectedLine)), "{:?}", r.reason);
        // The gold pair is the plain negative.
        assert_eq!(read(&photo(Some(GOLD), Some(GOLD)), WHOLE).result, Verdict::Negative);
    }

    #[test]
    fn two_faded_lines_of_one_colour_read_negative_and_a_faint_faded_test_line_is_a_retake() {
        // A strip the photo washed out: both lines grey-violet alike.
        let r = read(&photo(Some(FADED), Some(FADED)), WHOLE);
        assert_eq!((r.result, r.reason), (Verdict::Negative, None), "{:?}", r.lines);
        assert_eq!(r.lines.len(), 2);
        // A faded test line a third as dark (green 9 % down, red and blue nearly as much): read
        // negative where its colour can be measured, a retake where it cannot; never positive.
        let faint = [240, 224, 235];
        let r = read(&photo(Some(FADED), Some(faint)), WHOLE);
        assert_ne!(r.result, Verdict::Positive, "{:?}", r.reason);
        // Beside a faded control, a neutral stripe at T stays a shadow: positive.
        assert_eq!(read(&photo(Some(FADED), Some(NEUTRAL)), WHOLE).result, Verdict::Positive);
    }

    #[test]
    fn a_positive_with_a_line_of_its_control_s_dye_a_spacing_from_it_is_a_retake() {
        // The control at its place (x 406) and a gold line of its width 70 px on (x 476, past
        // the window's end, 1.15 spacings): the box may sit a spacing short, the "control" the
        // test line (s46368 `423.jpg`, a negative read `positive`).
        let r = read(&photo_with(&[(406.0, GOLD), (476.0, GOLD)]), WHOLE);
        assert_eq!((r.result, r.reason), (Verdict::Retake, Some(Reason::UnexpectedLine)), "{:?}", r.lines);
        // A mark there of another colour (neutral: a shadow's stripe) or twice as wide is no
        // line of this strip: positive.
        assert_eq!(read(&photo_with(&[(406.0, GOLD), (476.0, NEUTRAL)]), WHOLE).result, Verdict::Positive);
        assert_eq!(read(&photo_widths(&[(406.0, 4.5, GOLD), (476.0, 10.0, GOLD)]), WHOLE).result, Verdict::Positive);
        assert_eq!(read(&photo(Some(GOLD), None), WHOLE).result, Verdict::Positive);
        // A control off its place (x 429, 0.80 of the window) and a washed-out line of its dye
        // 0.85 spacings before it, outside the test zone the box gives (s13579 `194.jpg`): the
        // test line where the control puts it, a retake, not `positive`.
        let washed = [185, 172, 185];
        let r = read(&photo_with(&[(429.0, FADED), (377.0, washed)]), WHOLE);
        assert_eq!((r.result, r.reason), (Verdict::Retake, Some(Reason::UncertainTestLine)), "{:?} {:?}", r.control, r.lines);
    }

    #[test]
    fn no_control_with_a_clear_line_elsewhere_in_the_window_is_a_retake_not_invalid() {
        // Nothing at C and nothing at T, a line washed out past the gold test (red ratio 0.8)
        // at 0.85 of the window (x 437): the box may be off and that line the control (s14142
        // `374.jpg`, a positive read `invalid`).
        let washed = [185, 172, 185];
        let r = read(&photo_with(&[(437.0, washed)]), WHOLE);
        assert_eq!((r.result, r.reason), (Verdict::Retake, Some(Reason::UnexpectedLine)), "{:?}", r.lines);
        // A gold one just past the window's control end (x 476), as a box placed short leaves
        // the control (s2027 `100.jpg`).
        assert_eq!(read(&photo_with(&[(476.0, GOLD)]), WHOLE).result, Verdict::Retake);
        // No line at all, or a test line alone at its place: invalid, as before.
        assert_eq!(read(&photo(None, None), WHOLE).result, Verdict::Invalid);
        assert_eq!(read(&photo(None, Some(GOLD)), WHOLE).result, Verdict::Invalid);
        assert_eq!(read(&photo(None, Some(FADED)), WHOLE).result, Verdict::Invalid);
    }

    #[test]
    fn a_control_line_lost_on_a_shadow_edge_is_read_in_green_over_red_beside_a_test_line() {
        // A shadow's edge across the strip over the control line's place: the light falls by
        // 65 % over 16 px around it (x 398..414), beyond it the strip lies in the shadow. The
        // green profile loses the control in the step (the line at 406 is no dip of its own
        // there); green over red, which the step does not touch, sees it clearly, the printed
        // spacing from the test line: a negative.
        let mut data = photo(Some(GOLD), Some(GOLD));
        shadow_edge(&mut data, 398.0);
        let r = read(&data, WHOLE);
        assert_eq!((r.result, r.reason), (Verdict::Negative, None), "{:?} {:?}", r.control, r.lines);
        assert!(r.control.and_then(|c| c.position).is_some_and(|at| (at - 0.67).abs() < 0.05), "{:?}", r.control);
        // The control alone under the same shadow: no positive from green over red alone (a
        // test line of a box placed short lies where the control should), a retake.
        let mut alone = photo(Some(GOLD), None);
        shadow_edge(&mut alone, 398.0);
        let r = read(&alone, WHOLE);
        assert_eq!((r.result, r.reason), (Verdict::Retake, Some(Reason::UnexpectedLine)), "{:?} {:?}", r.control, r.lines);
        // A strip truly without a control line under the same shadow stays invalid.
        let mut none = photo(None, Some(GOLD));
        shadow_edge(&mut none, 398.0);
        assert_eq!(read(&none, WHOLE).result, Verdict::Invalid);
        // And a "test line" at a stain's distance from the control (1.4 spacings) is no pair:
        // a retake.
        let mut far = photo_with(&[(406.0, GOLD), (406.0 - 1.4 * 61.0, GOLD)]);
        shadow_edge(&mut far, 398.0);
        let r = read(&far, WHOLE);
        assert_eq!(r.result, Verdict::Retake, "{:?} {:?}", r.control, r.lines);
    }

    /// A shadow's edge across a [`photo`]: the light falls by 65 % over 16 px from x `from`, and
    /// the photo beyond lies in the shadow.
    fn shadow_edge(data: &mut [u8], from: f32) {
        for (i, px) in data.chunks_exact_mut(4).enumerate() {
            let f = 1.0 - 0.65 * (((i % 700) as f32 - from) / 16.0).clamp(0.0, 1.0);
            for v in &mut px[..3] {
                *v = (*v as f32 * f) as u8;
            }
        }
    }

    #[test]
    fn a_test_line_lost_on_a_shadow_edge_is_seen_in_green_over_red_never_positive() {
        // The same shadow's edge over the test line's place (x 337..353); the strip beyond it,
        // control line and all, lies in the shadow. The green profile alone loses the test line
        // in the step; green over red sees it clearly, the printed spacing from the control
        // seen in green: never `positive`, but no `negative` rests on a line green alone does
        // not show either (a rise in red makes the same dip there): a retake.
        let mut data = photo(Some(GOLD), Some(GOLD));
        shadow_edge(&mut data, 337.0);
        let r = read(&data, WHOLE);
        assert_eq!((r.result, r.reason), (Verdict::Retake, Some(Reason::UncertainTestLine)), "{:?} {:?}", r.test, r.lines);
        // Without a test line under the same shadow: positive still.
        let mut none = photo(Some(GOLD), None);
        shadow_edge(&mut none, 337.0);
        assert_eq!(read(&none, WHOLE).result, Verdict::Positive);
        // A faint line there (too faint to read a control from in green over red): a retake,
        // never positive.
        let mut faint = photo(Some(GOLD), Some([236, 222, 230]));
        shadow_edge(&mut faint, 337.0);
        let r = read(&faint, WHOLE);
        assert_ne!(r.result, Verdict::Positive, "{:?} {:?}", r.test, r.lines);
    }

    #[test]
    fn a_mark_too_faint_to_call_is_not_listed_as_a_line_but_its_call_keeps_its_place() {
        // A gold test mark of about 1.6 % green contrast: between absent and present.
        let r = read(&photo(Some(GOLD), Some([245, 242, 240])), WHOLE);
        let test = r.test.expect("a test call");
        assert_eq!((r.result, test.state), (Verdict::Retake, LineState::Uncertain), "{test:?}");
        assert!(test.position.is_some(), "the uncertain mark's place is kept in the call");
        assert_eq!(r.lines.len(), 1, "only the control is a line seen clearly: {:?}", r.lines);
        // Clear, it is listed.
        assert_eq!(read(&photo(Some(GOLD), Some(GOLD)), WHOLE).lines.len(), 2);
    }

    #[test]
    fn a_clear_test_line_a_little_more_washed_out_than_its_faded_control_reads_negative() {
        // The weaker line of a washed-out strip loses more of its colour: green 25 % down, red
        // nearly as much (red ratio about 0.88, past the faded-line cut of 0.9 at its error's
        // far end) but clear of neutral. Of the control's dye: negative, not a retake.
        let washed = [191, 185, 186];
        let r = read(&photo(Some(FADED), Some(washed)), WHOLE);
        assert_eq!((r.result, r.reason), (Verdict::Negative, None), "{:?} {:?}", r.test, r.control);
        // Greyer still (red ratio about 0.97, a shadow's): never a test line.
        let greyer = [186, 185, 184];
        assert_ne!(read(&photo(Some(FADED), Some(greyer)), WHOLE).result, Verdict::Negative);
    }

    #[test]
    fn the_blur_gate_fires_on_blurred_edges_not_on_a_soft_gradient_beside_one() {
        let sharp = photo(Some(GOLD), None);
        // Blurred across the strip (a box 25 px tall: its edges rise over 20 px, more than
        // 1.5 line widths of 9 px).
        let mut blurred = sharp.clone();
        for x in 0..700 {
            for y in 0..100usize {
                for c in 0..3 {
                    let (lo, hi) = (y.saturating_sub(12), (y + 12).min(99));
                    let sum: u32 = (lo..=hi).map(|yy| sharp[(yy * 700 + x) * 4 + c] as u32).sum();
                    blurred[(y * 700 + x) * 4 + c] = (sum / (hi - lo + 1) as u32) as u8;
                }
            }
        }
        assert_eq!((read(&blurred, WHOLE).result, read(&blurred, WHOLE).reason), (Verdict::Retake, Some(Reason::Blurry)));
        // Sharp, with a soft pale gradient on the table below it (a light cloth's shading, light
        // thrown back from the strip): the lower edge rises from it, the upper one is crisp.
        // Read, not a blur retake.
        let mut shadowed = sharp.clone();
        for y in 70..95usize {
            let f = 1.0 - (y - 70) as f32 / 25.0;
            for x in 30..670 {
                for (c, &table) in TABLE.iter().enumerate() {
                    shadowed[(y * 700 + x) * 4 + c] = (table as f32 + f * (200.0 - table as f32)) as u8;
                }
            }
        }
        let r = read(&shadowed, WHOLE);
        assert_ne!(r.reason, Some(Reason::Blurry));
        assert_eq!(r.result, Verdict::Positive);
        // Measured directly: a box 3 degrees off the strip's angle puts each row's edge 9 px
        // from the next one's along the window, yet each row's edge is sharp.
        let view = RgbaView::new(&sharp, 700, 100).unwrap();
        let (sin, cos) = 3f32.to_radians().sin_cos();
        let askew = Frame { axis: [cos, sin], ..WHOLE };
        let win = (0.4, 0.68);
        let w = edge_width(&view, &askew, win, 27.0);
        assert!(w < 4.0, "{w}");
        let view = RgbaView::new(&blurred, 700, 100).unwrap();
        let w = edge_width(&view, &WHOLE, win, 27.0);
        assert!(w > 13.5, "{w}");
        // A pale band 6 px wide along both edges on the table (a stripe of a cloth, light thrown
        // back): a step beside the edge, not a blur of it.
        let mut banded = sharp.clone();
        for y in (24..30).chain(70..76) {
            for x in 0..700 {
                banded[(y * 700 + x) * 4..(y * 700 + x) * 4 + 3].copy_from_slice(&[120, 110, 100]);
            }
        }
        let view = RgbaView::new(&banded, 700, 100).unwrap();
        let w = edge_width(&view, &WHOLE, win, 27.0);
        assert!(w < 4.0, "{w}");
    }

    #[test]
    fn a_neutral_dip_is_never_a_test_line_nor_a_control() {
        // A shadow's stripe at T beside a gold control: the drug is detected (positive).
        assert_eq!(read(&photo(Some(GOLD), Some(NEUTRAL)), WHOLE).result, Verdict::Positive);
        // A shadow's stripe at C with a gold test line: no control line, so no answer at all.
        let r = read(&photo(Some(NEUTRAL), Some(GOLD)), WHOLE);
        assert_ne!(r.result, Verdict::Negative);
        assert_ne!(r.result, Verdict::Positive);
    }

    /// A 700 x 100 photo of a dipstick along x seen at a slant: its width falls linearly from
    /// `w0` at x = 30 (the sample end) to `w1` at x = 670, with a blue handle label and gold
    /// lines where a strip foreshortened so (keystone `w0 / w1 - 1`) shows them.
    fn slanted(w0: f32, w1: f32, test_line: bool) -> Vec<u8> {
        slanted_with_label(w0, w1, test_line, true)
    }

    /// [`slanted`], with the handle label's inner edge where the slant puts it (`true`) or where
    /// a flat box would (a label that says nothing of the slant).
    fn slanted_with_label(w0: f32, w1: f32, test_line: bool, label_slanted: bool) -> Vec<u8> {
        let model = crate::model::builtin_model(None).unwrap();
        let g = &model.geometry;
        let k = w0 / w1 - 1.0;
        let at = |s: f32| 30.0 + 640.0 * (1.0 + k) * s / (1.0 + k * s);
        let on_strip = |win: f32| g.window[0] + win * (g.window[1] - g.window[0]);
        let (c, t) = (at(on_strip(g.control)), at(on_strip(g.test)));
        let h = g.handle.as_ref().unwrap().start;
        let label = if label_slanted { at(h) } else { 30.0 + 640.0 * h };
        let mut data = Vec::with_capacity(700 * 100 * 4);
        for y in 0..100 {
            for x in 0..700 {
                let (fx, fy) = (x as f32 + 0.5, y as f32 + 0.5);
                let half = 0.5 * (w0 + (w1 - w0) * (fx - 30.0) / 640.0);
                let mut p = TABLE;
                if (30.0..670.0).contains(&fx) && (fy - 50.0).abs() < half {
                    p = if fx >= label { [38, 84, 170] } else { [246, 246, 242] };
                    let line = 4.5 * half / 20.0;
                    if (fx - c).abs() < line || (test_line && (fx - t).abs() < line) {
                        p = GOLD;
                    }
                }
                data.extend_from_slice(&[p[0], p[1], p[2], 255]);
            }
        }
        data
    }

    #[test]
    fn a_strip_seen_at_a_slant_is_read_with_its_lines_where_the_slant_puts_them() {
        let frame = Frame { centre: [350.0, 50.0], axis: [1.0, 0.0], length: 640.0, width: 46.0, keystone: 0.0 };
        let (w0, w1) = (46.0f32, 36.0f32);
        let neg = slanted(w0, w1, true);
        let k = keystone_of(&RgbaView::new(&neg, 700, 100).unwrap(), &frame);
        assert!((k - (w0 / w1 - 1.0)).abs() < 0.04, "keystone {k}");
        // With the slant measured the lines are on the model's places; read square-on they fall
        // a fifth of the window late (the near, wider end is magnified). The handle label's edge,
        // where the slant puts it too, witnesses the slant: negative.
        let model = crate::model::builtin_model(None).unwrap();
        let g = &model.geometry;
        let r = read(&neg, frame);
        assert_eq!(r.lines.len(), 2, "{:?}", r.lines);
        for (line, want) in r.lines.iter().zip([g.test, g.control]) {
            assert!((line.position - want).abs() < 0.03, "{:?}", r.lines);
        }
        assert_eq!((r.result, r.reason), (Verdict::Negative, None));
        // A label edge that does not witness it: the slant may not make the negative on its
        // own (square-on the reading differs), so a retake.
        let r = read(&slanted_with_label(w0, w1, true, false), frame);
        assert_eq!((r.result, r.reason), (Verdict::Retake, Some(Reason::UnexpectedLine)), "{:?}", r.lines);
        let view = RgbaView::new(&neg, 700, 100).unwrap();
        let target = Target::Found { frame, background: [60.0, 55.0, 50.0], touches_edge: false };
        let (flat, _, _) = read_placed(&view, target, &model, Some((frame, Orientation::Handle)));
        assert!(flat.lines.iter().zip([g.test, g.control]).all(|(l, want)| l.position > want + 0.15), "{:?}", flat.lines);
        // The control line alone, on its place: positive.
        let pos = read(&slanted(w0, w1, false), frame);
        assert_eq!(pos.result, Verdict::Positive);
        assert!((pos.lines[0].position - g.control).abs() < 0.03, "{:?}", pos.lines);
        // Seen square-on: no keystone.
        let flat = slanted(40.0, 40.0, true);
        assert_eq!(keystone_of(&RgbaView::new(&flat, 700, 100).unwrap(), &frame), 0.0);
    }

    #[test]
    fn a_box_already_shown_off_is_read_where_the_label_puts_it_if_its_test_line_is_clear() {
        // The box starts 100 px into the strip and ends 20 px short: read on it, the lines fall
        // where it puts none (a retake for an unexpected line); moved by the label's edge, both
        // lie at their places.
        let len = 640.0 - 100.0 - 20.0;
        let off = Frame { centre: [130.0 + len / 2.0, 50.0], length: len, ..WHOLE };
        let model = crate::model::builtin_model(None).unwrap();
        let first = |data: &[u8]| {
            let view = RgbaView::new(data, 700, 100).unwrap();
            let (r, _, _) = read_placed(&view, Target::Found { frame: off, background: [60.0, 55.0, 50.0], touches_edge: false }, &model, None);
            (r.result, r.reason)
        };
        let pair = photo(Some(GOLD), Some(GOLD));
        assert_eq!(first(&pair), (Verdict::Retake, Some(Reason::UnexpectedLine)));
        assert_eq!((read(&pair, off).result, read(&pair, off).reason), (Verdict::Negative, None));
        // A test line of 3.7 % (present, but not clear beyond doubt) may be a mark the move
        // brought there: still a retake, though read on the right box it is a negative.
        let faint = photo(Some(GOLD), Some([244, 237, 241]));
        assert_eq!(first(&faint), (Verdict::Retake, Some(Reason::UnexpectedLine)));
        assert_eq!((read(&faint, off).result, read(&faint, off).reason), (Verdict::Retake, Some(Reason::UnexpectedLine)));
        assert_eq!(read(&faint, WHOLE).result, Verdict::Negative);
    }

    #[test]
    fn a_box_short_at_the_sample_end_is_moved_by_the_handle_label() {
        // A white sample pad on a light table: the box starts 70 px into the strip. Read where
        // the box lies, the control line falls near the test line's place.
        let short = Frame { centre: [385.0, 50.0], length: 570.0, ..WHOLE };
        let model = crate::model::builtin_model(None).unwrap();
        let data = photo(Some(GOLD), None);
        let view = RgbaView::new(&data, 700, 100).unwrap();
        let table = Some([60.0, 55.0, 50.0]);
        let moved = register_on_label(&view, &short, &model, table).expect("the label's edge is 7 % off");
        assert!((moved.length - 640.0).abs() < 12.0 && (moved.centre[0] - 350.0).abs() < 8.0, "{moved:?}");
        assert_eq!(read(&data, short).result, Verdict::Positive);
        // On the short box both lines lie a fifth of the window toward the sample end, and the
        // label's edge is off the same way by a like amount (3.4 % of the strip against the
        // lines' 5.7 %): two witnesses agree, and the strip reads negative.
        assert_eq!(read(&photo(Some(GOLD), Some(GOLD)), short).result, Verdict::Negative);
        assert_eq!(read(&photo(Some(GOLD), Some(GOLD)), WHOLE).result, Verdict::Negative);
        // A width measured a quarter too wide (a pad's shadow beside the strip) says the strip
        // should be 800 px long; the move's 640 px is within 30 % of that, and it is made.
        let wide = Frame { width: 50.0, ..short };
        let moved = register_on_label(&view, &wide, &model, table).expect("a width a quarter too wide");
        assert!((moved.length - 640.0).abs() < 12.0, "{moved:?}");
        // The box as the model puts it is not moved.
        assert!(register_on_label(&view, &WHOLE, &model, table).is_none());
        // Where the box would grow over the table (a label edge that perspective moved), the
        // box stays; on a table the membrane's colour, that cannot be told.
        let mut cut = data.clone();
        for y in 0..100 {
            for x in 0..100 {
                cut[(y * 700 + x) * 4..(y * 700 + x) * 4 + 3].copy_from_slice(&TABLE);
            }
        }
        let view = RgbaView::new(&cut, 700, 100).unwrap();
        assert!(register_on_label(&view, &short, &model, table).is_none());
        assert!(register_on_label(&view, &short, &model, None).is_some());
        // Nor may it run off the photo: the same strip in a photo whose border cuts it 30 px
        // into its sample end.
        let cropped: Vec<u8> = (0..100).flat_map(|y| data[(y * 700 + 60) * 4..(y * 700 + 700) * 4].iter().copied()).collect();
        let view = RgbaView::new(&cropped, 640, 100).unwrap();
        let short = Frame { centre: [325.0, 50.0], ..short };
        assert!(register_on_label(&view, &short, &model, None).is_none());
    }

    #[test]
    fn a_box_short_at_a_shaded_sample_end_is_grown_when_the_strip_runs_on() {
        // A shadow over x < 200 makes the strip's sample end there darker than the table in the
        // open, so nearer the table's colour than the membrane's; it still stands out from the
        // table in the shadow beside it. The box found starts where the shadow ends.
        let model = crate::model::builtin_model(None).unwrap();
        let shade = |data: &mut Vec<u8>, patch: &dyn Fn(usize, usize) -> Option<[u8; 3]>| {
            for y in 0..100 {
                for x in 0..200 {
                    let i = (y * 700 + x) * 4;
                    let p = patch(x, y).unwrap_or([data[i], data[i + 1], data[i + 2]]);
                    for k in 0..3 {
                        data[i + k] = (p[k] as f32 * 0.45) as u8;
                    }
                }
            }
        };
        let short = Frame { centre: [435.0, 50.0], length: 470.0, ..WHOLE };
        let table = Some([60.0, 55.0, 50.0]);
        let mut data = photo(Some(GOLD), None);
        shade(&mut data, &|_, _| None);
        let view = RgbaView::new(&data, 700, 100).unwrap();
        let moved = register_on_label(&view, &short, &model, table).expect("the strip runs on in the shadow");
        assert!((moved.length - 640.0).abs() < 12.0 && (moved.centre[0] - 350.0).abs() < 8.0, "{moved:?}");
        // Where no strip runs on (the table, plain or a checkerboard, from x 200 down), no move.
        for cell in [0usize, 12] {
            let mut data = photo(Some(GOLD), None);
            shade(&mut data, &|x, y| Some(if cell > 0 && (x / cell + y / cell) % 2 == 0 { [200, 60, 60] } else { TABLE }));
            let view = RgbaView::new(&data, 700, 100).unwrap();
            assert!(register_on_label(&view, &short, &model, table).is_none(), "cell {cell}");
        }
    }

    #[test]
    fn the_label_edge_is_seen_when_a_short_box_puts_label_in_its_window() {
        // A box from x 300 to 670: the window's 0.40-0.68 (x 448 to 552) is more label (from
        // x 491) than membrane. The membrane's colour comes from the part unlike the label.
        let model = crate::model::builtin_model(None).unwrap();
        let data = photo(Some(GOLD), None);
        let view = RgbaView::new(&data, 700, 100).unwrap();
        let short = Frame { centre: [485.0, 50.0], length: 370.0, ..WHOLE };
        let edge = label_edge(&view, &short, &model).expect("the label's edge");
        assert!((edge.at - (491.0 - 300.0) / 370.0).abs() < 0.02, "{edge:?}");
        // A box over the label alone: no membrane to tell it from.
        let on_label = Frame { centre: [580.0, 50.0], length: 180.0, ..WHOLE };
        assert!(label_edge(&view, &on_label, &model).is_none());
    }

    #[test]
    fn lines_off_their_places_are_read_only_when_the_handle_label_is_off_alike() {
        // The box is right (the label's edge is where the model puts it), but the two lines lie
        // a fifth of the window (36 px) toward the sample end: no box error explains them, so
        // the registration on the lines may not decide the answer.
        let shifted = photo_with(&[(406.0 - 36.0, GOLD), (345.0 - 36.0, GOLD)]);
        let r = read(&shifted, WHOLE);
        assert_eq!((r.result, r.reason), (Verdict::Retake, Some(Reason::UnexpectedLine)));
        // A positive strip whose box is long at the handle end by a fifth of the window: the
        // control line then lies near the test line's place. A mark one T-C spacing beyond it
        // would make a pair that puts the control at T; the label, off the other way, does not
        // witness that, so it is never a negative.
        let long = Frame { centre: [350.0 + 18.0, 50.0], length: 640.0 + 36.0, ..WHOLE };
        let with_mark = photo_with(&[(406.0, GOLD), (406.0 + 61.0, GOLD)]);
        assert_ne!(read(&with_mark, long).result, Verdict::Negative);
        assert_eq!(read(&photo(Some(GOLD), None), long).result, Verdict::Positive);
    }

    #[test]
    fn a_pair_far_off_its_places_is_read_where_the_label_is_off_alike() {
        // A box short at the sample end by 120 px (x 150 to 670; the sample pad lost into a
        // light table): both lines lie 0.38 of the window toward the sample end of their places,
        // beyond what a box is taken to be off without a witness, and the label's inner edge
        // is off the same way.
        let short = Frame { centre: [410.0, 50.0], length: 520.0, ..WHOLE };
        assert_eq!(read(&photo(Some(GOLD), Some(GOLD)), short).result, Verdict::Negative);
        // The same lines, 120 px toward the sample end on a box that is right (the label at its
        // place): no witness, no answer resting on them.
        let moved = photo_with(&[(406.0 - 120.0 * 0.47, GOLD), (345.0 - 120.0 * 0.47, GOLD)]);
        assert_ne!(read(&moved, WHOLE).result, Verdict::Negative);
    }

    #[test]
    fn a_control_line_across_two_thirds_of_the_strip_is_the_control_and_makes_a_negative_only_in_a_printed_pair() {
        // The top third of the strip's width (y 30..43) is left without the control line: a
        // shadow's edge along the strip or a smudge. The line no longer crosses the strip.
        let gap = |mut data: Vec<u8>| {
            for y in 30..43 {
                for x in 400..413 {
                    data[(y * 700 + x) * 4..(y * 700 + x) * 4 + 3].copy_from_slice(&[246, 246, 242]);
                }
            }
            data
        };
        let alone = gap(photo(Some(GOLD), None));
        let r = read(&alone, WHOLE);
        assert_eq!(r.result, Verdict::Positive, "{r:?}");
        // Beside a whole test line of its dye and width the printed spacing from it, it is the
        // pair's control: negative. Beside a test line farther off (0.25 of the window from
        // it: a pair only if the box is off) it is not trusted: a retake, not a negative.
        let with_test = gap(photo(Some(GOLD), Some(GOLD)));
        assert_eq!(read(&with_test, WHOLE).result, Verdict::Negative);
        assert_eq!(read(&photo_with(&[(406.0, GOLD), (330.0, GOLD)]), WHOLE).result, Verdict::Negative);
        let off_pair = gap(photo_with(&[(406.0, GOLD), (330.0, GOLD)]));
        assert_eq!(read(&off_pair, WHOLE).result, Verdict::Retake);
        // A mark across one third only is no control line.
        let mut spot = photo(Some(GOLD), None);
        for y in 30..57 {
            for x in 400..413 {
                spot[(y * 700 + x) * 4..(y * 700 + x) * 4 + 3].copy_from_slice(&[246, 246, 242]);
            }
        }
        assert_ne!(read(&spot, WHOLE).result, Verdict::Positive);
    }

    #[test]
    fn a_warm_light_that_clips_red_is_no_glare_but_no_test_line_is_trusted_under_it() {
        // Red gained 10 % (the membrane's red clips at 255), blue cut 20 %: a warm light, no glare.
        let warm = |data: Vec<u8>| -> Vec<u8> {
            data.chunks(4).flat_map(|p| [((p[0] as f32) * 1.1).min(255.0) as u8, p[1], (p[2] as f32 * 0.8) as u8, p[3]]).collect()
        };
        // A lone control line is read: positive (it was `too_bright` when any clipped channel
        // counted as glare).
        let r = read(&warm(photo(Some(GOLD), None)), WHOLE);
        assert_eq!((r.result, r.reason), (Verdict::Positive, None));
        // A test line's colour cannot be measured in a clipped red channel (a shadow's dip would
        // read as gold there): no negative, a retake.
        let r = read(&warm(photo(Some(GOLD), Some(GOLD))), WHOLE);
        assert_eq!((r.result, r.reason), (Verdict::Retake, Some(Reason::TooBright)));
        // The same strips in neutral light read as ever.
        assert_eq!(read(&photo(Some(GOLD), Some(GOLD)), WHOLE).result, Verdict::Negative);
    }

    #[test]
    fn a_lone_line_beyond_the_controls_place_is_the_control_when_the_handle_label_is_off_alike() {
        // The box runs 90 px past the sample end (a pad on a table of its colour; a width
        // measured too wide, so the label's move is refused): the control line then lies at
        // 0.87 of the window, beyond its zone, and the label's edge is off by 3.6 % of the
        // length, the lines by 5.5 %: two witnesses agree, and the strip reads positive.
        let model = crate::model::builtin_model(None).unwrap();
        let long = Frame { centre: [305.0, 50.0], length: 730.0, ..WHOLE };
        let target = Target::Found { frame: long, background: [60.0, 55.0, 50.0], touches_edge: false };
        let placed = |data: &[u8]| {
            let view = RgbaView::new(data, 700, 100).unwrap();
            read_placed(&view, target, &model, Some((long, Orientation::Handle))).0
        };
        let r = placed(&photo(Some(GOLD), None));
        assert_eq!((r.result, r.reason), (Verdict::Positive, None), "{:?}", r.lines);
        assert!(r.control.and_then(|c| c.position).is_some_and(|at| at > 0.83), "{:?}", r.control);
        // A test line beside it is two clear lines, registered on themselves: negative.
        assert_eq!(placed(&photo(Some(GOLD), Some(GOLD))).result, Verdict::Negative);
        // On a box that is right (the label's edge where the model puts it) a lone line as far
        // beyond the control's place is no control: a retake.
        let r = read(&photo_with(&[(406.0 + 50.0, GOLD)]), WHOLE);
        assert_eq!((r.result, r.reason), (Verdict::Retake, Some(Reason::UnexpectedLine)), "{:?}", r.lines);
    }

    #[test]
    fn a_mark_at_the_windows_sample_edge_leaves_a_positive_standing() {
        // The window runs over x 286..465 (test line at 345, control at 406). A line-like mark
        // at 290 (print reaching the window's first edge) lies farther from the control than
        // any test line may: beside the control alone it changes nothing.
        let r = read(&photo_with(&[(406.0, GOLD), (290.0, GOLD)]), WHOLE);
        assert_eq!((r.result, r.reason), (Verdict::Positive, None), "{:?}", r.lines);
        // Beside a test line and a control the label places, likewise (see
        // `a_mark_at_the_sample_end_beside_a_pair_the_label_places_changes_nothing`).
        let r = read(&photo_with(&[(406.0, GOLD), (345.0, GOLD), (290.0, GOLD)]), WHOLE);
        assert_eq!((r.result, r.reason), (Verdict::Negative, None), "{:?}", r.lines);
    }

    #[test]
    fn a_pair_registered_with_the_control_where_it_was_reads_as_on_its_box() {
        // The control line at x 426 (0.78 of the window, inside its zone) and a test line 50 px
        // before it (0.50, just past the test zone's end at 0.49): the strip seen a little
        // foreshortened. The pair registers by +0.14; read on the box as it is the test line
        // is outside its zone, but the control is the same line either way and the test line
        // lies 0.82 of the printed spacing from it: negative, though the label is where the
        // model puts it.
        let r = read(&photo_with(&[(426.0, GOLD), (376.0, GOLD)]), WHOLE);
        assert_eq!((r.result, r.reason), (Verdict::Negative, None), "{:?} {:?}", r.control, r.lines);
    }

    #[test]
    fn a_control_many_times_fainter_than_the_test_line_makes_no_negative() {
        // A gold test line of 0.30 beside a "control" of about 0.03: a retake, never negative.
        let r = read(&photo(Some([245, 238, 241]), Some(GOLD)), WHOLE);
        assert_eq!((r.result, r.reason), (Verdict::Retake, Some(Reason::FaintControl)), "{r:?}");
        // A control a third as strong as the test line still reads negative.
        let r = read(&photo(Some([238, 220, 230]), Some(GOLD)), WHOLE);
        assert_eq!(r.result, Verdict::Negative, "{r:?}");
    }

    #[test]
    fn a_second_mark_in_a_called_lines_zone_is_not_listed() {
        // C and T, and a fainter gold mark 26 px beyond C, inside the control's zone.
        let faint = [236, 206, 222];
        let r = read(&photo_with(&[(406.0, GOLD), (345.0, GOLD), (432.0, faint)]), WHOLE);
        assert_eq!(r.result, Verdict::Negative, "{r:?}");
        let at: Vec<f32> = r.lines.iter().map(|l| l.position).collect();
        assert_eq!(at.len(), 2, "{at:?}");
        assert!(r.control.and_then(|c| c.position).is_some_and(|c| at.iter().any(|&p| (p - c).abs() < 1e-4)), "{at:?}");
    }

    #[test]
    fn a_test_line_much_wider_than_the_control_is_no_test_line() {
        // The control 9 px wide; at the test line's place a faint gold mark 15 px wide (a
        // stain's blotch): not a negative, a retake. As wide as the control, it is a test line.
        let faint = [236, 206, 222];
        let wide = photo_widths(&[(406.0, 4.5, GOLD), (345.0, 7.5, faint)]);
        let r = read(&wide, WHOLE);
        assert_eq!((r.result, r.reason), (Verdict::Retake, Some(Reason::UncertainTestLine)), "{r:?}");
        // Nor is it listed among the lines seen: only the control is.
        assert_eq!(r.lines.len(), 1, "{:?}", r.lines);
        let same = photo_widths(&[(406.0, 4.5, GOLD), (345.0, 4.5, faint)]);
        assert_eq!(read(&same, WHOLE).result, Verdict::Negative);
    }

    /// A 300 x 60 photo cropped to a result window along x (membrane only), lines 7 px wide at
    /// the given places (fractions of its length) and colours.
    fn crop(lines: &[(f32, [u8; 3])]) -> StripReading {
        read_crop(|fx| lines.iter().find(|(at, _)| (fx - 300.0 * at).abs() < 3.5).map_or([246, 246, 242], |l| l.1))
    }

    /// A 300 x 60 crop along x, each column of the colour `at` gives for its middle x, read as
    /// the result window.
    fn read_crop(at: impl Fn(f32) -> [u8; 3]) -> StripReading {
        let mut data = Vec::with_capacity(300 * 60 * 4);
        for _ in 0..60 {
            for x in 0..300 {
                let p = at(x as f32 + 0.5);
                data.extend_from_slice(&[p[0], p[1], p[2], 255]);
            }
        }
        let model = crate::model::builtin_model(None).unwrap();
        let view = RgbaView::new(&data, 300, 60).unwrap();
        let frame = Frame { centre: [150.0, 30.0], axis: [1.0, 0.0], length: 300.0, width: 60.0, keystone: 0.0 };
        read_strip(&view, Target::Window { frame }, &model).0
    }

    #[test]
    fn the_shade_at_a_crops_rim_is_no_line() {
        // A crop 300 x 60 along x: pinkish membrane to x 255, the slot's wall shading it over
        // x 243..255 (green down 9 %, red 4 %: the colour of a faint gold line), then the white
        // plastic of the rim; one gold line at 0.35. Read with the shade as the control, the
        // line would be a test line: a negative from a strip that shows one line.
        let r = read_crop(|fx| match fx {
            _ if fx >= 255.0 => [246, 246, 244],
            _ if fx >= 243.0 => [196, 176, 188],
            _ if (fx - 105.0).abs() < 3.5 => GOLD_ON_PINK,
            _ => [204, 193, 198],
        });
        assert_eq!((r.result, r.lines.len()), (Verdict::Positive, 1), "{r:?}");
    }

    /// A gold line on the pinkish membrane of [`the_shade_at_a_crops_rim_is_no_line`].
    const GOLD_ON_PINK: [u8; 3] = [190, 140, 170];

    #[test]
    fn in_a_crop_a_lone_line_of_any_colour_is_the_control_either_way_up() {
        for colour in [GOLD, FADED, NEUTRAL] {
            for at in [0.67, 0.33] {
                let r = crop(&[(at, colour)]);
                assert_eq!((r.result, r.reason, r.lines.len()), (Verdict::Positive, None, 1), "{colour:?} at {at}: {r:?}");
            }
        }
    }

    #[test]
    fn in_a_crop_a_neutral_line_never_makes_a_negative_nor_stands_beside_a_gold_one() {
        // Two neutral dips: the control and a shadow (a neutral dip is never a test line).
        let r = crop(&[(0.67, NEUTRAL), (0.33, NEUTRAL)]);
        assert_eq!((r.result, r.lines.len()), (Verdict::Positive, 1), "{r:?}");
        // A neutral control beside a gold test line: no answer resting on the test line.
        for (c, t) in [(0.67, 0.33), (0.33, 0.67)] {
            let r = crop(&[(c, NEUTRAL), (t, GOLD)]);
            assert_ne!(r.result, Verdict::Negative, "{r:?}");
        }
        // Beside a clear gold line, a neutral dip is not a line of the same dye.
        let r = crop(&[(0.67, GOLD), (0.33, NEUTRAL)]);
        assert_eq!((r.result, r.lines.len()), (Verdict::Positive, 1), "{r:?}");
        // And the gold pair reads negative.
        assert_eq!(crop(&[(0.67, GOLD), (0.33, GOLD)]).result, Verdict::Negative);
    }
}
