//! Field photos: what real phone photos of strips do ([`field_scene`]), and the tags that say
//! which conditions a photo's strips are under ([`strip_tags`]).
//!
//! Where [`crate::random_scene`] is varied but readable, a field scene draws each hard
//! condition with some probability, independently, so that most photos carry several of them;
//! and 15 % of photos are *good photos* that draw none of them (the rates below apply to the
//! other 85 %), so the set has a clean baseline. Every tag is *computed from the scene* (not
//! remembered from the draw), so it is true of any scene, including hand-built ones and
//! [`crate::random_scene`]'s. Conventions as in the crate docs; sizes that are in pixels
//! (blur, motion, shadow softness) are drawn for a 1600 px longer side and scaled with the
//! photo, so a smaller set has the same look.
//!
//! ## What is drawn (per photo unless said)
//! | condition | how often | range |
//! |---|---|---|
//! | cassette instead of dipstick | 10 % | [`cassette_model`] geometry |
//! | several strips (`multi`) | 15 % | 2–4, side by side (70 %) or scattered, never overlapping |
//! | strip length | small 15 % / large 15 % / else | 0.18–0.30 / 0.75–fill / 0.30–0.75 of the longer side (multi: 0.22–0.60) |
//! | rotation | always | 0–360° |
//! | keystone (`tilt`) | strong 20 % | ±0.12–0.28, else ±0.08 |
//! | truth | per strip | positive 40 %, negative 45 %, invalid 15 % |
//! | test line (negative) | per strip | 0.012–0.5 log-uniform: continuous, as many faint as strong |
//! | control line | per strip | 0.20–0.60, or faint 0.06–0.20 (10 %); 0 when invalid |
//! | test line (invalid) | per strip | none (50 %) or 0.04–0.5 log-uniform |
//! | background | always | plain 25 %, gradient 15 %, wood 20 %, checker 12 %, stripes 14 %, speckle 14 %; pink/red colours 10 %, light (paper-like) 8 % |
//! | clutter | 25 % | 1–6 of: pens, printed papers and notes, coins and caps, bags, phones and lighters |
//! | white balance | warm 15 %, cool 15 % | R×1.12–1.25 B×0.72–0.86 / R×0.78–0.90 B×1.10–1.22, else ±8 % |
//! | exposure | dark 8 % | 0.45–0.65, else 0.80–1.0 (never clipping the membrane, glare aside) |
//! | uneven light | 20 % | ramp 0.3–0.6 and half the time a vignette 0.25–0.5; else ramp 0–0.25 |
//! | hard shadow across a strip | 15 % | an edge (60 %) or a band 1–6 line widths wide (40 %), darkness 0.25–0.6, penumbra 0.6–4 px |
//! | glare | 12 % | 1–3 spots, the first on a strip's window, strength 0.4–1.0 |
//! | defocus | 15 % | Gaussian sigma 1.0–2.5 px, else none (50 %) or 0.3–0.9 px |
//! | motion blur | 12 % | 2.5–10 px in any direction |
//! | sensor noise | high 15 % | sigma 6–12, else 1–5 |
//! | JPEG quality | low 15 % | 35–70, else 75–95 |
//! | residual stain | 18 % per strip | green contrast 0.015–0.08 log-uniform |
//! | print near the window | 25 % per dipstick | dark ink (75 %) or red ink |
//! | odd handle colour | 15 % per dipstick | green, red or purple label |

use crate::geom::Frame;
use crate::light::LightField;
use crate::paint::StripGeom;
use crate::rng::{mix64, Rng};
use crate::scenes::{draw_centre, fit_length, half_extent, PALETTE};
use crate::{
    layout, Background, Clutter, ClutterPattern, ClutterShape, Glare, HardShadow, Model, Scene,
    StripSpec, Truth,
};
use strip_reader_core::model::Format;

