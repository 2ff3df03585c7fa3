//! The RGBA entry point (what the wasm `analyze` calls): any width, height, stride, buffer
//! length and options; painted strip scenes with fuzzed geometry and noise, or raw bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use strip_reader_core::{analyze, analyze_banded, builtin_model, Error, Model, Options, RgbaView};
use strip_reader_fuzz::{check_reading, paint, Bytes};

fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| builtin_model(None).expect("the default model loads"))
}

fuzz_target!(|data: &[u8]| {
    let mut b = Bytes::new(data);
    let mode = b.u8();
    // Bit 0: window mode; bit 3: the live camera's frame check (strips searched for at 360 px).
    let find_side = (mode & 8 == 8).then_some(strip_reader_core::FRAME_FIND_SIDE);
    let options = Options { window: mode & 1 == 1, find_side, quick_search: find_side.is_some() };
    if mode & 2 == 2 {
        // Raw: any claimed shape against the bytes as they are (errors must be typed).
        let (w, h) = (b.u32() as usize, b.u32() as usize);
        let stride = match b.u8() {
            0..=127 => w.saturating_mul(4),
            s => w.saturating_mul(4).saturating_add(s as usize - 128),
        };
        let stride = if mode & 4 == 4 { b.u32() as usize } else { stride };
        let pixels = b.rest();
        match RgbaView::with_stride(pixels, w, h, stride) {
            Ok(view) => check_reading(&analyze(&view, model(), &options).expect("a valid view reads")),
            Err(Error::EmptyImage { .. } | Error::BufferTooSmall { .. } | Error::BadStride { .. } | Error::TooLarge { .. }) => {}
            Err(e) => panic!("unexpected error kind {e:?}"),
        }
        return;
    }
    // Painted: a strip scene up to 320 px a side, with a padded stride sometimes.
    let w = 1 + b.u16() as usize % 320;
    let h = 1 + b.u16() as usize % 320;
    let pad = if mode & 4 == 4 { (b.u8() % 9) as usize } else { 0 };
    let img = paint(&mut b, w, h);
    let pixels = if pad == 0 {
        img
    } else {
        let stride = w * 4 + pad;
        let mut v = vec![0xAB; stride * h];
        for y in 0..h {
            v[y * stride..y * stride + w * 4].copy_from_slice(&img[y * w * 4..(y + 1) * w * 4]);
        }
        v
    };
    let view = RgbaView::with_stride(&pixels, w, h, w * 4 + pad).expect("a painted image is a valid view");
    check_reading(&analyze(&view, model(), &options).expect("a valid view reads"));
    // The wasm build's banded read of the same pixels (tests/tests/banded.rs checks it equals
    // the whole read on real scenes; here: it reads whatever it is given, without a panic).
    let stride = w * 4 + pad;
    let mut fetch = |y0: usize, y1: usize, buf: &mut Vec<u8>| {
        buf.clear();
        for y in y0..y1 {
            buf.extend_from_slice(&pixels[y * stride..y * stride + w * 4]);
        }
        Ok(())
    };
    let banded = analyze_banded(w, h, std::slice::from_ref(model()), &options, &mut fetch).expect("a valid photo reads in bands");
    check_reading(&banded);
});
