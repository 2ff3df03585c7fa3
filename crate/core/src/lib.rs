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
    /// The photo is already cropped to the result window: skip the strip search. Lines lie across
    /// the short side; the sample end is taken to be the left (landscape) or top (portrait) end.
    pub window: bool,
    /// Longer side of the reduced image strips are searched in (default [`WORK_SIDE`], 720).
    /// The live camera's frame check uses [`FRAME_FIND_SIDE`]: a guide, not a reading.
    pub find_side: Option<usize>,
}

/// The search side for live-camera frame checks: a quarter of the work of [`WORK_SIDE`] on a
/// 640 px frame. The strip is still read at the frame's full resolution.
pub const FRAME_FIND_SIDE: usize = 360;

pub mod find;
pub mod kernels;
pub mod profile;
pub mod strip;

use find::{find_strips, Frame, WORK_SIDE};
use strip::{read_strip, Target};

/// Reads a photo: finds every strip (or takes the photo as the result window), reads each, and
/// gives the photo's result: the strip's, or `multiple` when there are several.
///
/// Errors only for what cannot be read at all; a photo that is merely bad gives `retake`.
pub fn analyze(view: &RgbaView, model: &Model, options: &Options) -> Result<Reading, Error> {
    let (w, h) = (view.width(), view.height());
    let mut strips = Vec::new();
    let mut qualities = Vec::new();
    let mut photo_quality = Quality { width: w, height: h, ..Quality::default() };
    if options.window {
        let frame = if w >= h {
            Frame { centre: [w as f32 / 2.0, h as f32 / 2.0], axis: [1.0, 0.0], length: w as f32, width: h as f32 }
        } else {
            Frame { centre: [w as f32 / 2.0, h as f32 / 2.0], axis: [0.0, 1.0], length: h as f32, width: w as f32 }
        };
        let (s, q) = read_strip(view, Target::Window { frame }, model);
        strips.push(s);
        qualities.push(q);
    } else {
        let factor = kernels::reduction_factor(w, h, options.find_side.unwrap_or(WORK_SIDE).max(16));
        let small = kernels::downscale_box(view, factor);
        let (found, scene) = find_strips(&small, factor, model.geometry.aspect);
        photo_quality.brightness = scene.brightness;
        for f in found {
            let (s, q) = read_strip(view, Target::Found { frame: f.frame, background: scene.background, touches_edge: f.touches_edge }, model);
            // A strip-shaped thing with no handle to orient it and not one line-like mark is
            // not taken for a strip (a stripe of a patterned cloth, a ruler, a pen).
            if s.orientation == Orientation::Unknown && s.marks == 0 {
                continue;
            }
            strips.push(s);
            qualities.push(q);
        }
    }
    let (result, reason, quality) = summarize(&strips, qualities, photo_quality);
    Ok(Reading { model: model.id.clone(), result, reason, strips, quality })
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
    let model_for = |i: usize| &models[i.min(models.len() - 1)];
    let (w, h) = (view.width(), view.height());
    let mut strips = Vec::new();
    let mut qualities = Vec::new();
    let mut used: Vec<&str> = Vec::new();
    let mut photo_quality = Quality { width: w, height: h, ..Quality::default() };
    let factor = kernels::reduction_factor(w, h, options.find_side.unwrap_or(WORK_SIDE).max(16));
    let small = kernels::downscale_box(view, factor);
    let (found, scene) = find_strips(&small, factor, first.geometry.aspect);
    photo_quality.brightness = scene.brightness;
    for f in found {
        // The index counts the strips kept so far: what the person counts in the photo.
        let model = model_for(strips.len());
        let (s, q) = read_strip(view, Target::Found { frame: f.frame, background: scene.background, touches_edge: f.touches_edge }, model);
        // As in `analyze`: a strip-shaped thing with no handle and no line-like mark is not a strip.
        if s.orientation == Orientation::Unknown && s.marks == 0 {
            continue;
        }
        strips.push(s);
        qualities.push(q);
        used.push(&model.id);
    }
    let (result, reason, quality) = summarize(&strips, qualities, photo_quality);
    let model = match used.first() {
        None => first.id.clone(),
        Some(id) if used.iter().all(|u| u == id) => id.to_string(),
        Some(_) => MIXED_MODEL.to_string(),
    };
    Ok(Reading { model, result, reason, strips, quality })
}
