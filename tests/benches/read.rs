//! Native speed: each image kernel on its scalar path and on the best this CPU has, the strip
//! search and one strip read, whole reads (`analyze` on RGBA pixels) at three photo sizes on
//! both paths, and decoding plus reading a 12 MP JPEG.
//!
//!   cargo bench -p strip-reader-tests --bench read               # everything (criterion)
//!   cargo bench -p strip-reader-tests --bench read -- kernels/   # a criterion filter
//!
//! `-- --raw FILE WIDTH HEIGHT RUNS [--scalar]` instead times `analyze` on raw RGBA8 pixels read
//! from FILE (median of RUNS after 2 warm-ups) and prints one JSON line: the native column of
//! `tests/bench/wasm-bench.mjs`, which writes the same photos the wasm build reads.

use criterion::{criterion_group, BenchmarkId, Criterion};
use std::hint::black_box;
use std::time::Instant;
use strip_reader_core::kernels::{self, Path};
use strip_reader_core::{analyze, builtin_model, decode::decode, find, strip, Options, RgbaView};
use strip_reader_tests::{bench_photo, BENCH_SIZES};

/// The scalar path and the best one, named for the benchmark ids.
fn paths() -> Vec<Path> {
    let mut p = vec![Path::Scalar];
    if Path::best() != Path::Scalar {
        p.push(Path::best());
    }
    p
}

