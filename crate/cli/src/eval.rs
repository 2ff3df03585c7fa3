//! `strip-reader eval`: reads a labelled set through its `manifest.csv` and reports how the
//! reader did. The set's kind comes from the manifest's columns (see
//! `strip_reader_synth::score::SetKind`); scoring is in `strip_reader_synth::score`, shared with
//! the regression tests, so this file only reads photos, times them and prints.
//!
//! Rules kept here: every photo goes through the same path as `strip-reader read` (the file's
//! bytes from disk → `decode` → `analyze`, a panic caught and counted as an error); photos are
//! read on every core (scoped threads taking the next index), but the report is in manifest
//! order and does not depend on the thread count; dangerous errors are printed first.

use crate::{parse_flags, read_one, USAGE};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use strip_reader_core::{builtin_model, Model, Options, Reading};
use strip_reader_synth::field::cassette_model;
use strip_reader_synth::score::{self, Answer, Csv, SetKind, StripScore};

/// One photo as read: the reading or the error, and the milliseconds it took.
struct Read {
    reading: Result<Reading, String>,
    ms: f64,
}

/// Reads `files` (relative to `dir`) on `threads` threads, in order, file `i` with `models[i]`.
fn read_all(dir: &Path, files: &[String], models: &[&Model], options: &Options, threads: usize) -> Vec<Read> {
    let next = AtomicUsize::new(0);
    let mut out: Vec<Option<Read>> = (0..files.len()).map(|_| None).collect();
    let done: Vec<Vec<(usize, Read)>> = std::thread::scope(|sc| {
        let handles: Vec<_> = (0..threads.max(1))
            .map(|_| {
                sc.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= files.len() {
                            return mine;
                        }
                        let path = dir.join(&files[i]);
                        let t0 = Instant::now();
                        let reading = std::panic::catch_unwind(|| read_one(&path, models[i], options))
                            .unwrap_or_else(|_| Err(("internal_error", "the reader panicked on this photo".into())))
                            .map_err(|(code, msg)| format!("{code}: {msg}"));
                        mine.push((i, Read { reading, ms: t0.elapsed().as_secs_f64() * 1000.0 }));
                    }
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_default()).collect()
    });
    for (i, r) in done.into_iter().flatten() {
        out[i] = Some(r);
    }
    out.into_iter()
        .map(|r| r.unwrap_or(Read { reading: Err("internal_error: not read".into()), ms: 0.0 }))
        .collect()
}

#[derive(Serialize)]
struct Header<'a> {
    set: String,
    kind: SetKind,
    model: &'a str,
    /// Photos drawn as cassettes, read with `cassette_model` (its id).
    cassette_photos: usize,
    cassette_model: &'a str,
    window: bool,
    photos: usize,
    threads: usize,
    seconds: f64,
    ms_per_photo: f64,
}

#[derive(Serialize)]
struct JsonOut<'a, R: Serialize> {
    #[serde(flatten)]
    header: Header<'a>,
    report: R,
}

