//! What a reading returns. These types serialize to the CLI's `--json` line (less `file` and
//! `ms`, which the caller adds) and to the object the wasm `analyze` returns. Keep them stable:
//! other tools depend on the field names.

use serde::Serialize;

/// The answer for one strip, or for the whole photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Competitive strips: control only, the drug was detected.
    Positive,
    /// Control and a test line of any strength: not detected (never "safe").
    Negative,
    /// No control line: the strip did not work; use a new one.
    Invalid,
    /// The photo cannot be read safely; `reason` says why and what to do.
    Retake,
    /// Several strips in one photo: see each strip's own result.
    Multiple,
}

/// Why a reading says `retake` (or `invalid`). Stable snake_case codes, keys into the catalogs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    TooDark,
    TooBright,
    Blurry,
    StripNotFound,
    StripTooSmall,
    /// The strip's result window runs off the edge of the photo.
    StripCutOff,
    /// A test-line candidate sits between "clearly absent" and "clearly present".
    UncertainTestLine,
    /// The control line is too faint to trust the strip.
    FaintControl,
    /// No control line: the strip did not run (comes with `invalid`).
    NoControl,
    /// One line was seen but the sample end could not be told from the handle.
    OrientationUnknown,
    /// A line-like mark where no line belongs.
    UnexpectedLine,
    /// At least one strip in the photo needs a retake.
    StripNeedsRetake,
    /// The photo has no colour, so a shadow cannot be told from a test line.
    NoColour,
}

/// One detected line.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Line {
    /// Centre, as a fraction of the window from its sample end (0..1).
    pub position: f32,
    /// Peak green contrast: 1 - green(line) / green(membrane around it).
    pub strength: f32,
    /// strength / the membrane's noise (standard deviation of the contrast profile).
    pub snr: f32,
}

/// Whether a line is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineState {
    Present,
    Absent,
    /// Between the two thresholds: not safe to call either way.
    Uncertain,
}

/// The control or test line of a strip.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LineCall {
    pub present: bool,
    pub state: LineState,
    /// Strength at the best candidate near the expected place (0 when nothing was there).
    pub strength: f32,
    pub snr: f32,
    /// Where it was seen (fraction of the window from the sample end), if anywhere.
    pub position: Option<f32>,
}

/// How the sample end was told from the handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    /// From the handle label's colour.
    Handle,
    /// From a cassette's sample well.
    Well,
    /// From where its one line lies along the strip: read from one end it is the control line
    /// at its place; read from the other, no line is where the control belongs.
    Lines,
    /// Could not be told.
    Unknown,
}

/// The reading of one strip.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StripReading {
    pub result: Verdict,
    pub reason: Option<Reason>,
    /// Corners of the read area in photo pixels: the first two at the sample end, then the other end.
    #[serde(rename = "box")]
    pub corners: [[f32; 2]; 4],
    /// Corners of the result window in photo pixels (same order).
    pub window: [[f32; 2]; 4],
    pub control: Option<LineCall>,
    pub test: Option<LineCall>,
    pub lines: Vec<Line>,
    pub orientation: Orientation,
    /// Line-like marks seen anywhere along the strip, the reported `lines` and any outside the
    /// model's line zone alike (a strip-shaped thing with none is not taken for a strip).
    #[serde(skip)]
    pub marks: usize,
}

/// Measurements of the photo that the quality checks use.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Quality {
    /// Mean luma (0..255) of the read area (or of the photo when no strip was found).
    pub brightness: f32,
    /// Fraction of read-area pixels with a channel at 250 or more.
    pub clipped: f32,
    /// Width, in photo pixels, of the strip edge's 10-90 % rise (larger = blurrier).
    pub edge_width: f32,
    /// Length of the (longest) strip in photo pixels.
    pub strip_length: f32,
    /// Membrane noise: standard deviation of the green contrast profile.
    pub noise: f32,
    /// The read area shows no colour (a grayscale photo): shadows cannot be told from lines by colour.
    pub grayscale: bool,
    /// Photo size.
    pub width: usize,
    pub height: usize,
}

/// The reading of a photo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    /// The strip model's id.
    pub model: String,
    pub result: Verdict,
    pub reason: Option<Reason>,
    pub strips: Vec<StripReading>,
    pub quality: Quality,
}
