//! Decoding photo bytes (JPEG, PNG, WebP) with the `image` crate, EXIF orientation applied.
//!
//! Rules, because these bytes come from anyone:
//! - Everything is refused from the header, before a pixel is decoded or a pixel buffer is
//!   allocated: empty or oversized files, formats this build does not read, zero or huge
//!   dimensions, and images whose decoding would need more memory than [`DecodeLimits::memory_budget`]
//!   (estimated from the header: file, decoder output, decoder working buffers, our output).
//!   A 50,000 x 50,000 header is refused in well under a millisecond.
//! - A photo with more pixels than [`DecodeLimits::work_pixels`] is *reduced* (integer box
//!   average while converting to RGBA8), not refused: the reader works at that size.
//!   [`Decoded::reduction`] says by how much, so coordinates can be mapped back to the photo.
//! - Every failure is a typed [`Error`]; nothing here panics on input.

use crate::view::{RgbaImage, MAX_PIXELS, MAX_SIDE};
use crate::Error;
use image::metadata::Orientation;
use image::{DynamicImage, ImageBuffer, ImageDecoder, ImageFormat, ImageReader, Limits, Pixel};
use std::io::Cursor;

/// The `image` crate this build decodes with, for tests and fuzz targets that need to encode
/// images (not part of the stable API).
#[doc(hidden)]
pub use image;

/// Largest file accepted, in bytes.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;
/// Largest photo accepted, in pixels (a 64-megapixel phone photo; 48 and 50 MP phones fit).
pub const MAX_DECODE_PIXELS: usize = MAX_PIXELS;
/// Photos with more pixels are reduced to at most this many (the page sends at most as many).
pub const WORK_PIXELS: usize = 24_000_000;
/// Peak memory the decoder may need, estimated from the header (an upper bound: measured peaks
/// are 5-15 % below it). With the reading's own few tens of MB the whole process stays within
/// 512 MB on any accepted photo. A 64 MP baseline JPEG needs about 260 MB, a progressive 4:2:0
/// one about 390 MB; a progressive 4:4:4 one is accepted up to about 48 MP.
pub const MEMORY_BUDGET: usize = 448 * 1024 * 1024;

/// What [`decode_with`] accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeLimits {
    /// Largest file, in bytes.
    pub max_bytes: usize,
    /// Longest side, in pixels.
    pub max_side: usize,
    /// Most pixels (width x height as stored).
    pub max_pixels: usize,
    /// Photos with more pixels are reduced by an integer factor to at most this many.
    pub work_pixels: usize,
    /// Estimated peak memory of decoding, in bytes.
    pub memory_budget: usize,
}

impl Default for DecodeLimits {
    fn default() -> Self {
        DecodeLimits {
            max_bytes: MAX_BYTES,
            max_side: MAX_SIDE,
            max_pixels: MAX_DECODE_PIXELS,
            work_pixels: WORK_PIXELS,
            memory_budget: MEMORY_BUDGET,
        }
    }
}

/// A decoded photo and how it was obtained.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// Upright RGBA8 pixels, reduced when the photo had more than `work_pixels`.
    pub image: RgbaImage,
    /// `jpeg`, `png` or `webp`.
    pub format: &'static str,
    /// The photo's size as stored (before EXIF orientation and reduction).
    pub stored_width: usize,
    pub stored_height: usize,
    /// The EXIF orientation applied (1 = none, 1..=8 as in EXIF).
    pub orientation: u8,
    /// The integer reduction factor: a point (x, y) in `image` is (x * reduction, y * reduction)
    /// in the upright photo. 1 = full resolution.
    pub reduction: usize,
}

impl Decoded {
    /// The photo's upright size in pixels (after EXIF orientation, before any reduction).
    pub fn photo_size(&self) -> (usize, usize) {
        if self.orientation >= 5 {
            (self.stored_height, self.stored_width)
        } else {
            (self.stored_width, self.stored_height)
        }
    }

