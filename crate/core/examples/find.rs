//! Debug aid: prints the strip-shaped regions the search finds in a photo, before reading.
//! `cargo run --release -p strip-reader-core --example find -- [--model ID] FILE...`
use strip_reader_core::{builtin_model, find, kernels};

fn main() {
    let mut model = builtin_model(None).expect("model");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--model" {
            model = builtin_model(args.next().as_deref()).expect("model");
            continue;
        }
        let img = strip_reader_core::decode::decode(&std::fs::read(&arg).expect("read")).expect("decode");
        let view = img.view().expect("view");
        let factor = kernels::reduction_factor(img.width, img.height, find::WORK_SIDE);
        let small = kernels::downscale_box(&view, factor);
        let (found, scene) = find::find_strips_with(&small, factor, model.geometry.aspect, model.geometry.handle.as_ref(), find::Search::Full);
        println!("{arg}: {}x{} factor {factor} background {:?}", img.width, img.height, scene.background);
        for f in found {
            println!("  centre {:?} axis {:?} length {:.0} width {:.0} fill {:.2} edge {}", f.frame.centre, f.frame.axis, f.frame.length, f.frame.width, f.fill, f.touches_edge);
            let target = strip_reader_core::strip::Target::Found { frame: f.frame, background: scene.background, touches_edge: f.touches_edge };
            let (r, q) = strip_reader_core::strip::read_strip(&view, target, &model);
            println!("    -> {:?} {:?} window {:?} lines {:?} noise {:.4}", r.result, r.reason, r.window, r.lines, q.noise);
        }
    }
}
