//! Scoring readings against labels: the synthesizer's truth (verdicts, per strip) and the
//! line-count labels of the real photo sets in `../shared/data`. `strip-reader eval` and the
//! regression tests (tests/tests/regression.rs) both score through this module, so the figures
//! in BENCHMARKS.md and the CI floors come from one code path.
//!
//! Rules kept here:
//! - **Synthesized sets** are scored per *truth strip*. A read strip is matched to a truth strip
//!   when its box centre lies within [`MATCH_DISTANCE`] truth-strip lengths of the truth's
//!   centre (nearest pairs first, each used once). A truth strip with no match is `missed`
//!   (counted with retakes: the user is asked to take the photo again), with the reason
//!   `box_misplaced` when a read box lies within one length of it (cut short by a shadow, or
//!   merged with its neighbour) and `strip_not_found` otherwise; a read strip with no match is
//!   *spurious* (a phantom strip) and listed.
//! - Competitive assay (docs/domain.md): the **dangerous** error is a truth-positive strip read
//!   `negative`. A truth-invalid strip read `negative` is listed separately (also wrong toward
//!   danger: the strip did not run, yet the user is told "not detected").
//! - "Correct among answered" counts positive / negative / invalid answers only; retakes and
//!   missed strips are the retake rate.
//! - Test-line detection is measured on truth-negative strips that the reader read (it made a
//!   test-line call): the share called `present`, by the requested test-line contrast. The limit
//!   of detection is the lower edge of the lowest bin from which every non-empty bin up has at
//!   least 95 % detection.
//! - **Real sets** are sandwich-format COVID tests labelled by line counts: they score the line
//!   finder, never the verdict. The count of a strip is `lines.len()` (line-like detections).

use crate::{layout, strip_tags, Model, Scene, Truth};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use strip_reader_core::{LineCall, LineState, Reading, StripReading, Verdict};

/// A read strip matches a truth strip when their centres are closer than this many truth-strip
/// lengths.
pub const MATCH_DISTANCE: f32 = 0.25;
/// Detection-rate bins of the requested test-line contrast: lower edges (the last is open).
pub const CONTRAST_BINS: [f32; 7] = [0.0, 0.02, 0.04, 0.06, 0.08, 0.12, 0.20];
/// Detection rate that defines the limit of detection.
pub const LOD_RATE: f32 = 0.95;
/// A test line fainter than this (but there) is one a person cannot be counted on to read
/// either: the detection target starts here. Strips with such a line are left out of
/// the *readable* retake rate, which the retake target ("photos a person could read") is about.
pub const READABLE_TEST_CONTRAST: f32 = 0.04;
/// Tags of a photo the camera blurred (out of focus, or moved). The detection target is
/// "on sharp photos": the detection table is given for all photos and again without these.
pub const BLUR_TAGS: [&str; 2] = ["defocus", "motion_blur"];

impl Serialize for Truth {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One labelled strip of a synthesized photo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TruthStrip {
    pub file: String,
    /// Index of the strip in its photo, and how many the photo has.
    pub strip: usize,
    pub strips: usize,
    pub truth: Truth,
    pub test_contrast: f32,
    pub control_contrast: f32,
    /// The item seed that regenerates the photo.
    pub seed: u64,
    /// Outline centre and sample-end midpoint in photo px (absent in old manifests).
    pub centre: Option<[f32; 2]>,
    pub sample_end: Option<[f32; 2]>,
    pub length_px: f32,
    pub tags: Vec<String>,
}

/// The truth strips of a scene drawn with `drawn` and written as `file` at JPEG `quality`
/// (what the manifest rows of [`crate::manifest_rows`] say, without the round trip through text).
pub fn truth_strips(file: &str, drawn: &Model, scene: &Scene, quality: u8, seed: u64) -> Vec<TruthStrip> {
    let truth = layout(drawn, scene);
    let n = truth.len();
    truth
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let c = t.corners;
            let centre = [0.25 * (c[0][0] + c[1][0] + c[2][0] + c[3][0]), 0.25 * (c[0][1] + c[1][1] + c[2][1] + c[3][1])];
            let sample = [0.5 * (c[0][0] + c[1][0]), 0.5 * (c[0][1] + c[1][1])];
            let far = [0.5 * (c[2][0] + c[3][0]), 0.5 * (c[2][1] + c[3][1])];
            TruthStrip {
                file: file.to_string(),
                strip: i,
                strips: n,
                truth: t.truth,
                test_contrast: t.test_contrast,
                control_contrast: t.control_contrast,
                seed,
                centre: Some(centre),
                sample_end: Some(sample),
                length_px: dist(sample, far),
                tags: strip_tags(drawn, scene, quality, i).into_iter().map(str::to_string).collect(),
            }
        })
        .collect()
}

/// A CSV file with a header row (no quoting: none of our manifests need it).
#[derive(Debug, Clone)]
pub struct Csv {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Csv {
    pub fn parse(text: &str) -> Result<Csv, String> {
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let header: Vec<String> = lines.next().ok_or("the manifest is empty")?.split(',').map(|s| s.trim().to_string()).collect();
        let rows = lines.map(|l| l.split(',').map(|s| s.trim().to_string()).collect()).collect();
        Ok(Csv { header, rows })
    }