    /// Maps a reading of [`Decoded::image`] back to the photo's own pixels, as the CLI contract
    /// has them: box and window corners, strip length and edge width times [`Decoded::reduction`],
    /// and the photo's upright width and height. Nothing changes when there was no reduction.
    pub fn map_to_photo(&self, reading: &mut crate::Reading) {
        if self.reduction <= 1 {
            return;
        }
        let k = self.reduction as f32;
        for s in &mut reading.strips {
            for p in s.corners.iter_mut().chain(s.window.iter_mut()) {
                p[0] *= k;
                p[1] *= k;
            }
        }
        let q = &mut reading.quality;
        q.strip_length *= k;
        q.edge_width *= k;
        (q.width, q.height) = self.photo_size();
    }
}

/// Decodes an image file's bytes to RGBA8, turned upright by its EXIF orientation, with the
/// default limits (large photos are reduced to [`WORK_PIXELS`]).
pub fn decode(bytes: &[u8]) -> Result<RgbaImage, Error> {
    decode_with(bytes, &DecodeLimits::default()).map(|d| d.image)
}

/// Decodes with explicit limits. See the module rules.
pub fn decode_with(bytes: &[u8], limits: &DecodeLimits) -> Result<Decoded, Error> {
    let header = read_header(bytes, limits)?;
    let Header { format, width: w, height: h, reduction: k, .. } = header;

    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut lim = Limits::default();
    // Sizes were checked above; the allocation cap also binds the decoders' own buffers.
    lim.max_image_width = Some(limits.max_side.min(u32::MAX as usize) as u32);
    lim.max_image_height = Some(limits.max_side.min(u32::MAX as usize) as u32);
    lim.max_alloc = Some(limits.memory_budget as u64);
    reader.limits(lim);
    let mut decoder = reader.into_decoder().map_err(image_error)?;
    // The decoder must agree with our own reading of the header (it decides the buffer size).
    if decoder.dimensions() != (w as u32, h as u32) {
        return Err(Error::Decode(format!(
            "inconsistent header: {}x{} in the frame header, {}x{} by the decoder",
            w,
            h,
            decoder.dimensions().0,
            decoder.dimensions().1
        )));
    }
    let needed = estimate_memory(&header, bytes.len(), decoder.total_bytes());
    if needed > limits.memory_budget {
        return Err(Error::TooMuchMemory { width: w, height: h, needed, budget: limits.memory_budget });
    }
    // Damaged EXIF is not a reason to refuse a photo: it is then taken as upright.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let img = DynamicImage::from_decoder(decoder).map_err(image_error)?;
    if (img.width() as usize, img.height() as usize) != (w, h) {
        return Err(Error::Decode("the decoder returned an image of another size".into()));
    }
    let rgba = to_rgba8_reduced(img, k)?;
    let mut upright = DynamicImage::ImageRgba8(rgba);
    upright.apply_orientation(orientation);
    let rgba = upright.into_rgba8();
    let (width, height) = (rgba.width() as usize, rgba.height() as usize);
    Ok(Decoded {
        image: RgbaImage { width, height, data: rgba.into_raw() },
        format: match format {
            ImageFormat::Jpeg => "jpeg",
            ImageFormat::Png => "png",
            _ => "webp",
        },
        stored_width: w,
        stored_height: h,
        orientation: orientation_code(orientation),
        reduction: k,
    })
}

/// What the header says, checked against the limits. Nothing is decoded or allocated for it
/// beyond the decoder's header parsing.
#[derive(Debug, Clone, Copy)]
struct Header {
    format: ImageFormat,
    width: usize,
    height: usize,
    reduction: usize,
    /// For JPEG: progressive (all coefficients kept in memory while decoding) and the number
    /// of coefficient samples per pixel over all components (3 for 4:4:4, 1.5 for 4:2:0).
    jpeg: Option<JpegFrame>,
}