/// Every tag [`strip_tags`] can give, with what it means.
pub const TAGS: [(&str, &str); 22] = [
    ("cassette", "drawn as a plastic cassette, not a bare dipstick"),
    ("multi", "several strips in the photo"),
    ("small", "strip length at most 30 % of the photo's longer side"),
    ("large", "strip length at least 75 % of the longer side (fills the frame)"),
    ("tilt", "strong perspective: keystone |tilt| >= 0.12"),
    ("clutter", "objects on the table"),
    ("pattern", "patterned table: checker, stripes or speckle"),
    ("pink", "a pink or red table or object in the photo"),
    ("light_bg", "a table colour nearly as light as a strip (luma >= 170)"),
    ("warm", "warm white balance: red gain / blue gain >= 1.15"),
    ("cool", "cool white balance: blue gain / red gain >= 1.15"),
    ("dark", "under-exposed: green gain <= 0.7"),
    ("uneven_light", "light ramp >= 0.3 or vignette >= 0.25"),
    ("shadow", "a hard shadow removes >= 8 % of the light somewhere on the strip's read area"),
    ("glare", "glare blends >= 25 % toward white somewhere on the strip's read area"),
    ("defocus", "Gaussian blur sigma >= 1 px (per 1600 px of longer side)"),
    ("motion_blur", "motion blur >= 2.5 px (per 1600 px of longer side)"),
    ("noise", "sensor noise sigma >= 6"),
    ("jpeg_low", "JPEG quality <= 70"),
    ("stain", "residual pink stain on the membrane"),
    ("print", "printed text just before the window"),
    ("faded", "lines washed out to grey-violet: red contrast >= 0.55 of green (a clean gold line: 0.25)"),
];

/// Share of the strips of a hard photo whose lines are drawn washed out (tag `faded`).
pub const FADED_RATE: f32 = 0.12;

/// A field photo: the scene, whether its strips are cassettes, and its JPEG quality.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldPhoto {
    pub scene: Scene,
    /// Draw with [`cassette_model`] of the set's model (see [`field_render_model`]).
    pub cassette: bool,
    /// JPEG quality to encode it with.
    pub quality: u8,
}

/// The cassette version of a strip model: the model itself when it is a cassette; else the
/// built-in cassette model of the same drug and assay when there is one (`models/*.json`); else
/// the same test (drug, assay, line order and tolerances) in a plastic cassette 3.3 times as
/// long as wide, its window from 40 % to 66 % of its length, no handle.
pub fn cassette_model(model: &Model) -> Model {
    if model.format == Format::Cassette {
        return model.clone();
    }
    let builtin = strip_reader_core::model::builtin_models().ok().and_then(|ms| {
        ms.into_iter().find(|m| m.format == Format::Cassette && m.drug == model.drug && m.assay == model.assay)
    });
    if let Some(m) = builtin {
        return m;
    }
    let mut m = model.clone();
    m.format = Format::Cassette;
    m.id = format!("{}-cassette", model.id);
    m.name = format!("{} (cassette)", model.name);
    m.geometry.aspect = 3.3;
    m.geometry.window = [0.40, 0.66];
    m.geometry.line_width = 0.055;
    m.geometry.handle = None;
    m
}

/// The model a field photo is drawn with: the set's model, or its cassette version.
pub fn field_render_model(model: &Model, photo: &FieldPhoto) -> Model {
    if photo.cassette {
        cassette_model(model)
    } else {
        model.clone()
    }
}

/// Pink, red or magenta: red well above green, blue not far below green.
pub fn is_pink(c: [u8; 3]) -> bool {
    let (r, g, b) = (c[0] as i32, c[1] as i32, c[2] as i32);
    r >= g + 45 && b >= g - 10
}

fn luma(c: [u8; 3]) -> f32 {
    0.299 * c[0] as f32 + 0.587 * c[1] as f32 + 0.114 * c[2] as f32
}

