//! Tests of the rendered pixels against the ground truth. Scenes are small (debug builds are
//! slow) and, where a value is measured, free of noise and blur.

use super::*;
use strip_reader_core::model::builtin_model;

fn model() -> Model {
    builtin_model(None).expect("default model")
}

/// A noiseless, ideal scene with one strip.
fn ideal(spec: StripSpec, w: usize, h: usize, seed: u64) -> Scene {
    let mut s = Scene::new(w, h, seed);
    s.strips.push(spec);
    s
}

fn lerp(a: [f32; 2], b: [f32; 2], t: f32) -> [f32; 2] {
    [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]
}

/// Photo point at strip coordinates (u, v) from the reported corners (exact without tilt).
fn at(rs: &RenderedStrip, u: f32, v: f32) -> [f32; 2] {
    let c = rs.corners;
    lerp(lerp(c[0], c[1], v), lerp(c[3], c[2], v), u)
}

/// Mean of channel `ch` over the pixels under points u = u0, v in 0.3..0.7.
fn mean_across(img: &Rendered, rs: &RenderedStrip, u: f32, ch: usize) -> f32 {
    let mut sum = 0.0;
    let n = 9;
    for i in 0..n {
        let v = 0.3 + 0.4 * i as f32 / (n - 1) as f32;
        sum += img.pixel_at(at(rs, u, v))[ch] as f32;
    }
    sum / n as f32
}

/// u of a photo point on the strip's mid-line (projection onto the axis).
fn u_of(rs: &RenderedStrip, p: [f32; 2]) -> f32 {
    let a = lerp(rs.corners[0], rs.corners[1], 0.5);
    let b = lerp(rs.corners[3], rs.corners[2], 0.5);
    let d = [b[0] - a[0], b[1] - a[1]];
    ((p[0] - a[0]) * d[0] + (p[1] - a[1]) * d[1]) / (d[0] * d[0] + d[1] * d[1])
}

fn contrast(img: &Rendered, rs: &RenderedStrip, line_u: f32, ch: usize) -> f32 {
    let ut = u_of(rs, rs.test_position_px);
    let uc = u_of(rs, rs.control_position_px);
    let membrane = mean_across(img, rs, 0.5 * (ut + uc), ch);
    1.0 - mean_across(img, rs, line_u, ch) / membrane
}

#[test]
fn same_seed_same_bytes() {
    let m = model();
    let a = render(&m, &random_scene(&m, 42, 320, 240));
    let b = render(&m, &random_scene(&m, 42, 320, 240));
    assert_eq!(a, b);
    let c = render(&m, &clear_scene(&m, Truth::Negative, 30.0, 320, 240, 5));
    let d = render(&m, &clear_scene(&m, Truth::Negative, 30.0, 320, 240, 5));
    assert_eq!(c.rgba, d.rgba);
    let e = render(&m, &random_scene(&m, 43, 320, 240));
    assert_ne!(a.rgba, e.rgba);
    // With blur too.
    let mut s = random_scene(&m, 44, 200, 150);
    s.blur_px = 1.2;
    assert_eq!(render(&m, &s).rgba, render(&m, &s).rgba);
}

#[test]
fn test_line_contrast_matches_request() {
    let m = model();
    for (angle, c) in [(0.0, 0.25), (90.0, 0.10), (37.0, 0.40), (200.0, 0.05)] {
        let mut spec = StripSpec::new(Truth::Negative, c, 0.45);
        spec.angle_deg = angle;
        spec.length = 0.6;
        spec.test_offset = 0.015;
        let img = render(&m, &ideal(spec, 900, 900, 3));
        let rs = &img.strips[0];
        let ut = u_of(rs, rs.test_position_px);
        let g = contrast(&img, rs, ut, 1);
        assert!(
            (g - c).abs() < 0.02,
            "angle {angle}: green contrast {g}, asked {c}"
        );
        let r = contrast(&img, rs, ut, 0);
        let b = contrast(&img, rs, ut, 2);
        assert!((r - 0.25 * c).abs() < 0.015, "red {r} for {c}");
        assert!((b - 0.55 * c).abs() < 0.015, "blue {b} for {c}");
        let uc = u_of(rs, rs.control_position_px);
        let gc = contrast(&img, rs, uc, 1);
        assert!((gc - 0.45).abs() < 0.02, "control contrast {gc}");
    }
}

