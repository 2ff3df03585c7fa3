//! # strip-reader-synth
//!
//! A deterministic, seedable synthesizer of photos of drug-checking test strips (dipsticks and,
//! for `Format::Cassette` models, cassettes), drawn from a [`Model`]
//! (`strip_reader_core::model`). It exists to test the reader: every image comes with its ground
//! truth ([`RenderedStrip`]: the result, the requested line contrasts, and where the strip, its
//! window and its lines landed in the photo).
//!
//! Three kinds of scene: [`clear_scene`] (one clear strip: must always read right),
//! [`random_scene`] (varied but readable) and [`field_scene`] (what real phone photos do:
//! clutter, patterned and pink tables, hard shadows, glare, motion blur, stains, print near the
//! window, several strips, cassettes; [`field`] lists the rates and the `tags` that name each
//! condition). [`write_field_set`] / [`write_set`] write numbered JPEGs and a per-strip
//! `manifest.csv`; [`score`] scores readings against that truth (and the real line-count sets),
//! for `strip-reader eval` and the regression tests.
//!
//! ## Conventions (shared by every module)
//! - **Photo pixels**: origin at the top-left corner of the top-left pixel, x right, y down; pixel
//!   (i, j) has its centre at (i + 0.5, j + 0.5). All `*_px` values and corners use these units.
//! - **Angles**: degrees from +x towards +y (clockwise on screen, y being down). A strip's
//!   `angle_deg` is the direction **from its sample end to its handle**: 0 = handle to the right,
//!   90 = handle down.
//! - **Along the strip**: `u` runs 0..1 from the **sample end** to the handle end, exactly like
//!   the model's fractions (window = [start, end] of the strip length; line positions = fractions of
//!   the window; `handle.start` = fraction of the strip). **Across**: `v` runs 0..1 from the
//!   strip's left edge (seen looking from the sample end towards the handle, photo y down) to its
//!   right edge; for a strip at 0° v = 0 is the top edge.
//! - **Sizes in a scene**: `centre` is a fraction of the frame (x of the width, y of the height);
//!   `length` is a fraction of the photo's **longer** side; the strip width is
//!   `length / geometry.aspect`.
//! - **Colours**: sRGB bytes. Shading works directly on 0..255 sRGB-encoded values (not linear
//!   light), so a line of contrast `c` measures `1 - G_line / G_membrane = c` on the output
//!   pixels, the same way the reader measures it.
//! - **Contrast** of a line: peak green contrast against the membrane, `1 - G_line / G_membrane`
//!   (red ≈ 0.25·c, blue ≈ 0.55·c: the red-purple of colloidal gold). 0 = no line. This is the
//!   *requested* contrast before blur, sensor noise and JPEG; blur lowers the peak of thin lines.
//! - **Assay**: competitive, as in `docs/domain.md`: [`Truth::Positive`] = control line only,
//!   [`Truth::Negative`] = control + test line, [`Truth::Invalid`] = no control line.
//! - **Determinism**: the same [`Scene`] gives the same bytes on the same build and platform; no
//!   clock, no OS randomness, no hash-map iteration. (Float `sin`/`ln` may differ in the last bit
//!   between platforms, so bytes are not promised to match *across* platforms.)
//!
//! ## Pipeline of [`render()`]
//! For every photo pixel: map back through the keystone to the table ([`geom`]), evaluate the
//! table ([`background`]) and the objects on it ([`clutter`]), each strip's soft drop shadow,
//! and where a strip is near, supersample 3×3 and evaluate the strip's painted surface in (u, v)
//! ([`paint`]); then hard shadows, white balance gains, the light ramp and vignette, and glare
//! ([`light`]). The frame is then blurred (separable Gaussian, then motion blur) if asked,
//! sensor noise added, and clamped to RGBA8 with alpha 255 ([`render`](mod@render)).
//!
//! ## Quick use
//! ```no_run
//! let model = strip_reader_core::model::builtin_model(None).unwrap();
//! let scene = strip_reader_synth::clear_scene(&model, strip_reader_synth::Truth::Negative, 0.0, 1200, 900, 1);
//! let img = strip_reader_synth::render(&model, &scene);
//! std::fs::write("/tmp/strip.png", strip_reader_synth::encode_png(&img)).unwrap();
//! ```

