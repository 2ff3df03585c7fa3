//! Native speed of a whole read (`analyze` on RGBA pixels) at three photo sizes, of decoding
//! plus reading a 12 MP JPEG, and of the reduction kernel alone. Run: `cargo bench -p strip-reader-tests`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::hint::black_box;
use strip_reader_core::{analyze, builtin_model, decode::decode, kernels, Options, RgbaView};
use strip_reader_tests::{bench_photo, BENCH_SIZES};

fn read(c: &mut Criterion) {
    let model = builtin_model(None).expect("default model");
    let mut group = c.benchmark_group("analyze");
    group.sample_size(20);
    for (name, w, h) in BENCH_SIZES {
        let photo = bench_photo(&model, w, h);
        let view = RgbaView::new(&photo.rgba, w, h).expect("view");
        group.bench_with_input(BenchmarkId::from_parameter(name), &view, |b, v| {
            b.iter(|| analyze(black_box(v), &model, &Options::default()).expect("read"))
        });
    }
    group.finish();

    let (_, w, h) = BENCH_SIZES[0];
    let photo = bench_photo(&model, w, h);
    let view = RgbaView::new(&photo.rgba, w, h).expect("view");
    let mut group = c.benchmark_group("kernels");
    group.sample_size(20);
    let factor = kernels::reduction_factor(w, h, strip_reader_core::find::WORK_SIDE);
    group.bench_function("downscale_box/12MP", |b| b.iter(|| kernels::downscale_box(black_box(&view), factor)));
    group.finish();

    let jpeg = strip_reader_synth::encode_jpeg(&photo, 90);
    let mut group = c.benchmark_group("decode+analyze");
    group.sample_size(10);
    group.bench_function("12MP-jpeg", |b| {
        b.iter(|| {
            let img = decode(black_box(&jpeg)).expect("decode");
            let v = img.view().expect("view");
            analyze(&v, &model, &Options::default()).expect("read")
        })
    });
    group.finish();
}

criterion_group!(benches, read);
criterion_main!(benches);