    pub fn has(&self, column: &str) -> bool {
        self.header.iter().any(|h| h == column)
    }

    /// The value of `column` in `row` ("" when missing).
    pub fn get<'a>(&self, row: &'a [String], column: &str) -> &'a str {
        self.header.iter().position(|h| h == column).and_then(|i| row.get(i)).map_or("", |s| s.as_str())
    }
}

/// What kind of labelled set a manifest describes, from its columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SetKind {
    /// Written by the synthesizer: `truth` per strip.
    Synthesized,
    /// `antigen-windows`: crops of cassette result windows, `lines` 1 or 2.
    AntigenWindows,
    /// `full-photos`: whole photos of cassettes, `cassettes`, `with_two_lines`, `with_one_line`.
    FullPhotos,
    /// `bare-strips`: dipstick-format strips, `lines_by_eye`.
    BareStrips,
    /// `dilution-series`: grayscale photos of a test zone, `serum`, `dilution`.
    DilutionSeries,
}

impl SetKind {
    pub fn detect(csv: &Csv) -> Option<SetKind> {
        if csv.has("truth") {
            Some(SetKind::Synthesized)
        } else if csv.has("lines") {
            Some(SetKind::AntigenWindows)
        } else if csv.has("cassettes") {
            Some(SetKind::FullPhotos)
        } else if csv.has("lines_by_eye") {
            Some(SetKind::BareStrips)
        } else if csv.has("dilution") {
            Some(SetKind::DilutionSeries)
        } else {
            None
        }
    }

    /// Whether the photos are read as result windows (`--window`).
    pub fn window(self) -> bool {
        matches!(self, SetKind::AntigenWindows | SetKind::DilutionSeries)
    }

    pub fn name(self) -> &'static str {
        match self {
            SetKind::Synthesized => "synthesized",
            SetKind::AntigenWindows => "antigen-windows",
            SetKind::FullPhotos => "full-photos",
            SetKind::BareStrips => "bare-strips",
            SetKind::DilutionSeries => "dilution-series",
        }
    }
}

/// The files a manifest lists, each once, in manifest order.
pub fn files(csv: &Csv) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for r in &csv.rows {
        let f = csv.get(r, "file");
        if !f.is_empty() && seen.insert(f.to_string()) {
            out.push(f.to_string());
        }
    }
    out
}

/// The truth strips of a synthesized manifest.
pub fn parse_truth(csv: &Csv) -> Result<Vec<TruthStrip>, String> {
    let num = |r: &[String], c: &str| -> Option<f32> { csv.get(r, c).parse::<f32>().ok() };
    let mut out = Vec::new();
    for (i, r) in csv.rows.iter().enumerate() {
        let truth: Truth = csv.get(r, "truth").parse().map_err(|e| format!("manifest row {}: {e}", i + 2))?;
        let pair = |x: &str, y: &str| Some([num(r, x)?, num(r, y)?]);
        out.push(TruthStrip {
            file: csv.get(r, "file").to_string(),
            strip: csv.get(r, "strip").parse().unwrap_or(0),
            strips: csv.get(r, "strips").parse().unwrap_or(1),
            truth,
            test_contrast: num(r, "test_contrast").unwrap_or(0.0),
            control_contrast: num(r, "control_contrast").unwrap_or(0.0),
            seed: csv.get(r, "seed").parse().unwrap_or(0),
            centre: pair("centre_x", "centre_y"),
            sample_end: pair("sample_x", "sample_y"),
            length_px: num(r, "length_px").unwrap_or(0.0),
            tags: csv.get(r, "tags").split(';').filter(|t| !t.is_empty()).map(str::to_string).collect(),
        });
    }
    Ok(out)
}

fn dist(a: [f32; 2], b: [f32; 2]) -> f32 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

fn box_centre(s: &StripReading) -> [f32; 2] {
    let c = s.corners;
    [0.25 * (c[0][0] + c[1][0] + c[2][0] + c[3][0]), 0.25 * (c[0][1] + c[1][1] + c[2][1] + c[3][1])]
}

/// What the user is told about one truth strip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    Positive,
    Negative,
    Invalid,
    /// The strip was found but the reading says retake.
    Retake,
    /// No read strip at the truth strip's place (not found, or the whole photo was a retake).
    Missed,
}

impl Answer {
    pub const ALL: [Answer; 5] = [Answer::Positive, Answer::Negative, Answer::Invalid, Answer::Retake, Answer::Missed];

    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Positive => "positive",
            Answer::Negative => "negative",
            Answer::Invalid => "invalid",
            Answer::Retake => "retake",
            Answer::Missed => "missed",
        }
    }

    fn answered(self) -> bool {
        matches!(self, Answer::Positive | Answer::Negative | Answer::Invalid)
    }

    fn right(self, t: Truth) -> bool {
        matches!(
            (t, self),
            (Truth::Positive, Answer::Positive) | (Truth::Negative, Answer::Negative) | (Truth::Invalid, Answer::Invalid)
        )
    }
}

