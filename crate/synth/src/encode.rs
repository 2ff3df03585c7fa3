//! Writing renders out: JPEG / PNG bytes and numbered test sets with a CSV manifest.
//!
//! Conventions: set files are named `000.jpg`, `001.jpg`, … (zero-padded to at least 3 digits,
//! more when the set is larger). Item `i` of a set with seed `s` is exactly
//! `random_scene(model, item_seed(s, i), width, height)`; the manifest's `seed` column holds that
//! item seed so any single photo can be regenerated. Contrasts in the manifest are the
//! *requested* green contrasts (before blur, noise and JPEG), angles in degrees (0 = handle to
//! the right, 90 = handle down), `length` a fraction of the longer side.

use crate::rng::mix64;
use crate::{random_scene, render, Background, Model, Rendered, Scene};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder};
use std::io::Write;
use std::path::Path;

/// JPEG quality used by [`write_set`].
pub const SET_JPEG_QUALITY: u8 = 90;

/// Encodes as baseline JPEG (alpha dropped) at `quality` 1..=100. Panics on an empty (0-pixel)
/// render.
pub fn encode_jpeg(r: &Rendered, quality: u8) -> Vec<u8> {
    let mut rgb = Vec::with_capacity(r.width * r.height * 3);
    for px in r.rgba.chunks_exact(4) {
        rgb.extend_from_slice(&px[..3]);
    }
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality.clamp(1, 100))
        .encode(
            &rgb,
            r.width as u32,
            r.height as u32,
            ExtendedColorType::Rgb8,
        )
        .expect("JPEG encoding into memory does not fail for a well-formed render");
    out
}

/// Encodes as RGBA PNG (lossless). Panics on an empty (0-pixel) render.
pub fn encode_png(r: &Rendered) -> Vec<u8> {
    let mut out = Vec::new();
    PngEncoder::new(&mut out)
        .write_image(
            &r.rgba,
            r.width as u32,
            r.height as u32,
            ExtendedColorType::Rgba8,
        )
        .expect("PNG encoding into memory does not fail for a well-formed render");
    out
}

/// The seed of item `index` in a set made with `seed`.
pub fn item_seed(seed: u64, index: usize) -> u64 {
    mix64(seed ^ mix64(index as u64 ^ 0x5E75_0000_0000_0000))
}

/// The manifest's header line (no newline).
pub fn manifest_header() -> &'static str {
    "file,truth,test_contrast,control_contrast,angle_deg,length,seed,width,height,background,light_gradient,white_balance,tilt,blur_px,noise_sigma,handle_colour,quality"
}

/// One manifest line (no newline) for a scene's first strip written as `file`.
pub fn manifest_row(file: &str, scene: &Scene, item_seed: u64, quality: u8) -> String {
    let s = scene.strips.first();
    let hex = |c: [u8; 3]| format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]);
    let bg = match &scene.background {
        Background::Plain(c) => format!("plain {}", hex(*c)),
        Background::Gradient { from, to, .. } => format!("gradient {}-{}", hex(*from), hex(*to)),
        Background::Wood { colour, .. } => format!("wood {}", hex(*colour)),
        Background::Checker { a, b, .. } => format!("checker {}/{}", hex(*a), hex(*b)),
    };
    let wb = scene.white_balance;
    format!(
        "{file},{},{:.4},{:.4},{:.2},{:.4},{item_seed},{},{},{bg},{:.3},{:.3}/{:.3}/{:.3},{:.3},{:.2},{:.2},{},{quality}",
        s.map_or("none", |s| s.truth.as_str()),
        s.map_or(0.0, |s| s.test_contrast),
        s.map_or(0.0, |s| s.control_contrast),
        s.map_or(0.0, |s| s.angle_deg),
        s.map_or(0.0, |s| s.length),
        scene.width,
        scene.height,
        scene.light_gradient,
        wb[0],
        wb[1],
        wb[2],
        scene.tilt,
        scene.blur_px,
        scene.noise_sigma,
        s.and_then(|s| s.handle_colour).map_or("model".to_string(), hex),
    )
}

/// Writes `count` random photos (`000.jpg`, …, JPEG quality [`SET_JPEG_QUALITY`]) and
/// `manifest.csv` into `dir` (created if missing).
pub fn write_set(
    model: &Model,
    seed: u64,
    count: usize,
    width: usize,
    height: usize,
    dir: &Path,
) -> std::io::Result<()> {
    write_set_with(model, seed, count, width, height, dir, SET_JPEG_QUALITY)
}

/// [`write_set`] with a chosen JPEG quality (1..=100).
pub fn write_set_with(
    model: &Model,
    seed: u64,
    count: usize,
    width: usize,
    height: usize,
    dir: &Path,
    quality: u8,
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let digits = count.saturating_sub(1).to_string().len().max(3);
    let mut manifest = String::new();
    manifest.push_str(manifest_header());
    manifest.push('\n');
    for i in 0..count {
        let s = item_seed(seed, i);
        let scene = random_scene(model, s, width, height);
        let img = render(model, &scene);
        let file = format!("{i:0digits$}.jpg");
        std::fs::write(dir.join(&file), encode_jpeg(&img, quality))?;
        manifest.push_str(&manifest_row(&file, &scene, s, quality));
        manifest.push('\n');
    }
    let mut f = std::fs::File::create(dir.join("manifest.csv"))?;
    f.write_all(manifest.as_bytes())?;
    Ok(())
}