pub fn cmd_eval(args: &[String]) -> Result<ExitCode, String> {
    let flags = parse_flags(args, &["--model", "--threads", "--list"], &["--window", "--json"])?;
    let [target] = flags.rest.as_slice() else {
        return Err(format!("eval: give one folder (or manifest.csv)\n\n{USAGE}"));
    };
    let target = PathBuf::from(target);
    let (dir, manifest) = if target.is_dir() {
        (target.clone(), target.join("manifest.csv"))
    } else {
        (target.parent().map(Path::to_path_buf).unwrap_or_default(), target.clone())
    };
    let text = std::fs::read_to_string(&manifest).map_err(|e| format!("eval: {}: {e}", manifest.display()))?;
    let csv = Csv::parse(&text).map_err(|e| format!("eval: {}: {e}", manifest.display()))?;
    let kind = SetKind::detect(&csv).ok_or_else(|| {
        format!("eval: {}: unknown kind of set (columns {:?}): want truth, lines, cassettes, lines_by_eye or dilution", manifest.display(), csv.header)
    })?;
    let model = builtin_model(flags.value("--model")).map_err(|e| e.to_string())?;
    let window = flags.has("--window") || kind.window();
    let options = Options { window, ..Options::default() };
    let threads: usize = flags.number("--threads", std::thread::available_parallelism().map_or(1, |n| n.get()))?;
    let list: usize = flags.number("--list", 20)?;
    let list = if list == 0 { usize::MAX } else { list };
    let files = score::files(&csv);
    // A synthesized photo drawn as cassettes is read with the cassette version of the model, as
    // a person holding a cassette would pick it in the app (a set made with `--model` of a
    // cassette is all cassettes and reads with that model).
    let cassette = cassette_model(&model);
    let drawn_as_cassette = |f: &String| {
        kind == SetKind::Synthesized && csv.rows.iter().any(|r| csv.get(r, "file") == f && csv.get(r, "format") == "cassette")
    };
    let models: Vec<&Model> = files.iter().map(|f| if drawn_as_cassette(f) { &cassette } else { &model }).collect();
    let cassettes = models.iter().filter(|m| m.id != model.id).count();

    let t0 = Instant::now();
    let reads = read_all(&dir, &files, &models, &options, threads);
    let seconds = t0.elapsed().as_secs_f64();
    let header = Header {
        set: dir.display().to_string(),
        kind,
        model: &model.id,
        cassette_photos: cassettes,
        cassette_model: &cassette.id,
        window,
        photos: files.len(),
        threads,
        seconds,
        ms_per_photo: reads.iter().map(|r| r.ms).sum::<f64>() / reads.len().max(1) as f64,
    };
    let reading = |i: usize| reads[i].reading.as_ref().map_err(String::as_str);
    let json = flags.has("--json");
    let mut out = String::new();
    let failed;
    match kind {
        SetKind::Synthesized => {
            let truths = score::parse_truth(&csv)?;
            let photos: Vec<score::PhotoScore> = files
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let mine: Vec<_> = truths.iter().filter(|t| &t.file == f).cloned().collect();
                    score::score_photo(f, &mine, reading(i))
                })
                .collect();
            let report = score::synth_report(&photos);
            failed = !report.errors.is_empty();
            if json {
                out = to_json(&JsonOut { header, report })?;
            } else {
                print_header(&mut out, &header, &format!("{} strips", report.strips));
                print_synth(&mut out, &report, list);
            }
        }
        SetKind::AntigenWindows | SetKind::BareStrips => {
            let label_col = score::count_label(kind);
            let rows: Vec<score::CountRow> = files
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let row = csv.rows.iter().find(|r| csv.get(r, "file") == f).expect("listed file");
                    let label = csv.get(row, label_col).parse().unwrap_or(0);
                    score::count_row(f, label, csv.get(row, "second_line_by_eye"), reading(i))
                })
                .collect();
            let report = score::count_report(&rows);
            failed = report.errors > 0;
            if json {
                out = to_json(&JsonOut { header, report })?;
            } else {
                print_header(&mut out, &header, "line counts, not verdicts (sandwich-format COVID tests)");
                print_counts(&mut out, &report, label_col, list);
            }
        }
        SetKind::FullPhotos => {
            let rows: Vec<score::FullRow> = files
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let row = csv.rows.iter().find(|r| csv.get(r, "file") == f).expect("listed file");
                    let n = |c: &str| csv.get(row, c).parse().unwrap_or(0);
                    score::full_row(f, n("cassettes"), n("with_two_lines"), n("with_one_line"), reading(i))
                })
                .collect();
            let report = score::full_report(&rows);
            failed = report.errors > 0;
            if json {
                out = to_json(&JsonOut { header, report })?;
            } else {
                print_header(&mut out, &header, "strips found and line counts, not verdicts");
                print_full(&mut out, &report);
            }
        }
        SetKind::DilutionSeries => {
            let rows: Vec<score::DilutionRow> = files
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let row = csv.rows.iter().find(|r| csv.get(r, "file") == f).expect("listed file");
                    score::dilution_row(f, csv.get(row, "serum"), csv.get(row, "dilution"), reading(i))
                })
                .collect();
            let report = score::dilution_report(&rows);
            failed = report.errors > 0;
            if json {
                out = to_json(&JsonOut { header, report })?;
            } else {
                print_header(&mut out, &header, "test-line strength per dilution");
                print_dilution(&mut out, &report);
            }
        }
    }
    print!("{out}");
    if json {
        println!();
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn to_json<T: Serialize>(v: &T) -> Result<String, String> {
    serde_json::to_string_pretty(v).map_err(|e| format!("cannot write JSON: {e}"))
}

fn pct(r: Option<f32>) -> String {
    r.map_or("-".to_string(), |r| format!("{:.1} %", 100.0 * r))
}

fn frac(a: usize, b: usize) -> String {
    if b == 0 {
        format!("{a}/0")
    } else {
        format!("{a}/{b} = {:.1} %", 100.0 * a as f64 / b as f64)
    }
}

fn print_header(out: &mut String, h: &Header, what: &str) {
    out.push_str(&format!(
        "strip-reader eval: {} ({}, {} photos, {what})\nmodel {}{}{}; {} threads, {:.1} s wall, {:.0} ms per photo\n\n",
        h.set,
        h.kind.name(),
        h.photos,
        h.model,
        if h.cassette_photos > 0 { format!(" ({} cassette photos: {})", h.cassette_photos, h.cassette_model) } else { String::new() },
        if h.window { ", --window" } else { "" },
        h.threads,
        h.seconds,
        h.ms_per_photo
    ));
}

/// One listed case: file, strip, seed, tags, truth contrasts and what the reader saw.
fn case_line(s: &StripScore) -> String {
    let t = &s.truth;
    let call = |name: &str, c: &Option<strip_reader_core::LineCall>| match c {
        Some(c) => format!(
            " {name} {} {:.3} snr {:.1}{}",
            serde_plain(&c.state),
            c.strength,
            c.snr,
            c.position.map_or(String::new(), |p| format!(" at {p:.2}"))
        ),
        None => format!(" {name} -"),
    };
    format!(
        "  {} strip {}/{} seed {} [{}]: truth {} (T {:.3}, C {:.3}) -> {}{}{}{}{}\n",
        t.file,
        t.strip,
        t.strips,
        t.seed,
        if t.tags.is_empty() { "clean".to_string() } else { t.tags.join(";") },
        t.truth,
        t.test_contrast,
        t.control_contrast,
        s.answer.as_str(),
        s.reason.as_ref().map_or(String::new(), |r| format!(" ({r})")),
        call("C", &s.control),
        call("T", &s.test),
        if s.swapped { " READ BACKWARDS" } else { "" },
    )
}

fn serde_plain<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn list_cases(out: &mut String, cases: &[StripScore], list: usize) {
    for s in cases.iter().take(list) {
        out.push_str(&case_line(s));
    }
    if cases.len() > list {
        out.push_str(&format!("  ... and {} more (--list 0 lists all)\n", cases.len() - list));
    }
}

fn print_synth(out: &mut String, r: &score::SynthReport, list: usize) {
    out.push_str(&format!("DANGEROUS ERRORS (truth positive, read negative): {}\n", r.dangerous.len()));
    list_cases(out, &r.dangerous, usize::MAX);
    out.push_str(&format!("Truth invalid (no control line) read negative: {}\n", r.invalid_as_negative.len()));
    list_cases(out, &r.invalid_as_negative, usize::MAX);
    out.push_str(&format!("Phantom strips read negative (no strip there): {}\n", r.phantom_negative.len()));
    for s in &r.phantom_negative {
        out.push_str(&format!("  {} at ({:.0}, {:.0})\n", s.file, s.centre[0], s.centre[1]));
    }
    out.push('\n');

    out.push_str("Confusion, strips (rows: truth; columns: what the reader said):\n");
    out.push_str(&format!("  {:<10}", "truth"));
    for a in Answer::ALL {
        out.push_str(&format!("{:>10}", a.as_str()));
    }
    out.push_str(&format!("{:>10}\n", "total"));
    for (i, name) in ["positive", "negative", "invalid"].iter().enumerate() {
        out.push_str(&format!("  {name:<10}"));
        for v in r.confusion[i] {
            out.push_str(&format!("{v:>10}"));
        }
        out.push_str(&format!("{:>10}\n", r.confusion[i].iter().sum::<usize>()));
    }
    out.push('\n');
    out.push_str(&format!("Correct among answered: {}\n", frac(r.correct, r.answered)));
    let retakes = r.strips - r.answered;
    out.push_str(&format!("Retake rate (retake + missed): {}\n", frac(retakes, r.strips)));
    out.push_str(&format!(
        "  on strips a person could read (test line absent or >= {}): {}\n",
        strip_reader_synth::score::READABLE_TEST_CONTRAST,
        frac(r.readable_retake, r.readable)
    ));
    if !r.retake_reasons.is_empty() {
        let mut reasons: Vec<_> = r.retake_reasons.iter().collect();
        reasons.sort_by(|a, b| b.1.cmp(a.1));
        let text: Vec<String> = reasons.iter().map(|(k, v)| format!("{k} {v}")).collect();
        out.push_str(&format!("  reasons: {}\n", text.join(", ")));
    }
    if !r.errors.is_empty() {
        out.push_str(&format!("Photos that could not be read: {}\n", r.errors.len()));
        for e in r.errors.iter().take(list) {
            out.push_str(&format!("  {e}\n"));
        }
    }
    out.push_str(&format!("Other wrong answers: {}\n", r.other_wrong.len()));
    list_cases(out, &r.other_wrong, list);
    out.push_str(&format!("Strips read backwards (handle taken for the sample end): {}\n", r.swapped));
    out.push_str(&format!("Spurious strips (read where no strip lies): {}\n", r.spurious.len()));
    for s in r.spurious.iter().take(list) {
        out.push_str(&format!("  {} at ({:.0}, {:.0}): {}\n", s.file, s.centre[0], s.centre[1], serde_plain(&s.result)));
    }
    if r.spurious.len() > list {
        out.push_str(&format!("  ... and {} more\n", r.spurious.len() - list));
    }
    out.push('\n');

    for (title, bins, lod) in [
        ("all photos", &r.detection, r.lod),
        ("sharp photos (no defocus or motion blur; the issue's target)", &r.detection_sharp, r.lod_sharp),
    ] {
        out.push_str(&format!("Test-line detection on truth-negative strips, {title} (requested green contrast; rate = present / read):\n"));
        out.push_str(&format!("  {:<12}{:>8}{:>8}{:>9}{:>11}{:>9}\n", "contrast", "strips", "read", "present", "uncertain", "rate"));
        for b in bins {
            let range = match b.hi {
                Some(hi) => format!("{:.2}-{:.2}", b.lo, hi),
                None => format!("{:.2}+", b.lo),
            };
            out.push_str(&format!("  {:<12}{:>8}{:>8}{:>9}{:>11}{:>9}\n", range, b.strips, b.read, b.present, b.uncertain, pct(b.rate)));
        }
        out.push_str(&format!(
            "  Limit of detection (every bin from here up >= 95 %): {}\n\n",
            lod.map_or("not reached".to_string(), |l| format!("{l:.2}"))
        ));
    }

    out.push_str("By tag (a strip counts under each of its tags; (none) = a clean photo):\n");
    out.push_str(&format!("  {:<14}{:>7}{:>9}{:>9}{:>10}{:>9}{:>10}\n", "tag", "strips", "answered", "correct", "correct%", "retake%", "dangerous"));
    for t in &r.tags {
        out.push_str(&format!(
            "  {:<14}{:>7}{:>9}{:>9}{:>10}{:>9}{:>10}\n",
            t.tag,
            t.strips,
            t.answered,
            t.correct,
            pct(t.correct_rate),
            pct(t.retake_rate),
            t.dangerous
        ));
    }
}

fn print_counts(out: &mut String, r: &score::CountReport, label: &str, list: usize) {
    out.push_str(&format!("Line count = line-like detections on the strip; label column `{label}`.\n"));
    out.push_str(&format!("Agreement with the label: {}\n", frac(r.agree, r.photos)));
    if r.errors > 0 {
        out.push_str(&format!("Photos that could not be read: {}\n", r.errors));
    }
    out.push_str(&format!("  {:<8}{:>8}{:>8}{:>8}{:>8}{:>8}{:>10}{:>8}{:>9}\n", "label", "photos", "0", "1", "2", "3+", "no strip", "agree", "rate"));
    for l in &r.by_label {
        out.push_str(&format!(
            "  {:<8}{:>8}{:>8}{:>8}{:>8}{:>8}{:>10}{:>8}{:>9}\n",
            l.label, l.photos, l.counted[0], l.counted[1], l.counted[2], l.counted[3], l.no_strip, l.agree, pct(l.rate)
        ));
    }
    out.push_str(&format!("\nDisagreements (look at these by eye: some labels are wrong): {}\n", r.disagreements.len()));
    for d in r.disagreements.iter().take(list) {
        out.push_str(&format!(
            "  {}: label {}, counted {}{}{}{}\n",
            d.file,
            d.label,
            d.counted.map_or("no strip".to_string(), |c| c.to_string()),
            d.result.map_or(String::new(), |v| format!(", {}", serde_plain(&v))),
            d.reason.as_ref().map_or(String::new(), |r| format!(" ({r})")),
            if d.note.is_empty() { String::new() } else { format!(" [{}]", d.note) },
        ));
        if let Some(e) = &d.error {
            out.push_str(&format!("    error: {e}\n"));
        }
    }
    if r.disagreements.len() > list {
        out.push_str(&format!("  ... and {} more (--list 0 lists all)\n", r.disagreements.len() - list));
    }
}

fn print_full(out: &mut String, r: &score::FullReport) {
    out.push_str(&format!(
        "Cassettes found: {} of {} (up to each photo's count; {} extra strips found)\n",
        r.found_up_to_label, r.cassettes, r.extra
    ));
    out.push_str(&format!("Photos with the right number of strips: {}\n", frac(r.count_ok, r.photos)));
    out.push_str(&format!("Photos with the right strips and line counts: {}\n", frac(r.lines_ok, r.photos)));
    if r.errors > 0 {
        out.push_str(&format!("Photos that could not be read: {}\n", r.errors));
    }
    out.push_str(&format!(
        "\n  {:<32}{:>10}{:>7}{:>14}{:>14}  {}\n",
        "file", "cassettes", "found", "2 lines (lab)", "1 line (lab)", "result"
    ));
    for row in &r.rows {
        out.push_str(&format!(
            "  {:<32}{:>10}{:>7}{:>14}{:>14}  {}{}{}\n",
            row.file,
            row.cassettes,
            row.found,
            format!("{} ({})", row.two, row.with_two_lines),
            format!("{} ({})", row.one, row.with_one_line),
            row.result.map_or("error".to_string(), |v| serde_plain(&v)),
            row.reason.as_ref().map_or(String::new(), |r| format!(" ({r})")),
            row.error.as_ref().map_or(String::new(), |e| format!(": {e}")),
        ));
    }
}

fn print_dilution(out: &mut String, r: &score::DilutionReport) {
    out.push_str("Strength = the strongest line-like detection's green contrast (0 when none).\n");
    out.push_str(&format!("  {:<24}{:>10}{:>8}{:>9}{:>9}{:>9}\n", "serum", "dilution", "photos", "mean", "min", "max"));
    for g in &r.groups {
        out.push_str(&format!("  {:<24}{:>10}{:>8}{:>9.3}{:>9.3}{:>9.3}\n", g.serum, g.dilution, g.photos, g.mean, g.min, g.max));
    }
    if !r.line_seen {
        out.push_str("No line-like detection on any photo.\n");
    }
    out.push_str(&format!("Falls monotonically with dilution: {}\n", if r.monotonic { "yes" } else { "no" }));
    for s in &r.rises {
        out.push_str(&format!("  rises: {s}\n"));
    }
    if r.errors > 0 {
        out.push_str(&format!("Photos that could not be read: {}\n", r.errors));
    }
    out.push_str("\n  per photo:\n");
    for row in &r.rows {
        out.push_str(&format!(
            "  {:<28} {:>6}  strength {:.3}, {} lines{}{}\n",
            row.file,
            row.dilution,
            row.strength,
            row.lines,
            if row.grayscale { ", grayscale" } else { "" },
            row.error.as_ref().map_or(String::new(), |e| format!(", error: {e}")),
        ));
    }
}