/// One truth strip and what the reader said about it.
#[derive(Debug, Clone, Serialize)]
pub struct StripScore {
    #[serde(flatten)]
    pub truth: TruthStrip,
    pub answer: Answer,
    /// The reason of the matched strip's reading (or the photo's, when missed).
    pub reason: Option<String>,
    pub control: Option<LineCall>,
    pub test: Option<LineCall>,
    /// Line-like detections on the matched strip.
    pub lines: usize,
    /// The reader took the handle end for the sample end (it read the strip backwards).
    pub swapped: bool,
}

/// A read strip that matches no truth strip.
#[derive(Debug, Clone, Serialize)]
pub struct Spurious {
    pub file: String,
    pub result: Verdict,
    pub centre: [f32; 2],
}

/// One photo's scores.
#[derive(Debug, Clone, Serialize)]
pub struct PhotoScore {
    pub file: String,
    pub result: Option<Verdict>,
    /// The photo could not be read at all (decoding failed, or the reader errored).
    pub error: Option<String>,
    pub strips: Vec<StripScore>,
    pub spurious: Vec<Spurious>,
}

fn reason_str<T: Serialize>(r: &Option<T>) -> Option<String> {
    r.as_ref().and_then(|r| serde_json::to_value(r).ok()).and_then(|v| v.as_str().map(str::to_string))
}

/// Scores one synthesized photo: `truths` are its strips, `reading` what the reader said (or the
/// error that stopped it).
pub fn score_photo(file: &str, truths: &[TruthStrip], reading: Result<&Reading, &str>) -> PhotoScore {
    let reading = match reading {
        Ok(r) => r,
        Err(e) => {
            return PhotoScore {
                file: file.to_string(),
                result: None,
                error: Some(e.to_string()),
                strips: truths
                    .iter()
                    .map(|t| StripScore { truth: t.clone(), answer: Answer::Missed, reason: Some("error".into()), control: None, test: None, lines: 0, swapped: false })
                    .collect(),
                spurious: Vec::new(),
            }
        }
    };
    // Pairs (distance in truth lengths, truth index, read index), nearest first.
    let mut assigned: Vec<Option<usize>> = vec![None; truths.len()];
    let positioned = truths.iter().all(|t| t.centre.is_some() && t.length_px > 0.0);
    if positioned {
        let mut pairs = Vec::new();
        for (ti, t) in truths.iter().enumerate() {
            for (ri, s) in reading.strips.iter().enumerate() {
                let d = dist(t.centre.unwrap_or_default(), box_centre(s)) / t.length_px;
                if d < MATCH_DISTANCE {
                    pairs.push((d, ti, ri));
                }
            }
        }
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut used = vec![false; reading.strips.len()];
        for (_, ti, ri) in pairs {
            if assigned[ti].is_none() && !used[ri] {
                assigned[ti] = Some(ri);
                used[ri] = true;
            }
        }
    } else if truths.len() == 1 && reading.strips.len() == 1 {
        assigned[0] = Some(0);
    }
    let strips = truths
        .iter()
        .zip(&assigned)
        .map(|(t, a)| match a {
            Some(ri) => {
                let s = &reading.strips[*ri];
                let answer = match s.result {
                    Verdict::Positive => Answer::Positive,
                    Verdict::Negative => Answer::Negative,
                    Verdict::Invalid => Answer::Invalid,
                    Verdict::Retake | Verdict::Multiple => Answer::Retake,
                };
                let swapped = match (t.sample_end, t.centre) {
                    (Some(se), Some(c)) if s.orientation == strip_reader_core::Orientation::Handle => {
                        let read_se = [0.5 * (s.corners[0][0] + s.corners[1][0]), 0.5 * (s.corners[0][1] + s.corners[1][1])];
                        let far = [2.0 * c[0] - se[0], 2.0 * c[1] - se[1]];
                        dist(read_se, far) < dist(read_se, se)
                    }
                    _ => false,
                };
                StripScore {
                    truth: t.clone(),
                    answer,
                    reason: reason_str(&s.reason),
                    control: s.control,
                    test: s.test,
                    lines: s.lines.len(),
                    swapped,
                }
            }
            None => StripScore {
                truth: t.clone(),
                answer: Answer::Missed,
                reason: if reading.strips.is_empty() {
                    reason_str(&reading.reason)
                } else {
                    // Other strips were found: was one of them near this one (a box cut short by
                    // a shadow, or merged with something beside it)?
                    let near = t.centre.is_some_and(|c| reading.strips.iter().any(|s| dist(c, box_centre(s)) < t.length_px));
                    Some(if near { "box_misplaced" } else { "strip_not_found" }.into())
                },
                control: None,
                test: None,
                lines: 0,
                swapped: false,
            },
        })
        .collect();
    let spurious = reading
        .strips
        .iter()
        .enumerate()
        .filter(|(ri, _)| !assigned.contains(&Some(*ri)))
        .map(|(_, s)| Spurious { file: file.to_string(), result: s.result, centre: box_centre(s) })
        .collect();
    PhotoScore { file: file.to_string(), result: Some(reading.result), error: None, strips, spurious }
}

/// One cell row of the detection table.
#[derive(Debug, Clone, Serialize)]
pub struct DetectionBin {
    /// Requested test-line contrast range [lo, hi) (hi absent for the last bin).
    pub lo: f32,
    pub hi: Option<f32>,
    /// Truth-negative strips in the bin, those the reader made a test-line call on, and of
    /// those the calls `present` and `uncertain`.
    pub strips: usize,
    pub read: usize,
    pub present: usize,
    pub uncertain: usize,
    /// present / read.
    pub rate: Option<f32>,
}

