//! Strip models: one JSON file per strip type in `models/`, loaded into a validated [`Model`].
//!
//! Rule kept here: every position is a fraction (0..1) measured **from the sample end** (the end
//! that is dipped), never from "top" or "left". Window positions are fractions of the whole strip
//! (or cassette) length; line positions are fractions of the window length.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The schema version this build reads.
pub const SCHEMA_VERSION: u32 = 1;

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

/// The concentration at which the strip is designed to turn positive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cutoff {
    pub value: f64,
    pub unit: String,
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

/// Keys into the guidance message catalogs, one per result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    pub positive: String,
    pub negative: String,
    pub invalid: String,
}

/// A validated strip model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub schema: u32,
    pub id: String,
    pub name: String,
    pub drug: String,
    pub format: Format,
    pub assay: Assay,
    pub cutoff: Cutoff,
    pub read_window_minutes: ReadWindow,
    pub geometry: Geometry,
    pub guidance: Guidance,
}

/// A model file that could not be used, naming the field at fault.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelError {
    /// The file (or "<string>") the model came from.
    pub source: String,
    /// The field at fault, as a dotted path (`geometry.window`), or empty for a syntax error.
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

impl Model {
    /// Parses and validates one model file's text. `source` names it in errors.
    pub fn from_json(text: &str, source: &str) -> Result<Model, ModelError> {
        let model: Model = serde_json::from_str(text).map_err(|e| {
            let msg = e.to_string();
            // serde_json names the field in its message (`missing field `id``, `unknown field ...`).
            let field = msg
                .split('`')
                .nth(1)
                .filter(|_| msg.contains("field"))
                .unwrap_or("")
                .to_string();
            ModelError { source: source.to_string(), field, message: msg }
        })?;
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
        if self.name.trim().is_empty() {
            return err("name", "must not be empty".into());
        }
        if self.drug.trim().is_empty() {
            return err("drug", "must not be empty".into());
        }
        if !(self.cutoff.value.is_finite() && self.cutoff.value > 0.0) {
            return err("cutoff.value", format!("{} must be a positive number", self.cutoff.value));
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
            if !(frac(h.start) && h.start >= w1) {
                return err("geometry.handle.start", format!("{} must lie in 0..1, after the window end {w1}", h.start));
            }
        }
        for (field, key) in [
            ("guidance.positive", &self.guidance.positive),
            ("guidance.negative", &self.guidance.negative),
            ("guidance.invalid", &self.guidance.invalid),
        ] {
            if key.trim().is_empty() {
                return err(field, "must name a catalog key".into());
            }
        }
        Ok(())
    }
}

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_models.rs"));
}

/// The models compiled into this build (every `models/*.json`), as (file name, JSON text).
pub fn embedded_sources() -> &'static [(&'static str, &'static str)] {
    embedded::EMBEDDED_MODELS
}

/// Every embedded model, parsed and validated. A bad file is an error naming it.
pub fn builtin_models() -> Result<Vec<Model>, ModelError> {
    let mut models = Vec::new();
    for (name, text) in embedded_sources() {
        let m = Model::from_json(text, name)?;
        if models.iter().any(|o: &Model| o.id == m.id) {
            return Err(ModelError { source: (*name).to_string(), field: "id".into(), message: format!("duplicate id {:?}", m.id) });
        }
        models.push(m);
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> serde_json::Value {
        serde_json::from_str(embedded_sources()[0].1).unwrap()
    }

    #[test]
    fn every_embedded_model_loads() {
        let models = builtin_models().unwrap();
        assert!(!models.is_empty());
        assert!(models.iter().any(|m| m.id == DEFAULT_MODEL));
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
