//! Writing renders out: JPEG / PNG bytes and numbered test sets with a CSV manifest.
//!
//! Conventions: set files are named `000.jpg`, `001.jpg`, … (zero-padded to at least 3 digits,
//! more when the set is larger). Item `i` of a set with seed `s` is exactly
//! `random_scene(model, item_seed(s, i), width, height)` ([`write_set`]) or
//! `field_scene(model, item_seed(s, i), width, height)` ([`write_field_set`]); the manifest's
//! `seed` column holds that item seed and `generator` says which, so any single photo can be
//! regenerated. Contrasts in the manifest are the *requested* green contrasts (before blur,
//! noise and JPEG), angles in degrees (0 = handle to the right, 90 = handle down), `length` a
//! fraction of the longer side.
//!
//! The manifest has **one row per strip** (a photo of three strips has three rows with the same
//! `file`; `strip` numbers them from 0, `strips` counts them). Columns after `quality` give each
//! strip's place in the photo as drawn (photo px, after the keystone): `centre_x/_y` (the
//! outline's centre), `sample_x/_y` (the middle of the sample end), `length_px`/`width_px`; then
//! the strip's `stain` and `print` ink (`none` or `#rrggbb`), the photo's `motion_px` and
//! `vignette`, and `tags`: the conditions that apply to this strip, `;`-separated (see
//! [`crate::field::TAGS`]). Sets are written by all cores, but every byte depends only on the
//! seed.

use crate::field::{field_render_model, field_scene, strip_tags};
use crate::rng::mix64;
use crate::{layout, random_scene, render, Background, Model, Rendered, Scene};
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
    "file,truth,test_contrast,control_contrast,angle_deg,length,seed,width,height,background,light_gradient,white_balance,tilt,blur_px,noise_sigma,handle_colour,quality,strip,strips,format,generator,centre_x,centre_y,sample_x,sample_y,length_px,width_px,stain,print,motion_px,vignette,tags"
}

fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// The first 17 manifest columns (`file` … `quality`, no newline) for a scene's first strip
/// written as `file`. [`manifest_rows`] gives whole rows.
pub fn manifest_row(file: &str, scene: &Scene, item_seed: u64, quality: u8) -> String {
    photo_columns(file, scene, scene.strips.first(), item_seed, quality)
}

/// Whole manifest rows (no newlines), one per strip of `scene` as drawn with `drawn` (the model
/// the photo was rendered with: a cassette for cassette photos), for `file` made by `generator`
/// (`random` or `field`).
pub fn manifest_rows(
    drawn: &Model,
    file: &str,
    scene: &Scene,
    item_seed: u64,
    quality: u8,
    generator: &str,
) -> Vec<String> {
    let truth = layout(drawn, scene);
    let format = match drawn.format {
        strip_reader_core::model::Format::Dipstick => "dipstick",
        strip_reader_core::model::Format::Cassette => "cassette",
    };
    truth
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let spec = &scene.strips[i];
            let c = t.corners;
            let centre = [
                0.25 * (c[0][0] + c[1][0] + c[2][0] + c[3][0]),
                0.25 * (c[0][1] + c[1][1] + c[2][1] + c[3][1]),
            ];
            let sample = [0.5 * (c[0][0] + c[1][0]), 0.5 * (c[0][1] + c[1][1])];
            let far = [0.5 * (c[2][0] + c[3][0]), 0.5 * (c[2][1] + c[3][1])];
            let len = ((far[0] - sample[0]).powi(2) + (far[1] - sample[1]).powi(2)).sqrt();
            let wid = 0.5
                * (((c[1][0] - c[0][0]).powi(2) + (c[1][1] - c[0][1]).powi(2)).sqrt()
                    + ((c[2][0] - c[3][0]).powi(2) + (c[2][1] - c[3][1]).powi(2)).sqrt());
            format!(
                "{},{i},{},{format},{generator},{:.1},{:.1},{:.1},{:.1},{:.1},{:.1},{:.4},{},{:.2},{:.3},{}",
                photo_columns(file, scene, Some(spec), item_seed, quality),
                truth.len(),
                centre[0],
                centre[1],
                sample[0],
                sample[1],
                len,
                wid,
                spec.stain,
                spec.print_ink.map_or("none".to_string(), hex),
                scene.motion_px,
                scene.vignette,
                strip_tags(drawn, scene, quality, i).join(";"),
            )
        })
        .collect()
}