/// Results for the strips carrying one tag.
#[derive(Debug, Clone, Serialize)]
pub struct TagRow {
    pub tag: String,
    pub strips: usize,
    pub answered: usize,
    pub correct: usize,
    pub retake: usize,
    pub dangerous: usize,
    pub correct_rate: Option<f32>,
    pub retake_rate: Option<f32>,
}

/// The report on a synthesized set.
#[derive(Debug, Clone, Serialize)]
pub struct SynthReport {
    pub photos: usize,
    pub strips: usize,
    /// Photos the reader could not read at all.
    pub errors: Vec<String>,
    /// Rows: truth positive, negative, invalid; columns: [`Answer::ALL`].
    pub confusion: [[usize; 5]; 3],
    /// Truth positive read negative: the dangerous error.
    pub dangerous: Vec<StripScore>,
    /// Truth invalid (no control line) read negative.
    pub invalid_as_negative: Vec<StripScore>,
    /// Every other wrong answer (positive/negative/invalid given, but not the truth).
    pub other_wrong: Vec<StripScore>,
    pub answered: usize,
    pub correct: usize,
    /// correct / answered.
    pub correct_rate: Option<f32>,
    /// (retake + missed) / strips.
    pub retake_rate: Option<f32>,
    /// Strips whose test line is absent or at least [`READABLE_TEST_CONTRAST`].
    pub readable: usize,
    /// Of those, retaken or missed.
    pub readable_retake: usize,
    /// readable_retake / readable.
    pub readable_retake_rate: Option<f32>,
    pub retake_reasons: BTreeMap<String, usize>,
    /// Strips read backwards (handle taken for the sample end).
    pub swapped: usize,
    /// Read strips matching no truth strip.
    pub spurious: Vec<Spurious>,
    /// Of those, the ones read `negative`: "not detected" said of something that is no strip.
    pub phantom_negative: Vec<Spurious>,
    pub detection: Vec<DetectionBin>,
    /// Limit of detection (requested green contrast), when some bin reaches it.
    pub lod: Option<f32>,
    /// The same on sharp photos only (no tag of [`BLUR_TAGS`]).
    pub detection_sharp: Vec<DetectionBin>,
    pub lod_sharp: Option<f32>,
    pub tags: Vec<TagRow>,
    /// Every truth strip with what the reader said, in manifest order.
    pub strip_scores: Vec<StripScore>,
}

/// The lowest bin edge from which every non-empty bin up detects at [`LOD_RATE`] or more.
fn limit_of_detection(bins: &[DetectionBin]) -> Option<f32> {
    let mut lod = None;
    for b in bins.iter().rev() {
        match b.rate {
            None => continue,
            Some(r) if r >= LOD_RATE => lod = Some(b.lo),
            Some(_) => break,
        }
    }
    lod
}

fn rate(a: usize, b: usize) -> Option<f32> {
    (b > 0).then(|| a as f32 / b as f32)
}

