//! Every strip model in `models/` is read from synthesized photos drawn with its own geometry:
//! clear positive, negative and invalid photos (through JPEG, as a phone hands them over) must
//! read right, with that model, cassettes included (their sample end told by the sample well).
//!
//! Also here: photos of several strip *types* side by side read with one model per strip
//! (`analyze_mixed`), the facts each model file must carry (cutoffs, naloxone, water), and the
//! message catalogs holding every key a model names.
//!
//! (Ignored, run by `tests/node/models.test.mjs`) `dump_models_for_node` writes the same fixtures
//! as natively decoded RGBA with their truth and native readings, for the wasm build to read.

use std::path::{Path, PathBuf};
use strip_reader_core::decode::decode;
use strip_reader_core::model::{Format, Matrix, Model};
use strip_reader_core::{analyze, analyze_mixed, Orientation, builtin_model, builtin_models, Options, Reading, RgbaImage, RgbaView, Verdict, MIXED_MODEL};
use strip_reader_synth::{clear_scene, encode_jpeg, render, Background, Rendered, Scene, StripSpec, Truth, GREY_BLUE, WOOD_BROWN};

/// Fixture size (landscape) and JPEG quality.
const W: usize = 900;
const H: usize = 600;
const QUALITY: u8 = 90;

fn expected(t: Truth) -> Verdict {
    match t {
        Truth::Positive => Verdict::Positive,
        Truth::Negative => Verdict::Negative,
        Truth::Invalid => Verdict::Invalid,
    }
}

fn models() -> Vec<Model> {
    builtin_models().unwrap_or_else(|e| panic!("{e}"))
}

fn model(id: &str) -> Model {
    builtin_model(Some(id)).unwrap_or_else(|e| panic!("{e}"))
}

/// Through JPEG and back with the reader's own decoder: the file, and the pixels both native and
/// wasm read.
fn through_jpeg(photo: &Rendered) -> (Vec<u8>, RgbaImage) {
    let jpeg = encode_jpeg(photo, QUALITY);
    let img = decode(&jpeg).expect("our own JPEG decodes");
    (jpeg, img)
}

fn read(img: &RgbaImage, models: &[Model]) -> Reading {
    let view = RgbaView::new(&img.data, img.width, img.height).unwrap();
    analyze_mixed(&view, models, &Options::default()).unwrap()
}

/// A seed per model, truth and angle, stable across runs.
fn seed(id: &str, truth: Truth, angle: f32) -> u64 {
    id.bytes().fold(1469598103934665603u64, |h, b| (h ^ b as u64).wrapping_mul(1099511628211)) ^ ((truth as u64) << 40) ^ angle as u64
}

/// The clear photo of `m` showing `truth`, strip at `angle_deg` (handle direction).
fn fixture(m: &Model, truth: Truth, angle_deg: f32) -> (Vec<u8>, RgbaImage) {
    through_jpeg(&render(m, &clear_scene(m, truth, angle_deg, W, H, seed(&m.id, truth, angle_deg))))
}

fn summary(r: &Reading) -> String {
    let strips: Vec<String> = r.strips.iter().map(|s| format!("{:?}/{:?}", s.result, s.reason)).collect();
    format!("{:?} {:?} model {} strips [{}]", r.result, r.reason, r.model, strips.join(", "))
}

