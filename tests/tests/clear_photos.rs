//! Clear synthesized photos of one dipstick (the four right-angle rotations and small tilts, good
//! light) must read right, every one: positive, negative and invalid. This is the foundation's
//! promise; harder scenes are measured by `strip-reader eval`, not asserted here one by one.

use strip_reader_core::{analyze, builtin_model, Options, RgbaView, Verdict};
use strip_reader_synth::{clear_scene, clear_set, encode_jpeg, render, Truth};

fn expected(t: Truth) -> Verdict {
    match t {
        Truth::Positive => Verdict::Positive,
        Truth::Negative => Verdict::Negative,
        Truth::Invalid => Verdict::Invalid,
    }
}

fn dist(a: [f32; 2], b: [f32; 2]) -> f32 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

#[test]
fn clear_photos_read_right_in_every_rotation() {
    let model = builtin_model(None).unwrap();
    let mut failures = Vec::new();
    for photo_spec in clear_set(&model) {
        let (truth, angle, tilt) = (photo_spec.truth, photo_spec.angle_deg, photo_spec.tilt);
        let photo = render(&model, &photo_spec.scene);
        // Through JPEG, as a phone would hand it over.
        let img = strip_reader_core::decode::decode(&encode_jpeg(&photo, 90)).unwrap();
        let view = RgbaView::new(&img.data, img.width, img.height).unwrap();
        let reading = analyze(&view, &model, &Options::default()).unwrap();
        let truth_strip = &photo.strips[0];
        let ok = reading.result == expected(truth) && reading.strips.len() == 1 && {
            // The box's sample end must be at the truth's sample end (C and T not swapped).
            let got = reading.strips[0].corners;
            let mid = |c: [[f32; 2]; 4], i: usize, j: usize| [(c[i][0] + c[j][0]) / 2.0, (c[i][1] + c[j][1]) / 2.0];
            dist(mid(got, 0, 1), mid(truth_strip.corners, 0, 1)) < 0.05 * truth_strip.length_px
        };
        if !ok {
            failures.push(format!(
                "{} (angle {angle} tilt {tilt} {truth:?}): got {:?} {:?}, strips {}",
                photo_spec.name,
                reading.result,
                reading.reason,
                serde_json::to_string(&reading.strips).unwrap_or_default()
            ));
        }
    }
    assert!(failures.is_empty(), "{} misread:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn lines_are_reported_where_they_were_drawn() {
    let model = builtin_model(None).unwrap();
    let scene = clear_scene(&model, Truth::Negative, 90.0, 1200, 1600, 7);
    let photo = render(&model, &scene);
    let view = RgbaView::new(&photo.rgba, photo.width, photo.height).unwrap();
    let reading = analyze(&view, &model, &Options::default()).unwrap();
    let s = &reading.strips[0];
    let t = &photo.strips[0];
    // Window position p maps into the photo between the window corners' end midpoints.
    let at = |p: f32| {
        let w = s.window;
        let a = [(w[0][0] + w[1][0]) / 2.0, (w[0][1] + w[1][1]) / 2.0];
        let b = [(w[2][0] + w[3][0]) / 2.0, (w[2][1] + w[3][1]) / 2.0];
        [a[0] + (b[0] - a[0]) * p, a[1] + (b[1] - a[1]) * p]
    };
    let c = s.control.unwrap();
    let te = s.test.unwrap();
    assert!(c.present && te.present);
    let tol = 1.5 * t.line_width_px;
    assert!(dist(at(c.position.unwrap()), t.control_position_px) < tol, "control at {:?} vs {:?}", at(c.position.unwrap()), t.control_position_px);
    assert!(dist(at(te.position.unwrap()), t.test_position_px) < tol, "test at {:?} vs {:?}", at(te.position.unwrap()), t.test_position_px);
    // Strength is the peak green contrast the synthesizer drew (within JPEG-free rendering noise).
    assert!((te.strength - t.test_contrast).abs() < 0.05, "{} vs {}", te.strength, t.test_contrast);
}

/// The live camera's frame check (strips searched for at `FRAME_FIND_SIDE`, a quarter of the
/// work) must say what the full reading says on clear camera-sized frames, so its advice ("hold
/// still", "good") matches the photo it leads to.
#[test]
fn the_frame_check_agrees_with_the_full_reading_on_clear_frames() {
    let model = builtin_model(None).unwrap();
    let frame = Options { find_side: Some(strip_reader_core::FRAME_FIND_SIDE), quick_search: true, ..Options::default() };
    let mut failures = Vec::new();
    let mut n = 0;
    for (w, h) in [(640, 480), (480, 640), (640, 360)] {
        for truth in [Truth::Positive, Truth::Negative, Truth::Invalid] {
            for angle in [0.0f32, 90.0, 180.0, 270.0, 17.0] {
                let scene = clear_scene(&model, truth, angle, w, h, 11 + n as u64);
                n += 1;
                let photo = render(&model, &scene);
                let img = strip_reader_core::decode::decode(&encode_jpeg(&photo, 85)).unwrap();
                let view = RgbaView::new(&img.data, img.width, img.height).unwrap();
                let full = analyze(&view, &model, &Options::default()).unwrap();
                let quick = analyze(&view, &model, &frame).unwrap();
                if quick.result != full.result || full.result != expected(truth) {
                    failures.push(format!("{w}x{h} {truth:?} {angle}°: frame check {:?} {:?}, full {:?} {:?}", quick.result, quick.reason, full.result, full.reason));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {n} frames disagree:\n{}", failures.len(), failures.join("\n"));
}

/// A strip cut off by the photo's border is never given an answer it cannot back: cut through
/// its sample end or its window, the reading is a retake (`strip_cut_off` where the cut is
/// seen); cut through its handle only, the right answer or a retake.
#[test]
fn a_strip_cut_off_by_the_border_is_a_retake() {
    let model = builtin_model(None).unwrap();
    let mut failures = Vec::new();
    let mut cut_off_said = 0;
    let mut window_cut = 0;
    for truth in [Truth::Positive, Truth::Negative, Truth::Invalid] {
        for angle in [0.0f32, 180.0] {
            let scene = clear_scene(&model, truth, angle, 1600, 1200, 5);
            let photo = render(&model, &scene);
            let s = &photo.strips[0];
            // Along x: the sample end's and the handle end's x (the strip lies horizontally).
            let sample_x = 0.5 * (s.corners[0][0] + s.corners[1][0]);
            let handle_x = 0.5 * (s.corners[2][0] + s.corners[3][0]);
            // Keep the part from a cut at fraction `f` of the strip (from the sample end) to the
            // handle end, or from the sample end to a cut at `f`.
            for (f, keep_handle_side) in [(0.2f32, true), (0.45, true), (0.85, false), (0.6, false)] {
                let cut = sample_x + f * (handle_x - sample_x);
                let (x0, x1) = match (keep_handle_side, handle_x > sample_x) {
                    (true, true) | (false, false) => (cut.round() as usize, photo.width),
                    _ => (0, cut.round() as usize),
                };
                let w = x1 - x0;
                let mut rgba = Vec::with_capacity(w * photo.height * 4);
                for y in 0..photo.height {
                    rgba.extend_from_slice(&photo.rgba[(y * photo.width + x0) * 4..(y * photo.width + x1) * 4]);
                }
                let view = RgbaView::new(&rgba, w, photo.height).unwrap();
                let reading = analyze(&view, &model, &Options::default()).unwrap();
                let window_lost = if keep_handle_side { f > model.geometry.window[0] - 0.05 } else { f < model.geometry.window[1] + 0.05 };
                let sample_lost = keep_handle_side;
                let answered = reading.result != Verdict::Retake;
                if reading.reason == Some(strip_reader_core::Reason::StripCutOff) {
                    cut_off_said += 1;
                }
                window_cut += usize::from(window_lost || sample_lost);
                let wrong = answered && (window_lost || sample_lost || reading.result != expected(truth));
                if wrong {
                    failures.push(format!("{truth:?} {angle}° cut at {f} keeping the {} side: {:?} {:?}", if keep_handle_side { "handle" } else { "sample" }, reading.result, reading.reason));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} cut-off strips answered:\n{}", failures.len(), failures.join("\n"));
    assert!(cut_off_said >= window_cut / 2, "strip_cut_off said on {cut_off_said} of {window_cut} photos cut through the sample end or window");
}