/// The report over scored photos.
pub fn synth_report(photos: &[PhotoScore]) -> SynthReport {
    let mut confusion = [[0usize; 5]; 3];
    let mut dangerous = Vec::new();
    let mut invalid_as_negative = Vec::new();
    let mut other_wrong = Vec::new();
    let (mut answered, mut correct, mut retake, mut swapped, mut strips) = (0, 0, 0, 0, 0);
    let (mut readable, mut readable_retake) = (0, 0);
    let mut reasons = BTreeMap::new();
    let empty_bins = || -> Vec<DetectionBin> {
        CONTRAST_BINS
            .iter()
            .enumerate()
            .map(|(i, &lo)| DetectionBin { lo, hi: CONTRAST_BINS.get(i + 1).copied(), strips: 0, read: 0, present: 0, uncertain: 0, rate: None })
            .collect()
    };
    let mut bins = empty_bins();
    let mut sharp_bins = empty_bins();
    let mut tags: BTreeMap<String, TagRow> = BTreeMap::new();
    for p in photos {
        for s in &p.strips {
            strips += 1;
            let t = s.truth.truth;
            confusion[t as usize][s.answer as usize] += 1;
            let is_dangerous = t == Truth::Positive && s.answer == Answer::Negative;
            if is_dangerous {
                dangerous.push(s.clone());
            } else if t == Truth::Invalid && s.answer == Answer::Negative {
                invalid_as_negative.push(s.clone());
            } else if s.answer.answered() && !s.answer.right(t) {
                other_wrong.push(s.clone());
            }
            if s.answer.answered() {
                answered += 1;
                if s.answer.right(t) {
                    correct += 1;
                }
            } else {
                retake += 1;
                *reasons.entry(s.reason.clone().unwrap_or_else(|| "none".into())).or_insert(0) += 1;
            }
            swapped += s.swapped as usize;
            let c = s.truth.test_contrast;
            if c <= 0.0 || c >= READABLE_TEST_CONTRAST {
                readable += 1;
                readable_retake += (!s.answer.answered()) as usize;
            }
            if t == Truth::Negative {
                let c = s.truth.test_contrast;
                let bi = CONTRAST_BINS.iter().rposition(|&lo| c >= lo).unwrap_or(0);
                let sharp = !s.truth.tags.iter().any(|tag| BLUR_TAGS.contains(&tag.as_str()));
                let count = |b: &mut DetectionBin| {
                    b.strips += 1;
                    if let Some(call) = &s.test {
                        b.read += 1;
                        match call.state {
                            LineState::Present => b.present += 1,
                            LineState::Uncertain => b.uncertain += 1,
                            LineState::Absent => {}
                        }
                    }
                };
                count(&mut bins[bi]);
                if sharp {
                    count(&mut sharp_bins[bi]);
                }
            }
            let names: Vec<String> = if s.truth.tags.is_empty() { vec!["(none)".to_string()] } else { s.truth.tags.clone() };
            for name in names {
                let row = tags.entry(name.clone()).or_insert(TagRow {
                    tag: name,
                    strips: 0,
                    answered: 0,
                    correct: 0,
                    retake: 0,
                    dangerous: 0,
                    correct_rate: None,
                    retake_rate: None,
                });
                row.strips += 1;
                row.answered += s.answer.answered() as usize;
                row.correct += s.answer.right(t) as usize;
                row.retake += (!s.answer.answered()) as usize;
                row.dangerous += is_dangerous as usize;
            }
        }
    }
    for b in bins.iter_mut().chain(sharp_bins.iter_mut()) {
        b.rate = rate(b.present, b.read);
    }
    let (lod, lod_sharp) = (limit_of_detection(&bins), limit_of_detection(&sharp_bins));
    let mut tags: Vec<TagRow> = tags.into_values().collect();
    for r in tags.iter_mut() {
        r.correct_rate = rate(r.correct, r.answered);
        r.retake_rate = rate(r.retake, r.strips);
    }
    tags.sort_by(|a, b| b.strips.cmp(&a.strips).then(a.tag.cmp(&b.tag)));
    SynthReport {
        photos: photos.len(),
        strips,
        errors: photos.iter().filter_map(|p| p.error.as_ref().map(|e| format!("{}: {e}", p.file))).collect(),
        confusion,
        dangerous,
        invalid_as_negative,
        other_wrong,
        answered,
        correct,
        correct_rate: rate(correct, answered),
        retake_rate: rate(retake, strips),
        readable,
        readable_retake,
        readable_retake_rate: rate(readable_retake, readable),
        retake_reasons: reasons,
        swapped,
        spurious: photos.iter().flat_map(|p| p.spurious.iter().cloned()).collect(),
        phantom_negative: photos
            .iter()
            .flat_map(|p| p.spurious.iter().filter(|s| s.result == Verdict::Negative).cloned())
            .collect(),
        detection: bins,
        lod,
        detection_sharp: sharp_bins,
        lod_sharp,
        tags,
        strip_scores: photos.iter().flat_map(|p| p.strips.iter().cloned()).collect(),
    }
}

/// The number of lines the reader saw on a strip: its line-like detections.
pub fn line_count(s: &StripReading) -> usize {
    s.lines.len()
}

/// The strip a single-strip photo is scored on when the reader found several: the longest.
pub fn main_strip(r: &Reading) -> Option<&StripReading> {
    let len = |s: &StripReading| {
        let c = s.corners;
        dist([0.5 * (c[0][0] + c[1][0]), 0.5 * (c[0][1] + c[1][1])], [0.5 * (c[2][0] + c[3][0]), 0.5 * (c[2][1] + c[3][1])])
    };
    r.strips.iter().max_by(|a, b| len(a).total_cmp(&len(b)))
}

/// One photo of a line-count set (antigen-windows, bare-strips).
#[derive(Debug, Clone, Serialize)]
pub struct CountRow {
    pub file: String,
    pub label: usize,
    /// Lines counted on the (main) strip; `None` when no strip was found or the photo failed.
    pub counted: Option<usize>,
    pub strips_found: usize,
    pub result: Option<Verdict>,
    pub reason: Option<String>,
    pub error: Option<String>,
    /// A note from the manifest (bare-strips: `second_line_by_eye`).
    pub note: String,
}

/// Agreement per label.
#[derive(Debug, Clone, Serialize)]
pub struct LabelRow {
    pub label: usize,
    pub photos: usize,
    /// Photos counted 0, 1, 2, 3 or more lines, and with no strip found.
    pub counted: [usize; 4],
    pub no_strip: usize,
    pub agree: usize,
    pub rate: Option<f32>,
}

/// The report on a line-count set.
#[derive(Debug, Clone, Serialize)]
pub struct CountReport {
    pub photos: usize,
    pub errors: usize,
    pub agree: usize,
    pub agreement: Option<f32>,
    pub by_label: Vec<LabelRow>,
    pub disagreements: Vec<CountRow>,
}

/// The label column of a line-count set.
pub fn count_label(kind: SetKind) -> &'static str {
    if kind == SetKind::BareStrips {
        "lines_by_eye"
    } else {
        "lines"
    }
}

