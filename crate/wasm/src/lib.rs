//! wasm-bindgen shims over `strip-reader-core`. Rule: nothing but argument conversion lives here.
//! Every core error becomes a thrown JS `Error` whose `name` is the error code; a panic (which the
//! core must never raise on input) is reported by `console_error_panic_hook` instead of an opaque trap.
//!
//! JS sees (wrapped by `www/reader.js`, which parses the JSON strings):
//! - `analyze(rgba, width, height, model?, window?) -> string`: one CLI `--json` line without `file`
//!   (`rgba` a `Uint8Array` or `Uint8ClampedArray`; its size is checked before it is copied in;
//!   `model` one id, or a comma-separated list of ids, one per strip in reading order, as the CLI's
//!   `--model`);
//! - `models() -> string`: a JSON array of the embedded strip models;
//! - `version() -> string`.

use js_sys::{Uint8Array, Uint8ClampedArray};
use strip_reader_core::view::check_dimensions;
use strip_reader_core::{analyze_banded, builtin_model_list, builtin_models, Options};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

fn js_error(code: &str, message: String) -> JsValue {
    let e = js_sys::Error::new(&message);
    e.set_name(code);
    e.into()
}

/// Reads RGBA8 pixels (`width * height * 4` bytes, rows top to bottom) from a `Uint8Array` or
/// `Uint8ClampedArray` (an `ImageData`'s `data`).
///
/// The shape is checked *before* the pixels are copied into wasm memory, so a huge or
/// inconsistent size is a thrown `Error` (`too_large`, `buffer_too_small`, `empty_image`, ...),
/// never an allocation failure (a trap) inside wasm.
#[wasm_bindgen]
pub fn analyze(rgba: &JsValue, width: u32, height: u32, model: Option<String>, window: Option<bool>) -> Result<String, JsValue> {
    read(rgba, width, height, model, Options { window: window.unwrap_or(false), ..Options::default() })
}

/// The live camera's check of one frame (a few a second, for advice, not a verdict to act on):
/// the same reading as [`analyze`], with the strip searched for in a smaller reduced image
/// (`FRAME_FIND_SIDE`), so it keeps up with the camera on a cheap phone.
#[wasm_bindgen]
pub fn check_frame(rgba: &JsValue, width: u32, height: u32, model: Option<String>) -> Result<String, JsValue> {
    read(rgba, width, height, model, Options { find_side: Some(strip_reader_core::FRAME_FIND_SIDE), quick_search: true, ..Options::default() })
}

fn read(rgba: &JsValue, width: u32, height: u32, model: Option<String>, options: Options) -> Result<String, JsValue> {
    let t0 = js_sys::Date::now();
    // One id, or a comma list: strip i in reading order is read with models[i] (the last for the rest).
    let models = builtin_model_list(model.as_deref()).map_err(core_error)?;
    let (w, h) = (width as usize, height as usize);
    let array = js_bytes(rgba, w, h)?;
    // The photo stays in JavaScript: it is reduced a band of rows at a time, and only the rows
    // around the strips found are copied in whole (a 12 MP photo is 48 MB; this holds a few).
    let mut out_of_memory = false;
    let mut fetch = |y0: usize, y1: usize, buf: &mut Vec<u8>| -> Result<(), strip_reader_core::Error> {
        let (from, to) = (y0 * w * 4, y1 * w * 4); // within the checked size
        buf.clear();
        if buf.try_reserve_exact(to - from).is_err() {
            out_of_memory = true;
            return Err(strip_reader_core::Error::TooLarge { width: w, height: y1 - y0, max_pixels: 0, max_side: 0 });
        }
        // Straight into the reserved space: no zero-fill first.
        let filled = array.subarray(from as u32, to as u32).copy_to_uninit(&mut buf.spare_capacity_mut()[..to - from]).len();
        // SAFETY: copy_to_uninit initialised the first `filled` (= to - from) bytes.
        unsafe { buf.set_len(filled) };
        Ok(())
    };
    let result = analyze_banded(w, h, &models, &options, &mut fetch);
    if out_of_memory {
        return Err(js_error("too_large", format!("not enough memory for a {width}x{height} photo; send a smaller one")));
    }
    let reading = result.map_err(core_error)?;
    let ms = js_sys::Date::now() - t0;
    // Serialized like the CLI's --json line (f32 numbers in their shortest form), plus `ms`.
    #[derive(serde::Serialize)]
    struct Line<'a> {
        #[serde(flatten)]
        reading: &'a strip_reader_core::Reading,
        ms: f64,
    }
    serde_json::to_string(&Line { reading: &reading, ms }).map_err(|e| js_error("internal", e.to_string()))
}

fn core_error(e: strip_reader_core::Error) -> JsValue {
    js_error(e.code(), e.to_string())
}

