//! Regression floors on accuracy, scored by `strip_reader_synth::score` (the code behind
//! `strip-reader eval`, so each figure here can be reproduced with the command beside it):
//!
//! - a fixed, small synthesized set of field photos (what real photos do), made in memory from a
//!   seed that nobody looks at while tuning the reader: **no dangerous error** (a positive read
//!   as negative) and a floor on the correct rate among answered strips;
//! - the real `bare-strips` and `full-photos` sets in `../shared/data` (COVID tests, labelled by
//!   line counts): read without error or panic, with floors on line-count agreement.
//!
//! Floors record what the reader achieves today on seeds and photos it was not tuned on, minus
//! a margin for the synthesized set; they are raised when the reader improves and never lowered
//! to let a failing build pass. `measure_floors` (ignored) prints the figures the synthesized
//! floor comes from.
//!
//! The real sets are required: when `../shared/data` is missing the tests fail and say so.

use std::path::PathBuf;
use strip_reader_core::{analyze, builtin_model, decode::decode, Model, Options, Reading};
use strip_reader_synth::field::field_render_model;
use strip_reader_synth::score::{self, Csv, PhotoScore};
use strip_reader_synth::{encode_jpeg, field_scene, item_seed, render};

/// The CI set: `strip-reader synth --out DIR --count 60 --seed 20251129 --width 800 --height 600`
/// then `strip-reader eval DIR` gives the same figures.
const CI_SEED: u64 = 20_251_129;
const CI_COUNT: usize = 60;
const CI_SIZE: (usize, usize) = (800, 600);

/// Floor on the correct rate among answered strips of the CI set. Measured 2026-11-29 on the
/// reader at commit 060df0c with `measure_floors` (sets of 60 from seeds 1..=10, none of them
/// the CI seed; about 35 answered strips each, so one answer is 3 points): lowest 0.825, mean
/// 0.893, no dangerous error in any; floor = lowest - 0.05, rounded down. (The CI set itself
/// gave 37/40 = 0.925.)
const FLOOR_CORRECT_RATE: f32 = 0.77;

/// Floors on the real sets: what the reader at commit 060df0c does, measured 2026-11-29
/// (`strip-reader eval ../shared/data/bare-strips`, `.../full-photos`). A first reader: raise
/// them as it improves.
/// bare-strips: line count agrees with `lines_by_eye` on 0 of 8 at 060df0c (no strip is found
/// on any: white strips on white patterned paper); 1 of 8 since (Picture1 found and counted).
const FLOOR_BARE_AGREE: usize = 1;
/// antigen-windows, read as windows (`strip-reader eval --window .../antigen-windows`): the line
/// count agrees with the label on 900 of 1010 at the commit that reports only lines seen clearly
/// (2026-12-03; 886 before it), 937 since crops are read either way up, along a little turn,
/// with a grey line-shaped dip as the control where no gold line is seen, 942 once a mark too
/// wide for the test line is not listed, 948 without the shade at a crop's rim, 956 with one
/// line listed a zone (2026-12-04). Floor ten below: the set is fixed, so the margin is for a
/// platform's float rounding, not for luck.
const FLOOR_WINDOWS_AGREE: usize = 946;
/// full-photos, read with the cassette model (the photos are of cassettes): 7 of 16 cassettes
/// found, the right number of strips on 6 of 12 photos, the right strips and line counts on 1
/// after the sample-well orientation; 6, 5 and 1 once the finder also cut thin parts out of
/// large components (before either, with the dipstick model: 0, 0, 0). Floors one below, the
/// last at its value.
const FLOOR_FULL_FOUND: usize = 5;
const FLOOR_FULL_COUNT_OK: usize = 4;
const FLOOR_FULL_LINES_OK: usize = 1;

/// Decodes and reads a photo as `strip-reader read` does; a panic becomes an error.
fn read_bytes(bytes: &[u8], model: &Model, options: &Options) -> Result<Reading, String> {
    std::panic::catch_unwind(|| {
        let img = decode(bytes).map_err(|e| e.to_string())?;
        let view = img.view().map_err(|e| e.to_string())?;
        analyze(&view, model, options).map_err(|e| e.to_string())
    })
    .unwrap_or_else(|_| Err("the reader panicked".into()))
}

/// `f(0..n)` on two threads, in order.
fn par_map<T: Send, F: Fn(usize) -> T + Sync>(n: usize, f: F) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get()).min(n.max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut out: Vec<(usize, T)> = std::thread::scope(|sc| {
        let hs: Vec<_> = (0..threads)
            .map(|_| {
                sc.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= n {
                            return mine;
                        }
                        mine.push((i, f(i)));
                    }
                })
            })
            .collect();
        hs.into_iter().flat_map(|h| h.join().expect("worker panicked")).collect()
    });
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, t)| t).collect()
}