fn reads(c: &mut Criterion) {
    let model = builtin_model(None).expect("default model");
    let mut group = c.benchmark_group("analyze");
    group.sample_size(20);
    for (name, w, h) in BENCH_SIZES {
        let photo = bench_photo(&model, w, h);
        let view = RgbaView::new(&photo.rgba, w, h).expect("view");
        for p in paths() {
            group.bench_with_input(BenchmarkId::new(p.name(), name), &view, |b, v| {
                b.iter(|| kernels::with_path(p, || analyze(black_box(v), &model, &Options::default()).expect("read")))
            });
        }
    }
    group.finish();

    let (_, w, h) = BENCH_SIZES[0];
    let photo = bench_photo(&model, w, h);
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

/// Each kernel on the inputs a read of a 12 MP and a 720p photo gives it.
fn kernel_benches(c: &mut Criterion) {
    let model = builtin_model(None).expect("default model");
    let mut group = c.benchmark_group("kernels");
    group.sample_size(20);
    for (name, w, h) in [BENCH_SIZES[0], BENCH_SIZES[2]] {
        let photo = bench_photo(&model, w, h);
        let view = RgbaView::new(&photo.rgba, w, h).expect("view");
        let factor = kernels::reduction_factor(w, h, find::WORK_SIDE);
        let small = kernels::downscale_box(&view, factor);
        let (found, scene) = find::find_strips(&small, factor, model.geometry.aspect);
        let bg = scene.background;
        let dist = kernels::colour_distance(&small.data, bg);
        let mask: Vec<bool> = dist.iter().map(|&d| d > 60.0).collect();
        // The sample points of one strip read (or a diagonal when none was found).
        let frame = found.first().map(|f| f.frame).unwrap_or(find::Frame {
            centre: [w as f32 / 2.0, h as f32 / 2.0],
            axis: [0.8, 0.6],
            length: w as f32 / 2.0,
            width: w as f32 / 30.0,
            keystone: 0.0,
        });
        let points: Vec<[f32; 2]> = (0..40_000).map(|i| frame.point((i / 40) as f32 / 1000.0, (i % 40) as f32 / 40.0 * 0.6 - 0.3)).collect();
        let mut out = vec![[0.0f32; 3]; points.len()];
        // Scalar only (no kernel twins yet): the edge-pair search inside find_strips.
        group.bench_function(BenchmarkId::new("edge_bars", name), |b| {
            b.iter(|| strip_reader_core::bars::edge_bars(black_box(&small), model.geometry.aspect, 60.0))
        });
        for p in paths() {
            let id = |k: &str| BenchmarkId::new(format!("{k}/{}", p.name()), name);
            group.bench_function(id("downscale_box"), |b| b.iter(|| kernels::downscale_box_on(p, black_box(&view), factor)));
            group.bench_function(id("open3"), |b| b.iter(|| kernels::open3_on(p, black_box(&mask), small.width, small.height)));
            group.bench_function(id("colour_distance"), |b| b.iter(|| kernels::colour_distance_on(p, black_box(&small.data), bg)));
            group.bench_function(id("histogram256"), |b| b.iter(|| kernels::histogram256_on(p, black_box(&dist), 255.0 / 442.0)));
            group.bench_function(id("sample_bilinear_40k"), |b| b.iter(|| kernels::sample_bilinear_many_on(p, black_box(&view), &points, &mut out)));
            group.bench_function(id("find_strips"), |b| {
                b.iter(|| kernels::with_path(p, || find::find_strips(black_box(&small), factor, model.geometry.aspect)))
            });
            if let Some(f) = found.first() {
                let target = strip::Target::Found { frame: f.frame, background: bg, touches_edge: f.touches_edge };
                group.bench_function(id("read_strip"), |b| b.iter(|| kernels::with_path(p, || strip::read_strip(black_box(&view), target, &model))));
            }
        }
    }
    // Profile kernels (one path): a 2000-sample profile, windows as a read uses them.
    let profile: Vec<f32> = (0..2000).map(|i| 200.0 + 20.0 * ((i as f32) * 0.05).sin() + (i % 7) as f32).collect();
    group.bench_function("closing/2000x41", |b| b.iter(|| kernels::closing(black_box(&profile), 20)));
    group.bench_function("box_smooth/2000x7", |b| b.iter(|| kernels::box_smooth(black_box(&profile), 3)));
    group.bench_function("median/2000", |b| b.iter(|| kernels::median(black_box(&profile))));
    group.bench_function("trimmed_mean/40", |b| b.iter(|| kernels::trimmed_mean(&mut black_box(profile[..40].to_vec()), 0.2)));
    group.finish();
}

/// `--raw FILE WIDTH HEIGHT RUNS [--scalar] [--frame]`: see the module docs (`--frame`: the
/// live camera's frame check, strips searched for at `FRAME_FIND_SIDE`).
fn raw(args: &[String]) -> Result<(), String> {
    let [file, w, h, runs, rest @ ..] = args else {
        return Err("usage: --raw FILE WIDTH HEIGHT RUNS [--scalar] [--frame]".into());
    };
    let num = |s: &str| s.parse::<usize>().map_err(|e| format!("{s}: {e}"));
    let (w, h, runs) = (num(w)?, num(h)?, num(runs)?.max(1));
    let path = if rest.iter().any(|a| a == "--scalar") { Path::Scalar } else { Path::best() };
    kernels::set_path(Some(path));
    let options = if rest.iter().any(|a| a == "--frame") {
        Options { find_side: Some(strip_reader_core::FRAME_FIND_SIDE), quick_search: true, ..Options::default() }
    } else {
        Options::default()
    };
    let rgba = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
    let view = RgbaView::new(&rgba, w, h).map_err(|e| e.to_string())?;
    let model = builtin_model(None).map_err(|e| e.to_string())?;
    let mut times = Vec::with_capacity(runs);
    let mut result = String::new();
    for i in 0..runs + 2 {
        let t0 = Instant::now();
        let reading = analyze(black_box(&view), &model, &options).map_err(|e| e.to_string())?;
        let ms = t0.elapsed().as_secs_f64() * 1e3;
        if i >= 2 {
            times.push(ms);
        }
        result = serde_json::to_value(reading.result).map(|v| v.as_str().unwrap_or("?").to_string()).unwrap_or_default();
    }
    times.sort_by(f64::total_cmp);
    let median = if runs % 2 == 1 { times[runs / 2] } else { 0.5 * (times[runs / 2 - 1] + times[runs / 2]) };
    let q = |f: f64| times[((runs - 1) as f64 * f).round() as usize];
    println!(
        "{}",
        serde_json::json!({"path": path.name(), "width": w, "height": h, "runs": runs, "median_ms": median, "min_ms": times[0],
                           "p25_ms": q(0.25), "p75_ms": q(0.75), "result": result})
    );
    Ok(())
}

criterion_group!(benches, kernel_benches, reads);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--raw") {
        if let Err(e) = raw(&args[i + 1..]) {
            eprintln!("read bench --raw: {e}");
            std::process::exit(2);
        }
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
