//! Several strips in one photo (outreach workers photograph a row of them): each is found, read
//! on its own and reported in reading order (left to right for upright strips).

use strip_reader_core::{analyze, builtin_model, Options, RgbaView, Verdict};
use strip_reader_synth::{render, Background, Scene, StripSpec, Truth, GREY_BLUE, WOOD_BROWN};

fn verdict(t: Truth) -> Verdict {
    match t {
        Truth::Positive => Verdict::Positive,
        Truth::Negative => Verdict::Negative,
        Truth::Invalid => Verdict::Invalid,
    }
}

#[test]
fn a_row_of_strips_reads_each_in_order() {
    let model = builtin_model(None).unwrap();
    let rows: [&[Truth]; 3] = [
        &[Truth::Positive, Truth::Negative, Truth::Invalid],
        &[Truth::Negative, Truth::Positive],
        &[Truth::Negative, Truth::Negative, Truth::Positive, Truth::Positive],
    ];
    let mut failures = Vec::new();
    for (k, truths) in rows.iter().enumerate() {
        for (bg, angle) in [(GREY_BLUE, 90.0f32), (WOOD_BROWN, 270.0)] {
            let mut scene = Scene::new(1600, 1200, 500 + k as u64);
            scene.background = Background::Plain(bg);
            scene.noise_sigma = 1.5;
            let n = truths.len() as f32;
            for (i, &t) in truths.iter().enumerate() {
                let mut s = StripSpec::typical(t);
                s.angle_deg = angle;
                s.length = 0.7;
                s.centre = [(i as f32 + 1.0) / (n + 1.0), 0.5];
                scene.strips.push(s);
            }
            let photo = render(&model, &scene);
            let view = RgbaView::new(&photo.rgba, photo.width, photo.height).unwrap();
            let reading = analyze(&view, &model, &Options::default()).unwrap();
            let got: Vec<Verdict> = reading.strips.iter().map(|s| s.result).collect();
            let want: Vec<Verdict> = truths.iter().map(|&t| verdict(t)).collect();
            if got != want || reading.result != Verdict::Multiple {
                failures.push(format!("row {k} angle {angle}: got {:?} {got:?}, want {want:?}", reading.result));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
