//! Strip models: one JSON file per strip type in `models/`, loaded into a validated [`Model`].
//! The schema is documented field by field in `models/README.md`; this module is its machine
//! check. A file that does not fit gives a [`ModelError`] naming the file and the field at fault
//! as a dotted path (`geometry.handle.colour`, `cross_reactions[2].substance`).
//!
//! Rule kept here: every position is a fraction (0..1) measured **from the sample end** (the end
//! that is dipped), never from "top" or "left". Window positions are fractions of the whole strip
//! (or cassette) length; line positions are fractions of the window length.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// The schema version this build reads. Version 2 added `names`, `cross_reactions`, `missed`,
/// `naloxone`, `water_teaspoons`, `notes`, `cutoff.calibrator`, `cutoff.matrix`, `cutoff.range`
/// and `guidance.naloxone`.
pub const SCHEMA_VERSION: u32 = 2;

/// How the strip is packaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A bare strip dipped in the sample (BTNX-style fentanyl strips).
    Dipstick,
    /// A plastic cassette with a result window and a sample well.
    Cassette,
}

/// How a line's presence maps to a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Assay {
    /// Drug in the sample blocks the test line: C only = positive, C + T = negative.
    Competitive,
    /// Analyte in the sample makes the test line appear (COVID, pregnancy): C + T = positive.
    Sandwich,
}

/// What the strip was made and calibrated for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Matrix {
    /// Made for drug checking: a dissolved sample of the drug itself.
    DrugChecking,
    /// A urine drug test, also used by drug-checking services on dissolved samples; its cutoff is
    /// the urine-test cutoff.
    Urine,
}

/// The concentration at which the strip is designed to turn positive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cutoff {
    /// The cutoff this model assumes. With a `range`, its upper end (the least sensitive strips).
    pub value: f64,
    /// `ng/mL` or `µg/mL`.
    pub unit: String,
    /// The span published across brands and lots, when there is one: [low, high], same unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<[f64; 2]>,
    /// The substance the cutoff is stated for (`fentanyl`, `oxazepam`, `d-methamphetamine`...).
    pub calibrator: String,
    /// What the strip was made for: drug checking or urine tests.
    pub matrix: Matrix,
}

/// When to read, in minutes after the strip was laid flat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadWindow {
    pub earliest: f64,
    pub latest: f64,
}

/// The handle end of a dipstick, used to tell the sample end from the handle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Handle {
    /// Where the handle label starts, as a fraction of the strip length from the sample end.
    pub start: f32,
    /// The label's usual colour (sRGB). A hint: the reader looks for the end that is more like it.
    pub colour: [u8; 3],
}

/// Where things sit on the strip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Geometry {
    /// Length over width of the whole strip (or cassette).
    pub aspect: f32,
    /// The visible membrane (result window) along the strip: [start, end], fractions of the length.
    pub window: [f32; 2],
    /// Expected test-line position, as a fraction of the window from its sample end.
    pub test: f32,
    /// Expected control-line position, as a fraction of the window from its sample end.
    pub control: f32,
    /// How far (fraction of the window) a line may sit from its expected position.
    pub line_tolerance: f32,
    /// Typical line width, as a fraction of the window length.
    pub line_width: f32,
    /// The handle label, when the strip has one (dipsticks).
    #[serde(default)]
    pub handle: Option<Handle>,
}

/// Keys into the guidance message catalogs (`www/i18n/*.json`, each prefixed with `guidance.`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    pub positive: String,
    pub negative: String,
    pub invalid: String,
    /// The naloxone message shown with a positive or negative: `common.naloxone` for opioids,
    /// `common.naloxone_non_opioid` for sedatives mixed into the opioid supply,
    /// `common.naloxone_other` for stimulants and ketamine. Must agree with [`Model::naloxone`].
    pub naloxone: String,
}

/// The strip type's name in each language the app ships (the catalogs' `model.<id>`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    pub en: String,
    pub es: String,
    pub fr: String,
    pub pt: String,
}

impl Names {
    /// The name in `lang` (`en`, `es`, `fr`, `pt`), else English.
    pub fn get(&self, lang: &str) -> &str {
        match lang {
            "es" => &self.es,
            "fr" => &self.fr,
            "pt" => &self.pt,
            _ => &self.en,
        }
    }
}

