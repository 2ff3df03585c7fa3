//! # strip-reader-core
//!
//! The pure core of strip-reader: it takes RGBA8 pixels and a strip model and returns a
//! [`Reading`]: positive / negative / invalid / retake, where the control and test lines were,
//! and why. No wasm-bindgen, no DOM, no clock, no threads: the same code runs natively and in wasm.
//!
//! Pipeline: [`analyze`] (or [`analyze_mixed`] for a photo of several strip types) → reduce the photo ([`kernels`]) → find strips ([`find`]) → sample each
//! strip straight ([`sample`]) → green/red contrast profile and line detection ([`profile`]) →
//! control/test assignment and verdict ([`verdict`]).
//!
//! Safety rule kept throughout: when unsure, say `retake`; never invent a test line (on a
//! competitive strip a phantom test line turns "fentanyl detected" into "not detected").

pub mod error;
pub mod model;
pub mod reading;
pub mod view;

#[cfg(feature = "decode")]
pub mod decode;

pub use error::Error;
pub use model::{builtin_model, builtin_model_list, builtin_models, Model};
pub use reading::*;
pub use view::{RgbaImage, RgbaView};

/// How to read a photo.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// The photo is of the result window: skip the strip search. Cropped to it, lines lie across
    /// the short side (or across it turned a little: [`window::tilt`]); which end is the sample
    /// end is told from the lines, read both ways as on a strip without a handle label. A small
    /// window in a plain surround (a reader box, a card) is located first ([`window::locate`])
    /// and read along whichever of its axes shows lines.
    pub window: bool,
    /// Longer side of the reduced image strips are searched in (default [`WORK_SIDE`], 720).
    /// The live camera's frame check uses [`FRAME_FIND_SIDE`]: a guide, not a reading.
    pub find_side: Option<usize>,
    /// A live camera check: search with the quick masks only ([`find::Search::Quick`]).
    pub quick_search: bool,
}

/// The search side for live-camera frame checks: a quarter of the work of [`WORK_SIDE`] on a
/// 640 px frame. The strip is still read at the frame's full resolution.
pub const FRAME_FIND_SIDE: usize = 360;

pub mod bars;
pub mod find;
pub mod kernels;
pub mod profile;
pub mod strip;
pub mod window;

use find::{find_strips_with, Frame, Search, WORK_SIDE};
use strip::{read_strip, Target};

/// Reads a photo: finds every strip (or takes the photo as the result window), reads each, and
/// gives the photo's result: the strip's, or `multiple` when there are several.
///
/// Errors only for what cannot be read at all; a photo that is merely bad gives `retake`.
pub fn analyze(view: &RgbaView, model: &Model, options: &Options) -> Result<Reading, Error> {
    let (w, h) = (view.width(), view.height());
    let photo_quality = Quality { width: w, height: h, ..Quality::default() };
    if !options.window {
        let factor = kernels::reduction_factor(w, h, find_side(options));
        let small = kernels::downscale_box(view, factor);
        let (found, scene) = find_strips_with(&small, factor, model.geometry.aspect, model.geometry.handle.as_ref(), search(options));
        return Ok(read_found(view, found, scene, std::slice::from_ref(model), photo_quality));
    }
    let reduced = window::Reduced::of(view);
    let (strip, quality) = match window::locate_in(&reduced) {
        // A loose crop: a small window inside a plain surround. Its lines run across one of its
        // two axes: read along both and keep the reading that sees the stronger line-like mark
        // (along the wrong axis a line darkens every step alike and shows no dip).
        Some([a, b]) => {
            let (ra, rb) = (read_strip(view, Target::Window { frame: a }, model), read_strip(view, Target::Window { frame: b }, model));
            if strongest_line(&rb.0) > strongest_line(&ra.0) { rb } else { ra }
        }
        None => {
            let frame = if w >= h {
                Frame { centre: [w as f32 / 2.0, h as f32 / 2.0], axis: [1.0, 0.0], length: w as f32, width: h as f32, keystone: 0.0 }
            } else {
                Frame { centre: [w as f32 / 2.0, h as f32 / 2.0], axis: [0.0, 1.0], length: h as f32, width: w as f32, keystone: 0.0 }
            };
            let square = read_strip(view, Target::Window { frame }, model);
            // A crop turned a little (the membrane runs from corner to corner): read along the
            // turn too, and keep the reading whose lines stand out more (read square, a turned
            // line smears over the steps its slant crosses and fades).
            let turn = window::tilt_in(&reduced);
            if turn[1].abs() < window::MIN_TURN {
                square
            } else {
                let turned = read_strip(view, Target::Window { frame: window::turned_frame(w, h, turn) }, model);
                if strongest_line(&turned.0) > strongest_line(&square.0) { turned } else { square }
            }
        }
    };
    let (result, reason, quality) = summarize(std::slice::from_ref(&strip), vec![quality], photo_quality);
    Ok(Reading { model: model.id.clone(), result, reason, strips: vec![strip], quality })
}