/// Scores one photo of a line-count set.
pub fn count_row(file: &str, label: usize, note: &str, reading: Result<&Reading, &str>) -> CountRow {
    match reading {
        Ok(r) => {
            let main = main_strip(r);
            CountRow {
                file: file.to_string(),
                label,
                counted: main.map(line_count),
                strips_found: r.strips.len(),
                result: Some(r.result),
                reason: reason_str(&main.map_or(r.reason, |s| s.reason)),
                error: None,
                note: note.to_string(),
            }
        }
        Err(e) => CountRow {
            file: file.to_string(),
            label,
            counted: None,
            strips_found: 0,
            result: None,
            reason: None,
            error: Some(e.to_string()),
            note: note.to_string(),
        },
    }
}

pub fn count_report(rows: &[CountRow]) -> CountReport {
    let mut labels: BTreeMap<usize, LabelRow> = BTreeMap::new();
    for r in rows {
        let row = labels.entry(r.label).or_insert(LabelRow { label: r.label, photos: 0, counted: [0; 4], no_strip: 0, agree: 0, rate: None });
        row.photos += 1;
        match r.counted {
            Some(c) => row.counted[c.min(3)] += 1,
            None => row.no_strip += 1,
        }
        row.agree += (r.counted == Some(r.label)) as usize;
    }
    let mut by_label: Vec<LabelRow> = labels.into_values().collect();
    for l in by_label.iter_mut() {
        l.rate = rate(l.agree, l.photos);
    }
    let agree = rows.iter().filter(|r| r.counted == Some(r.label)).count();
    CountReport {
        photos: rows.len(),
        errors: rows.iter().filter(|r| r.error.is_some()).count(),
        agree,
        agreement: rate(agree, rows.len()),
        by_label,
        disagreements: rows.iter().filter(|r| r.counted != Some(r.label)).cloned().collect(),
    }
}

/// One photo of full-photos.
#[derive(Debug, Clone, Serialize)]
pub struct FullRow {
    pub file: String,
    pub cassettes: usize,
    pub with_two_lines: usize,
    pub with_one_line: usize,
    pub found: usize,
    /// Found strips with exactly two / one line(s).
    pub two: usize,
    pub one: usize,
    pub result: Option<Verdict>,
    pub reason: Option<String>,
    pub error: Option<String>,
    /// found == cassettes.
    pub count_ok: bool,
    /// count_ok and the two-line and one-line counts match.
    pub lines_ok: bool,
}

pub fn full_row(file: &str, cassettes: usize, two_label: usize, one_label: usize, reading: Result<&Reading, &str>) -> FullRow {
    let (found, two, one, result, reason, error) = match reading {
        Ok(r) => (
            r.strips.len(),
            r.strips.iter().filter(|s| line_count(s) == 2).count(),
            r.strips.iter().filter(|s| line_count(s) == 1).count(),
            Some(r.result),
            reason_str(&r.reason),
            None,
        ),
        Err(e) => (0, 0, 0, None, None, Some(e.to_string())),
    };
    let count_ok = error.is_none() && found == cassettes;
    FullRow {
        file: file.to_string(),
        cassettes,
        with_two_lines: two_label,
        with_one_line: one_label,
        found,
        two,
        one,
        result,
        reason,
        error,
        count_ok,
        lines_ok: count_ok && two == two_label && one == one_label,
    }
}

/// The report on full-photos.
#[derive(Debug, Clone, Serialize)]
pub struct FullReport {
    pub photos: usize,
    pub errors: usize,
    pub cassettes: usize,
    /// Sum over photos of min(found, cassettes): cassettes that could have been found.
    pub found_up_to_label: usize,
    /// Strips found beyond the label (phantoms), summed.
    pub extra: usize,
    pub count_ok: usize,
    pub lines_ok: usize,
    pub rows: Vec<FullRow>,
}

pub fn full_report(rows: &[FullRow]) -> FullReport {
    FullReport {
        photos: rows.len(),
        errors: rows.iter().filter(|r| r.error.is_some()).count(),
        cassettes: rows.iter().map(|r| r.cassettes).sum(),
        found_up_to_label: rows.iter().map(|r| r.found.min(r.cassettes)).sum(),
        extra: rows.iter().map(|r| r.found.saturating_sub(r.cassettes)).sum(),
        count_ok: rows.iter().filter(|r| r.count_ok).count(),
        lines_ok: rows.iter().filter(|r| r.lines_ok).count(),
        rows: rows.to_vec(),
    }
}

/// One photo of the dilution series.
#[derive(Debug, Clone, Serialize)]
pub struct DilutionRow {
    pub file: String,
    pub serum: String,
    pub dilution: String,
    /// N of "1:N".
    pub factor: u32,
    /// Strongest line-like detection's green contrast (0 when none).
    pub strength: f32,
    pub lines: usize,
    pub grayscale: bool,
    pub error: Option<String>,
}

pub fn dilution_row(file: &str, serum: &str, dilution: &str, reading: Result<&Reading, &str>) -> DilutionRow {
    let factor = dilution.rsplit(':').next().and_then(|n| n.parse().ok()).unwrap_or(0);
    let (strength, lines, grayscale, error) = match reading {
        Ok(r) => {
            let all: Vec<f32> = r.strips.iter().flat_map(|s| s.lines.iter().map(|l| l.strength)).collect();
            (all.iter().cloned().fold(0.0, f32::max), all.len(), r.quality.grayscale, None)
        }
        Err(e) => (0.0, 0, false, Some(e.to_string())),
    };
    DilutionRow { file: file.to_string(), serum: serum.to_string(), dilution: dilution.to_string(), factor, strength, lines, grayscale, error }
}