/// The tags (from [`TAGS`], in that order) that apply to strip `index` of `scene` drawn with
/// `drawn` and encoded at JPEG `quality`.
pub fn strip_tags(drawn: &Model, scene: &Scene, quality: u8, index: usize) -> Vec<&'static str> {
    let mut tags = Vec::new();
    let Some(spec) = scene.strips.get(index) else {
        return tags;
    };
    let px = scene.width.max(scene.height).max(1) as f32 / 1600.0;
    let wb = scene.white_balance;
    let colours: Vec<[u8; 3]> = scene
        .background
        .colours()
        .into_iter()
        .chain(scene.clutter.iter().map(|c| c.colour))
        .collect();
    let frame = Frame::new(scene.width, scene.height, scene.tilt);
    let geom = StripGeom::new(drawn, spec, scene.width, scene.height, &frame, 0);
    let light = LightField::new(scene);
    // The read area: the window and a little around it, across the middle of the strip.
    let [ws, we] = drawn.geometry.window;
    let mut shade: f32 = 0.0;
    let mut glare: f32 = 0.0;
    for i in 0..=40 {
        let u = ws - 0.03 + (we - ws + 0.06) * i as f32 / 40.0;
        for v in [0.3, 0.5, 0.7] {
            let q = geom.scene_point(u, v);
            shade = shade.max(light.shade(q));
            glare = glare.max(light.glare(q));
        }
    }
    let checks: [(&str, bool); 22] = [
        ("cassette", drawn.format == Format::Cassette),
        ("multi", scene.strips.len() > 1),
        ("small", spec.length <= 0.30),
        ("large", spec.length >= 0.75),
        ("tilt", scene.tilt.abs() >= 0.12),
        ("clutter", !scene.clutter.is_empty()),
        (
            "pattern",
            matches!(
                scene.background,
                Background::Checker { .. } | Background::Stripes { .. } | Background::Speckle { .. }
            ),
        ),
        ("pink", colours.iter().any(|&c| is_pink(c))),
        ("light_bg", scene.background.colours().iter().any(|&c| luma(c) >= 170.0)),
        ("warm", wb[0] >= 1.15 * wb[2]),
        ("cool", wb[2] >= 1.15 * wb[0]),
        ("dark", wb[1] <= 0.7),
        ("uneven_light", scene.light_gradient >= 0.3 || scene.vignette >= 0.25),
        ("shadow", shade >= 0.08),
        ("glare", glare >= 0.25),
        ("defocus", scene.blur_px >= 1.0 * px),
        ("motion_blur", scene.motion_px >= 2.5 * px),
        ("noise", scene.noise_sigma >= 6.0),
        ("jpeg_low", quality <= 70),
        ("stain", spec.stain > 0.0),
        ("print", spec.print_ink.is_some() && drawn.format == Format::Dipstick),
        ("faded", spec.dye[0] >= 0.5),
    ];
    for (name, on) in checks {
        if on {
            tags.push(name);
        }
    }
    tags
}

/// A table colour from `palette`, varied a little (may be light, unlike `pick_colour`).
fn vary(rng: &mut Rng, palette: &[[u8; 3]]) -> [u8; 3] {
    let c = palette[rng.below(palette.len())];
    let k = rng.range(0.92, 1.06);
    c.map(|v| (v as f32 * k + rng.range(-5.0, 5.0)).clamp(0.0, 235.0) as u8)
}

const PINKS: [[u8; 3]; 5] = [
    [226, 150, 170], // pink cloth
    [200, 70, 90],   // raspberry
    [170, 40, 50],   // red
    [235, 180, 190], // pale pink
    [190, 90, 140],  // magenta
];
const LIGHTS: [[u8; 3]; 3] = [[214, 210, 200], [205, 205, 208], [222, 216, 198]];
const WOODS: [[u8; 3]; 4] = [[124, 90, 62], [150, 112, 74], [96, 66, 44], [170, 134, 96]];

fn draw_truth(rng: &mut Rng) -> StripSpec {
    let r = rng.next_f32();
    let truth = if r < 0.40 {
        Truth::Positive
    } else if r < 0.85 {
        Truth::Negative
    } else {
        Truth::Invalid
    };
    let control = if rng.chance(0.1) { rng.range(0.06, 0.20) } else { rng.range(0.20, 0.60) };
    let test = match truth {
        Truth::Negative => rng.log_range(0.012, 0.50),
        Truth::Invalid if rng.chance(0.5) => rng.log_range(0.04, 0.50),
        _ => 0.0,
    };
    let mut s = StripSpec::new(truth, test, control);
    s.test_offset = rng.range(-0.02, 0.02);
    s.control_offset = rng.range(-0.02, 0.02);
    s
}