fn read_header(bytes: &[u8], limits: &DecodeLimits) -> Result<Header, Error> {
    if bytes.is_empty() {
        return Err(Error::EmptyFile);
    }
    if bytes.len() > limits.max_bytes {
        return Err(Error::FileTooLarge { bytes: bytes.len(), max_bytes: limits.max_bytes });
    }
    let format = sniff(bytes)?;
    let (width, height, jpeg) = match format {
        ImageFormat::Jpeg => {
            let f = jpeg_frame(bytes)?;
            (f.width, f.height, Some(f))
        }
        ImageFormat::Png => {
            let (w, h) = png_size(bytes)?;
            (w, h, None)
        }
        _ => {
            let (w, h) = webp_size(bytes)?;
            (w, h, None)
        }
    };
    check_size(width, height, limits)?;
    Ok(Header { format, width, height, reduction: reduction_for(width, height, limits.work_pixels), jpeg })
}

fn check_size(width: usize, height: usize, limits: &DecodeLimits) -> Result<(), Error> {
    if width == 0 || height == 0 {
        return Err(Error::EmptyImage { width, height });
    }
    if width > limits.max_side || height > limits.max_side || width.saturating_mul(height) > limits.max_pixels {
        return Err(Error::TooLarge { width, height, max_pixels: limits.max_pixels, max_side: limits.max_side });
    }
    Ok(())
}

/// The smallest integer factor that brings width x height to at most `work_pixels`.
fn reduction_for(width: usize, height: usize, work_pixels: usize) -> usize {
    let work = work_pixels.max(1);
    let mut k = 1usize;
    while width.div_ceil(k).saturating_mul(height.div_ceil(k)) > work {
        k += 1;
    }
    k
}

/// Peak bytes while decoding: the file (the JPEG decoder keeps a copy), the decoder's output
/// in its own colour type, its working buffers, and our RGBA8 output twice (orientation copy).
fn estimate_memory(header: &Header, file_len: usize, total_bytes: u64) -> usize {
    let (w, h, k) = (header.width, header.height, header.reduction);
    let px = w.saturating_mul(h);
    let native = usize::try_from(total_bytes).unwrap_or(usize::MAX);
    let out = w.div_ceil(k).saturating_mul(h.div_ceil(k)).saturating_mul(4);
    let (copies, working) = match (header.format, header.jpeg) {
        // Progressive JPEG keeps every DCT coefficient (i16) of every component.
        (ImageFormat::Jpeg, Some(f)) if f.progressive => (2, f.samples_x2.saturating_mul(px)),
        // Baseline: a few rows of MCUs plus upsampling buffers.
        (ImageFormat::Jpeg, Some(f)) => (2, f.samples_x2.saturating_mul(px) / 8),
        (ImageFormat::Jpeg, None) => (2, native),
        // The lossless WebP decoder works in 4 bytes a pixel, the lossy one in YUV planes.
        (ImageFormat::WebP, _) => (1, px.saturating_mul(4)),
        // PNG decodes row by row into the output.
        _ => (1, w.saturating_mul(16)),
    };
    let decoding = native.saturating_add(working);
    let converting = native.saturating_add(out);
    let orienting = out.saturating_mul(2);
    file_len
        .saturating_mul(copies)
        .saturating_add(decoding.max(converting).max(orienting))
        .saturating_add(4 << 20)
}

