//! File bytes → decode → read (strip search or `--window`, from the last byte). Limits are
//! smaller than the defaults so that each run stays fast (photos above 150,000 pixels are
//! reduced, which also exercises the reduction); the code paths are the same.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use strip_reader_core::decode::{decode_with, DecodeLimits};
use strip_reader_core::{analyze, builtin_model, Model, Options};
use strip_reader_fuzz::check_reading;

fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| builtin_model(None).expect("the default model loads"))
}

fuzz_target!(|data: &[u8]| {
    let limits = DecodeLimits {
        max_bytes: 1 << 20,
        max_pixels: 1_500_000,
        work_pixels: 150_000,
        memory_budget: 96 << 20,
        ..DecodeLimits::default()
    };
    let Ok(d) = decode_with(data, &limits) else { return };
    let img = &d.image;
    assert!(img.width * img.height <= limits.work_pixels);
    assert_eq!(img.data.len(), img.width * img.height * 4);
    let view = img.view().expect("a decoded image is a valid view");
    let window = data.last().is_some_and(|b| b & 1 == 1);
    let r = analyze(&view, model(), &Options { window, ..Options::default() }).expect("a decoded image reads");
    check_reading(&r);
});