/// A substance named in a model: one that cross-reacts, or one the strip may miss.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mention {
    pub substance: String,
    /// At what concentration, or how much (free text, English).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where the fact comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A validated strip model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub schema: u32,
    pub id: String,
    /// A descriptive English name (tool listings, the CLI).
    pub name: String,
    /// Short names in the app's languages.
    pub names: Names,
    /// The drug the strip tests for: a catalog key (`drug.<drug>`), lowercase.
    pub drug: String,
    pub format: Format,
    pub assay: Assay,
    pub cutoff: Cutoff,
    pub read_window_minutes: ReadWindow,
    pub geometry: Geometry,
    /// Other substances that can turn the strip positive (false positives).
    pub cross_reactions: Vec<Mention>,
    /// Related drugs the strip may miss (false negatives).
    pub missed: Vec<Mention>,
    /// Whether naloxone reverses an overdose of this drug (opioids: yes).
    pub naloxone: bool,
    /// How much water to dissolve a sample in, in teaspoons (1 teaspoon = 5 mL).
    pub water_teaspoons: f64,
    /// Facts for maintainers (English): sources, what the numbers mean, what is not verified.
    pub notes: Vec<String>,
    pub guidance: Guidance,
}

/// A model file that could not be used, naming the field at fault.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelError {
    /// The file (or "<string>") the model came from.
    pub source: String,
    /// The field at fault, as a dotted path (`geometry.window`, `cross_reactions[0].substance`),
    /// or empty for a syntax error.
    pub field: String,
    pub message: String,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "model {}: {}", self.source, self.message)
        } else {
            write!(f, "model {}: field `{}`: {}", self.source, self.field, self.message)
        }
    }
}

impl std::error::Error for ModelError {}

/// The units a cutoff may be given in.
pub const CUTOFF_UNITS: [&str; 2] = ["ng/mL", "µg/mL"];

/// Whether `s` may be used inside a catalog key or an id: lowercase ASCII letters, digits, `-`, `_`, `.`.
fn key_like(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

/// The first error `T` gives for `v`, if any.
fn try_as<T: DeserializeOwned>(v: &Value) -> Option<String> {
    T::deserialize(v).err().map(|e| e.to_string())
}

/// Whether `v` deserializes as the type that sits at `path` in a model; `None` for a leaf (a
/// number, string, enum or fixed array) whose type this walk does not descend into.
fn check_at(path: &str, v: &Value) -> Option<Result<(), String>> {
    let r = |e: Option<String>| Some(e.map_or(Ok(()), Err));
    let element = |list: &str| path.strip_prefix(list).is_some_and(|rest| rest.starts_with('[') && rest.ends_with(']'));
    match path {
        "" => r(try_as::<Model>(v)),
        "names" => r(try_as::<Names>(v)),
        "cutoff" => r(try_as::<Cutoff>(v)),
        "read_window_minutes" => r(try_as::<ReadWindow>(v)),
        "geometry" => r(try_as::<Geometry>(v)),
        "geometry.handle" => r(try_as::<Option<Handle>>(v)),
        "guidance" => r(try_as::<Guidance>(v)),
        "cross_reactions" | "missed" | "notes" if !v.is_array() => Some(Err("must be a list".into())),
        "cross_reactions" | "missed" => r(try_as::<Vec<Mention>>(v)),
        "notes" => r(try_as::<Vec<String>>(v)),
        _ if element("cross_reactions") || element("missed") => r(try_as::<Mention>(v)),
        _ => None,
    }
}

/// The dotted path of the field that makes `v` fail as the type at `path` (which fails).
///
/// It descends into the first member that fails on its own; when every member passes, the fault
/// is at this level: a missing or unknown field named in the message, or the member whose
/// removal turns the error into "missing field" (a value of the wrong type).
fn locate(path: &str, v: &Value, message: &str) -> String {
    let join = |k: &str| if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                if let Some(Err(m)) = check_at(&join(k), child) {
                    return locate(&join(k), child, &m);
                }
            }
            for prefix in ["missing field `", "unknown field `"] {
                if let Some(rest) = message.strip_prefix(prefix) {
                    if let Some(name) = rest.split('`').next() {
                        return join(name);
                    }
                }
            }
            for k in map.keys() {
                let mut without = map.clone();
                without.remove(k);
                match check_at(path, &Value::Object(without)) {
                    Some(Ok(())) => return join(k),
                    Some(Err(m)) if m.starts_with(&format!("missing field `{k}`")) => return join(k),
                    _ => {}
                }
            }
            path.to_string()
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let p = format!("{path}[{i}]");
                match check_at(&p, child) {
                    Some(Err(m)) => return locate(&p, child, &m),
                    Some(Ok(())) => {}
                    // A list of leaves (notes): the first item of the wrong type.
                    None if !child.is_string() => return p,
                    None => {}
                }
            }
            path.to_string()
        }
        _ => path.to_string(),
    }
}