/// The JS byte array holding the photo, once its shape is checked against the claimed size
/// (so a huge or inconsistent size is a thrown `Error`, never a trap inside wasm).
fn js_bytes(rgba: &JsValue, width: usize, height: usize) -> Result<Uint8Array, JsValue> {
    let array: Uint8Array = if let Some(a) = rgba.dyn_ref::<Uint8Array>() {
        a.clone()
    } else if let Some(c) = rgba.dyn_ref::<Uint8ClampedArray>() {
        // A byte view of the same memory: no copy on the JS side.
        Uint8Array::new_with_byte_offset_and_length(&c.buffer(), c.byte_offset(), c.length())
    } else if js_sys::Array::is_array(rgba) {
        Uint8Array::new(rgba)
    } else {
        return Err(js_error("bad_pixels", "rgba must be a Uint8Array or Uint8ClampedArray of RGBA8 pixels".into()));
    };
    check_dimensions(width, height).map_err(core_error)?;
    let needed = width * height * 4; // cannot overflow: checked above
    let got = array.length() as usize;
    if got < needed {
        return Err(core_error(strip_reader_core::Error::BufferTooSmall { expected: needed, got }));
    }
    Ok(array)
}

/// The strip models this build carries, as a JSON array.
#[wasm_bindgen]
pub fn models() -> Result<String, JsValue> {
    let models = builtin_models().map_err(|e| core_error(strip_reader_core::Error::Model(e)))?;
    serde_json::to_string(&models).map_err(|e| js_error("internal", e.to_string()))
}

/// The instruction-set path the image kernels take in this build: "simd128" for www/pkg,
/// "scalar" for www/pkg-nosimd (or after `set_scalar(true)`).
#[wasm_bindgen]
pub fn kernel_path() -> String {
    strip_reader_core::kernels::path().name().to_string()
}

/// Forces the scalar kernels (true) or gives the best path back (false): for comparisons and as
/// a way around a browser's SIMD bug. Readings are the same bits on either path.
#[wasm_bindgen]
pub fn set_scalar(scalar: bool) {
    strip_reader_core::kernels::set_path(if scalar { Some(strip_reader_core::kernels::Path::Scalar) } else { None });
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

    fn bytes(v: &[u8]) -> JsValue {
        Uint8Array::from(v).into()
    }

    fn code(r: Result<String, JsValue>) -> String {
        let e: js_sys::Error = r.unwrap_err().into();
        String::from(e.name())
    }

    #[wasm_bindgen_test]
    fn bad_input_throws_an_error_not_a_trap() {
        assert_eq!(code(analyze(&bytes(&[0u8; 7]), 2, 2, None, None)), "buffer_too_small");
        assert_eq!(code(analyze(&bytes(&[0u8; 16]), 2, 2, Some("no-such-strip".into()), None)), "unknown_model");
        assert_eq!(code(analyze(&bytes(&[]), 0, 0, None, None)), "empty_image");
        assert_eq!(code(analyze(&bytes(&[]), 1, 0, None, None)), "empty_image");
        assert_eq!(code(analyze(&JsValue::from_str("pixels"), 1, 1, None, None)), "bad_pixels");
        assert_eq!(code(analyze(&JsValue::NULL, 1, 1, None, None)), "bad_pixels");
        assert_eq!(code(analyze(&js_sys::Object::new().into(), 1, 1, None, None)), "bad_pixels");
    }

    #[wasm_bindgen_test]
    fn huge_sizes_are_refused_before_any_copy() {
        // Claimed sizes far beyond the buffer or the limits: an Error, not an allocation.
        assert_eq!(code(analyze(&bytes(&[0u8; 16]), 50_000, 50_000, None, None)), "too_large");
        assert_eq!(code(analyze(&bytes(&[0u8; 16]), u32::MAX, u32::MAX, None, None)), "too_large");
        assert_eq!(code(analyze(&bytes(&[0u8; 16]), 1, 100_000, None, None)), "too_large");
        assert_eq!(code(analyze(&bytes(&[0u8; 16]), 5_000, 5_000, None, None)), "buffer_too_small");
    }

    #[wasm_bindgen_test]
    fn clamped_arrays_and_longer_buffers_are_read() {
        let px = vec![128u8; 64 * 48 * 4 + 100];
        let clamped = Uint8ClampedArray::new_with_length(px.len() as u32);
        clamped.copy_from(&px);
        let a = analyze(&clamped.into(), 64, 48, None, Some(true)).unwrap();
        let b = analyze(&bytes(&px), 64, 48, None, Some(true)).unwrap();
        let strip_ms = |s: &str| {
            let mut v: serde_json::Value = serde_json::from_str(s).unwrap();
            v.as_object_mut().unwrap().remove("ms");
            v
        };
        assert_eq!(strip_ms(&a), strip_ms(&b));
        let arr = js_sys::Array::new();
        for _ in 0..16 {
            arr.push(&JsValue::from(200));
        }
        assert!(analyze(&arr.into(), 2, 2, None, None).is_ok());
    }

    #[wasm_bindgen_test]
    fn models_lists_the_default() {
        let v: serde_json::Value = serde_json::from_str(&models().unwrap()).unwrap();
        assert!(v.as_array().unwrap().iter().any(|m| m["id"] == "fentanyl-dipstick"));
    }

    #[wasm_bindgen_test]
    fn a_flat_grey_photo_is_a_retake_not_a_crash() {
        let px = vec![128u8; 64 * 48 * 4];
        let v: serde_json::Value = serde_json::from_str(&analyze(&bytes(&px), 64, 48, None, None).unwrap()).unwrap();
        assert_eq!(v["result"], "retake");
        assert!(v["ms"].is_number());
    }
}