pub mod background;
pub mod clear_set;
pub mod clutter;
pub mod encode;
pub mod field;
pub mod geom;
pub mod light;
pub mod paint;
pub mod render;
pub mod rng;
pub mod scenes;
pub mod score;

pub use clear_set::{clear_set, ClearPhoto};
pub use encode::{
    encode_jpeg, encode_png, item_seed, manifest_header, manifest_row, manifest_rows,
    write_field_set, write_set, write_set_with,
};
pub use field::{cassette_model, field_scene, strip_tags, FieldPhoto};
pub use render::{layout, render};
pub use rng::Rng;
pub use scenes::{clear_scene, fit_length, random_scene};
pub use strip_reader_core::model::Model;

use std::fmt;
use std::str::FromStr;

/// What a strip shows, on a competitive assay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Truth {
    /// Drug detected: the control line only (no test line).
    Positive,
    /// Not detected: control line plus a test line of any strength.
    Negative,
    /// No control line (a test line may or may not be there): retest.
    Invalid,
}

impl Truth {
    /// All three, in a fixed order.
    pub const ALL: [Truth; 3] = [Truth::Positive, Truth::Negative, Truth::Invalid];

    /// Lower-case name: `positive`, `negative`, `invalid` (as in the manifest).
    pub fn as_str(self) -> &'static str {
        match self {
            Truth::Positive => "positive",
            Truth::Negative => "negative",
            Truth::Invalid => "invalid",
        }
    }
}

impl fmt::Display for Truth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Truth {
    type Err = String;
    fn from_str(s: &str) -> Result<Truth, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "positive" | "pos" => Ok(Truth::Positive),
            "negative" | "neg" => Ok(Truth::Negative),
            "invalid" => Ok(Truth::Invalid),
            other => Err(format!(
                "unknown truth {other:?} (want positive, negative or invalid)"
            )),
        }
    }
}

/// Default membrane-relative line contrasts of a clear photo (green channel).
pub const CLEAR_TEST_CONTRAST: f32 = 0.25;
/// See [`CLEAR_TEST_CONTRAST`].
pub const CLEAR_CONTROL_CONTRAST: f32 = 0.45;

/// One strip lying on the table.
///
/// `truth` is recorded as given; the renderer draws the lines from the two contrasts alone, so a
/// caller can build odd cases on purpose. [`StripSpec::new`] zeroes the lines that `truth` says
/// are absent.
#[derive(Debug, Clone, PartialEq)]
pub struct StripSpec {
    pub truth: Truth,
    /// Peak green contrast of the test line, `1 - G_line / G_membrane`; 0 = absent.
    pub test_contrast: f32,
    /// Peak green contrast of the control line; 0 = absent.
    pub control_contrast: f32,
    /// Strip centre, as a fraction of the frame: [x / width, y / height] (on the table, before
    /// the keystone).
    pub centre: [f32; 2],
    /// Strip length as a fraction of the photo's longer side.
    pub length: f32,
    /// Direction from the sample end to the handle, degrees: 0 = right (+x), 90 = down (+y).
    pub angle_deg: f32,
    /// Handle label colour; `None` = the model's `geometry.handle.colour`.
    pub handle_colour: Option<[u8; 3]>,
    /// Test-line shift from the model position, as a fraction of the window length (+ = towards
    /// the handle). Scenes built here use ±0.02.
    pub test_offset: f32,
    /// Control-line shift, likewise.
    pub control_offset: f32,
    /// Opacity of the soft drop shadow on the table (0 = none; default 0.22).
    pub shadow: f32,
    /// Residual pink staining of the membrane (sample dye left behind): the stain's peak green
    /// contrast, with the gold line's hue (0 = a clean membrane). It is diffuse (blotches several
    /// line widths long, a soft dye front) and never line-shaped; see [`paint`].
    pub stain: f32,
    /// Ink of printed text (a lot code) on the strip just beside the result window; `None` = no
    /// such print. Dark inks darken all channels; a red ink darkens green like a gold line does.
    pub print_ink: Option<[u8; 3]>,
    /// The lines' (and the stain's) red and blue contrast relative to their green contrast as
    /// the camera renders them: [`paint::LINE_RED`], [`paint::LINE_BLUE`] for a clean
    /// gold line; nearer 1 for a line the photo washed out to grey-violet, as phones do in cool
    /// light or on small, compressed crops (the real `antigen-windows` lines measure 0.1-0.9).
    pub dye: [f32; 2],
}