#[test]
fn every_model_reads_its_own_clear_photos() {
    let mut failures = Vec::new();
    let mut table = String::new();
    for m in models() {
        for truth in Truth::ALL {
            for angle in [0.0f32, 90.0, 180.0, 270.0] {
                let (_, img) = fixture(&m, truth, angle);
                let r = read(&img, std::slice::from_ref(&m));
                let ok = r.result == expected(truth) && r.strips.len() == 1 && r.model == m.id;
                table.push_str(&format!("{} {truth} {angle}: {}\n", m.id, summary(&r)));
                if !ok {
                    failures.push(format!("{} {truth} at {angle}°: {}", m.id, summary(&r)));
                }
            }
        }
    }
    println!("{table}");
    assert!(failures.is_empty(), "{} misread:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn a_cassette_is_oriented_by_its_sample_well() {
    // No handle: the sample well's end is the sample end. A positive cassette (control line
    // only) read from the wrong end would put its control line where no line belongs; at every
    // angle it must read positive with the orientation taken from the well.
    for m in models().into_iter().filter(|m| m.format == Format::Cassette) {
        for angle in [0.0f32, 35.0, 90.0, 150.0, 200.0, 270.0, 325.0] {
            let (_, img) = fixture(&m, Truth::Positive, angle);
            let r = read(&img, std::slice::from_ref(&m));
            assert_eq!(r.result, Verdict::Positive, "{} at {angle}°: {}", m.id, summary(&r));
            assert_eq!(r.strips[0].orientation, Orientation::Well, "{} at {angle}°", m.id);
        }
    }
}

/// Strips of different models side by side, upright (handle down), left to right in `order`.
/// Each strip is drawn with its own model: every strip is rendered alone on the same table and
/// the photos are combined, pixel by pixel, from the one in which that pixel differs from the
/// empty table (exact while strips and their shadows do not overlap).
fn side_by_side(order: &[(&Model, Truth)], width: usize, height: usize, seed: u64, table: [u8; 3]) -> Rendered {
    let base = |strips: Vec<StripSpec>| {
        let mut scene = Scene::new(width, height, seed);
        scene.background = Background::Plain(table);
        scene.noise_sigma = 1.5;
        scene.strips = strips;
        scene
    };
    let n = order.len() as f32;
    let specs: Vec<StripSpec> = order
        .iter()
        .enumerate()
        .map(|(i, &(_, t))| {
            let mut s = StripSpec::typical(t);
            s.angle_deg = 90.0;
            // Fraction of the longer side: the strips fit the photo's height with a margin
            // (a strip cut off by the border is a retake, `strip_cut_off`).
            s.length = 0.48;
            s.centre = [(i as f32 + 1.0) / (n + 1.0), 0.5];
            s
        })
        .collect();
    let empty = render(order[0].0, &base(Vec::new()));
    let alone: Vec<Rendered> = order.iter().zip(&specs).map(|(&(m, _), s)| render(m, &base(vec![s.clone()]))).collect();
    let mut out = empty.clone();
    for (i, px) in out.rgba.chunks_exact_mut(4).enumerate() {
        let e = &empty.rgba[i * 4..i * 4 + 4];
        if let Some(a) = alone.iter().map(|a| &a.rgba[i * 4..i * 4 + 4]).find(|a| *a != e) {
            px.copy_from_slice(a);
        }
    }
    out.strips = alone.into_iter().map(|a| a.strips[0].clone()).collect();
    out
}

/// The mixed photos: (models left to right, truths), each read with the per-strip list.
fn mixed_cases() -> Vec<(Vec<Model>, Vec<Truth>)> {
    let (f, x) = (model("fentanyl-dipstick"), model("xylazine-dipstick"));
    vec![
        (vec![f.clone(), x.clone()], vec![Truth::Positive, Truth::Negative]),
        (vec![f.clone(), x.clone()], vec![Truth::Negative, Truth::Positive]),
        (vec![x.clone(), f.clone()], vec![Truth::Positive, Truth::Positive]),
        (vec![f.clone(), x.clone(), model("nitazene-dipstick")], vec![Truth::Positive, Truth::Positive, Truth::Negative]),
        // Different geometry in one photo: the urine-format strips are shorter-windowed.
        (vec![f.clone(), model("methamphetamine-dipstick")], vec![Truth::Positive, Truth::Positive]),
    ]
}

fn mixed_photo(k: usize, ms: &[Model], truths: &[Truth]) -> (Vec<u8>, RgbaImage) {
    let order: Vec<(&Model, Truth)> = ms.iter().zip(truths.iter().copied()).collect();
    through_jpeg(&side_by_side(&order, 1200, 800, 700 + k as u64, [GREY_BLUE, WOOD_BROWN][k % 2]))
}

#[test]
fn a_photo_of_several_strip_types_is_read_strip_by_strip() {
    let mut failures = Vec::new();
    for (k, (ms, truths)) in mixed_cases().iter().enumerate() {
        let (_, img) = mixed_photo(k, ms, truths);
        let r = read(&img, ms);
        let got: Vec<Verdict> = r.strips.iter().map(|s| s.result).collect();
        let want: Vec<Verdict> = truths.iter().map(|&t| expected(t)).collect();
        if got != want || r.result != Verdict::Multiple || r.model != MIXED_MODEL {
            failures.push(format!("case {k} {:?}: {}", ms.iter().map(|m| &m.id).collect::<Vec<_>>(), summary(&r)));
        }
        // Strips of one geometry (the BTNX family) read with the first model alone never give a
        // wrong answer either: the other label colours fail to orient them, so a positive there
        // is a retake. (Strips of another geometry need their own model: read with the wrong
        // one, their window is misplaced.)
        if ms.iter().all(|m| m.geometry.window == ms[0].geometry.window && m.geometry.aspect == ms[0].geometry.aspect) {
            let single = read(&img, &ms[..1]);
            assert_eq!(single.model, ms[0].id);
            for (s, &t) in single.strips.iter().zip(truths) {
                assert!(s.result == Verdict::Retake || s.result == expected(t), "case {k} read as {} only: {}", ms[0].id, summary(&single));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn strips_beyond_the_list_use_its_last_model() {
    let (f, x) = (model("fentanyl-dipstick"), model("xylazine-dipstick"));
    let order = [(&f, Truth::Negative), (&x, Truth::Positive), (&x, Truth::Positive)];
    let (_, img) = through_jpeg(&side_by_side(&order, 1500, 800, 77, GREY_BLUE));
    let r = read(&img, &[f.clone(), x.clone()]);
    let got: Vec<Verdict> = r.strips.iter().map(|s| s.result).collect();
    assert_eq!(got, [Verdict::Negative, Verdict::Positive, Verdict::Positive], "{}", summary(&r));
    assert_eq!(r.model, MIXED_MODEL);
}

#[test]
fn one_model_or_the_same_model_throughout_reads_exactly_as_analyze() {
    let f = model("fentanyl-dipstick");
    let x = model("xylazine-dipstick");
    let (_, img) = fixture(&f, Truth::Negative, 90.0);
    let view = RgbaView::new(&img.data, img.width, img.height).unwrap();
    for options in [Options::default(), Options { window: true, ..Options::default() }] {
        let plain = analyze(&view, &f, &options).unwrap();
        assert_eq!(analyze_mixed(&view, std::slice::from_ref(&f), &options).unwrap(), plain);
        assert_eq!(analyze_mixed(&view, &[f.clone(), f.clone()], &options).unwrap(), plain);
    }
    // One strip in the photo: it is read with the first model, and the photo says so.
    let r = analyze_mixed(&view, &[f.clone(), x.clone()], &Options::default()).unwrap();
    assert_eq!(r, analyze(&view, &f, &Options::default()).unwrap());
    // --window: the one window is read with the first model.
    let w = analyze_mixed(&view, &[x.clone(), f.clone()], &Options { window: true, ..Options::default() }).unwrap();
    assert_eq!(w.model, x.id);
    assert!(matches!(analyze_mixed(&view, &[], &Options::default()), Err(strip_reader_core::Error::UnknownModel { .. })));
}

// ---------------------------------------------------------------------------------------------
// The facts each model carries, and the words the app needs for it.

#[test]
fn model_files_carry_the_domain_facts() {
    // (id, drug, cutoff ng/mL, matrix, naloxone reverses it, teaspoons of water)
    let facts: [(&str, &str, f64, Matrix, bool, f64); 11] = [
        ("fentanyl-dipstick", "fentanyl", 20.0, Matrix::DrugChecking, true, 0.5),
        ("fentanyl-cassette", "fentanyl", 200.0, Matrix::Urine, true, 0.5),
        ("xylazine-dipstick", "xylazine", 2000.0, Matrix::DrugChecking, false, 0.5),
        ("benzodiazepine-dipstick", "benzodiazepine", 300.0, Matrix::DrugChecking, false, 0.5),
        ("nitazene-dipstick", "nitazene", 3000.0, Matrix::DrugChecking, true, 0.5),
        ("medetomidine-dipstick", "medetomidine", 2000.0, Matrix::DrugChecking, false, 0.5),
        ("methamphetamine-dipstick", "methamphetamine", 1000.0, Matrix::Urine, false, 1.0),
        ("amphetamine-dipstick", "amphetamine", 1000.0, Matrix::Urine, false, 0.5),
        ("mdma-dipstick", "mdma", 500.0, Matrix::Urine, false, 1.0),
        ("ketamine-dipstick", "ketamine", 1000.0, Matrix::Urine, false, 0.5),
        ("tramadol-dipstick", "tramadol", 100.0, Matrix::Urine, true, 0.5),
    ];
    let all = models();
    assert_eq!(all.len(), facts.len(), "a new model file: add its facts here");
    for (id, drug, cutoff, matrix, naloxone, water) in facts {
        let m = all.iter().find(|m| m.id == id).unwrap_or_else(|| panic!("no model {id}"));
        assert_eq!(m.drug, drug, "{id}");
        let ng = if m.cutoff.unit == "µg/mL" { m.cutoff.value * 1000.0 } else { m.cutoff.value };
        assert_eq!(ng, cutoff, "{id} cutoff");
        assert_eq!(m.cutoff.matrix, matrix, "{id}");
        assert_eq!(m.naloxone, naloxone, "{id} naloxone");
        assert_eq!(m.water_teaspoons, water, "{id} water");
        assert_eq!(m.assay, strip_reader_core::model::Assay::Competitive, "{id}");
        if matrix == Matrix::Urine {
            assert!(m.notes.iter().any(|n| n.contains("urine-test cutoff")), "{id}: the notes must say the cutoff is a urine-test cutoff");
        }
    }
    // Cross-reactions and missed analogues from docs/domain.md.
    let has = |id: &str, list: &str, what: &str| {
        let m = all.iter().find(|m| m.id == id).unwrap();
        let l = if list == "cross" { &m.cross_reactions } else { &m.missed };
        l.iter().any(|x| x.substance.to_lowercase().contains(what))
    };
    for what in ["methamphetamine", "mdma", "diphenhydramine", "lidocaine"] {
        assert!(has("fentanyl-dipstick", "cross", what), "fentanyl cross-reacts with {what}");
    }
    assert!(has("fentanyl-dipstick", "missed", "carfentanil"));
    assert!(has("xylazine-dipstick", "cross", "lidocaine"));
    assert!(has("benzodiazepine-dipstick", "missed", "etizolam"));
    assert!(has("nitazene-dipstick", "missed", "desnitazene"));
    assert!(has("nitazene-dipstick", "cross", "caffeine"));
    assert!(has("medetomidine-dipstick", "cross", "levamisole") && has("medetomidine-dipstick", "cross", "detomidine"));
}

fn catalog(lang: &str) -> serde_json::Map<String, serde_json::Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../www/i18n/{lang}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

#[test]
fn every_model_has_its_words_in_every_catalog() {
    let mut missing = Vec::new();
    for lang in ["en", "es", "fr", "pt"] {
        let c = catalog(lang);
        let list = |k: &str| c.get(k).and_then(|v| v.as_array()).is_some_and(|a| !a.is_empty());
        let text = |k: &str| c.get(k).and_then(|v| v.as_str()).map(str::to_string);
        for m in models() {
            for key in [&m.guidance.positive, &m.guidance.negative, &m.guidance.invalid] {
                if !list(&format!("guidance.{key}")) {
                    missing.push(format!("{lang}: guidance.{key} (a list) for {}", m.id));
                }
            }
            if text(&format!("guidance.{}", m.guidance.naloxone)).is_none() {
                missing.push(format!("{lang}: guidance.{} for {}", m.guidance.naloxone, m.id));
            }
            if text(&format!("drug.{}", m.drug)).is_none() {
                missing.push(format!("{lang}: drug.{}", m.drug));
            }
            match text(&format!("model.{}", m.id)) {
                Some(name) if name == m.names.get(lang) => {}
                other => missing.push(format!("{lang}: model.{} is {other:?}, the model file's names.{lang} is {:?}", m.id, m.names.get(lang))),
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    // The water step says the model's amount (English words checked here; the catalog test checks
    // the other languages have the same keys).
    let en = catalog("en");
    for m in models() {
        let key = format!("steps.water.{}", m.drug);
        let step = en.get(&key).or_else(|| en.get("steps.water")).and_then(|v| v.as_str()).unwrap().to_string();
        let amount = if m.water_teaspoons == 1.0 { "1 teaspoon" } else { "½ teaspoon" };
        assert!(step.starts_with(&format!("Add about {amount}")), "{}: {step}", m.id);
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures for the wasm build (tests/node/models.test.mjs). Run by the Node test as
//   STRIP_READER_MODELS_OUT=DIR cargo test -p strip-reader-tests --test models -- --ignored --exact dump_models_for_node
// DIR/index.jsonl: one line per photo {name, jpeg, rgba, width, height, models: [ids], truths: [...],
// cassette, reading}: `jpeg` the photo file (for the CLI), `rgba` its natively decoded pixels,
// `reading` the native reading (serde JSON) of those pixels with `models`.

#[test]
#[ignore]
fn dump_models_for_node() {
    let out = PathBuf::from(std::env::var("STRIP_READER_MODELS_OUT").expect("STRIP_READER_MODELS_OUT names the output folder"));
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let mut index = String::new();
    let mut write = |name: String, (jpeg, img): (Vec<u8>, RgbaImage), ms: &[Model], truths: &[Truth]| {
        let file = format!("{name}.rgba");
        std::fs::write(out.join(&file), &img.data).unwrap();
        std::fs::write(out.join(format!("{name}.jpg")), jpeg).unwrap();
        let img = &img;
        let reading = serde_json::to_value(read(img, ms)).unwrap();
        let line = serde_json::json!({
            "name": name, "jpeg": format!("{name}.jpg"), "rgba": file, "width": img.width, "height": img.height,
            "models": ms.iter().map(|m| m.id.clone()).collect::<Vec<_>>(),
            "truths": truths.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
            "cassette": ms.iter().any(|m| m.format == Format::Cassette),
            "reading": reading,
        });
        index.push_str(&line.to_string());
        index.push('\n');
    };
    for m in models() {
        for truth in Truth::ALL {
            write(format!("{}-{truth}", m.id), fixture(&m, truth, 90.0), std::slice::from_ref(&m), &[truth]);
        }
    }
    for (k, (ms, truths)) in mixed_cases().iter().enumerate().take(2) {
        write(format!("mixed-{k}"), mixed_photo(k, ms, truths), ms, truths);
    }
    std::fs::write(out.join("index.jsonl"), index).unwrap();
}
