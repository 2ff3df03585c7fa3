//! Debug aid: the window-mode profile analysis of photos.
//! `cargo run --release -p strip-reader-core --example profile -- FILE` prints one photo's peaks
//! and profile; `-- --summary FILE...` prints a line per photo: its line-like peaks (add
//! `--all` for every peak) with strength, SNR, red and blue absorbance ratios, width and the
//! checks each failed (c colour, w width, d dip, a across).
use strip_reader_core::find::Frame;
use strip_reader_core::profile::{find_lines, Lines};
use strip_reader_core::strip::{sample_profile, Sampled};

/// The photo read as a window: its profile along the longer side and the lines found on it.
fn window_lines(path: &str) -> Option<(Sampled, Lines, f32)> {
    let img = strip_reader_core::decode::decode(&std::fs::read(path).ok()?).ok()?;
    let view = img.view().ok()?;
    let (w, h) = (img.width as f32, img.height as f32);
    let frame = if w >= h {
        Frame { centre: [w / 2.0, h / 2.0], axis: [1.0, 0.0], length: w, width: h, keystone: 0.0 }
    } else {
        Frame { centre: [w / 2.0, h / 2.0], axis: [0.0, 1.0], length: h, width: w, keystone: 0.0 }
    };
    let s = sample_profile(&view, &frame, (0.02, 0.98), (0.0, 1.0), false);
    let lw = 0.05 * s.profile.len() as f32 / 0.94;
    let l = find_lines(&s.profile, lw);
    Some((s, l, lw))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let all = args.iter().any(|a| a == "--all");
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    if args.iter().any(|a| a == "--summary") {
        for path in files {
            let Some((s, l, lw)) = window_lines(path) else { continue };
            let mut out = format!("{path} n={} lw={lw:.1}", s.profile.len());
            for p in l.peaks.iter().filter(|p| (all || p.line_like) && p.snr >= 3.5) {
                let flags: String = p.checks.iter().zip(["c", "w", "d", "a"]).map(|(&ok, f)| if ok { "-" } else { f }).collect();
                out += &format!(" | {:.0} s{:.3} n{:.1} r{:.3} b{:.3} w{:.1} {flags}", p.index, p.strength, p.snr, p.red_ratio, p.blue_ratio, p.fwhm);
            }
            println!("{out}");
        }
        return;
    }
    let path = files.first().expect("FILE");
    let (s, l, lw) = window_lines(path).expect("a photo that decodes");
    println!("n {} lw {lw:.1} noise {:.4} gray {}", s.profile.len(), l.noise, l.grayscale);
    for p in &l.peaks {
        println!("{p:?}");
    }
    for i in 0..s.profile.len() {
        println!("{i:3} r {:6.1} g {:6.1} b {:6.1} c {:7.4}", s.profile.r[i], s.profile.g[i], s.profile.b[i], l.contrast[i]);
    }
}
