//! Helpers shared by the cross-crate tests and benchmarks.

use strip_reader_core::Model;
use strip_reader_synth::{clear_scene, render, Rendered, Truth};

/// The photo sizes benchmarks read: (name, width, height).
pub const BENCH_SIZES: [(&str, usize, usize); 3] = [("12MP", 4000, 3000), ("3MP", 2000, 1500), ("720p", 1280, 720)];

/// A clear synthesized photo of one negative dipstick (both lines), the same every run.
pub fn bench_photo(model: &Model, width: usize, height: usize) -> Rendered {
    render(model, &clear_scene(model, Truth::Negative, 8.0, width, height, 2024))
}

/// Where the shared real-photo sets are, from the repository root (`../shared/data`).
pub fn shared_data() -> Option<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data");
    root.is_dir().then_some(root)
}
