//! The banded read (the wasm build's: the photo reduced a band of rows at a time, then only the
//! rows around the strips found fetched in full) must give exactly the reading of the whole-view
//! read, byte for byte as JSON, on varied field photos (several strips, tilts, cassettes,
//! clutter), with one model, with a model list, in window mode and for the camera's frame check.

use strip_reader_core::{analyze_banded, analyze_mixed, builtin_model, builtin_model_list, decode::decode, Options, RgbaView, FRAME_FIND_SIDE};
use strip_reader_synth::field::field_render_model;
use strip_reader_synth::{encode_jpeg, field_scene, item_seed, render};

#[test]
fn banded_reads_equal_whole_reads() {
    let model = builtin_model(None).unwrap();
    let lists = [vec![model.clone()], builtin_model_list(Some("fentanyl-dipstick,xylazine-dipstick")).unwrap()];
    let options = [
        Options::default(),
        Options { window: true, ..Options::default() },
        Options { find_side: Some(FRAME_FIND_SIDE), quick_search: true, ..Options::default() },
    ];
    let mut compared = 0;
    let mut fetched_rows = 0usize;
    let mut photo_rows = 0usize;
    for i in 0..24 {
        let s = item_seed(4040, i);
        let (w, h) = if i % 3 == 0 { (900, 1300) } else { (1400, 1000) };
        let photo = field_scene(&model, s, w, h);
        let img = render(&field_render_model(&model, &photo), &photo.scene);
        let dec = decode(&encode_jpeg(&img, photo.quality)).unwrap();
        let view = RgbaView::new(&dec.data, dec.width, dec.height).unwrap();
        for models in &lists {
            for o in &options {
                let whole = analyze_mixed(&view, models, o).unwrap();
                let mut fetch = |y0: usize, y1: usize, buf: &mut Vec<u8>| {
                    fetched_rows += y1 - y0;
                    buf.clear();
                    buf.extend_from_slice(&dec.data[y0 * dec.width * 4..y1 * dec.width * 4]);
                    Ok(())
                };
                let banded = analyze_banded(dec.width, dec.height, models, o, &mut fetch).unwrap();
                photo_rows += dec.height;
                let (a, b) = (serde_json::to_string(&whole).unwrap(), serde_json::to_string(&banded).unwrap());
                assert_eq!(a, b, "photo {i} models {} options {o:?}", models.len());
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 24 * 2 * 3);
    // Not a speed claim, a sanity check: outside window mode the full-resolution rows fetched
    // again are fewer than the photo's (the bands themselves are every row once).
    println!("rows fetched: {fetched_rows} for {photo_rows} photo rows");
}