/// Makes, encodes, reads and scores a field set in memory.
fn field_set(model: &Model, seed: u64, count: usize, (w, h): (usize, usize)) -> Vec<PhotoScore> {
    par_map(count, |i| {
        let s = item_seed(seed, i);
        let photo = field_scene(model, s, w, h);
        let drawn = field_render_model(model, &photo);
        let img = render(&drawn, &photo.scene);
        let jpeg = encode_jpeg(&img, photo.quality);
        let file = format!("{i:03}.jpg");
        let truths = score::truth_strips(&file, &drawn, &photo.scene, photo.quality, s);
        // Read with the model drawn, as a person holding a cassette would pick the cassette type.
        let reading = read_bytes(&jpeg, &drawn, &Options::default());
        score::score_photo(&file, &truths, reading.as_ref().map_err(String::as_str))
    })
}

fn shared(set: &str) -> PathBuf {
    strip_reader_tests::shared_data()
        .unwrap_or_else(|| panic!("../shared/data is missing: the real-photo regression tests need the `{set}` set (CI has it)"))
        .join(set)
}

fn manifest(dir: &std::path::Path) -> Csv {
    let text = std::fs::read_to_string(dir.join("manifest.csv")).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    Csv::parse(&text).expect("manifest")
}

/// Reads every photo of a real set with `model` and `options`, and makes a row of each from its
/// manifest row (`get(column)`), its file name and its reading.
fn read_set<T>(set: &str, model: &Model, options: &Options, row: impl Fn(&dyn Fn(&str) -> String, &str, Result<&Reading, &str>) -> T) -> Vec<T> {
    let dir = shared(set);
    let csv = manifest(&dir);
    csv.rows
        .iter()
        .map(|r| {
            let file = csv.get(r, "file");
            let bytes = std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
            let reading = read_bytes(&bytes, model, options);
            row(&|c: &str| csv.get(r, c).to_string(), file, reading.as_ref().map_err(String::as_str))
        })
        .collect()
}