/// Whether two strips (table px: centre, unit axis, half length, half width) overlap, with a
/// gap of `gap` px, by the separating-axis test.
fn overlap(a: ([f32; 2], [f32; 2], f32, f32), b: ([f32; 2], [f32; 2], f32, f32), gap: f32) -> bool {
    let axes = [a.1, [-a.1[1], a.1[0]], b.1, [-b.1[1], b.1[0]]];
    let d = [b.0[0] - a.0[0], b.0[1] - a.0[1]];
    for ax in axes {
        let proj = |r: ([f32; 2], [f32; 2], f32, f32)| {
            let n = [-r.1[1], r.1[0]];
            r.2 * (r.1[0] * ax[0] + r.1[1] * ax[1]).abs() + r.3 * (n[0] * ax[0] + n[1] * ax[1]).abs()
        };
        let dist = (d[0] * ax[0] + d[1] * ax[1]).abs();
        if dist > proj(a) + proj(b) + gap {
            return false;
        }
    }
    true
}

/// Every corner of every strip lies inside the photo with `margin` px to spare.
fn all_inside(drawn: &Model, scene: &Scene, margin: f32) -> bool {
    let (w, h) = (scene.width as f32, scene.height as f32);
    layout(drawn, scene).iter().all(|t| {
        t.corners
            .iter()
            .all(|c| c[0] > margin && c[1] > margin && c[0] < w - margin && c[1] < h - margin)
    })
}

/// Table-pixel box (centre, axis, half length, half width) of a strip spec.
fn table_box(drawn: &Model, s: &StripSpec, w: usize, h: usize) -> ([f32; 2], [f32; 2], f32, f32) {
    let longer = w.max(h) as f32;
    let len = s.length * longer;
    let a = s.angle_deg.to_radians();
    (
        [s.centre[0] * w as f32, s.centre[1] * h as f32],
        [a.cos(), a.sin()],
        0.5 * len,
        0.5 * len / drawn.geometry.aspect,
    )
}

/// Places the strips: one (any size class), or 2–4 side by side or scattered.
fn place_strips(rng: &mut Rng, drawn: &Model, scene: &mut Scene, count: usize, hard: bool) {
    let (w, h) = (scene.width, scene.height);
    let longer = w.max(h) as f32;
    let aspect = drawn.geometry.aspect;
    let tilt = scene.tilt.abs();
    // Good photos: a middle-sized strip.
    let size = if hard { rng.next_f32() } else { 0.5 };
    let mut specs: Vec<StripSpec> = (0..count).map(|_| draw_truth(rng)).collect();
    if count == 1 {
        let s = &mut specs[0];
        s.angle_deg = rng.range(0.0, 360.0);
        let lmax = fit_length(drawn, s.angle_deg, w, h, 0.92 - tilt);
        s.length = if size < 0.15 {
            rng.range(0.18, 0.30).min(lmax)
        } else if size > 0.85 {
            rng.range(0.75, 0.97).min(lmax)
        } else {
            rng.range(0.30, 0.75f32.max(0.31)).min(lmax)
        };
        for attempt in 0..12 {
            let half = half_extent(drawn, s.length, s.angle_deg, w, h);
            s.centre = draw_centre(rng, half, w, h, 0.03 + 0.5 * tilt, 0.5);
            scene.strips = vec![s.clone()];
            if all_inside(drawn, scene, 2.0) {
                return;
            }
            if attempt % 3 == 2 {
                s.length *= 0.92;
            }
        }
        scene.strips = vec![s.clone()];
        return;
    }
    let side_by_side = rng.chance(0.7);
    let a0 = rng.range(0.0, 360.0);
    let mut base = rng.range(0.22, 0.60);
    for attempt in 0..40 {
        let mut placed: Vec<StripSpec> = Vec::new();
        let across = [-(a0.to_radians().sin()), a0.to_radians().cos()];
        let along = [a0.to_radians().cos(), a0.to_radians().sin()];
        let wid_px = base * longer / aspect;
        let spacing = if drawn.geometry.aspect > 6.0 {
            wid_px * rng.range(1.8, 4.0)
        } else {
            wid_px * rng.range(1.15, 1.5)
        };
        let group = [rng.range(0.4, 0.6) * w as f32, rng.range(0.4, 0.6) * h as f32];
        for (k, spec) in specs.iter().enumerate() {
            let mut s = spec.clone();
            s.length = base * rng.range(0.95, 1.05);
            if side_by_side {
                s.angle_deg = a0 + rng.range(-6.0, 6.0) + if rng.chance(0.5) { 180.0 } else { 0.0 };
                let off = (k as f32 - 0.5 * (count as f32 - 1.0)) * spacing;
                let slide = rng.range(-0.08, 0.08) * base * longer;
                s.centre = [
                    (group[0] + off * across[0] + slide * along[0]) / w as f32,
                    (group[1] + off * across[1] + slide * along[1]) / h as f32,
                ];
            } else {
                s.angle_deg = rng.range(0.0, 360.0);
                let half = half_extent(drawn, s.length, s.angle_deg, w, h);
                s.centre = draw_centre(rng, half, w, h, 0.03 + 0.5 * tilt, 0.5);
            }
            let bx = table_box(drawn, &s, w, h);
            let gap = 0.6 * bx.3 + 2.0;
            if placed.iter().any(|p| overlap(table_box(drawn, p, w, h), bx, gap)) {
                continue;
            }
            placed.push(s);
        }
        scene.strips = placed;
        if scene.strips.len() == count && all_inside(drawn, scene, 2.0) {
            return;
        }
        if attempt % 2 == 1 {
            base *= 0.92;
        }
    }
    // Could not fit them all: keep those that fit.
    let keep: Vec<StripSpec> = scene.strips.clone();
    scene.strips.clear();
    for s in keep {
        scene.strips.push(s);
        if !all_inside(drawn, scene, 2.0) {
            scene.strips.pop();
        }
    }
    if scene.strips.is_empty() {
        let mut s = specs[0].clone();
        s.angle_deg = a0;
        s.length = 0.3f32.min(fit_length(drawn, a0, w, h, 0.8 - tilt));
        s.centre = [0.5, 0.5];
        scene.strips.push(s);
    }
}

