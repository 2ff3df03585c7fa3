//! Debug aid: prints the window-mode profile analysis of one photo.
//! `cargo run --release -p strip-reader-core --example profile -- FILE`
use strip_reader_core::find::Frame;
use strip_reader_core::profile::find_lines;
use strip_reader_core::strip::sample_profile;

fn main() {
    let path = std::env::args().nth(1).expect("FILE");
    let img = strip_reader_core::decode::decode(&std::fs::read(&path).expect("read")).expect("decode");
    let view = img.view().expect("view");
    let (w, h) = (img.width as f32, img.height as f32);
    let frame = if w >= h {
        Frame { centre: [w / 2.0, h / 2.0], axis: [1.0, 0.0], length: w, width: h }
    } else {
        Frame { centre: [w / 2.0, h / 2.0], axis: [0.0, 1.0], length: h, width: w }
    };
    let s = sample_profile(&view, &frame, (0.02, 0.98), (0.0, 1.0), false);
    let lw = 0.05 * s.profile.len() as f32 / 0.94;
    let l = find_lines(&s.profile, lw);
    println!("n {} lw {lw:.1} noise {:.4} gray {}", s.profile.len(), l.noise, l.grayscale);
    for p in &l.peaks {
        println!("{p:?}");
    }
    for i in 0..s.profile.len() {
        println!("{i:3} r {:6.1} g {:6.1} b {:6.1} c {:7.4}", s.profile.r[i], s.profile.g[i], s.profile.b[i], l.contrast[i]);
    }
}