#[test]
fn synthesized_field_set_no_dangerous_errors_and_accuracy_floor() {
    let model = builtin_model(None).unwrap();
    let photos = field_set(&model, CI_SEED, CI_COUNT, CI_SIZE);
    let r = score::synth_report(&photos);
    eprintln!(
        "CI field set: {} strips, correct among answered {}/{} ({:?}), retake rate {:?}, dangerous {}, invalid read negative {}",
        r.strips,
        r.correct,
        r.answered,
        r.correct_rate,
        r.retake_rate,
        r.dangerous.len(),
        r.invalid_as_negative.len()
    );
    assert!(r.errors.is_empty(), "photos the reader could not read: {:?}", r.errors);
    let list = |v: &[score::StripScore]| {
        v.iter()
            .map(|s| format!("{} strip {} seed {} tags {:?}: {:?}, test {:?}", s.truth.file, s.truth.strip, s.truth.seed, s.truth.tags, s.answer, s.test))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(r.dangerous.is_empty(), "DANGEROUS: positive strips read negative:\n{}", list(&r.dangerous));
    let rate = r.correct_rate.unwrap_or(0.0);
    assert!(rate >= FLOOR_CORRECT_RATE, "correct among answered {rate:.3} < floor {FLOOR_CORRECT_RATE}");
}

#[test]
// Today's floors may be 0 (an always-true comparison); they rise as the reader improves.
#[allow(clippy::absurd_extreme_comparisons)]
fn bare_strips_read_without_error_and_keep_line_count_agreement() {
    let model = builtin_model(None).unwrap();
    let rows: Vec<score::CountRow> = read_set("bare-strips", &model, &Options::default(), |get, file, reading| {
        let label = get("lines_by_eye").parse().expect("lines_by_eye");
        score::count_row(file, label, &get("second_line_by_eye"), reading)
    });
    let r = score::count_report(&rows);
    eprintln!("bare-strips: {} of {} agree", r.agree, r.photos);
    assert_eq!(r.photos, 8, "bare-strips should hold 8 photos");
    assert_eq!(r.errors, 0, "errors: {:?}", rows.iter().filter_map(|r| r.error.as_ref()).collect::<Vec<_>>());
    assert!(r.agree >= FLOOR_BARE_AGREE, "line counts agree on {} < floor {FLOOR_BARE_AGREE}", r.agree);
}

#[test]
fn antigen_windows_read_without_error_and_keep_line_count_agreement() {
    let model = builtin_model(None).unwrap();
    let options = Options { window: true, ..Options::default() };
    let rows: Vec<score::CountRow> = read_set("antigen-windows", &model, &options, |get, file, reading| {
        let label = get("lines").parse().expect("lines");
        score::count_row(file, label, "", reading)
    });
    let r = score::count_report(&rows);
    eprintln!("antigen-windows: {} of {} agree", r.agree, r.photos);
    assert_eq!(r.photos, 1010, "antigen-windows should hold 1010 photos");
    assert_eq!(r.errors, 0, "errors: {:?}", rows.iter().filter_map(|r| r.error.as_ref()).collect::<Vec<_>>());
    assert!(r.agree >= FLOOR_WINDOWS_AGREE, "line counts agree on {} < floor {FLOOR_WINDOWS_AGREE}", r.agree);
}

#[test]
fn full_photos_read_without_error_and_keep_strip_and_line_counts() {
    // The photos are of cassettes: read with the cassette model.
    let model = builtin_model(Some("fentanyl-cassette")).unwrap();
    let rows: Vec<score::FullRow> = read_set("full-photos", &model, &Options::default(), |get, file, reading| {
        let n = |c: &str| get(c).parse().expect("count column");
        score::full_row(file, n("cassettes"), n("with_two_lines"), n("with_one_line"), reading)
    });
    let r = score::full_report(&rows);
    eprintln!(
        "full-photos: found {} of {} cassettes, right count on {} photos, right lines on {} of {}",
        r.found_up_to_label, r.cassettes, r.count_ok, r.lines_ok, r.photos
    );
    assert_eq!(r.photos, 12, "full-photos should hold 12 photos");
    assert_eq!(r.errors, 0, "errors: {:?}", rows.iter().filter_map(|r| r.error.as_ref()).collect::<Vec<_>>());
    assert!(r.found_up_to_label >= FLOOR_FULL_FOUND, "cassettes found {} < floor {FLOOR_FULL_FOUND}", r.found_up_to_label);
    assert!(r.count_ok >= FLOOR_FULL_COUNT_OK, "right strip counts {} < floor {FLOOR_FULL_COUNT_OK}", r.count_ok);
    assert!(r.lines_ok >= FLOOR_FULL_LINES_OK, "right line counts {} < floor {FLOOR_FULL_LINES_OK}", r.lines_ok);
}

#[test]
fn dilution_series_lines_are_found_in_the_loose_crops_and_fade_with_dilution() {
    // 500 px photos of a reader box with a ~70 px window cut in it, read as windows: the
    // window is located inside the photo (crate/core/src/window.rs). At this commit: no line on
    // the healthy serum; a line on every vaccinated photo from 1:2 to 1:16; mean strength
    // 0.405 (1:2), 0.161 (1:8), 0.066 (1:32), 0 (1:128).
    let model = builtin_model(None).unwrap();
    let options = Options { window: true, ..Options::default() };
    let rows: Vec<score::DilutionRow> =
        read_set("dilution-series", &model, &options, |get, file, reading| score::dilution_row(file, &get("serum"), &get("dilution"), reading));
    let r = score::dilution_report(&rows);
    assert_eq!(r.errors, 0);
    for row in &rows {
        let healthy = row.serum.starts_with("healthy");
        if healthy {
            assert_eq!(row.lines, 0, "{}: a line on the healthy serum", row.file);
        } else if (2..=16).contains(&row.factor) {
            assert!(row.lines > 0, "{}: no line at {}", row.file, row.dilution);
        }
    }
    let mean = |f: u32| r.groups.iter().find(|g| g.serum.starts_with("vaccinated") && g.factor == f).map(|g| g.mean).unwrap_or(-1.0);
    let steps = [mean(2), mean(8), mean(32), mean(128)];
    assert!(steps.windows(2).all(|w| w[0] > w[1]), "mean strength 1:2, 1:8, 1:32, 1:128 = {steps:?} does not fall");
}

/// Prints the figures the synthesized floor is set from: sets like the CI set from seeds
/// 1..=10 (never the CI seed). Run:
/// `cargo test -p strip-reader-tests --test regression -- --ignored --nocapture measure_floors`
#[test]
#[ignore]
fn measure_floors() {
    let model = builtin_model(None).unwrap();
    let mut rates = Vec::new();
    for seed in 1..=10u64 {
        assert_ne!(seed, CI_SEED);
        let r = score::synth_report(&field_set(&model, seed, CI_COUNT, CI_SIZE));
        let rate = r.correct_rate.unwrap_or(0.0);
        println!(
            "seed {seed}: strips {}, correct {}/{} = {rate:.3}, retake rate {:.3}, dangerous {}, invalid read negative {}",
            r.strips,
            r.correct,
            r.answered,
            r.retake_rate.unwrap_or(0.0),
            r.dangerous.len(),
            r.invalid_as_negative.len()
        );
        for s in &r.dangerous {
            println!("  DANGEROUS {} strip {} seed {} tags {:?} test {:?}", s.truth.file, s.truth.strip, s.truth.seed, s.truth.tags, s.test);
        }
        rates.push(rate);
    }
    let lowest = rates.iter().cloned().fold(f32::MAX, f32::min);
    let mean = rates.iter().sum::<f32>() / rates.len() as f32;
    println!("correct among answered: lowest {lowest:.3}, mean {mean:.3}; floor = lowest - 0.05 = {:.3}", lowest - 0.05);
}
