//! Ready-made scenes: a clear photo ([`clear_scene`]) and a varied but readable one
//! ([`random_scene`]).
//!
//! Conventions as in the crate docs: angles in degrees (0 = handle to the right, 90 = handle
//! down), centre as a fraction of the frame, length as a fraction of the longer side. Both
//! functions are pure functions of their arguments; the same seed gives the same scene.
//!
//! ## `random_scene` ranges (one strip per photo)
//! | parameter | drawn from |
//! |---|---|
//! | truth | positive 40 %, negative 45 %, invalid 15 % |
//! | control contrast | 0.20..0.60 uniform (0 when invalid) |
//! | test contrast | negative: 0.04..0.50 log-uniform (as many faint lines as strong ones); invalid: half 0, half 0.04..0.50 log-uniform; positive: 0 |
//! | line jitter | ±0.02 of the window, each line |
//! | angle | 0..360° uniform |
//! | tilt | ±0.08 |
//! | length | 0.25..0.80 of the longer side, capped so the whole strip fits with a margin |
//! | centre | uniform where the strip stays ≥ ~4 % inside the frame |
//! | handle colour | the model's 85 %, else green, red or purple |
//! | shadow | 0.10..0.30 |
//! | background | plain 35 %, gradient 20 %, wood 30 %, checker 15 %; colours from a palette of table colours (grey-blue, wood-brown, slate, green mat, beige, mid grey, near-black, light grey), never near-white |
//! | light gradient | 0..0.30, any direction |
//! | white balance | red 0.90..1.08, blue 0.88..1.08, times an exposure of 0.82..1.0, scaled down so that the membrane never clips |
//! | blur | none half the time, else sigma 0.3..1.5 px |
//! | noise | sigma 1..5 |

use crate::rng::{mix64, Rng};
use crate::{Background, Model, Scene, StripSpec, Truth, GREY_BLUE, SLATE, WOOD_BROWN};

/// The largest strip length (fraction of the longer side) at which a strip at `angle_deg` fits
/// within `margin` (e.g. 0.9) of the frame in both directions.
pub fn fit_length(model: &Model, angle_deg: f32, width: usize, height: usize, margin: f32) -> f32 {
    let a = angle_deg.to_radians();
    let (c, s) = (a.cos().abs(), a.sin().abs());
    let inv_aspect = 1.0 / model.geometry.aspect;
    let lx = margin * width as f32 / (c + s * inv_aspect);
    let ly = margin * height as f32 / (s + c * inv_aspect);
    lx.min(ly) / width.max(height).max(1) as f32
}

/// Half the axis-aligned extent (px) of a strip of this length fraction and angle.
pub(crate) fn half_extent(
    model: &Model,
    length: f32,
    angle_deg: f32,
    width: usize,
    height: usize,
) -> [f32; 2] {
    let l = length * width.max(height) as f32;
    let wd = l / model.geometry.aspect;
    let a = angle_deg.to_radians();
    let (c, s) = (a.cos().abs(), a.sin().abs());
    [0.5 * (l * c + wd * s), 0.5 * (l * s + wd * c)]
}

/// A centre (fraction of the frame) drawn uniformly within `spread` (fraction) of the middle,
/// but never closer than `margin` (fraction) to an edge for this strip.
pub(crate) fn draw_centre(
    rng: &mut Rng,
    half: [f32; 2],
    width: usize,
    height: usize,
    margin: f32,
    spread: f32,
) -> [f32; 2] {
    let mut out = [0.5; 2];
    for (i, size) in [width as f32, height as f32].into_iter().enumerate() {
        let slack = ((0.5 - margin) * size - half[i]).max(0.0) / size;
        let lim = slack.min(spread);
        out[i] = 0.5 + rng.range(-lim, lim);
    }
    out
}

/// A clear photo: one strip about 65 % of the longer side (less if it would not fit at this
/// angle), within 3 % of the centre, on a plain mid/dark table (grey-blue, wood-brown or slate,
/// picked by the seed), even light, neutral white balance, no tilt, no blur, noise sigma 1.5.
/// Lines: Positive = control 0.45; Negative = test 0.25 + control 0.45; Invalid = test 0.25 and
/// no control (the "single line in the wrong place" case). Each line is jittered by up to ±2 %
/// of the window.
pub fn clear_scene(
    model: &Model,
    truth: Truth,
    angle_deg: f32,
    width: usize,
    height: usize,
    seed: u64,
) -> Scene {
    let mut rng = Rng::new(mix64(seed ^ 0xC1EA_2000_0000_0000));
    let mut spec = StripSpec::typical(truth);
    spec.angle_deg = angle_deg;
    spec.length = 0.65f32.min(fit_length(model, angle_deg, width, height, 0.88));
    let half = half_extent(model, spec.length, angle_deg, width, height);
    spec.centre = draw_centre(&mut rng, half, width, height, 0.04, 0.03);
    spec.test_offset = rng.range(-0.02, 0.02);
    spec.control_offset = rng.range(-0.02, 0.02);
    let mut scene = Scene::new(width, height, seed);
    scene.background = Background::Plain([GREY_BLUE, WOOD_BROWN, SLATE][rng.below(3)]);
    scene.noise_sigma = 1.5;
    scene.strips.push(spec);
    scene
}