/// Tells the format from the first bytes. Only JPEG, PNG and WebP are decoded; a few common
/// others get a clear "unsupported" message; anything else is not an image.
fn sniff(bytes: &[u8]) -> Result<ImageFormat, Error> {
    let starts = |m: &[u8]| bytes.starts_with(m);
    if starts(&[0xFF, 0xD8, 0xFF]) {
        return Ok(ImageFormat::Jpeg);
    }
    if starts(b"\x89PNG\r\n\x1a\n") {
        return Ok(ImageFormat::Png);
    }
    if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Ok(ImageFormat::WebP);
    }
    let other = if bytes.get(4..8) == Some(b"ftyp") {
        match bytes.get(8..12) {
            Some(b"avif" | b"avis") => Some("AVIF"),
            Some(b"heic" | b"heix" | b"hevc" | b"heim" | b"heis" | b"mif1" | b"msf1") => Some("HEIC/HEIF"),
            _ => None,
        }
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Some("GIF")
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        Some("TIFF (or camera raw)")
    } else if starts(b"BM") && bytes.len() >= 26 && bytes.get(14).is_some_and(|&v| matches!(v, 12 | 40 | 52 | 56 | 64 | 108 | 124)) {
        Some("BMP")
    } else if starts(&[0xFF, 0x0A]) || starts(&[0, 0, 0, 0x0C, b'J', b'X', b'L', b' ']) {
        Some("JPEG XL")
    } else if starts(b"%PDF") {
        Some("PDF")
    } else {
        None
    };
    // A file cut inside the signature itself.
    let prefix_of = |m: &[u8]| bytes.len() < m.len() && m.starts_with(bytes);
    let n = bytes.len();
    let webp_cut = n < 12 && b"RIFF"[..n.min(4)] == bytes[..n.min(4)] && (n <= 8 || b"WEBP"[..n - 8] == bytes[8..]);
    if other.is_none() && (prefix_of(&[0xFF, 0xD8, 0xFF]) || prefix_of(b"\x89PNG\r\n\x1a\n") || webp_cut) {
        return Err(Error::Decode("the file is cut short inside its signature".into()));
    }
    match other {
        Some(name) => Err(Error::Unsupported(name.to_string())),
        None => Err(Error::NotAnImage),
    }
}

fn be16(b: &[u8], at: usize) -> Option<usize> {
    let s = b.get(at..at + 2)?;
    Some(u16::from_be_bytes([s[0], s[1]]) as usize)
}

fn be32(b: &[u8], at: usize) -> Option<usize> {
    let s = b.get(at..at + 4)?;
    Some(u32::from_be_bytes([s[0], s[1], s[2], s[3]]) as usize)
}

fn le16(b: &[u8], at: usize) -> Option<usize> {
    let s = b.get(at..at + 2)?;
    Some(u16::from_le_bytes([s[0], s[1]]) as usize)
}

fn le24(b: &[u8], at: usize) -> Option<usize> {
    let s = b.get(at..at + 3)?;
    Some(s[0] as usize | (s[1] as usize) << 8 | (s[2] as usize) << 16)
}

#[derive(Debug, Clone, Copy)]
struct JpegFrame {
    width: usize,
    height: usize,
    progressive: bool,
    /// Bytes of i16 coefficients per pixel over all components (2 x samples per pixel).
    samples_x2: usize,
}

