//! Helpers shared by the fuzz targets: a byte cursor that never runs out, and a painter that
//! turns fuzz bytes into a strip-like photo, so the fuzzer reaches strip reading and line
//! finding (random pixels alone almost never contain a strip).

/// Reads numbers from fuzz bytes; past the end it yields zeros.
pub struct Bytes<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Bytes<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Bytes { data, at: 0 }
    }
    pub fn u8(&mut self) -> u8 {
        let v = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        v
    }
    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }
    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }
    /// A fraction 0..=1.
    pub fn unit(&mut self) -> f32 {
        self.u8() as f32 / 255.0
    }
    pub fn rgb(&mut self) -> [u8; 3] {
        [self.u8(), self.u8(), self.u8()]
    }
    /// What is left.
    pub fn rest(&self) -> &'a [u8] {
        self.data.get(self.at..).unwrap_or(&[])
    }
}

/// Paints a photo `w` x `h` (RGBA8, tightly packed) from parameters read from `b`: a table
/// colour, a rotated strip with a handle label and two lines, then the remaining bytes as
/// noise (cycled), and an alpha level.
pub fn paint(b: &mut Bytes, w: usize, h: usize) -> Vec<u8> {
    let table = b.rgb();
    let strip = b.rgb();
    let label = b.rgb();
    let line = b.rgb();
    let angle = b.unit() * std::f32::consts::PI;
    let (c, s) = (angle.cos(), angle.sin());
    let centre = [b.unit() * w as f32, b.unit() * h as f32];
    let side = w.max(h) as f32;
    let length = (0.1 + 1.2 * b.unit()) * side;
    let width = length / (1.0 + 30.0 * b.unit());
    let lines = [b.unit(), b.unit(), b.unit()];
    let line_w = 0.002 + 0.05 * b.unit();
    let strengths = [b.unit(), b.unit(), b.unit()];
    let label_start = b.unit();
    let noise = b.u8();
    let alpha = match b.u8() {
        0..=200 => 255,
        a => a,
    };
    let rest = b.rest();
    let mut out = vec![0u8; w * h * 4];
    for y in 0..h {
        for x in 0..w {
            let (dx, dy) = (x as f32 + 0.5 - centre[0], y as f32 + 0.5 - centre[1]);
            let u = (dx * c + dy * s) / length + 0.5;
            let v = (-dx * s + dy * c) / width;
            let mut px = table;
            if (0.0..=1.0).contains(&u) && v.abs() <= 0.5 {
                px = if u >= label_start { label } else { strip };
                for (k, &at) in lines.iter().enumerate() {
                    if (u - at).abs() <= line_w {
                        let t = strengths[k];
                        for ch in 0..3 {
                            px[ch] = (px[ch] as f32 * (1.0 - t) + line[ch] as f32 * t) as u8;
                        }
                    }
                }
            }
            let i = (y * w + x) * 4;
            for ch in 0..3 {
                let n = if rest.is_empty() || noise == 0 {
                    0
                } else {
                    (rest[(i + ch) % rest.len()] as i32 - 128) * noise as i32 / 255
                };
                out[i + ch] = (px[ch] as i32 + n).clamp(0, 255) as u8;
            }
            out[i + 3] = alpha;
        }
    }
    out
}

/// What every reading must satisfy besides not panicking: it serializes, and every number in
/// it is finite (the JSON contract has numbers there, and NaN would turn into `null`).
pub fn check_reading(r: &strip_reader_core::Reading) {
    let json = serde_json::to_value(r).expect("a reading serializes");
    fn finite(v: &serde_json::Value, path: &str) {
        match v {
            serde_json::Value::Number(n) => assert!(n.as_f64().is_some_and(f64::is_finite), "{path} = {n}"),
            serde_json::Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| finite(x, &format!("{path}[{i}]"))),
            serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| finite(x, &format!("{path}.{k}"))),
            _ => {}
        }
    }
    finite(&json, "reading");
    // serde_json turns non-finite floats into null: look at the raw values too.
    let q = &r.quality;
    for (name, v) in [("brightness", q.brightness), ("clipped", q.clipped), ("edge_width", q.edge_width), ("strip_length", q.strip_length), ("noise", q.noise)] {
        assert!(v.is_finite(), "quality.{name} = {v}");
    }
    for s in &r.strips {
        for p in s.corners.iter().chain(s.window.iter()) {
            assert!(p[0].is_finite() && p[1].is_finite(), "corner {p:?}");
        }
        for l in &s.lines {
            assert!(l.position.is_finite() && l.strength.is_finite() && l.snr.is_finite(), "line {l:?}");
        }
        for c in [&s.control, &s.test].into_iter().flatten() {
            assert!(c.strength.is_finite() && c.snr.is_finite(), "call {c:?}");
            assert!(c.position.is_none_or(f32::is_finite), "call {c:?}");
        }
    }
}
