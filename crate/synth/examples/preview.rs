//! Renders a few example photos as PNG and prints how long each render took.
//!
//! `cargo run --release -p strip-reader-synth --example preview [-- OUT_DIR]`
//! (default OUT_DIR: /tmp/synth-preview).

use std::time::Instant;
use strip_reader_synth::{
    clear_scene, encode_jpeg, encode_png, random_scene, render, Model, Scene, Truth,
};

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/synth-preview".to_string());
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("create output folder");
    let model: Model = strip_reader_core::model::builtin_model(None).expect("default model");

    let mut jobs: Vec<(String, Scene)> = vec![
        (
            "positive-0deg".into(),
            clear_scene(&model, Truth::Positive, 0.0, 1200, 900, 1),
        ),
        (
            "negative-90deg".into(),
            clear_scene(&model, Truth::Negative, 90.0, 1200, 900, 2),
        ),
        (
            "invalid-37deg".into(),
            clear_scene(&model, Truth::Invalid, 37.0, 1200, 900, 3),
        ),
        (
            "negative-12mp".into(),
            clear_scene(&model, Truth::Negative, 8.0, 4000, 3000, 4),
        ),
    ];
    for seed in 0..6u64 {
        jobs.push((
            format!("random-{seed}"),
            random_scene(&model, seed, 1200, 900),
        ));
    }
    let mut blurred = random_scene(&model, 100, 4000, 3000);
    blurred.blur_px = 1.5;
    jobs.push(("random-12mp-blur1.5".into(), blurred));

    for (name, scene) in &jobs {
        let t = Instant::now();
        let img = render(&model, scene);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        let s = &scene.strips[0];
        println!(
            "{name}: {}x{} {} T={:.3} C={:.3} angle={:.1} length={:.2} blur={:.2} noise={:.2} tilt={:.3} bg={} render {ms:.0} ms",
            scene.width, scene.height, s.truth, s.test_contrast, s.control_contrast, s.angle_deg, s.length,
            scene.blur_px, scene.noise_sigma, scene.tilt, scene.background.name()
        );
        std::fs::write(dir.join(format!("{name}.png")), encode_png(&img)).expect("write png");
        if scene.width * scene.height > 4_000_000 {
            let t = Instant::now();
            let jpg = encode_jpeg(&img, 90);
            println!(
                "  jpeg q90 encode {:.0} ms, {} bytes",
                t.elapsed().as_secs_f64() * 1e3,
                jpg.len()
            );
            std::fs::write(dir.join(format!("{name}.jpg")), jpg).expect("write jpg");
            // A 1:1 crop around the window, to look at the lines' edges and the noise.
            let rs = &img.strips[0];
            let (cw, ch) = (900usize, 500usize);
            let cx = ((0.5 * (rs.test_position_px[0] + rs.control_position_px[0])) as usize)
                .saturating_sub(cw / 2)
                .min(img.width - cw);
            let cy = ((0.5 * (rs.test_position_px[1] + rs.control_position_px[1])) as usize)
                .saturating_sub(ch / 2)
                .min(img.height - ch);
            let mut crop = strip_reader_synth::Rendered {
                width: cw,
                height: ch,
                rgba: Vec::with_capacity(cw * ch * 4),
                strips: Vec::new(),
            };
            for y in cy..cy + ch {
                crop.rgba.extend_from_slice(
                    &img.rgba[(y * img.width + cx) * 4..(y * img.width + cx + cw) * 4],
                );
            }
            std::fs::write(dir.join(format!("{name}-crop.png")), encode_png(&crop))
                .expect("write crop");
        }
    }
}