/// Walks the JPEG markers up to the first frame header (SOFn) and reads it.
fn jpeg_frame(b: &[u8]) -> Result<JpegFrame, Error> {
    let cut = || Error::Decode("the JPEG ends before its frame header".into());
    let mut i = 2usize;
    loop {
        // Markers may be preceded by any number of 0xFF fill bytes.
        while b.get(i) == Some(&0xFF) && b.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        if b.get(i) != Some(&0xFF) {
            return Err(match b.get(i) {
                None => cut(),
                Some(_) => Error::Decode("damaged JPEG: expected a marker".into()),
            });
        }
        let marker = *b.get(i + 1).ok_or_else(cut)?;
        match marker {
            0xD8 | 0x01 | 0xD0..=0xD7 => {
                i += 2;
                continue;
            }
            0xD9 | 0xDA => return Err(Error::Decode("damaged JPEG: no frame header before the image data".into())),
            _ => {}
        }
        let len = be16(b, i + 2).ok_or_else(cut)?;
        if len < 2 {
            return Err(Error::Decode("damaged JPEG: a segment length is below 2".into()));
        }
        let seg = i + 4;
        match marker {
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                if matches!(marker, 0xC3 | 0xC7 | 0xCB | 0xCF) {
                    return Err(Error::Unsupported("lossless JPEG".into()));
                }
                if matches!(marker, 0xC9..=0xCB | 0xCD..=0xCF) {
                    return Err(Error::Unsupported("arithmetic-coded JPEG".into()));
                }
                let height = be16(b, seg + 1).ok_or_else(cut)?;
                let width = be16(b, seg + 3).ok_or_else(cut)?;
                let n = *b.get(seg + 5).ok_or_else(cut)? as usize;
                if n == 0 || n > 4 {
                    return Err(Error::Decode(format!("damaged JPEG: {n} colour components")));
                }
                let comps = b.get(seg + 6..seg + 6 + 3 * n).ok_or_else(cut)?;
                let sampling: Vec<(usize, usize)> =
                    comps.chunks_exact(3).map(|c| (((c[1] >> 4) as usize).max(1), ((c[1] & 15) as usize).max(1))).collect();
                let hmax = sampling.iter().map(|s| s.0).max().unwrap_or(1);
                let vmax = sampling.iter().map(|s| s.1).max().unwrap_or(1);
                // Coefficient samples per pixel, in units of 1/(hmax*vmax); x2 bytes, rounded up.
                let num: usize = sampling.iter().map(|s| s.0 * s.1).sum();
                let samples_x2 = (2 * num).div_ceil(hmax * vmax);
                return Ok(JpegFrame { width, height, progressive: matches!(marker, 0xC2 | 0xC6 | 0xCA | 0xCE), samples_x2 });
            }
            _ => i = seg + len - 2,
        }
    }
}

/// Width and height from the PNG's IHDR (the first chunk).
fn png_size(b: &[u8]) -> Result<(usize, usize), Error> {
    if b.get(12..16) != Some(b"IHDR") {
        return Err(Error::Decode("damaged PNG: no IHDR header".into()));
    }
    let w = be32(b, 16).ok_or_else(|| Error::Decode("the PNG ends inside its header".into()))?;
    let h = be32(b, 20).ok_or_else(|| Error::Decode("the PNG ends inside its header".into()))?;
    Ok((w, h))
}