#[test]
fn line_positions_follow_the_model() {
    let m = model();
    let g = &m.geometry;
    let mut spec = StripSpec::typical(Truth::Negative);
    spec.test_offset = 0.01;
    spec.control_offset = -0.02;
    let img = render(&m, &ideal(spec, 800, 600, 1));
    let rs = &img.strips[0];
    let wl = g.window[1] - g.window[0];
    let ut = u_of(rs, rs.test_position_px);
    let uc = u_of(rs, rs.control_position_px);
    assert!((ut - (g.window[0] + (g.test + 0.01) * wl)).abs() < 1e-4);
    assert!((uc - (g.window[0] + (g.control - 0.02) * wl)).abs() < 1e-4);
    // The darkest column of the window is at the control line (the stronger one).
    let mut best = (f32::MAX, 0.0);
    for i in 0..400 {
        let u = g.window[0] + 0.01 + (wl - 0.02) * i as f32 / 399.0;
        let v = mean_across(&img, rs, u, 1);
        if v < best.0 {
            best = (v, u);
        }
    }
    assert!(
        (best.1 - uc).abs() < 0.5 * g.line_width * wl,
        "darkest at {}, control at {uc}",
        best.1
    );
}

#[test]
fn corners_match_the_strip() {
    let m = model();
    for (angle, tilt) in [(0.0, 0.0), (90.0, 0.0), (37.0, 0.0), (300.0, 0.1)] {
        let mut spec = StripSpec::typical(Truth::Positive);
        spec.angle_deg = angle;
        spec.length = 0.55;
        let mut scene = ideal(spec, 640, 480, 9);
        scene.tilt = tilt;
        let img = render(&m, &scene);
        let rs = &img.strips[0];
        assert_eq!(rs.corners, layout(&m, &scene)[0].corners);
        let bright = |p: [f32; 2]| {
            let px = img.pixel_at(p);
            px[0] > 200 && px[1] > 200 && px[2] > 190
        };
        // Inside: sample pad (away from the print), membrane, body before the handle.
        for u in [0.25, 0.36, 0.5, 0.6, 0.7] {
            for v in [0.2, 0.5, 0.8] {
                assert!(
                    bright(at(rs, u, v)),
                    "angle {angle} tilt {tilt}: ({u},{v}) not strip-coloured: {:?}",
                    img.pixel_at(at(rs, u, v))
                );
            }
        }
        // Outside: 3 px beyond each long edge and each end is the dark table.
        let w = rs.width_px;
        for u in [0.1, 0.5, 0.9] {
            for v in [0.0, 1.0] {
                // From the mid-line through the edge point, 3 px further.
                let p = at(rs, u, v);
                let q = at(rs, u, 0.5);
                let d = [p[0] - q[0], p[1] - q[1]];
                let k = (0.5 * w + 3.0) / (0.5 * w);
                let out = [q[0] + d[0] * k, q[1] + d[1] * k];
                assert!(
                    !bright(out),
                    "angle {angle}: beside the strip at u={u} is bright"
                );
            }
        }
        for (u, ext) in [(0.0, -3.0), (1.0, 3.0)] {
            let p = at(rs, u, 0.5);
            let axis = [
                at(rs, 1.0, 0.5)[0] - at(rs, 0.0, 0.5)[0],
                at(rs, 1.0, 0.5)[1] - at(rs, 0.0, 0.5)[1],
            ];
            let l = (axis[0] * axis[0] + axis[1] * axis[1]).sqrt();
            let out = [p[0] + axis[0] / l * ext, p[1] + axis[1] / l * ext];
            assert!(
                !bright(out),
                "angle {angle}: beyond the end u={u} is bright"
            );
        }
        // The window corners lie on the strip's long edges at the window fractions.
        let g = &m.geometry;
        let wc = rs.window_corners;
        if tilt == 0.0 {
            for (i, (u, v)) in [
                (g.window[0], 0.0),
                (g.window[0], 1.0),
                (g.window[1], 1.0),
                (g.window[1], 0.0),
            ]
            .into_iter()
            .enumerate()
            {
                let exp = at(rs, u, v);
                assert!(
                    (wc[i][0] - exp[0]).abs() < 0.05 && (wc[i][1] - exp[1]).abs() < 0.05,
                    "{wc:?} vs {exp:?}"
                );
            }
        }
        // Under the keystone (a projective map) they still lie on the edges, in order.
        let c = rs.corners;
        for (w, a, b) in [
            (wc[0], c[0], c[3]),
            (wc[3], c[0], c[3]),
            (wc[1], c[1], c[2]),
            (wc[2], c[1], c[2]),
        ] {
            let ab = [b[0] - a[0], b[1] - a[1]];
            let aw = [w[0] - a[0], w[1] - a[1]];
            let cross = (ab[0] * aw[1] - ab[1] * aw[0]) / (ab[0] * ab[0] + ab[1] * ab[1]).sqrt();
            let t = (ab[0] * aw[0] + ab[1] * aw[1]) / (ab[0] * ab[0] + ab[1] * ab[1]);
            assert!(
                cross.abs() < 0.05 && t > 0.2 && t < 0.8,
                "window corner {w:?} off the edge: {cross} {t}"
            );
        }
    }
}

