//! The clear-photo set: one dipstick, the four right-angle rotations and small tilts, good light,
//! positive / negative / invalid. Every photo in it must read right, natively and in the
//! browser, with the same result (tests/tests/clear_photos.rs, tests/e2e/parity.test.mjs).

use crate::{clear_scene, Model, Scene, Truth};

/// One photo of the set: a file name, its truth and the scene that draws it.
pub struct ClearPhoto {
    pub name: String,
    pub truth: Truth,
    pub angle_deg: f32,
    pub tilt: f32,
    pub scene: Scene,
}

/// The set, in a fixed order, drawn from `model`.
pub fn clear_set(model: &Model) -> Vec<ClearPhoto> {
    let mut out = Vec::new();
    let mut seed = 100;
    for angle in [0.0f32, 90.0, 180.0, 270.0, 6.0, 96.0, 174.0, 263.0, 45.0] {
        for (tilt, (w, h)) in [(0.0f32, (1200usize, 900usize)), (0.08, (900, 1200))] {
            for truth in Truth::ALL {
                seed += 1;
                let mut scene = clear_scene(model, truth, angle, w, h, seed);
                scene.tilt = tilt;
                let name = format!("clear-{:03}-tilt{}-{}.jpg", angle as i32, if tilt > 0.0 { 8 } else { 0 }, truth.as_str());
                out.push(ClearPhoto { name, truth, angle_deg: angle, tilt, scene });
            }
        }
    }
    out
}