/// Width and height from the WebP's first chunk (VP8, VP8L or VP8X).
fn webp_size(b: &[u8]) -> Result<(usize, usize), Error> {
    let cut = || Error::Decode("the WebP ends inside its header".into());
    match b.get(12..16).ok_or_else(cut)? {
        b"VP8 " => {
            // Frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height.
            if b.get(23..26) != Some(&[0x9d, 0x01, 0x2a]) {
                return Err(Error::Decode("damaged WebP: no VP8 start code".into()));
            }
            // Little-endian 14-bit fields (the top two bits are a scaling hint).
            let w = le16(b, 26).ok_or_else(cut)? & 0x3FFF;
            let h = le16(b, 28).ok_or_else(cut)? & 0x3FFF;
            Ok((w, h))
        }
        b"VP8L" => {
            if b.get(20) != Some(&0x2f) {
                return Err(Error::Decode("damaged WebP: no VP8L signature".into()));
            }
            let s = b.get(21..25).ok_or_else(cut)?;
            let bits = u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize;
            Ok(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        b"VP8X" => {
            let w = le24(b, 24).ok_or_else(cut)? + 1;
            let h = le24(b, 27).ok_or_else(cut)? + 1;
            Ok((w, h))
        }
        _ => Err(Error::Decode("damaged WebP: unknown first chunk".into())),
    }
}

fn image_error(e: image::ImageError) -> Error {
    use image::error::{ImageError as E, LimitErrorKind};
    match e {
        E::Limits(l) => match l.kind() {
            LimitErrorKind::InsufficientMemory => Error::Decode("the decoder needs more memory than allowed".into()),
            _ => Error::Decode(format!("image exceeds a decoder limit: {l}")),
        },
        E::Unsupported(u) => Error::Unsupported(format!("this kind of image ({u})")),
        E::IoError(io) => Error::Decode(format!("the file is cut short or damaged ({})", io.to_string().trim())),
        other => Error::Decode(other.to_string().trim().to_string()),
    }
}

fn orientation_code(o: Orientation) -> u8 {
    match o {
        Orientation::NoTransforms => 1,
        Orientation::FlipHorizontal => 2,
        Orientation::Rotate180 => 3,
        Orientation::FlipVertical => 4,
        Orientation::Rotate90FlipH => 5,
        Orientation::Rotate90 => 6,
        Orientation::Rotate270FlipH => 7,
        Orientation::Rotate270 => 8,
    }
}

/// A channel value as 8 bits (rounded; floats clamped to 0..1, NaN as 0).
trait ToU8: Copy {
    fn to_u8(self) -> u8;
}
impl ToU8 for u8 {
    #[inline]
    fn to_u8(self) -> u8 {
        self
    }
}
impl ToU8 for u16 {
    #[inline]
    fn to_u8(self) -> u8 {
        ((self as u32 + 128) / 257) as u8
    }
}
impl ToU8 for f32 {
    #[inline]
    fn to_u8(self) -> u8 {
        if self.is_nan() {
            0
        } else {
            (self.clamp(0.0, 1.0) * 255.0).round() as u8
        }
    }
}

/// Converts any decoded image to RGBA8, box-averaging `k` x `k` cells (edge cells average the
/// pixels they cover; each channel rounded to nearest). Only the output is allocated.
fn to_rgba8_reduced(img: DynamicImage, k: usize) -> Result<image::RgbaImage, Error> {
    if k == 1 {
        if let DynamicImage::ImageRgba8(buf) = img {
            return Ok(buf);
        }
    }
    match &img {
        DynamicImage::ImageLuma8(b) => reduce(b, k),
        DynamicImage::ImageLumaA8(b) => reduce(b, k),
        DynamicImage::ImageRgb8(b) => reduce(b, k),
        DynamicImage::ImageRgba8(b) => reduce(b, k),
        DynamicImage::ImageLuma16(b) => reduce(b, k),
        DynamicImage::ImageLumaA16(b) => reduce(b, k),
        DynamicImage::ImageRgb16(b) => reduce(b, k),
        DynamicImage::ImageRgba16(b) => reduce(b, k),
        DynamicImage::ImageRgb32F(b) => reduce(b, k),
        DynamicImage::ImageRgba32F(b) => reduce(b, k),
        _ => Err(Error::Unsupported("this pixel format".into())),
    }
}

fn reduce<P>(src: &ImageBuffer<P, Vec<P::Subpixel>>, k: usize) -> Result<image::RgbaImage, Error>
where
    P: Pixel,
    P::Subpixel: ToU8,
{
    let (w, h) = (src.width() as usize, src.height() as usize);
    let k = k.max(1);
    let (ow, oh) = (w.div_ceil(k), h.div_ceil(k));
    let rgba = |p: &P| {
        let c = p.to_rgba().0;
        [c[0].to_u8(), c[1].to_u8(), c[2].to_u8(), c[3].to_u8()]
    };
    let mut out: Vec<u8> = Vec::new();
    out.try_reserve_exact(ow * oh * 4).map_err(|_| Error::Decode("out of memory for the reduced photo".into()))?;
    if k == 1 {
        for p in src.pixels() {
            out.extend_from_slice(&rgba(p));
        }
    } else {
        let mut acc = vec![[0u32; 4]; ow];
        for oy in 0..oh {
            acc.iter_mut().for_each(|a| *a = [0; 4]);
            let (y0, y1) = (oy * k, ((oy + 1) * k).min(h));
            for y in y0..y1 {
                for x in 0..w {
                    let c = rgba(src.get_pixel(x as u32, y as u32));
                    let cell = &mut acc[x / k];
                    for ch in 0..4 {
                        cell[ch] += c[ch] as u32;
                    }
                }
            }
            for (ox, cell) in acc.iter().enumerate() {
                let n = (((ox + 1) * k).min(w) - ox * k) * (y1 - y0);
                let n = n as u32;
                for ch in cell {
                    out.push(((ch + n / 2) / n) as u8);
                }
            }
        }
    }
    image::RgbaImage::from_raw(ow as u32, oh as u32, out).ok_or_else(|| Error::Decode("internal: reduced buffer size".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_of(img: &image::RgbaImage) -> Vec<u8> {
        let mut png = Vec::new();
        img.write_to(&mut Cursor::new(&mut png), ImageFormat::Png).unwrap();
        png
    }

    #[test]
    fn garbage_is_a_typed_error() {
        assert!(matches!(decode(b""), Err(Error::EmptyFile)));
        assert!(matches!(decode(b"hello, this is text"), Err(Error::NotAnImage)));
        assert!(matches!(decode(b"GIF89a\x01\x00\x01\x00"), Err(Error::Unsupported(_))));
        assert!(matches!(decode(b"\0\0\0\x18ftypheic\0\0\0\0"), Err(Error::Unsupported(_))));
        // A truncated JPEG header.
        assert!(matches!(decode(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16]), Err(Error::Decode(_))));
    }

    #[test]
    fn png_round_trip_and_orientation() {
        let img = image::RgbaImage::from_fn(3, 2, |x, y| image::Rgba([x as u8 * 80, y as u8 * 100, 7, 255]));
        let out = decode(&png_of(&img)).unwrap();
        assert_eq!((out.width, out.height), (3, 2));
        assert_eq!(&out.data[..4], &[0, 0, 7, 255]);
        assert_eq!(&out.data[(3 + 2) * 4..(3 + 2) * 4 + 4], &[160, 100, 7, 255]);
    }

    #[test]
    fn large_photos_are_reduced_not_refused() {
        let img = image::RgbaImage::from_fn(5, 3, |x, y| image::Rgba([(x * 10) as u8, (y * 20) as u8, 200, 255]));
        let limits = DecodeLimits { work_pixels: 6, ..DecodeLimits::default() };
        let d = decode_with(&png_of(&img), &limits).unwrap();
        assert_eq!(d.reduction, 2);
        assert_eq!((d.image.width, d.image.height), (3, 2));
        // Cell (0,0): x 0..2, y 0..2 → r mean 5, g mean 10.
        assert_eq!(&d.image.data[..4], &[5, 10, 200, 255]);
        // Cell (2,1): x 4, y 2 only.
        assert_eq!(&d.image.data[(3 + 2) * 4..(3 + 2) * 4 + 4], &[40, 40, 200, 255]);
        let mut r = crate::Reading {
            model: "m".into(),
            result: crate::Verdict::Retake,
            reason: None,
            strips: Vec::new(),
            quality: crate::Quality { width: 3, height: 2, strip_length: 1.5, ..Default::default() },
        };
        d.map_to_photo(&mut r);
        assert_eq!((r.quality.width, r.quality.height, r.quality.strip_length), (5, 3, 3.0));
        let limits = DecodeLimits { max_pixels: 14, ..DecodeLimits::default() };
        assert!(matches!(decode_with(&png_of(&img), &limits), Err(Error::TooLarge { .. })));
    }

    #[test]
    fn reduction_factor_fits_the_work_size() {
        assert_eq!(reduction_for(4000, 3000, WORK_PIXELS), 1);
        assert_eq!(reduction_for(8160, 6120, WORK_PIXELS), 2);
        assert_eq!(reduction_for(9248, 6936, WORK_PIXELS), 2);
        assert_eq!(reduction_for(1, 1, 0), 1);
    }
}