/// Mean strength of one serum at one dilution.
#[derive(Debug, Clone, Serialize)]
pub struct DilutionGroup {
    pub serum: String,
    pub dilution: String,
    pub factor: u32,
    pub photos: usize,
    pub mean: f32,
    pub min: f32,
    pub max: f32,
}

/// The report on the dilution series.
#[derive(Debug, Clone, Serialize)]
pub struct DilutionReport {
    pub photos: usize,
    pub errors: usize,
    pub groups: Vec<DilutionGroup>,
    /// Some line-like detection was made on some photo.
    pub line_seen: bool,
    /// Every serum's mean strength falls (or stays) from each dilution to the next, and the
    /// vaccinated serum's falls overall (first dilution above the last): a fall that was seen,
    /// not a flat zero.
    pub monotonic: bool,
    /// The steps where it rises instead, "serum 1:a -> 1:b".
    pub rises: Vec<String>,
    pub rows: Vec<DilutionRow>,
}

pub fn dilution_report(rows: &[DilutionRow]) -> DilutionReport {
    let mut groups: BTreeMap<(String, u32), Vec<&DilutionRow>> = BTreeMap::new();
    for r in rows {
        groups.entry((r.serum.clone(), r.factor)).or_default().push(r);
    }
    let groups: Vec<DilutionGroup> = groups
        .into_iter()
        .map(|((serum, factor), rs)| {
            let s: Vec<f32> = rs.iter().map(|r| r.strength).collect();
            DilutionGroup {
                serum,
                dilution: rs[0].dilution.clone(),
                factor,
                photos: s.len(),
                mean: s.iter().sum::<f32>() / s.len() as f32,
                min: s.iter().cloned().fold(f32::MAX, f32::min),
                max: s.iter().cloned().fold(0.0, f32::max),
            }
        })
        .collect();
    let mut rises = Vec::new();
    for w in groups.windows(2) {
        if w[0].serum == w[1].serum && w[1].mean > w[0].mean {
            rises.push(format!("{} {} -> {} ({:.3} -> {:.3})", w[0].serum, w[0].dilution, w[1].dilution, w[0].mean, w[1].mean));
        }
    }
    let line_seen = rows.iter().any(|r| r.strength > 0.0);
    // The serum with the most dilutions (the vaccinated one) must fall from its first to its last.
    let mut longest: Vec<&DilutionGroup> = Vec::new();
    for g in &groups {
        let run: Vec<&DilutionGroup> = groups.iter().filter(|h| h.serum == g.serum).collect();
        if run.len() > longest.len() {
            longest = run;
        }
    }
    let falls = match (longest.first(), longest.last()) {
        (Some(a), Some(b)) => a.mean > b.mean,
        _ => false,
    };
    DilutionReport {
        photos: rows.len(),
        errors: rows.iter().filter(|r| r.error.is_some()).count(),
        line_seen,
        monotonic: rises.is_empty() && falls,
        rises,
        groups,
        rows: rows.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strip_reader_core::{Line, Orientation, Quality, Reason};

    fn truth(file: &str, t: Truth, centre: [f32; 2], tc: f32) -> TruthStrip {
        TruthStrip {
            file: file.into(),
            strip: 0,
            strips: 1,
            truth: t,
            test_contrast: tc,
            control_contrast: 0.4,
            seed: 1,
            centre: Some(centre),
            sample_end: Some([centre[0] - 100.0, centre[1]]),
            length_px: 200.0,
            tags: vec!["glare".into()],
        }
    }

    fn call(state: LineState) -> LineCall {
        LineCall { present: state == LineState::Present, state, strength: 0.1, snr: 10.0, position: Some(0.33) }
    }

    fn strip(result: Verdict, centre: [f32; 2], test: LineState) -> StripReading {
        let (x, y) = (centre[0], centre[1]);
        StripReading {
            result,
            reason: (result == Verdict::Retake).then_some(Reason::UncertainTestLine),
            corners: [[x - 100.0, y - 5.0], [x - 100.0, y + 5.0], [x + 100.0, y + 5.0], [x + 100.0, y - 5.0]],
            window: [[0.0; 2]; 4],
            control: Some(call(LineState::Present)),
            test: Some(call(test)),
            lines: vec![Line { position: 0.3, strength: 0.1, snr: 9.0 }],
            orientation: Orientation::Handle,
            marks: 1,
        }
    }

    fn reading(strips: Vec<StripReading>) -> Reading {
        let result = match strips.len() {
            0 => Verdict::Retake,
            1 => strips[0].result,
            _ => Verdict::Multiple,
        };
        Reading { model: "m".into(), result, reason: None, strips, quality: Quality::default() }
    }

    #[test]
    fn matching_dangerous_and_spurious() {
        let t = [truth("a.jpg", Truth::Positive, [300.0, 200.0], 0.0), truth("a.jpg", Truth::Negative, [300.0, 400.0], 0.03)];
        let r = reading(vec![
            strip(Verdict::Negative, [305.0, 402.0], LineState::Present),
            strip(Verdict::Negative, [298.0, 199.0], LineState::Present),
            strip(Verdict::Invalid, [900.0, 900.0], LineState::Absent),
        ]);
        let p = score_photo("a.jpg", &t, Ok(&r));
        assert_eq!(p.strips[0].answer, Answer::Negative);
        assert_eq!(p.strips[1].answer, Answer::Negative);
        assert_eq!(p.spurious.len(), 1);
        let rep = synth_report(&[p]);
        assert_eq!(rep.dangerous.len(), 1);
        assert_eq!(rep.correct, 1);
        assert_eq!(rep.answered, 2);
        assert_eq!(rep.confusion[0][1], 1);
        assert_eq!(rep.detection[1].present, 1);
        assert_eq!(rep.tags[0].dangerous, 1);
    }

    #[test]
    fn missed_swapped_and_lod() {
        let t = [truth("b.jpg", Truth::Negative, [300.0, 200.0], 0.3)];
        let p = score_photo("b.jpg", &t, Ok(&reading(vec![])));
        assert_eq!(p.strips[0].answer, Answer::Missed);
        // Read backwards: the box's first corners at the truth's far end.
        let mut s = strip(Verdict::Negative, [300.0, 200.0], LineState::Present);
        s.corners = [s.corners[2], s.corners[3], s.corners[0], s.corners[1]];
        let q = score_photo("b.jpg", &t, Ok(&reading(vec![s])));
        assert!(q.strips[0].swapped);
        // Detection 100 % at 0.3, 0 % at 0.01 (0 % bin ends the run): LoD = 0.20.
        let faint = [truth("c.jpg", Truth::Negative, [300.0, 200.0], 0.01)];
        let f = score_photo("c.jpg", &faint, Ok(&reading(vec![strip(Verdict::Positive, [300.0, 200.0], LineState::Absent)])));
        let rep = synth_report(&[p, q, f]);
        assert_eq!(rep.lod, Some(0.20));
        assert_eq!(rep.retake_rate, Some(1.0 / 3.0));
        assert_eq!(rep.correct_rate, Some(0.5));
        // The 0.01 test line is below what a person can read: left out of the readable rate.
        assert_eq!((rep.readable, rep.readable_retake, rep.readable_retake_rate), (2, 1, Some(0.5)));
    }

    #[test]
    fn detection_on_sharp_photos_leaves_blurred_ones_out() {
        // A 0.10 test line seen on a sharp photo, missed on a defocused one: 50 % over all
        // photos (no LoD), 100 % on sharp ones (LoD 0.08, the bin's lower edge).
        let sharp = [truth("a.jpg", Truth::Negative, [300.0, 200.0], 0.10)];
        let mut blurred = [truth("b.jpg", Truth::Negative, [300.0, 200.0], 0.10)];
        blurred[0].tags.push("defocus".into());
        let seen = score_photo("a.jpg", &sharp, Ok(&reading(vec![strip(Verdict::Negative, [300.0, 200.0], LineState::Present)])));
        let missed = score_photo("b.jpg", &blurred, Ok(&reading(vec![strip(Verdict::Positive, [300.0, 200.0], LineState::Absent)])));
        let rep = synth_report(&[seen, missed]);
        assert_eq!((rep.detection[4].read, rep.detection[4].present, rep.lod), (2, 1, None));
        assert_eq!((rep.detection_sharp[4].read, rep.detection_sharp[4].present, rep.lod_sharp), (1, 1, Some(0.08)));
    }

    #[test]
    fn kinds_and_counts() {
        let csv = Csv::parse("file,lines,width\na.jpg,2,10\nb.jpg,1,10\n").unwrap();
        assert_eq!(SetKind::detect(&csv), Some(SetKind::AntigenWindows));
        assert_eq!(files(&csv), vec!["a.jpg", "b.jpg"]);
        let r = reading(vec![strip(Verdict::Negative, [10.0, 10.0], LineState::Present)]);
        let rows = [count_row("a.jpg", 2, "", Ok(&r)), count_row("b.jpg", 1, "", Ok(&r)), count_row("c.jpg", 1, "", Err("bad"))];
        let rep = count_report(&rows);
        assert_eq!((rep.agree, rep.errors, rep.disagreements.len()), (1, 1, 2));
        let d = dilution_report(&[
            dilution_row("x", "v", "1:1", Ok(&r)),
            dilution_row("y", "v", "1:2", Ok(&reading(vec![]))),
            dilution_row("z", "v", "1:4", Ok(&r)),
        ]);
        assert!(!d.monotonic && d.rises.len() == 1, "{:?}", d.rises);
        // A flat zero is no fall.
        let flat = dilution_report(&[dilution_row("x", "v", "1:1", Ok(&reading(vec![]))), dilution_row("y", "v", "1:2", Ok(&reading(vec![])))]);
        assert!(!flat.monotonic && !flat.line_seen);
        let falling = dilution_report(&[dilution_row("x", "v", "1:1", Ok(&r)), dilution_row("y", "v", "1:2", Ok(&reading(vec![])))]);
        assert!(falling.monotonic && falling.line_seen);
    }
}