impl StripSpec {
    /// A centred strip, 65 % of the longer side, at 0°, with the lines `truth` calls for:
    /// Positive → control only; Negative → both; Invalid → test only (control 0). Contrasts
    /// given for a line the truth excludes are ignored (set to 0).
    pub fn new(truth: Truth, test_contrast: f32, control_contrast: f32) -> StripSpec {
        let (t, c) = match truth {
            Truth::Positive => (0.0, control_contrast),
            Truth::Negative => (test_contrast, control_contrast),
            Truth::Invalid => (test_contrast, 0.0),
        };
        StripSpec {
            truth,
            test_contrast: t,
            control_contrast: c,
            centre: [0.5, 0.5],
            length: 0.65,
            angle_deg: 0.0,
            handle_colour: None,
            test_offset: 0.0,
            control_offset: 0.0,
            shadow: 0.22,
            stain: 0.0,
            print_ink: None,
            dye: [paint::LINE_RED, paint::LINE_BLUE],
        }
    }

    /// [`StripSpec::new`] with the clear-photo contrasts ([`CLEAR_TEST_CONTRAST`],
    /// [`CLEAR_CONTROL_CONTRAST`]).
    pub fn typical(truth: Truth) -> StripSpec {
        StripSpec::new(truth, CLEAR_TEST_CONTRAST, CLEAR_CONTROL_CONTRAST)
    }
}

/// What the strip lies on. Every kind gets a slight low-frequency brightness variation and fine
/// per-pixel texture on top.
#[derive(Debug, Clone, PartialEq)]
pub enum Background {
    /// One colour.
    Plain([u8; 3]),
    /// A smooth linear blend from `from` to `to` across the frame, in direction `angle_deg`.
    Gradient {
        from: [u8; 3],
        to: [u8; 3],
        angle_deg: f32,
    },
    /// Wood-grain-like streaks around `colour`, the grain running along `grain_angle_deg`.
    Wood {
        colour: [u8; 3],
        grain_angle_deg: f32,
    },
    /// A checked cloth / cutting mat; `cell` = square size as a fraction of the longer side.
    Checker { a: [u8; 3], b: [u8; 3], cell: f32 },
    /// Striped cloth: bands of `a` and `b` (equal widths, soft 1 px edges), `period` = one `a`
    /// band plus one `b` band as a fraction of the longer side, the bands running along
    /// `angle_deg`.
    Stripes {
        a: [u8; 3],
        b: [u8; 3],
        period: f32,
        angle_deg: f32,
    },
    /// A speckled counter top (terrazzo, granite): `spots` blobs on `base`, blob size about
    /// `scale` (fraction of the longer side), covering about `coverage` (0..1) of the surface.
    Speckle {
        base: [u8; 3],
        spots: [u8; 3],
        scale: f32,
        coverage: f32,
    },
}

impl Background {
    /// Short name for manifests: `plain`, `gradient`, `wood`, `checker`, `stripes`, `speckle`.
    pub fn name(&self) -> &'static str {
        match self {
            Background::Plain(_) => "plain",
            Background::Gradient { .. } => "gradient",
            Background::Wood { .. } => "wood",
            Background::Checker { .. } => "checker",
            Background::Stripes { .. } => "stripes",
            Background::Speckle { .. } => "speckle",
        }
    }

    /// The colours the background is made of (for tagging pink / light tables).
    pub fn colours(&self) -> Vec<[u8; 3]> {
        match *self {
            Background::Plain(c) => vec![c],
            Background::Gradient { from, to, .. } => vec![from, to],
            Background::Wood { colour, .. } => vec![colour],
            Background::Checker { a, b, .. } | Background::Stripes { a, b, .. } => vec![a, b],
            Background::Speckle { base, spots, .. } => vec![base, spots],
        }
    }
}

