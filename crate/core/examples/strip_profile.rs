//! Debug aid: the profile analysis of every strip a photo's reading found, in window
//! coordinates (0 at the window's sample end). `--all` prints every peak, line-like or not.
//! `cargo run --release -p strip-reader-core --example strip_profile -- [--model ID] [--all] FILE...`
use strip_reader_core::find::Frame;
use strip_reader_core::profile::find_lines;
use strip_reader_core::strip::sample_profile;
use strip_reader_core::{analyze, builtin_model, Options};

fn main() {
    let mut model = builtin_model(None).expect("model");
    let mut all = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--model" => model = builtin_model(args.next().as_deref()).expect("model"),
            "--all" => all = true,
            path => {
                let img = strip_reader_core::decode::decode(&std::fs::read(path).expect("read")).expect("decode");
                let view = img.view().expect("view");
                let r = analyze(&view, &model, &Options::default()).expect("analyze");
                println!("{path}: {:?} {:?}", r.result, r.reason);
                let g = &model.geometry;
                for (k, s) in r.strips.iter().enumerate() {
                    // The reading's window corners: the first two at the sample end.
                    let w = s.window;
                    let a = [(w[0][0] + w[1][0]) / 2.0, (w[0][1] + w[1][1]) / 2.0];
                    let b = [(w[2][0] + w[3][0]) / 2.0, (w[2][1] + w[3][1]) / 2.0];
                    let len_w = ((b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2)).sqrt();
                    let width = ((w[1][0] - w[0][0]).powi(2) + (w[1][1] - w[0][1]).powi(2)).sqrt();
                    let axis = [(b[0] - a[0]) / len_w, (b[1] - a[1]) / len_w];
                    let length = len_w / (g.window[1] - g.window[0]);
                    let mid = 0.5 - 0.5 * (g.window[0] + g.window[1]);
                    let centre = [(a[0] + b[0]) / 2.0 + axis[0] * mid * length, (a[1] + b[1]) / 2.0 + axis[1] * mid * length];
                    let frame = Frame { centre, axis, length, width, keystone: 0.0 };
                    let search = ((g.window[0] - 0.12).max(0.04), (g.window[1] + 0.12).min(0.96));
                    let sampled = sample_profile(&view, &frame, search, (g.window[0], g.window[1]), true);
                    let n = sampled.profile.len() as f32;
                    let spw = n * (g.window[1] - g.window[0]) / (search.1 - search.0);
                    let lines = find_lines(&sampled.profile, g.line_width * spw);
                    let to_window = |i: f32| ((search.0 + (i + 0.5) / n * (search.1 - search.0)) - g.window[0]) / (g.window[1] - g.window[0]);
                    println!(
                        "  strip {k}: {:?} {:?} {:?} len {:.0} width {:.0} noise {:.4} C {:?} T {:?}",
                        s.result, s.reason, s.orientation, length, width, lines.noise,
                        s.control.map(|c| (c.state, c.strength)), s.test.map(|c| (c.state, c.strength))
                    );
                    for p in lines.peaks.iter().filter(|p| all || p.line_like) {
                        let flags: String = p.checks.iter().zip(["c", "w", "d", "a"]).map(|(&ok, f)| if ok { "-" } else { f }).collect();
                        println!(
                            "    at {:.3} s{:.3} snr{:.1} r{:.2} b{:.2} fwhm{:.1} {flags}",
                            to_window(p.index), p.strength, p.snr, p.red_ratio, p.blue_ratio, p.fwhm
                        );
                    }
                }
            }
        }
    }
}
