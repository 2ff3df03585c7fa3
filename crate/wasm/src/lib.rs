//! wasm-bindgen shims over `strip-reader-core`. Rule: nothing but argument conversion lives here.
//! Every core error becomes a thrown JS `Error` whose `name` is the error code; a panic (which the
//! core must never raise on input) is reported by `console_error_panic_hook` instead of an opaque trap.
//!
//! JS sees (wrapped by `www/reader.js`, which parses the JSON strings):
//! - `analyze(rgba, width, height, model?, window?) -> string`: one CLI `--json` line without `file`;
//! - `models() -> string`: a JSON array of the embedded strip models;
//! - `version() -> string`.

use strip_reader_core::{analyze as core_analyze, builtin_model, builtin_models, Options, RgbaView};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

fn js_error(code: &str, message: String) -> JsValue {
    let e = js_sys::Error::new(&message);
    e.set_name(code);
    e.into()
}

/// Reads RGBA8 pixels (`width * height * 4` bytes, rows top to bottom).
#[wasm_bindgen]
pub fn analyze(rgba: &[u8], width: u32, height: u32, model: Option<String>, window: Option<bool>) -> Result<String, JsValue> {
    let t0 = js_sys::Date::now();
    let model = builtin_model(model.as_deref()).map_err(|e| js_error(e.code(), e.to_string()))?;
    let view = RgbaView::new(rgba, width as usize, height as usize).map_err(|e| js_error(e.code(), e.to_string()))?;
    let reading = core_analyze(&view, &model, &Options { window: window.unwrap_or(false) })
        .map_err(|e| js_error(e.code(), e.to_string()))?;
    let ms = js_sys::Date::now() - t0;
    let mut value = serde_json::to_value(&reading).map_err(|e| js_error("internal", e.to_string()))?;
    if let Some(obj) = value.as_object_mut() {
        obj.insert("ms".into(), serde_json::json!(ms));
    }
    Ok(value.to_string())
}

/// The strip models this build carries, as a JSON array.
#[wasm_bindgen]
pub fn models() -> Result<String, JsValue> {
    let models = builtin_models().map_err(|e| js_error("bad_model", e.to_string()))?;
    serde_json::to_string(&models).map_err(|e| js_error("internal", e.to_string()))
}

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    fn bad_input_throws_an_error_not_a_trap() {
        let e = analyze(&[0u8; 7], 2, 2, None, None).unwrap_err();
        let e: js_sys::Error = e.into();
        assert_eq!(String::from(e.name()), "buffer_too_small");
        let e: js_sys::Error = analyze(&[0u8; 16], 2, 2, Some("no-such-strip".into()), None).unwrap_err().into();
        assert_eq!(String::from(e.name()), "unknown_model");
        let e: js_sys::Error = analyze(&[], 0, 0, None, None).unwrap_err().into();
        assert_eq!(String::from(e.name()), "empty_image");
    }

    #[wasm_bindgen_test]
    fn models_lists_the_default() {
        let v: serde_json::Value = serde_json::from_str(&models().unwrap()).unwrap();
        assert!(v.as_array().unwrap().iter().any(|m| m["id"] == "fentanyl-dipstick"));
    }

    #[wasm_bindgen_test]
    fn a_flat_grey_photo_is_a_retake_not_a_crash() {
        let px = vec![128u8; 64 * 48 * 4];
        let v: serde_json::Value = serde_json::from_str(&analyze(&px, 64, 48, None, None).unwrap()).unwrap();
        assert_eq!(v["result"], "retake");
        assert!(v["ms"].is_number());
    }
}