/// The strength of a reading's strongest listed line (0 without lines).
fn strongest_line(r: &StripReading) -> f32 {
    r.lines.iter().map(|l| l.strength).fold(0.0f32, |m, s| if s > m { s } else { m })
}

fn search(options: &Options) -> Search {
    if options.quick_search { Search::Quick } else { Search::Full }
}

fn find_side(options: &Options) -> usize {
    options.find_side.unwrap_or(WORK_SIDE).max(16)
}

/// Reads the strips the search found: strip `i` in reading order with `models[i]` (the last
/// model for any further ones). The one place [`analyze`], [`analyze_mixed`] and
/// [`analyze_banded`] read found strips, so they agree.
fn read_found(view: &RgbaView, found: Vec<find::Found>, scene: find::Scene, models: &[Model], mut photo_quality: Quality) -> Reading {
    let model_for = |i: usize| &models[i.min(models.len().saturating_sub(1))];
    let mut strips = Vec::new();
    let mut qualities = Vec::new();
    let mut used: Vec<&str> = Vec::new();
    photo_quality.brightness = scene.brightness;
    for f in found {
        // The index counts the strips kept so far: what the person counts in the photo.
        let model = model_for(strips.len());
        let (s, q) = read_strip(view, Target::Found { frame: f.frame, background: scene.background, touches_edge: f.touches_edge }, model);
        // A strip-shaped thing with no handle to orient it and not one line-like mark is
        // not taken for a strip (a stripe of a patterned cloth, a ruler, a pen).
        if s.orientation == Orientation::Unknown && s.marks == 0 {
            continue;
        }
        // Nor is one whose window is no membrane (see `strip::membrane_colourfulness`).
        if s.reason == Some(Reason::StripNotFound) {
            continue;
        }
        strips.push(s);
        qualities.push(q);
        used.push(&model.id);
    }
    let (result, reason, quality) = summarize(&strips, qualities, photo_quality);
    let model = match used.first() {
        None => model_for(0).id.clone(),
        Some(id) if used.iter().all(|u| u == id) => id.to_string(),
        Some(_) => MIXED_MODEL.to_string(),
    };
    Reading { model, result, reason, strips, quality }
}

/// The photo's result from its strips' (the strip's own, or `multiple`; `retake` when none was
/// found), and its quality: that of its longest strip, when there is one.
fn summarize(strips: &[StripReading], qualities: Vec<Quality>, photo_quality: Quality) -> (Verdict, Option<Reason>, Quality) {
    let (result, reason) = match strips {
        [] => {
            let reason = if photo_quality.brightness < strip::MIN_BRIGHTNESS {
                Reason::TooDark
            } else {
                Reason::StripNotFound
            };
            (Verdict::Retake, Some(reason))
        }
        [one] => (one.result, one.reason),
        many => {
            let any_retake = many.iter().any(|s| s.result == Verdict::Retake);
            (Verdict::Multiple, any_retake.then_some(Reason::StripNeedsRetake))
        }
    };
    let quality = qualities
        .into_iter()
        .max_by(|a, b| a.strip_length.total_cmp(&b.strip_length))
        .unwrap_or(photo_quality);
    (result, reason, quality)
}

/// The photo-level `model` of a reading whose strips were read with more than one strip model
/// ([`analyze_mixed`]). No model file may take this id.
pub const MIXED_MODEL: &str = "mixed";

