//! Debug aid: writes the reduced photo beside the masks the strip search uses, as a PNG.
//! `cargo run --release -p strip-reader-core --example findmask -- FILE OUT.png`
use strip_reader_core::{builtin_model, find, kernels};

fn main() {
    let model = builtin_model(None).expect("model");
    let args: Vec<String> = std::env::args().skip(1).collect();
    let img = strip_reader_core::decode::decode(&std::fs::read(&args[0]).expect("read")).expect("decode");
    let view = img.view().expect("view");
    let factor = kernels::reduction_factor(img.width, img.height, find::WORK_SIDE);
    let small = kernels::downscale_box(&view, factor);
    let masks = find::debug_masks(&small, model.geometry.aspect);
    let (w, h) = (small.width, small.height);
    let panels = 1 + masks.len();
    let mut out = image::RgbImage::new((w * panels.min(3)) as u32, (h * panels.div_ceil(3)) as u32);
    for y in 0..h {
        for x in 0..w {
            let p = small.at(x, y);
            out.put_pixel(x as u32, y as u32, image::Rgb([p[0] as u8, p[1] as u8, p[2] as u8]));
            for (k, m) in masks.iter().enumerate() {
                let v = m[y * w + x];
                let (px, py) = (((k + 1) % 3) * w + x, ((k + 1) / 3) * h + y);
                out.put_pixel(px as u32, py as u32, image::Rgb([v, v, v]));
            }
        }
    }
    out.save(&args[1]).expect("save");
}