/// A field photo: see the module docs for what is drawn and how often. Deterministic: the same
/// (model, seed, size) gives the same photo.
pub fn field_scene(model: &Model, seed: u64, width: usize, height: usize) -> FieldPhoto {
    let mut rng = Rng::new(mix64(seed ^ 0xF1E1_D000_0000_0000));
    // A good photo draws none of the hard conditions.
    let hard = !rng.chance(0.15);
    let p = |x: f32| if hard { x } else { 0.0 };
    // A cassette model's set is all cassettes.
    let cassette = rng.chance(p(0.10)) || model.format == Format::Cassette;
    let drawn = if cassette { cassette_model(model) } else { model.clone() };
    let (w, h) = (width.max(1), height.max(1));
    let longer = w.max(h) as f32;
    let px = longer / 1600.0;
    let mut scene = Scene::new(w, h, seed);

    scene.tilt = if rng.chance(p(0.2)) {
        rng.range(0.12, 0.28) * if rng.chance(0.5) { 1.0 } else { -1.0 }
    } else {
        rng.range(-0.08, 0.08)
    };
    let count = if rng.chance(p(0.15)) { 2 + rng.below(3) } else { 1 };
    place_strips(&mut rng, &drawn, &mut scene, count, hard);
    let strip_len = scene.strips.iter().map(|s| s.length).fold(0.0f32, f32::max);
    for s in scene.strips.iter_mut() {
        s.shadow = if cassette { rng.range(0.20, 0.40) } else { rng.range(0.10, 0.30) };
        if !cassette && rng.chance(p(0.15)) {
            s.handle_colour = Some([[40, 140, 80], [190, 42, 52], [110, 60, 150]][rng.below(3)]);
        }
        if rng.chance(p(0.18)) {
            s.stain = rng.log_range(0.015, 0.08);
        }
        if !cassette && rng.chance(p(0.25)) {
            s.print_ink = Some(if rng.chance(0.75) {
                [[30, 36, 84], [28, 28, 32]][rng.below(2)]
            } else {
                [200, 40, 50]
            });
        }
    }

    // Lines the photo washed out to grey-violet (red and blue darken nearly as much as green),
    // on some strips: drawn from a stream of their own, so the rest of a seed's photo is what
    // it was before this condition existed.
    for (k, s) in scene.strips.iter_mut().enumerate() {
        let mut dye = Rng::new(mix64(seed ^ 0x0FAD_ED00_0000_0000 ^ k as u64));
        if dye.chance(p(FADED_RATE)) {
            s.dye = [dye.range(0.55, 0.85), dye.range(0.60, 0.90)];
        }
    }

    // The table.
    let pink = rng.chance(p(0.10));
    let light = !pink && rng.chance(p(0.08));
    let palette: &[[u8; 3]] = if pink {
        &PINKS
    } else if light {
        &LIGHTS
    } else {
        &PALETTE
    };
    // Good photos: a mid or dark table (the first seven palette colours), plain or wood.
    let palette = if hard { palette } else { &PALETTE[..7] };
    let c1 = vary(&mut rng, palette);
    let second: &[[u8; 3]] = if rng.chance(0.5) { palette } else { &PALETTE };
    let c2 = vary(&mut rng, second);
    let kind = if hard { rng.next_f32() } else { 0.45 * rng.next_f32() };
    scene.background = if kind < 0.25 {
        Background::Plain(c1)
    } else if kind < 0.40 {
        Background::Gradient { from: c1, to: c2, angle_deg: rng.range(0.0, 360.0) }
    } else if kind < 0.60 {
        let wood = if pink || light { c1 } else { vary(&mut rng, &WOODS) };
        Background::Wood { colour: wood, grain_angle_deg: rng.range(0.0, 180.0) }
    } else if kind < 0.72 {
        Background::Checker { a: c1, b: c2, cell: rng.range(0.02, 0.10) }
    } else if kind < 0.86 {
        Background::Stripes { a: c1, b: c2, period: rng.range(0.01, 0.08), angle_deg: rng.range(0.0, 180.0) }
    } else {
        Background::Speckle { base: c1, spots: c2, scale: rng.range(0.004, 0.02), coverage: rng.range(0.15, 0.45) }
    };

    // Things on the table.
    if rng.chance(p(0.25)) {
        let n = 1 + rng.below(6);
        for _ in 0..n {
            scene.clutter.push(draw_clutter(&mut rng, strip_len, pink));
        }
    }

    // Light and colour.
    let wbk = rng.next_f32();
    let wbk = if hard { wbk } else { 1.0 };
    let (mut r, mut b) = if wbk < 0.15 {
        (rng.range(1.12, 1.25), rng.range(0.72, 0.86))
    } else if wbk < 0.30 {
        (rng.range(0.78, 0.90), rng.range(1.10, 1.22))
    } else {
        (rng.range(0.92, 1.08), rng.range(0.90, 1.08))
    };
    let exposure = if rng.chance(p(0.08)) { rng.range(0.45, 0.65) } else { rng.range(0.80, 1.0) };
    if rng.chance(p(0.2)) {
        scene.light_gradient = rng.range(0.3, 0.6);
        if rng.chance(0.5) {
            scene.vignette = rng.range(0.25, 0.5);
        }
    } else {
        scene.light_gradient = rng.range(0.0, 0.25);
    }
    scene.light_angle_deg = rng.range(0.0, 360.0);
    r *= exposure;
    b *= exposure;
    let mut wb = [r, exposure, b];
    let peak = wb.iter().cloned().fold(0.0f32, f32::max) * (1.0 + 0.5 * scene.light_gradient);
    if peak > 1.02 {
        wb.iter_mut().for_each(|g| *g *= 1.02 / peak);
    }
    scene.white_balance = wb;

    // A hard shadow across one strip's read area.
    if rng.chance(p(0.15)) {
        let k = rng.below(scene.strips.len());
        let [ws, we] = drawn.geometry.window;
        let (q, axis_deg, line_px) = strip_point(&drawn, &scene, k, rng.range(ws - 0.04, we + 0.04), 0.5);
        let band = if rng.chance(0.4) { line_px * rng.range(1.0, 6.0) / longer } else { 0.0 };
        scene.shadows.push(HardShadow {
            point: [q[0] / w as f32, q[1] / h as f32],
            angle_deg: axis_deg + rng.range(25.0, 155.0) + if rng.chance(0.5) { 180.0 } else { 0.0 },
            band,
            softness_px: rng.range(0.6, 4.0) * px,
            darkness: rng.range(0.25, 0.6),
        });
    }
    // Glare, the first spot on a strip's window.
    if rng.chance(p(0.12)) {
        let n = 1 + rng.below(3);
        for i in 0..n {
            let k = rng.below(scene.strips.len());
            let [ws, we] = drawn.geometry.window;
            let (q, axis_deg, _) = strip_point(&drawn, &scene, k, rng.range(ws - 0.05, we + 0.05), rng.range(0.2, 0.8));
            let wid = scene.strips[k].length / drawn.geometry.aspect;
            let centre = if i == 0 {
                [q[0] / w as f32, q[1] / h as f32]
            } else {
                [rng.range(0.05, 0.95), rng.range(0.05, 0.95)]
            };
            scene.glare.push(Glare {
                centre,
                radius: [wid * rng.range(0.3, 1.8), wid * rng.range(0.2, 0.8)],
                angle_deg: axis_deg + rng.range(-90.0, 90.0),
                strength: rng.range(0.4, 1.0),
            });
        }
    }
    // Camera faults.
    scene.blur_px = if rng.chance(p(0.15)) {
        rng.range(1.0, 2.5) * px
    } else if rng.chance(0.5) {
        0.0
    } else {
        rng.range(0.3, 0.9) * px
    };
    if rng.chance(p(0.12)) {
        scene.motion_px = rng.range(2.5, 10.0) * px;
        scene.motion_angle_deg = rng.range(0.0, 180.0);
    }
    scene.noise_sigma = if rng.chance(p(0.15)) { rng.range(6.0, 12.0) } else { rng.range(1.0, 5.0) };
    let quality = if rng.chance(p(0.15)) { 35 + rng.below(36) as u8 } else { 75 + rng.below(21) as u8 };
    FieldPhoto { scene, cassette, quality }
}