fn photo_columns(
    file: &str,
    scene: &Scene,
    s: Option<&crate::StripSpec>,
    item_seed: u64,
    quality: u8,
) -> String {
    let bg = match &scene.background {
        Background::Plain(c) => format!("plain {}", hex(*c)),
        Background::Gradient { from, to, .. } => format!("gradient {}-{}", hex(*from), hex(*to)),
        Background::Wood { colour, .. } => format!("wood {}", hex(*colour)),
        Background::Checker { a, b, .. } => format!("checker {}/{}", hex(*a), hex(*b)),
        Background::Stripes { a, b, .. } => format!("stripes {}/{}", hex(*a), hex(*b)),
        Background::Speckle { base, spots, .. } => {
            format!("speckle {}/{}", hex(*base), hex(*spots))
        }
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
/// `manifest.csv` into `dir` (created if missing). Photos of [`random_scene`]: one dipstick,
/// varied but readable.
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
    write_items(dir, count, |i, file| {
        let s = item_seed(seed, i);
        let scene = random_scene(model, s, width, height);
        let img = render(model, &scene);
        let rows = manifest_rows(model, file, &scene, s, quality, "random");
        (encode_jpeg(&img, quality), rows)
    })
}

/// Writes `count` photos of [`field_scene`] (what real photos do: cassettes, clutter, shadows,
/// glare, stains, several strips...; each at its own JPEG quality) and `manifest.csv` into `dir`.
pub fn write_field_set(
    model: &Model,
    seed: u64,
    count: usize,
    width: usize,
    height: usize,
    dir: &Path,
) -> std::io::Result<()> {
    write_items(dir, count, |i, file| {
        let s = item_seed(seed, i);
        let photo = field_scene(model, s, width, height);
        let drawn = field_render_model(model, &photo);
        let img = render(&drawn, &photo.scene);
        let rows = manifest_rows(&drawn, file, &photo.scene, s, photo.quality, "field");
        (encode_jpeg(&img, photo.quality), rows)
    })
}

/// Makes items `0..count` on every core (`make(index, file name)` → JPEG bytes and manifest
/// rows), writes each photo as soon as it is made, and the manifest, in order, at the end.
fn write_items<F>(dir: &Path, count: usize, make: F) -> std::io::Result<()>
where
    F: Fn(usize, &str) -> (Vec<u8>, Vec<String>) + Sync,
{
    use std::sync::atomic::{AtomicUsize, Ordering};
    std::fs::create_dir_all(dir)?;
    let digits = count.saturating_sub(1).to_string().len().max(3);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(count.max(1));
    let next = AtomicUsize::new(0);
    // Per thread: the (index, manifest rows) of every item it wrote.
    type Written = std::io::Result<Vec<(usize, Vec<String>)>>;
    let results: Vec<Written> = std::thread::scope(|sc| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                sc.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= count {
                            return Ok(done);
                        }
                        let file = format!("{i:0digits$}.jpg");
                        let (bytes, rows) = make(i, &file);
                        std::fs::write(dir.join(&file), bytes)?;
                        done.push((i, rows));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a set-writing thread panicked"))
            .collect()
    });
    let mut rows: Vec<Vec<String>> = vec![Vec::new(); count];
    for r in results {
        for (i, rs) in r? {
            rows[i] = rs;
        }
    }
    let mut manifest = String::new();
    manifest.push_str(manifest_header());
    manifest.push('\n');
    for line in rows.iter().flatten() {
        manifest.push_str(line);
        manifest.push('\n');
    }
    let mut f = std::fs::File::create(dir.join("manifest.csv"))?;
    f.write_all(manifest.as_bytes())?;
    Ok(())
}
