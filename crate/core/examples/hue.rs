//! Debug aid: for each photo (window mode), the colour ratios of its clear line-like peaks.
//! `cargo run --release -p strip-reader-core --example hue -- FILE...`
use strip_reader_core::find::Frame;
use strip_reader_core::profile::find_lines;
use strip_reader_core::strip::sample_profile;

fn main() {
    for path in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let Ok(img) = strip_reader_core::decode::decode(&bytes) else { continue };
        let Ok(view) = img.view() else { continue };
        let (w, h) = (img.width as f32, img.height as f32);
        let frame = if w >= h {
            Frame { centre: [w / 2.0, h / 2.0], axis: [1.0, 0.0], length: w, width: h }
        } else {
            Frame { centre: [w / 2.0, h / 2.0], axis: [0.0, 1.0], length: h, width: w }
        };
        let s = sample_profile(&view, &frame, (0.02, 0.98), (0.0, 1.0), false);
        let lw = 0.05 * s.profile.len() as f32 / 0.94;
        let l = find_lines(&s.profile, lw);
        let mut out = format!("{path}");
        let all = std::env::var("ALL").is_ok();
        out += &format!(" n={} lw={lw:.1}", s.profile.len());
        for p in l.peaks.iter().filter(|p| (all || p.line_like) && p.snr >= 3.5) {
            let flags: String = p.checks.iter().zip(["c", "w", "d", "a"]).map(|(&ok, f)| if ok { "-" } else { f }).collect();
            out += &format!(" | {:.0} s{:.3} n{:.1} r{:.3} b{:.3} w{:.1} {flags}", p.index, p.strength, p.snr, p.red_ratio, p.blue_ratio, p.fwhm);
        }
        println!("{out}");
    }
}