#[test]
fn positive_has_no_test_line_and_invalid_no_control() {
    let m = model();
    let g = &m.geometry;
    let wl = g.window[1] - g.window[0];
    for truth in [Truth::Positive, Truth::Invalid] {
        let mut spec = StripSpec::typical(truth);
        spec.angle_deg = 15.0;
        let img = render(&m, &ideal(spec, 800, 600, 2));
        let rs = &img.strips[0];
        let (absent, present) = match truth {
            Truth::Positive => (rs.test_position_px, rs.control_position_px),
            _ => (rs.control_position_px, rs.test_position_px),
        };
        let ua = u_of(rs, absent);
        let membrane = mean_across(
            &img,
            rs,
            0.5 * (u_of(rs, rs.test_position_px) + u_of(rs, rs.control_position_px)),
            1,
        );
        // Scan the whole tolerance band around the absent line: no darkening at all.
        for i in 0..60 {
            let u = ua + (i as f32 / 59.0 - 0.5) * 2.0 * g.line_tolerance * wl;
            let gv = mean_across(&img, rs, u, 1);
            assert!(
                gv >= membrane - 1.5,
                "{truth}: darkening {} at u={u}",
                membrane - gv
            );
        }
        let up = u_of(rs, present);
        assert!(
            contrast(&img, rs, up, 1) > 0.2,
            "{truth}: the present line is missing"
        );
    }
}

#[test]
fn sample_end_print_never_crosses_the_strip() {
    // A printed mark spanning the strip near the window would read as a phantom line.
    let m = model();
    let spec = StripSpec::typical(Truth::Positive);
    let img = render(&m, &ideal(spec, 1600, 1200, 4));
    let rs = &img.strips[0];
    let ws = m.geometry.window[0];
    let pad = mean_across(&img, rs, 0.3, 1);
    let mut u = 0.22;
    while u < ws - 0.005 {
        let gv = mean_across(&img, rs, u, 1);
        assert!((gv - pad).abs() < 3.0, "column at u={u} is {gv}, pad {pad}");
        u += 0.002;
    }
    // The marks are there: some ink near the sample end.
    let mut darkest = 255u8;
    for i in 0..200 {
        for j in 0..20 {
            let p = at(
                rs,
                0.01 + 0.19 * i as f32 / 199.0,
                0.05 + 0.9 * j as f32 / 19.0,
            );
            darkest = darkest.min(img.pixel_at(p)[1]);
        }
    }
    assert!(darkest < 120, "no ink at the sample end ({darkest})");
}

#[test]
fn handle_is_handle_coloured() {
    let m = model();
    let want = m.geometry.handle.as_ref().unwrap().colour;
    for (handle, angle) in [(None, 0.0), (Some([40u8, 140, 80]), 250.0)] {
        let mut spec = StripSpec::typical(Truth::Negative);
        spec.handle_colour = handle;
        spec.angle_deg = angle;
        let img = render(&m, &ideal(spec, 800, 600, 6));
        let rs = &img.strips[0];
        let want = handle.unwrap_or(want);
        assert_eq!(rs.handle_colour, Some(want));
        for (u, v) in [(0.97, 0.15), (0.98, 0.85), (0.75, 0.5)] {
            let px = img.pixel_at(at(rs, u, v));
            for c in 0..3 {
                assert!(
                    (px[c] as i32 - want[c] as i32).abs() <= 6,
                    "({u},{v}) = {px:?}, want {want:?}"
                );
            }
        }
        // And the sample end is not.
        let px = img.pixel_at(at(rs, 0.03, 0.1));
        assert!(px[0] > 200 && px[1] > 200, "sample end {px:?}");
    }
}

