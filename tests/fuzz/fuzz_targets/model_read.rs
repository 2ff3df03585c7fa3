//! A model file's numbers (geometry, handle, assay) → validation → reading a painted strip.
//! Whatever validation accepts must read without a panic and with finite numbers.
#![no_main]
use libfuzzer_sys::fuzz_target;
use strip_reader_core::model::{embedded_sources, Model};
use strip_reader_core::{analyze, Options, RgbaView};
use strip_reader_fuzz::{check_reading, paint, Bytes};

/// A number for a model field: mostly in a plausible range, sometimes anything at all.
fn number(b: &mut Bytes) -> serde_json::Value {
    match b.u8() % 8 {
        0 => serde_json::json!(f32::from_bits(b.u32()) as f64),
        1 => serde_json::json!(b.u32() as f64 / 1000.0),
        2 => serde_json::json!(-(b.u8() as f64) / 100.0),
        _ => serde_json::json!(b.u16() as f64 / 65535.0),
    }
}

fuzz_target!(|data: &[u8]| {
    let mut b = Bytes::new(data);
    let Some((_, text)) = embedded_sources().first() else { return };
    let mut v: serde_json::Value = serde_json::from_str(text).expect("the embedded model is JSON");
    let g = &mut v["geometry"];
    g["aspect"] = serde_json::json!(1.0 + b.u16() as f64 / 1000.0);
    g["window"] = serde_json::json!([number(&mut b), number(&mut b)]);
    g["test"] = number(&mut b);
    g["control"] = number(&mut b);
    g["line_tolerance"] = number(&mut b);
    g["line_width"] = number(&mut b);
    match b.u8() % 3 {
        0 => g["handle"] = serde_json::Value::Null,
        1 => g["handle"] = serde_json::json!({"start": number(&mut b), "colour": [b.u8(), b.u8(), b.u8()]}),
        _ => {}
    }
    if b.u8() & 1 == 1 {
        v["assay"] = serde_json::json!("sandwich");
    }
    let Ok(model) = Model::from_json(&v.to_string(), "fuzz.json") else { return };
    let window = b.u8() & 1 == 1;
    let (w, h) = (64 + b.u8() as usize * 2, 64 + b.u8() as usize * 2);
    let img = paint(&mut b, w, h);
    let view = RgbaView::new(&img, w, h).expect("a painted image is a valid view");
    check_reading(&analyze(&view, &model, &Options { window, ..Options::default() }).expect("a valid view reads"));
});