impl Model {
    /// Parses and validates one model file's text. `source` names it in errors.
    pub fn from_json(text: &str, source: &str) -> Result<Model, ModelError> {
        let fail = |field: String, message: String| ModelError { source: source.to_string(), field, message };
        let value: Value = serde_json::from_str(text).map_err(|e| fail(String::new(), e.to_string()))?;
        if !value.is_object() {
            return Err(fail(String::new(), "a model file must hold one JSON object".into()));
        }
        let model = Model::deserialize(&value).map_err(|e| {
            let message = e.to_string();
            let field = locate("", &value, &message);
            // A schema-1 file lacks the fields schema 2 added: say so rather than name one of them.
            if value.get("schema") == Some(&Value::from(1)) {
                return fail("schema".into(), format!("schema 1 files lack the fields schema {SCHEMA_VERSION} added (see models/README.md); first problem: `{field}`: {message}"));
            }
            fail(field, message)
        })?;
        model.validate(source)?;
        Ok(model)
    }

    /// [`Model::from_json`] for a file known to be good (the embedded ones, each checked by
    /// `from_json` in the tests, which must agree): parsed straight into the model's types. A bad
    /// file is still an error, but without the field named: naming it needs a generic JSON tree
    /// walk that the browser's build then does not carry.
    fn from_checked_json(text: &str, source: &str) -> Result<Model, ModelError> {
        let model: Model = serde_json::from_str(text).map_err(|e| ModelError { source: source.to_string(), field: String::new(), message: e.to_string() })?;
        model.validate(source)?;
        Ok(model)
    }