#[test]
fn clear_scene_defaults() {
    let m = model();
    for (i, truth) in Truth::ALL.into_iter().enumerate() {
        for angle in [0.0, 90.0, 37.0] {
            let s = clear_scene(&m, truth, angle, 1200, 900, i as u64);
            assert_eq!(s.strips.len(), 1);
            let st = &s.strips[0];
            assert!(st.length >= 0.6 && st.length <= 0.7, "length {}", st.length);
            assert_eq!(st.truth, truth);
            match truth {
                Truth::Positive => assert!(st.test_contrast == 0.0 && st.control_contrast > 0.3),
                Truth::Negative => assert!(st.test_contrast > 0.1 && st.control_contrast > 0.3),
                Truth::Invalid => assert!(st.control_contrast == 0.0),
            }
            match s.background {
                Background::Plain(c) => {
                    assert!(c.iter().all(|&v| v < 160), "background {c:?} too light")
                }
                ref other => panic!("clear scene background {other:?}"),
            }
            assert!(s.blur_px == 0.0 && s.tilt == 0.0 && s.light_gradient == 0.0);
            for c in layout(&m, &s)[0].corners {
                assert!(
                    c[0] > 0.0 && c[0] < 1200.0 && c[1] > 0.0 && c[1] < 900.0,
                    "corner {c:?} outside"
                );
            }
        }
    }
    // A 16:9 portrait still fits at 0°.
    let s = clear_scene(&m, Truth::Negative, 0.0, 1080, 1920, 1);
    for c in layout(&m, &s)[0].corners {
        assert!(c[0] > 0.0 && c[0] < 1080.0, "corner {c:?} outside");
    }
}

#[test]
fn random_scenes_stay_in_frame_and_in_range() {
    let m = model();
    let mut counts = [0usize; 3];
    for seed in 0..400u64 {
        let (w, h) = if seed % 2 == 0 {
            (1200, 900)
        } else {
            (900, 1600)
        };
        let s = random_scene(&m, seed, w, h);
        let st = &s.strips[0];
        counts[st.truth as usize] += 1;
        assert!(st.length >= 0.2 && st.length <= 0.8, "length {}", st.length);
        match st.truth {
            Truth::Positive => assert_eq!(st.test_contrast, 0.0),
            Truth::Negative => {
                assert!((0.04..=0.5).contains(&st.test_contrast) && st.control_contrast >= 0.2)
            }
            Truth::Invalid => assert_eq!(st.control_contrast, 0.0),
        }
        assert!(s
            .white_balance
            .iter()
            .all(|g| *g * (1.0 + 0.5 * s.light_gradient) <= 1.0201));
        for c in layout(&m, &s)[0].corners {
            assert!(
                c[0] > 0.0 && c[0] < w as f32 && c[1] > 0.0 && c[1] < h as f32,
                "seed {seed}: corner {c:?} outside {w}x{h}"
            );
        }
    }
    assert!(counts.iter().all(|&c| c > 30), "truth counts {counts:?}");
}

#[test]
fn membrane_never_clips_in_random_scenes() {
    // Clipping would change the measured contrast; random_scene keeps the membrane below 255.
    let m = model();
    for seed in 0..6u64 {
        let mut s = random_scene(&m, seed, 400, 300);
        s.noise_sigma = 0.0;
        s.blur_px = 0.0;
        let img = render(&m, &s);
        let rs = &img.strips[0];
        let ut = u_of(rs, rs.test_position_px);
        let uc = u_of(rs, rs.control_position_px);
        let px = img.pixel_at(at(rs, 0.5 * (ut + uc), 0.5));
        assert!(
            px.iter().take(3).all(|&v| v < 255),
            "seed {seed}: membrane {px:?}"
        );
    }
}