/// Grey-blue table colour: the default background.
pub const GREY_BLUE: [u8; 3] = [88, 100, 118];
/// Wood-brown table colour.
pub const WOOD_BROWN: [u8; 3] = [124, 90, 62];
/// Dark slate table colour.
pub const SLATE: [u8; 3] = [62, 66, 72];

/// A photo to render: the table, the strips on it, and the camera's faults.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    pub width: usize,
    pub height: usize,
    /// Drawn in order: later strips lie on top of earlier ones.
    pub strips: Vec<StripSpec>,
    pub background: Background,
    /// Uneven light: brightness is multiplied by a linear ramp from `1 - g/2` to `1 + g/2`
    /// across the frame. 0 = even.
    pub light_gradient: f32,
    /// Direction in which the light ramp gets brighter (degrees, 0 = brighter to the right).
    pub light_angle_deg: f32,
    /// Per-channel gains [r, g, b] applied to everything (1 = neutral).
    pub white_balance: [f32; 3],
    /// Keystone strength (see [`geom`]); 0 = camera square to the table. ±0.1 is mild.
    pub tilt: f32,
    /// Gaussian blur sigma in photo pixels (0 = sharp).
    pub blur_px: f32,
    /// Gaussian sensor-noise sigma in 0..255 units (0 = none).
    pub noise_sigma: f32,
    /// Seeds textures and noise.
    pub seed: u64,
    /// Objects lying on the table under the strips (pens, papers with text, coins, bags...).
    pub clutter: Vec<Clutter>,
    /// Hard-edged shadows falling across the table and the strips (a phone, a hand, a pen).
    pub shadows: Vec<HardShadow>,
    /// Specular glare spots (light reflected off the strip or a wet or glossy surface).
    pub glare: Vec<Glare>,
    /// Radial light fall-off: brightness at the frame corners is `1 - vignette` (0 = none).
    pub vignette: f32,
    /// Camera-shake blur: the length of the smear in photo pixels (0 = none) ...
    pub motion_px: f32,
    /// ... and its direction, degrees.
    pub motion_angle_deg: f32,
}

impl Scene {
    /// An empty, ideal scene: grey-blue table, even light, neutral white balance, no tilt, blur
    /// or noise.
    pub fn new(width: usize, height: usize, seed: u64) -> Scene {
        Scene {
            width,
            height,
            strips: Vec::new(),
            background: Background::Plain(GREY_BLUE),
            light_gradient: 0.0,
            light_angle_deg: 0.0,
            white_balance: [1.0; 3],
            tilt: 0.0,
            blur_px: 0.0,
            noise_sigma: 0.0,
            seed,
            clutter: Vec::new(),
            shadows: Vec::new(),
            glare: Vec::new(),
            vignette: 0.0,
            motion_px: 0.0,
            motion_angle_deg: 0.0,
        }
    }
}

/// The outline of a [`Clutter`] object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClutterShape {
    /// A rectangle with slightly rounded corners (a paper, a card, a phone, a lighter).
    Rect,
    /// An ellipse (a coin, a bottle cap, a pill).
    Ellipse,
    /// A rectangle with round ends (a pen, a straw, a cigarette).
    Capsule,
}

/// What is printed or woven on a [`Clutter`] object.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ClutterPattern {
    Plain,
    /// Rows of small dark block letters (a printed page, a label, a package insert).
    Text { ink: [u8; 3] },
    /// Stripes of another colour across the object's length.
    Stripes { colour: [u8; 3] },
}