    fn validate(&self, source: &str) -> Result<(), ModelError> {
        let err = |field: &str, message: String| {
            Err(ModelError { source: source.to_string(), field: field.to_string(), message })
        };
        let frac = |v: f32| v.is_finite() && (0.0..=1.0).contains(&v);
        if self.schema != SCHEMA_VERSION {
            return err("schema", format!("this reader knows schema {SCHEMA_VERSION}, not {}", self.schema));
        }
        if self.id.is_empty()
            || !self.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return err("id", format!("{:?} must be non-empty lowercase letters, digits and '-'", self.id));
        }
        if self.id == crate::MIXED_MODEL {
            return err("id", format!("{:?} is reserved for readings of several strip types", self.id));
        }
        if self.name.trim().is_empty() {
            return err("name", "must not be empty".into());
        }
        for (lang, name) in [("en", &self.names.en), ("es", &self.names.es), ("fr", &self.names.fr), ("pt", &self.names.pt)] {
            if name.trim().is_empty() {
                return err(&format!("names.{lang}"), "must not be empty".into());
            }
        }
        if !key_like(&self.drug) || self.drug.contains('.') {
            return err("drug", format!("{:?} must be a catalog key: lowercase letters, digits, '-' or '_'", self.drug));
        }
        let c = &self.cutoff;
        if !(c.value.is_finite() && c.value > 0.0) {
            return err("cutoff.value", format!("{} must be a positive number", c.value));
        }
        if !CUTOFF_UNITS.contains(&c.unit.as_str()) {
            return err("cutoff.unit", format!("{:?} must be one of {}", c.unit, CUTOFF_UNITS.join(", ")));
        }
        if let Some([lo, hi]) = c.range {
            if !(lo.is_finite() && hi.is_finite() && 0.0 < lo && lo <= hi) {
                return err("cutoff.range", format!("[{lo}, {hi}] must be positive numbers, low <= high"));
            }
            if c.value != hi {
                return err("cutoff.value", format!("{} must be the upper end of cutoff.range ({hi})", c.value));
            }
        }
        if c.calibrator.trim().is_empty() {
            return err("cutoff.calibrator", "must name the substance the cutoff is stated for".into());
        }
        let rw = &self.read_window_minutes;
        if !(rw.earliest.is_finite() && rw.latest.is_finite() && 0.0 <= rw.earliest && rw.earliest < rw.latest) {
            return err("read_window_minutes", format!("need 0 <= earliest < latest, got {} and {}", rw.earliest, rw.latest));
        }
        let g = &self.geometry;
        if !(g.aspect.is_finite() && (1.2..=40.0).contains(&g.aspect)) {
            return err("geometry.aspect", format!("{} is outside 1.2..40", g.aspect));
        }
        let [w0, w1] = g.window;
        if !(frac(w0) && frac(w1) && w1 - w0 >= 0.05) {
            return err("geometry.window", format!("[{w0}, {w1}] must lie in 0..1 with end - start >= 0.05"));
        }
        if !frac(g.test) {
            return err("geometry.test", format!("{} must be a fraction 0..1", g.test));
        }
        if !frac(g.control) {
            return err("geometry.control", format!("{} must be a fraction 0..1", g.control));
        }
        if g.test >= g.control {
            return err("geometry.test", format!("the test line ({}) must sit nearer the sample end than the control line ({})", g.test, g.control));
        }
        if !(g.line_width.is_finite() && (0.005..=0.25).contains(&g.line_width)) {
            return err("geometry.line_width", format!("{} is outside 0.005..0.25", g.line_width));
        }
        if !(g.line_tolerance.is_finite() && g.line_tolerance > 0.0 && 2.0 * g.line_tolerance <= g.control - g.test + 1e-6) {
            return err("geometry.line_tolerance", format!("{} must be > 0 and at most half the T-C distance", g.line_tolerance));
        }
        if let Some(h) = &g.handle {
            if self.format == Format::Cassette {
                return err("geometry.handle", "a cassette has no handle label: leave it out".into());
            }
            if !(frac(h.start) && h.start >= w1) {
                return err("geometry.handle.start", format!("{} must lie in 0..1, after the window end {w1}", h.start));
            }
        }
        for (list, items) in [("cross_reactions", &self.cross_reactions), ("missed", &self.missed)] {
            for (i, m) in items.iter().enumerate() {
                if m.substance.trim().is_empty() {
                    return err(&format!("{list}[{i}].substance"), "must not be empty".into());
                }
                for (name, text) in [("note", &m.note), ("source", &m.source)] {
                    if text.as_ref().is_some_and(|t| t.trim().is_empty()) {
                        return err(&format!("{list}[{i}].{name}"), "must not be empty when given (leave it out instead)".into());
                    }
                }
            }
        }
        if !(self.water_teaspoons.is_finite() && (0.1..=5.0).contains(&self.water_teaspoons)) {
            return err("water_teaspoons", format!("{} is outside 0.1..5 teaspoons", self.water_teaspoons));
        }
        for (i, note) in self.notes.iter().enumerate() {
            if note.trim().is_empty() {
                return err(&format!("notes[{i}]"), "must not be empty".into());
            }
        }
        for (field, key) in [
            ("guidance.positive", &self.guidance.positive),
            ("guidance.negative", &self.guidance.negative),
            ("guidance.invalid", &self.guidance.invalid),
            ("guidance.naloxone", &self.guidance.naloxone),
        ] {
            if !key_like(key) {
                return err(field, format!("{key:?} must name a catalog key (lowercase letters, digits, '.', '-', '_'), without the `guidance.` prefix"));
            }
        }
        if self.naloxone != (self.guidance.naloxone == NALOXONE_OPIOID) {
            return err(
                "guidance.naloxone",
                format!("naloxone is {} but guidance.naloxone is {:?}: opioids (naloxone: true) use {NALOXONE_OPIOID:?}, other drugs another message", self.naloxone, self.guidance.naloxone),
            );
        }
        Ok(())
    }
}

/// The guidance key for drugs naloxone reverses (`naloxone: true`).
pub const NALOXONE_OPIOID: &str = "common.naloxone";

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_models.rs"));
}

/// The models compiled into this build (every `models/*.json`), as (file name, JSON text).
pub fn embedded_sources() -> &'static [(&'static str, &'static str)] {
    embedded::EMBEDDED_MODELS
}