/// The table point (px) at (u, v) of strip `k`, the strip's direction (degrees) and its line
/// width in px.
fn strip_point(drawn: &Model, scene: &Scene, k: usize, u: f32, v: f32) -> ([f32; 2], f32, f32) {
    let frame = Frame::new(scene.width, scene.height, scene.tilt);
    let spec = &scene.strips[k];
    let g = StripGeom::new(drawn, spec, scene.width, scene.height, &frame, 0);
    let wl = drawn.geometry.window[1] - drawn.geometry.window[0];
    (g.scene_point(u, v), spec.angle_deg, drawn.geometry.line_width * wl * g.len)
}

/// One object for the table, sized against the strips (`strip_len`, fraction of the longer side).
fn draw_clutter(rng: &mut Rng, strip_len: f32, pink: bool) -> Clutter {
    let l = strip_len.max(0.2);
    let centre = [rng.range(0.03, 0.97), rng.range(0.03, 0.97)];
    let angle_deg = rng.range(0.0, 360.0);
    let kind = rng.next_f32();
    let (shape, size, colour, pattern) = if kind < 0.25 {
        // A pen, a straw or a cigarette: long and thin, like a strip.
        let len = l * rng.range(0.9, 2.0);
        let colour = [[40, 60, 150], [30, 30, 35], [190, 40, 45], [225, 225, 220], [60, 130, 70]][rng.below(5)];
        let pattern = if rng.chance(0.2) { ClutterPattern::Stripes { colour: [220, 220, 215] } } else { ClutterPattern::Plain };
        (ClutterShape::Capsule, [len, len / rng.range(10.0, 18.0)], colour, pattern)
    } else if kind < 0.50 {
        // A printed page, a package insert or a sticky note.
        let colour = [[234, 234, 228], [236, 216, 120], [240, 176, 192], [226, 228, 232]][rng.below(4)];
        let pattern = if rng.chance(0.7) { ClutterPattern::Text { ink: [28, 28, 36] } } else { ClutterPattern::Plain };
        (ClutterShape::Rect, [l * rng.range(0.6, 1.6), l * rng.range(0.4, 1.1)], colour, pattern)
    } else if kind < 0.68 {
        // A coin or a bottle cap.
        let d = l * rng.range(0.08, 0.2);
        let colour = [[176, 160, 120], [150, 150, 156], [200, 34, 44], [40, 90, 170]][rng.below(4)];
        (ClutterShape::Ellipse, [d, d * rng.range(0.9, 1.0)], colour, ClutterPattern::Plain)
    } else if kind < 0.85 {
        // A small bag (the sample's), often pink or red in these photos.
        let colour = if pink || rng.chance(0.25) {
            [[220, 120, 150], [190, 40, 60], [235, 170, 185]][rng.below(3)]
        } else {
            [[196, 198, 204], [120, 150, 190], [60, 60, 64]][rng.below(3)]
        };
        let pattern = if rng.chance(0.3) { ClutterPattern::Stripes { colour: [240, 240, 236] } } else { ClutterPattern::Plain };
        (ClutterShape::Rect, [l * rng.range(0.35, 0.8), l * rng.range(0.3, 0.6)], colour, pattern)
    } else {
        // A phone or a lighter.
        let colour = [[24, 24, 28], [200, 40, 40], [40, 110, 200], [230, 230, 234]][rng.below(4)];
        (ClutterShape::Rect, [l * rng.range(0.25, 0.7), l * rng.range(0.1, 0.35)], colour, ClutterPattern::Plain)
    };
    Clutter { shape, centre, size, angle_deg, colour, pattern }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strip_reader_core::model::builtin_model;

    #[test]
    fn field_scenes_are_deterministic_in_frame_and_tagged() {
        let m = builtin_model(None).unwrap();
        let mut seen = std::collections::BTreeMap::new();
        let mut strips = 0;
        let mut clean = 0;
        for seed in 0..300u64 {
            let (w, h) = if seed % 3 == 0 { (900, 1200) } else { (1200, 900) };
            let p = field_scene(&m, seed, w, h);
            assert_eq!(p, field_scene(&m, seed, w, h), "seed {seed}");
            let drawn = field_render_model(&m, &p);
            assert!(!p.scene.strips.is_empty());
            for t in layout(&drawn, &p.scene) {
                for c in t.corners {
                    assert!(c[0] > 0.0 && c[1] > 0.0 && c[0] < w as f32 && c[1] < h as f32, "seed {seed}: {c:?}");
                }
            }
            for (i, s) in p.scene.strips.iter().enumerate() {
                strips += 1;
                match s.truth {
                    Truth::Positive => assert_eq!(s.test_contrast, 0.0),
                    Truth::Negative => assert!(s.test_contrast >= 0.012 && s.control_contrast >= 0.06),
                    Truth::Invalid => assert_eq!(s.control_contrast, 0.0),
                }
                let tags = strip_tags(&drawn, &p.scene, p.quality, i);
                if tags.is_empty() {
                    clean += 1;
                }
                for t in tags {
                    *seen.entry(t).or_insert(0) += 1;
                }
            }
            // Multi-strip photos never overlap their strips.
            let boxes: Vec<_> = p.scene.strips.iter().map(|s| table_box(&drawn, s, w, h)).collect();
            for i in 0..boxes.len() {
                for j in i + 1..boxes.len() {
                    assert!(!overlap(boxes[i], boxes[j], 0.0), "seed {seed}: strips {i} and {j} overlap");
                }
            }
        }
        for (name, _) in TAGS {
            assert!(seen.get(name).copied().unwrap_or(0) >= 5, "tag {name} seen {:?} times", seen.get(name));
        }
        assert!(clean >= 30 && strips > 330, "clean {clean}, strips {strips}");
    }

    #[test]
    fn tags_of_a_plain_scene_are_few() {
        let m = builtin_model(None).unwrap();
        let s = crate::clear_scene(&m, Truth::Negative, 0.0, 1600, 1200, 1);
        assert!(strip_tags(&m, &s, 90, 0).is_empty(), "{:?}", strip_tags(&m, &s, 90, 0));
        let mut s2 = s.clone();
        s2.shadows.push(HardShadow { point: [0.5, 0.5], angle_deg: 90.0, band: 0.0, softness_px: 1.0, darkness: 0.4 });
        assert!(strip_tags(&m, &s2, 90, 0).contains(&"shadow"));
        // A shadow far from the strip does not count.
        s2.shadows[0].point = [0.02, 0.5];
        assert!(!strip_tags(&m, &s2, 90, 0).contains(&"shadow"), "{:?}", strip_tags(&m, &s2, 90, 0));
    }

    #[test]
    fn cassette_model_is_valid() {
        let m = builtin_model(None).unwrap();
        let c = cassette_model(&m);
        assert_eq!(c.format, Format::Cassette);
        assert_eq!((c.drug.as_str(), c.assay), (m.drug.as_str(), m.assay));
        assert!(c.geometry.handle.is_none());
        // Through the model checks, whatever the schema version.
        let text = serde_json::to_string(&c).unwrap();
        Model::from_json(&text, "cassette").expect("the cassette geometry passes the model checks");
        assert_eq!(cassette_model(&c), c);
    }
}