/// An object on the table. Drawn over the background and under the strips, with a soft drop
/// shadow of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Clutter {
    pub shape: ClutterShape,
    /// Centre, as a fraction of the frame (like [`StripSpec::centre`]).
    pub centre: [f32; 2],
    /// [length, width] as fractions of the photo's longer side.
    pub size: [f32; 2],
    /// Direction of the length, degrees.
    pub angle_deg: f32,
    pub colour: [u8; 3],
    pub pattern: ClutterPattern,
}

/// A shadow with a hard edge, cast on the table and everything on it by an object held above
/// (the phone, a hand): light is removed from one side of a straight edge, or from a band
/// between two parallel edges (the shadow of a pen). Daylight shadows are lit by the blue sky,
/// so red loses a little more than green and blue a little less.
#[derive(Debug, Clone, PartialEq)]
pub struct HardShadow {
    /// A point on the (first) edge, as a fraction of the frame, on the table.
    pub point: [f32; 2],
    /// Direction of the edge, degrees; the shadow lies on the side the edge's normal (direction
    /// + 90°) points to.
    pub angle_deg: f32,
    /// Width of the band as a fraction of the longer side; 0 = a half-plane.
    pub band: f32,
    /// Width of the penumbra, photo pixels (the edge is a smoothstep over this width).
    pub softness_px: f32,
    /// Fraction of the light removed inside the shadow (0..1).
    pub darkness: f32,
}

/// A glare spot: light reflected straight into the lens, blending toward (and past) white.
#[derive(Debug, Clone, PartialEq)]
pub struct Glare {
    /// Centre, as a fraction of the frame, on the table.
    pub centre: [f32; 2],
    /// [along, across] radii (one standard deviation of the falloff), fractions of the longer
    /// side.
    pub radius: [f32; 2],
    /// Direction of the first radius, degrees.
    pub angle_deg: f32,
    /// Blend toward white at the centre (0..1; near 1 clips the core).
    pub strength: f32,
}

/// A rendered photo and its ground truth.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub width: usize,
    pub height: usize,
    /// Tightly packed RGBA8, row by row from the top; alpha is 255.
    pub rgba: Vec<u8>,
    /// One per [`Scene::strips`], in the same order.
    pub strips: Vec<RenderedStrip>,
}

impl Rendered {
    /// The RGBA of pixel (x, y). Panics outside the image.
    pub fn pixel(&self, x: usize, y: usize) -> [u8; 4] {
        let i = (y * self.width + x) * 4;
        [
            self.rgba[i],
            self.rgba[i + 1],
            self.rgba[i + 2],
            self.rgba[i + 3],
        ]
    }

    /// The pixel under a photo point (in the pixel-coordinate convention; clamped to the image).
    pub fn pixel_at(&self, p: [f32; 2]) -> [u8; 4] {
        let x = (p[0].max(0.0) as usize).min(self.width - 1);
        let y = (p[1].max(0.0) as usize).min(self.height - 1);
        self.pixel(x, y)
    }
}

/// Where a strip landed in the photo, and what it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderedStrip {
    pub truth: Truth,
    /// As requested in the [`StripSpec`].
    pub test_contrast: f32,
    pub control_contrast: f32,
    /// Strip outline in photo px: [sample end v=0, sample end v=1, handle end v=1, handle end
    /// v=0] (a closed polygon; the first two are the sample end).
    pub corners: [[f32; 2]; 4],
    /// Membrane window outline in photo px, same order: [window start v=0, start v=1, end v=1,
    /// end v=0].
    pub window_corners: [[f32; 2]; 4],
    /// Centre of the test line (on the strip's mid-line) in photo px, including the per-strip
    /// jitter. Given even when the line is absent (where it would be).
    pub test_position_px: [f32; 2],
    /// Centre of the control line, likewise.
    pub control_position_px: [f32; 2],
    /// As requested.
    pub angle_deg: f32,
    /// Strip length and width on the table, px.
    pub length_px: f32,
    pub width_px: f32,
    /// Nominal line width along the strip on the table, px (`line_width × window length`).
    pub line_width_px: f32,
    /// The handle colour used.
    pub handle_colour: Option<[u8; 3]>,
}

#[cfg(test)]
mod tests;