/// Every embedded model, parsed and validated, in the order a person picks from: the default
/// model first, then the other models for its drug, then the strips made for drug checking, then
/// the urine-test strips, each group by id. A bad file is an error naming it; a file must be named after its id (`<id>.json`).
pub fn builtin_models() -> Result<Vec<Model>, ModelError> {
    let mut models = Vec::new();
    for (name, text) in embedded_sources() {
        let m = Model::from_checked_json(text, name)?;
        if *name != format!("{}.json", m.id) {
            return Err(ModelError { source: (*name).to_string(), field: "id".into(), message: format!("{:?} must match the file name: name the file {}.json", m.id, m.id) });
        }
        if models.iter().any(|o: &Model| o.id == m.id) {
            return Err(ModelError { source: (*name).to_string(), field: "id".into(), message: format!("duplicate id {:?}", m.id) });
        }
        models.push(m);
    }
    let default_drug = models.iter().find(|m| m.id == DEFAULT_MODEL).map(|m| m.drug.clone());
    models.sort_by(|a, b| {
        let key = |m: &Model| (m.id != DEFAULT_MODEL, Some(&m.drug) != default_drug.as_ref(), m.cutoff.matrix == Matrix::Urine);
        key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
    });
    Ok(models)
}

/// The model used when a caller names none.
pub const DEFAULT_MODEL: &str = "fentanyl-dipstick";

/// Finds an embedded model by id (`None` = the default model).
pub fn builtin_model(id: Option<&str>) -> Result<Model, crate::Error> {
    let id = id.unwrap_or(DEFAULT_MODEL);
    let models = builtin_models().map_err(crate::Error::Model)?;
    let known: Vec<String> = models.iter().map(|m| m.id.clone()).collect();
    models
        .into_iter()
        .find(|m| m.id == id)
        .ok_or_else(|| crate::Error::UnknownModel { id: id.to_string(), known })
}