/// Table colours for random scenes (none near white).
pub const PALETTE: [[u8; 3]; 8] = [
    GREY_BLUE,
    WOOD_BROWN,
    SLATE,
    [52, 84, 66],    // green cutting mat
    [176, 160, 132], // beige
    [128, 128, 124], // mid grey
    [34, 34, 38],    // near-black
    [178, 182, 182], // light grey
];

/// One of `palette`, varied a little in brightness and hue.
pub(crate) fn pick_colour(rng: &mut Rng, palette: &[[u8; 3]]) -> [u8; 3] {
    let c = palette[rng.below(palette.len())];
    let k = rng.range(0.9, 1.1);
    c.map(|v| (v as f32 * k + rng.range(-6.0, 6.0)).clamp(0.0, 205.0) as u8)
}

/// A varied but readable photo with one strip; see the module docs for the ranges drawn.
pub fn random_scene(model: &Model, seed: u64, width: usize, height: usize) -> Scene {
    let mut rng = Rng::new(mix64(seed ^ 0x4A4D_0000_0000_0000));
    let r = rng.next_f32();
    let truth = if r < 0.40 {
        Truth::Positive
    } else if r < 0.85 {
        Truth::Negative
    } else {
        Truth::Invalid
    };
    let control = rng.range(0.20, 0.60);
    let test = match truth {
        Truth::Negative => rng.log_range(0.04, 0.50),
        Truth::Invalid if rng.chance(0.5) => rng.log_range(0.04, 0.50),
        _ => 0.0,
    };
    let mut spec = StripSpec::new(truth, test, control);
    spec.test_offset = rng.range(-0.02, 0.02);
    spec.control_offset = rng.range(-0.02, 0.02);
    spec.angle_deg = rng.range(0.0, 360.0);
    let tilt = rng.range(-0.08, 0.08);
    let lmax = fit_length(model, spec.angle_deg, width, height, 0.86 - tilt.abs());
    spec.length = if lmax <= 0.25 {
        lmax
    } else {
        rng.range(0.25, lmax.min(0.80))
    };
    let half = half_extent(model, spec.length, spec.angle_deg, width, height);
    spec.centre = draw_centre(&mut rng, half, width, height, 0.04 + 0.5 * tilt.abs(), 0.5);
    if rng.chance(0.15) {
        spec.handle_colour = Some([[40, 140, 80], [190, 42, 52], [110, 60, 150]][rng.below(3)]);
    }
    spec.shadow = rng.range(0.10, 0.30);

    let mut scene = Scene::new(width, height, seed);
    scene.tilt = tilt;
    let kind = rng.next_f32();
    let c1 = pick_colour(&mut rng, &PALETTE);
    scene.background = if kind < 0.35 {
        Background::Plain(c1)
    } else if kind < 0.55 {
        let c2 = pick_colour(&mut rng, &PALETTE);
        Background::Gradient {
            from: c1,
            to: c2,
            angle_deg: rng.range(0.0, 360.0),
        }
    } else if kind < 0.85 {
        let wood = pick_colour(
            &mut rng,
            &[[124, 90, 62], [150, 112, 74], [96, 66, 44], [170, 134, 96]],
        );
        Background::Wood {
            colour: wood,
            grain_angle_deg: rng.range(0.0, 180.0),
        }
    } else {
        let c2 = pick_colour(&mut rng, &PALETTE);
        Background::Checker {
            a: c1,
            b: c2,
            cell: rng.range(0.03, 0.12),
        }
    };
    scene.light_gradient = rng.range(0.0, 0.30);
    scene.light_angle_deg = rng.range(0.0, 360.0);
    let exposure = rng.range(0.82, 1.0);
    let mut wb = [
        rng.range(0.90, 1.08) * exposure,
        exposure,
        rng.range(0.88, 1.08) * exposure,
    ];
    let peak = wb.iter().cloned().fold(0.0f32, f32::max) * (1.0 + 0.5 * scene.light_gradient);
    if peak > 1.02 {
        wb.iter_mut().for_each(|g| *g *= 1.02 / peak);
    }
    scene.white_balance = wb;
    scene.blur_px = if rng.chance(0.5) {
        0.0
    } else {
        rng.range(0.3, 1.5)
    };
    scene.noise_sigma = rng.range(1.0, 5.0);
    scene.strips.push(spec);
    scene
}