#[test]
fn blur_and_noise_behave() {
    let m = model();
    let mut s = ideal(StripSpec::typical(Truth::Negative), 600, 450, 8);
    let sharp = render(&m, &s);
    s.blur_px = 2.0;
    let blurred = render(&m, &s);
    let rs = &sharp.strips[0];
    let ut = u_of(rs, rs.test_position_px);
    let c_sharp = contrast(&sharp, rs, ut, 1);
    let c_blur = contrast(&blurred, rs, ut, 1);
    assert!(
        c_blur < c_sharp && c_blur > 0.05,
        "blur: {c_sharp} -> {c_blur}"
    );
    s.blur_px = 0.0;
    s.noise_sigma = 4.0;
    let noisy = render(&m, &s);
    // Noise sigma on a flat table patch (the background's own texture is ~1 unit).
    let (mut sum, mut sum2, mut n) = (0.0f64, 0.0f64, 0.0f64);
    for y in 5..40 {
        for x in 5..40 {
            let d = noisy.pixel(x, y)[1] as f64 - sharp.pixel(x, y)[1] as f64;
            sum += d;
            sum2 += d * d;
            n += 1.0;
        }
    }
    let sd = (sum2 / n - (sum / n).powi(2)).sqrt();
    assert!((sd - 4.0).abs() < 0.5, "noise sd {sd}");
    assert!(noisy.rgba.chunks_exact(4).all(|p| p[3] == 255));
}

#[test]
fn backgrounds_render_and_are_not_white() {
    let m = model();
    for bg in [
        Background::Plain(GREY_BLUE),
        Background::Gradient {
            from: SLATE,
            to: WOOD_BROWN,
            angle_deg: 30.0,
        },
        Background::Wood {
            colour: WOOD_BROWN,
            grain_angle_deg: 10.0,
        },
        Background::Checker {
            a: [40, 40, 40],
            b: [150, 150, 150],
            cell: 0.05,
        },
    ] {
        let mut s = Scene::new(200, 150, 3);
        s.background = bg.clone();
        let img = render(&m, &s);
        let mean: f64 =
            img.rgba.chunks_exact(4).map(|p| p[1] as f64).sum::<f64>() / (200.0 * 150.0);
        assert!(
            mean > 20.0 && mean < 180.0,
            "{}: mean green {mean}",
            bg.name()
        );
    }
}

#[test]
fn encoders_and_sets() {
    let m = model();
    let img = render(&m, &clear_scene(&m, Truth::Positive, 0.0, 160, 120, 1));
    let png = encode_png(&img);
    let back = image::load_from_memory(&png).unwrap().to_rgba8();
    assert_eq!(back.as_raw(), &img.rgba);
    let jpg = encode_jpeg(&img, 90);
    let back = image::load_from_memory(&jpg).unwrap();
    assert_eq!((back.width(), back.height()), (160, 120));

    let dir = std::env::temp_dir().join(format!("strip-synth-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    write_set(&m, 77, 4, 160, 120, &dir).unwrap();
    let manifest = std::fs::read_to_string(dir.join("manifest.csv")).unwrap();
    let lines: Vec<&str> = manifest.lines().collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[0].starts_with("file,truth,test_contrast,control_contrast,angle_deg,length,seed"));
    let cols = lines[0].split(',').count();
    for (i, l) in lines[1..].iter().enumerate() {
        let f: Vec<&str> = l.split(',').collect();
        assert_eq!(f.len(), cols, "{l}");
        assert_eq!(f[0], format!("{i:03}.jpg"));
        assert!(f[1].parse::<Truth>().is_ok());
        // The seed column regenerates the item.
        let seed: u64 = f[6].parse().unwrap();
        let scene = random_scene(&m, seed, 160, 120);
        assert_eq!(format!("{:.4}", scene.strips[0].test_contrast), f[2]);
        let bytes = std::fs::read(dir.join(f[0])).unwrap();
        assert_eq!(
            bytes,
            encode_jpeg(&render(&m, &scene), encode::SET_JPEG_QUALITY)
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn truth_names_round_trip() {
    for t in Truth::ALL {
        assert_eq!(t.as_str().parse::<Truth>().unwrap(), t);
    }
    assert!("maybe".parse::<Truth>().is_err());
}

#[test]
fn other_models_render() {
    // A short, handle-less strip (e.g. a future cassette-like model): no panic, lines still right.
    let mut m = model();
    m.geometry.aspect = 3.0;
    m.geometry.handle = None;
    let mut spec = StripSpec::new(Truth::Negative, 0.2, 0.4);
    spec.length = 0.5;
    let img = render(&m, &ideal(spec, 600, 450, 1));
    let rs = &img.strips[0];
    assert_eq!(rs.handle_colour, None);
    let ut = u_of(rs, rs.test_position_px);
    let c = contrast(&img, rs, ut, 1);
    assert!((c - 0.2).abs() < 0.02, "contrast {c}");
    // No handle colour: the far end is strip-white.
    let px = img.pixel_at(at(rs, 0.95, 0.5));
    assert!(px[0] > 200 && px[2] > 200, "{px:?}");
}