/// The models a `--model` value (CLI) or `model` argument (wasm) names: one id, or a
/// comma-separated list of ids, one per strip in reading order (see [`crate::analyze_mixed`]).
/// Spaces around ids are ignored; `None` = the default model. An unknown or empty id is an
/// [`crate::Error::UnknownModel`] naming it.
pub fn builtin_model_list(spec: Option<&str>) -> Result<Vec<Model>, crate::Error> {
    let Some(spec) = spec else { return builtin_model(None).map(|m| vec![m]) };
    let models = builtin_models().map_err(crate::Error::Model)?;
    let known = || models.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
    spec.split(',')
        .map(|id| {
            let id = id.trim();
            models.iter().find(|m| m.id == id).cloned().ok_or_else(|| crate::Error::UnknownModel { id: id.to_string(), known: known() })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default model's file, as JSON to break.
    fn good() -> serde_json::Value {
        let (_, text) = embedded_sources().iter().find(|(n, _)| *n == "fentanyl-dipstick.json").unwrap();
        serde_json::from_str(text).unwrap()
    }

    fn field_of(v: &serde_json::Value) -> String {
        match Model::from_json(&v.to_string(), "t.json") {
            Ok(_) => "(accepted)".into(),
            Err(e) => {
                assert!(e.to_string().contains("t.json"), "{e}");
                e.field
            }
        }
    }

    #[test]
    fn the_checked_parse_agrees_with_the_full_one() {
        for (name, text) in embedded_sources() {
            let full = Model::from_json(text, name).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(Model::from_checked_json(text, name).as_ref(), Ok(&full), "{name}");
        }
        // A bad file is an error either way, never a panic; only the full parse names the field.
        let mut v = good();
        v["geometry"]["line_width"] = serde_json::json!("wide");
        let text = v.to_string();
        assert_eq!(Model::from_json(&text, "t.json").map_err(|e| e.field), Err("geometry.line_width".to_string()));
        assert!(Model::from_checked_json(&text, "t.json").is_err());
        v["geometry"]["line_width"] = serde_json::json!(0.9);
        assert_eq!(Model::from_checked_json(&v.to_string(), "t.json").map_err(|e| e.field), Err("geometry.line_width".to_string()));
        assert!(Model::from_checked_json("{", "t.json").is_err());
    }

    #[test]
    fn every_embedded_model_loads() {
        let models = builtin_models().unwrap_or_else(|e| panic!("{e}"));
        assert!(models.len() >= 11, "{} models", models.len());
        assert_eq!(models[0].id, DEFAULT_MODEL, "the default comes first: the page preselects the first");
        assert_eq!(models.len(), embedded_sources().len(), "every models/*.json file is a model");
        // The default's drug first, then drug-checking strips before urine-test strips.
        let others: Vec<&Model> = models.iter().skip_while(|m| m.drug == models[0].drug).collect();
        assert!(others.iter().all(|m| m.drug != models[0].drug));
        let first_urine = others.iter().position(|m| m.cutoff.matrix == Matrix::Urine).unwrap();
        assert!(others[first_urine..].iter().all(|m| m.cutoff.matrix == Matrix::Urine));
    }

    #[test]
    fn errors_name_the_field() {
        let mut v = good();
        v["geometry"]["window"] = serde_json::json!([0.7, 0.2]);
        let e = Model::from_json(&v.to_string(), "t.json").unwrap_err();
        assert_eq!(e.field, "geometry.window");

        let mut v = good();
        v["geometry"]["test"] = serde_json::json!(0.9);
        let e = Model::from_json(&v.to_string(), "t.json").unwrap_err();
        assert_eq!(e.field, "geometry.test");

        let mut v = good();
        v.as_object_mut().unwrap().remove("assay");
        let e = Model::from_json(&v.to_string(), "t.json").unwrap_err();
        assert_eq!(e.field, "assay", "{e}");

        let mut v = good();
        v["colour"] = serde_json::json!("red");
        let e = Model::from_json(&v.to_string(), "t.json").unwrap_err();
        assert_eq!(e.field, "colour", "{e}");

        let e = Model::from_json("{", "t.json").unwrap_err();
        assert!(e.to_string().contains("t.json"));
        assert_eq!(Model::from_json("[1]", "t.json").unwrap_err().field, "");
    }

    #[test]
    fn nested_and_typed_errors_name_the_whole_path() {
        let cases: Vec<(&str, Box<dyn Fn(&mut serde_json::Value)>)> = vec![
            ("geometry.handle.colour", Box::new(|v| v["geometry"]["handle"]["colour"] = serde_json::json!([300, 0, 0]))),
            ("geometry.handle.shade", Box::new(|v| v["geometry"]["handle"]["shade"] = serde_json::json!(1))),
            ("geometry.aspect", Box::new(|v| v["geometry"]["aspect"] = serde_json::json!("long"))),
            ("cutoff.calibrator", Box::new(|v| {
                v["cutoff"].as_object_mut().unwrap().remove("calibrator");
            })),
            ("cutoff.matrix", Box::new(|v| v["cutoff"]["matrix"] = serde_json::json!("saliva"))),
            ("cutoff.unit", Box::new(|v| v["cutoff"]["unit"] = serde_json::json!("mg"))),
            ("cutoff.range", Box::new(|v| v["cutoff"]["range"] = serde_json::json!([30, 10]))),
            ("cutoff.value", Box::new(|v| v["cutoff"]["range"] = serde_json::json!([10, 30]))),
            ("names.pt", Box::new(|v| {
                v["names"].as_object_mut().unwrap().remove("pt");
            })),
            ("names.fr", Box::new(|v| v["names"]["fr"] = serde_json::json!(" "))),
            ("names.de", Box::new(|v| v["names"]["de"] = serde_json::json!("Fentanyl-Teststreifen"))),
            ("cross_reactions[1].substance", Box::new(|v| v["cross_reactions"][1]["substance"] = serde_json::json!(""))),
            ("cross_reactions[0].substance", Box::new(|v| {
                v["cross_reactions"][0].as_object_mut().unwrap().remove("substance");
            })),
            ("cross_reactions[2].note", Box::new(|v| v["cross_reactions"][2]["note"] = serde_json::json!(5))),
            ("cross_reactions", Box::new(|v| v["cross_reactions"] = serde_json::json!("lidocaine"))),
            ("missed[0].source", Box::new(|v| v["missed"][0]["source"] = serde_json::json!(""))),
            ("missed[0].why", Box::new(|v| v["missed"][0]["why"] = serde_json::json!("x"))),
            ("naloxone", Box::new(|v| v["naloxone"] = serde_json::json!("yes"))),
            ("naloxone", Box::new(|v| {
                v.as_object_mut().unwrap().remove("naloxone");
            })),
            ("guidance.naloxone", Box::new(|v| v["naloxone"] = serde_json::json!(false))),
            ("guidance.naloxone", Box::new(|v| {
                v["guidance"].as_object_mut().unwrap().remove("naloxone");
            })),
            ("guidance.positive", Box::new(|v| v["guidance"]["positive"] = serde_json::json!("Fentanyl positive"))),
            ("water_teaspoons", Box::new(|v| v["water_teaspoons"] = serde_json::json!(0))),
            ("water_teaspoons", Box::new(|v| v["water_teaspoons"] = serde_json::json!("½"))),
            ("notes[1]", Box::new(|v| v["notes"][1] = serde_json::json!(""))),
            ("notes[0]", Box::new(|v| v["notes"][0] = serde_json::json!(3))),
            ("drug", Box::new(|v| v["drug"] = serde_json::json!("Fentanyl"))),
            ("id", Box::new(|v| v["id"] = serde_json::json!("mixed"))),
            ("geometry.handle", Box::new(|v| v["format"] = serde_json::json!("cassette"))),
            ("read_window_minutes.latest", Box::new(|v| {
                v["read_window_minutes"].as_object_mut().unwrap().remove("latest");
            })),
        ];
        for (want, break_it) in cases {
            let mut v = good();
            break_it(&mut v);
            assert_eq!(field_of(&v), want, "{v}");
        }
        // The message a person sees: the file, the path, what is wrong.
        let mut v = good();
        v["geometry"]["handle"]["colour"] = serde_json::json!([300, 0, 0]);
        let e = Model::from_json(&v.to_string(), "xylazine-dipstick.json").unwrap_err();
        assert_eq!(e.to_string(), "model xylazine-dipstick.json: field `geometry.handle.colour`: invalid value: integer `300`, expected u8");
    }

    #[test]
    fn optional_fields_may_be_left_out() {
        let mut v = good();
        v["cutoff"].as_object_mut().unwrap().remove("range");
        v["cross_reactions"][0].as_object_mut().unwrap().remove("note");
        v["cross_reactions"][0].as_object_mut().unwrap().remove("source");
        v["missed"] = serde_json::json!([]);
        v["notes"] = serde_json::json!([]);
        v["geometry"].as_object_mut().unwrap().remove("handle");
        assert_eq!(field_of(&v), "(accepted)");
    }

    #[test]
    fn a_schema_1_file_is_told_what_changed() {
        let v = serde_json::json!({"schema": 1, "id": "old", "name": "Old", "drug": "fentanyl", "format": "dipstick",
            "assay": "competitive", "cutoff": {"value": 20, "unit": "ng/mL"}, "read_window_minutes": {"earliest": 5, "latest": 10},
            "geometry": {"aspect": 16.0, "window": [0.4, 0.68], "test": 0.33, "control": 0.67, "line_tolerance": 0.16, "line_width": 0.05},
            "guidance": {"positive": "fentanyl.positive", "negative": "fentanyl.negative", "invalid": "common.invalid"}});
        let e = Model::from_json(&v.to_string(), "old.json").unwrap_err();
        assert_eq!(e.field, "schema");
        assert!(e.message.contains("README"), "{e}");
    }

    #[test]
    fn a_model_list_is_parsed_in_order() {
        let ids = |spec: Option<&str>| builtin_model_list(spec).map(|v| v.into_iter().map(|m| m.id).collect::<Vec<_>>());
        assert_eq!(ids(None).unwrap(), [DEFAULT_MODEL]);
        assert_eq!(ids(Some("xylazine-dipstick")).unwrap(), ["xylazine-dipstick"]);
        assert_eq!(ids(Some("fentanyl-dipstick, xylazine-dipstick,fentanyl-dipstick")).unwrap(), ["fentanyl-dipstick", "xylazine-dipstick", "fentanyl-dipstick"]);
        for bad in ["fentanyl-dipstick,", "", "fentanyl-dipstick,,xylazine-dipstick", "fentanyl-dipstick,nope"] {
            match ids(Some(bad)) {
                Err(crate::Error::UnknownModel { known, .. }) => assert!(known.contains(&DEFAULT_MODEL.to_string())),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn unknown_model_lists_known_ids() {
        match builtin_model(Some("nope")) {
            Err(crate::Error::UnknownModel { id, known }) => {
                assert_eq!(id, "nope");
                assert!(known.contains(&DEFAULT_MODEL.to_string()));
            }
            other => panic!("expected UnknownModel, got {other:?}"),
        }
    }
}