/// Reads a photo of several strips of different types, when the person says which is which.
///
/// Strip `i` in reading order (left to right, or top to bottom; see [`analyze`]) is read with
/// `models[i]`; strips beyond the list are read with its last model. Strips are *found* with the
/// proportions of `models[0]` (so strips of very different shapes, a cassette beside a dipstick,
/// cannot be mixed in one photo yet). With `window`, the one window is read with `models[0]`.
///
/// The reading is the one [`analyze`] gives, except that the photo-level `model` is the id of the
/// model every strip was read with, or [`MIXED_MODEL`] (`"mixed"`) when the strips were read with
/// more than one; which strip used which follows from the rule above. With one model (or the same
/// model throughout) it is exactly [`analyze`]'s reading.
///
/// An empty `models` is an [`Error::UnknownModel`] with an empty id.
pub fn analyze_mixed(view: &RgbaView, models: &[Model], options: &Options) -> Result<Reading, Error> {
    let Some(first) = models.first() else {
        return Err(Error::UnknownModel { id: String::new(), known: builtin_models().map(|m| m.into_iter().map(|m| m.id).collect()).unwrap_or_default() });
    };
    if models.iter().all(|m| m == first) || options.window {
        return analyze(view, first, options);
    }
    let (w, h) = (view.width(), view.height());
    let photo_quality = Quality { width: w, height: h, ..Quality::default() };
    let factor = kernels::reduction_factor(w, h, find_side(options));
    let small = kernels::downscale_box(view, factor);
    let (found, scene) = find_strips_with(&small, factor, first.geometry.aspect, first.geometry.handle.as_ref(), search(options));
    Ok(read_found(view, found, scene, models, photo_quality))
}

/// [`analyze_mixed`] for a photo brought in a band of rows at a time: `fetch(y0, y1, buf)` puts
/// rows `y0..y1` of the `width x height` photo into `buf` (tightly packed RGBA8, any previous
/// content replaced). The photo is reduced band by band, and only the rows around the strips
/// found are fetched again in full: the wasm build reads a 12 MP photo from JavaScript this way
/// without holding a copy of it. The reading is [`analyze_mixed`]'s (a test compares them).
pub fn analyze_banded(
    width: usize,
    height: usize,
    models: &[Model],
    options: &Options,
    fetch: &mut dyn FnMut(usize, usize, &mut Vec<u8>) -> Result<(), Error>,
) -> Result<Reading, Error> {
    view::check_dimensions(width, height)?;
    let Some(first) = models.first() else {
        return Err(Error::UnknownModel { id: String::new(), known: builtin_models().map(|m| m.into_iter().map(|m| m.id).collect()).unwrap_or_default() });
    };
    let mut buf = Vec::new();
    if options.window {
        fetch(0, height, &mut buf)?;
        let view = RgbaView::new(&buf, width, height)?;
        return analyze_mixed(&view, models, options);
    }
    let factor = kernels::reduction_factor(width, height, find_side(options));
    let (sw, sh) = (width.div_ceil(factor), height.div_ceil(factor));
    let mut small = kernels::RgbF { width: sw, height: sh, data: vec![[0.0; 3]; sw * sh] };
    // Bands of whole reduction cells, about 256 KB each.
    let cells = ((1 << 18) / (width * 4 * factor)).max(1);
    let mut oy = 0;
    while oy < sh {
        let rows_out = cells.min(sh - oy);
        let (y0, y1) = (oy * factor, ((oy + rows_out) * factor).min(height));
        fetch(y0, y1, &mut buf)?;
        let band = RgbaView::new(&buf, width, y1 - y0)?;
        kernels::downscale_box_into(&band, factor, &mut small.data[oy * sw..(oy + rows_out) * sw]);
        oy += rows_out;
    }
    let (found, scene) = find_strips_with(&small, factor, first.geometry.aspect, first.geometry.handle.as_ref(), search(options));
    let photo_quality = Quality { width, height, ..Quality::default() };
    if found.is_empty() {
        let (result, reason, quality) = summarize(&[], Vec::new(), Quality { brightness: scene.brightness, ..photo_quality });
        return Ok(Reading { model: first.id.clone(), result, reason, strips: Vec::new(), quality });
    }
    // The rows every found strip lies in, with room for what reading it looks at beside it
    // (its edges, a cassette's bevels): sampling clamps to these rows.
    let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
    for f in &found {
        let margin = 2.0 * f.frame.width + 0.1 * f.frame.length + 16.0;
        for c in f.frame.corners(-0.05, 1.05) {
            lo = lo.min(c[1] - margin);
            hi = hi.max(c[1] + margin);
        }
    }
    let y0 = (lo.floor().max(0.0) as usize).min(height - 1);
    let y1 = (hi.ceil().max(0.0) as usize).clamp(y0 + 1, height);
    fetch(y0, y1, &mut buf)?;
    let view = RgbaView::rows_of(&buf, width, height, y0, y1 - y0)?;
    Ok(read_found(&view, found, scene, models, photo_quality))
}
