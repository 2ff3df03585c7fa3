//! `strip-reader`: read strip photos in batches, and synthesize test photos.
//!
//! The `read` contract is documented in the README and other tools depend on it: one line per
//! file, in order; an unreadable file gives a line with `"result": "error"` and the run goes on;
//! the exit code is 1 at the end if any file failed, 2 for a usage error.

use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use strip_reader_core::{analyze, analyze_mixed, builtin_model, builtin_model_list, builtin_models, Model, Options, Reading, MIXED_MODEL};

mod eval;

const USAGE: &str = "\
strip-reader: reads photos of drug-checking test strips (a reading aid, not a medical device).

USAGE:
  strip-reader read [--model ID] [--window] [--json] FILE...
      --model ID   strip model (default: fentanyl-dipstick; see `strip-reader models`); a
                   comma list (ID,ID,...) gives each strip of a photo its own model, in
                   reading order (left to right, or top to bottom); the last one is used for
                   any further strips
      --window     each photo is of the result window: cropped to it (lines across its short
                   side, or turned a little; the sample end is told from the lines), or a
                   small window in a plain surround (a reader box, a card), which is then located
      --json       one JSON object per line per file
  strip-reader models
      lists the strip models this build carries
  strip-reader synth --examples DIR
      writes positive.jpg, negative.jpg and invalid.jpg (clear synthesized photos) into DIR
  strip-reader synth --clear-set DIR
      writes the clear-photo set (every rotation, small tilts, positive/negative/invalid) and
      manifest.csv (file,truth,angle_deg,tilt) into DIR
  strip-reader synth --out DIR [--count N] [--seed S] [--width W] [--height H] [--model ID]
                    [--scenes field|random]
      writes N synthesized photos and manifest.csv (truth and tags per strip) into DIR;
      --scenes field (default): what real photos do (cassettes, clutter, shadows, glare, blur,
      stains, several strips...); random: one dipstick, varied but readable
  strip-reader eval [--model ID] [--window] [--json] [--threads N] [--list N] DIR|MANIFEST
      reads a labelled set (a synthesized folder, or one of ../shared/data/*) through its
      manifest.csv and reports accuracy: dangerous errors first, the confusion matrix, correct
      rate among answered photos, retake rate, test-line detection by contrast and the limit of
      detection, per-tag results; line counts for the real COVID sets. --json: the same as data;
      --list N: how many cases to list per section (default 20, 0 = all)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("read") => cmd_read(&args[1..]),
        Some("models") => cmd_models(),
        Some("synth") => cmd_synth(&args[1..]),
        Some("eval") => eval::cmd_eval(&args[1..]),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(format!("expected a command\n\n{USAGE}")),
    };
    match result {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("strip-reader: {msg}");
            ExitCode::from(2)
        }
    }
}

/// Parsed flags: `--name value` pairs, bare `--switch`es, and the rest.
struct Flags {
    values: Vec<(String, String)>,
    switches: Vec<String>,
    rest: Vec<String>,
}

fn parse_flags(args: &[String], with_value: &[&str], switches: &[&str]) -> Result<Flags, String> {
    let mut f = Flags { values: Vec::new(), switches: Vec::new(), rest: Vec::new() };
    let mut it = args.iter();
    let mut only_files = false;
    while let Some(a) = it.next() {
        if only_files || !a.starts_with("--") {
            f.rest.push(a.clone());
        } else if a == "--" {
            only_files = true;
        } else if with_value.contains(&a.as_str()) {
            let v = it.next().ok_or_else(|| format!("{a} needs a value"))?;
            f.values.push((a.clone(), v.clone()));
        } else if switches.contains(&a.as_str()) {
            f.switches.push(a.clone());
        } else {
            return Err(format!("unknown option {a}\n\n{USAGE}"));
        }
    }
    Ok(f)
}

impl Flags {
    fn value(&self, name: &str) -> Option<&str> {
        self.values.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    fn has(&self, name: &str) -> bool {
        self.switches.iter().any(|s| s == name)
    }
    fn number<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, String> {
        match self.value(name) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| format!("{name} expects a number, got {v:?}")),
        }
    }
}

#[derive(Serialize)]
struct ReadLine<'a> {
    file: &'a str,
    #[serde(flatten)]
    reading: &'a Reading,
    ms: f64,
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    file: &'a str,
    model: &'a str,
    result: &'static str,
    reason: &'a str,
    message: String,
    strips: [(); 0],
    quality: Option<()>,
    ms: f64,
}

fn cmd_read(args: &[String]) -> Result<ExitCode, String> {
    let flags = parse_flags(args, &["--model"], &["--window", "--json"])?;
    if flags.rest.is_empty() {
        return Err(format!("read: no files given\n\n{USAGE}"));
    }
    // One id, or a comma list of ids: one per strip in reading order (`analyze_mixed`).
    let models = builtin_model_list(flags.value("--model")).map_err(|e| e.to_string())?;
    let model_id = if models.iter().all(|m| m.id == models[0].id) { models[0].id.as_str() } else { MIXED_MODEL };
    let options = Options { window: flags.has("--window"), ..Options::default() };
    let json = flags.has("--json");
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    for file in &flags.rest {
        let t0 = Instant::now();
        // Last line of defence: the core must not panic on input, but a bug must not end the batch.
        let outcome = std::panic::catch_unwind(|| read_models(Path::new(file), &models, &options))
            .unwrap_or_else(|_| Err(("internal_error", "the reader failed on this photo (a bug: please report it)".into())));
        let ms = t0.elapsed().as_secs_f64() * 1000.0;
        let line = match &outcome {
            Ok(reading) => {
                if json {
                    serde_json::to_string(&ReadLine { file, reading, ms })
                } else {
                    Ok(human_line(file, reading, ms))
                }
            }
            Err((code, message)) => {
                failed += 1;
                if json {
                    serde_json::to_string(&ErrorLine {
                        file,
                        model: model_id,
                        result: "error",
                        reason: code,
                        message: message.clone(),
                        strips: [],
                        quality: None,
                        ms,
                    })
                } else {
                    Ok(format!("{file}: error ({code}): {message}"))
                }
            }
        }
        .map_err(|e| format!("cannot write JSON: {e}"))?;
        writeln!(out, "{line}").map_err(|e| format!("cannot write output: {e}"))?;
    }
    out.flush().map_err(|e| format!("cannot write output: {e}"))?;
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn read_one(path: &Path, model: &Model, options: &Options) -> Result<Reading, (&'static str, String)> {
    read_models(path, std::slice::from_ref(model), options)
}

/// Reads one photo with one model, or with one model per strip in reading order (`analyze_mixed`).
fn read_models(path: &Path, models: &[Model], options: &Options) -> Result<Reading, (&'static str, String)> {
    // Read at most one byte past the decoder's limit: a huge or endless file (/dev/zero) is then
    // refused as too_large instead of exhausting memory.
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(std::fs::File::open(path).map_err(|e| ("unreadable_file", e.to_string()))?, strip_reader_core::decode::MAX_BYTES as u64 + 1),
        &mut bytes,
    )
    .map_err(|e| ("unreadable_file", e.to_string()))?;
    // Photos over the working size are reduced while decoding; the reading's coordinates are
    // then mapped back to photo pixels, as the contract says.
    let decoded = strip_reader_core::decode::decode_with(&bytes, &strip_reader_core::decode::DecodeLimits::default())
        .map_err(|e| (e.code(), e.to_string()))?;
    let view = decoded.image.view().map_err(|e| (e.code(), e.to_string()))?;
    let mut reading = match models {
        [model] => analyze(&view, model, options),
        many => analyze_mixed(&view, many, options),
    }
    .map_err(|e| (e.code(), e.to_string()))?;
    decoded.map_to_photo(&mut reading);
    Ok(reading)
}

fn human_line(file: &str, r: &Reading, ms: f64) -> String {
    let mut s = format!("{file}: {}", serde_plain(&r.result));
    if let Some(reason) = &r.reason {
        s.push_str(&format!(" ({})", serde_plain(reason)));
    }
    for (i, strip) in r.strips.iter().enumerate() {
        if r.strips.len() > 1 {
            s.push_str(&format!(" | strip {}: {}", i + 1, serde_plain(&strip.result)));
        }
        for (name, call) in [("C", &strip.control), ("T", &strip.test)] {
            if let Some(c) = call {
                s.push_str(&format!(" {name} {} {:.3} (snr {:.1})", serde_plain(&c.state), c.strength, c.snr));
            }
        }
        s.push_str(&format!(" lines {}", strip.lines.len()));
    }
    s.push_str(&format!(" [{} {:.0} ms]", r.model, ms));
    s
}

/// A unit enum's serde name, for plain text.
fn serde_plain<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn cmd_models() -> Result<ExitCode, String> {
    for m in builtin_models().map_err(|e| e.to_string())? {
        println!("{}\t{}\t{:?}\t{}", m.id, m.drug, m.assay, m.name);
    }
    Ok(ExitCode::SUCCESS)
}

fn cmd_synth(args: &[String]) -> Result<ExitCode, String> {
    let flags = parse_flags(args, &["--examples", "--clear-set", "--out", "--count", "--seed", "--width", "--height", "--model", "--scenes"], &[])?;
    let model = builtin_model(flags.value("--model")).map_err(|e| e.to_string())?;
    if let Some(dir) = flags.value("--examples") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        use strip_reader_synth::{clear_scene, encode_jpeg, render, Truth};
        for (name, truth, angle, seed) in [
            ("positive.jpg", Truth::Positive, 90.0, 11),
            ("negative.jpg", Truth::Negative, 90.0, 12),
            ("invalid.jpg", Truth::Invalid, 90.0, 13),
        ] {
            let scene = clear_scene(&model, truth, angle, 1200, 1600, seed);
            let photo = render(&model, &scene);
            let path = dir.join(name);
            std::fs::write(&path, encode_jpeg(&photo, 90)).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(dir) = flags.value("--clear-set") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut manifest = String::from("file,truth,angle_deg,tilt\n");
        for p in strip_reader_synth::clear_set(&model) {
            let photo = strip_reader_synth::render(&model, &p.scene);
            let path = dir.join(&p.name);
            std::fs::write(&path, strip_reader_synth::encode_jpeg(&photo, 90)).map_err(|e| format!("{}: {e}", path.display()))?;
            manifest.push_str(&format!("{},{},{},{}\n", p.name, p.truth.as_str(), p.angle_deg, p.tilt));
        }
        let path = dir.join("manifest.csv");
        std::fs::write(&path, manifest).map_err(|e| format!("{}: {e}", path.display()))?;
        return Ok(ExitCode::SUCCESS);
    }
    let Some(dir) = flags.value("--out") else {
        return Err(format!("synth: give --examples DIR or --out DIR\n\n{USAGE}"));
    };
    let count: usize = flags.number("--count", 20)?;
    let seed: u64 = flags.number("--seed", 1)?;
    let width: usize = flags.number("--width", 1600)?;
    let height: usize = flags.number("--height", 1200)?;
    match flags.value("--scenes").unwrap_or("field") {
        "field" => strip_reader_synth::write_field_set(&model, seed, count, width, height, Path::new(dir)),
        "random" => strip_reader_synth::write_set(&model, seed, count, width, height, Path::new(dir)),
        other => return Err(format!("synth: --scenes expects field or random, got {other:?}")),
    }
    .map_err(|e| format!("{dir}: {e}"))?;
    Ok(ExitCode::SUCCESS)
}
