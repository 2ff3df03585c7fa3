//! Decoding photo bytes (JPEG, PNG, WebP) with the `image` crate, EXIF orientation applied.
//! Dimensions are checked from the header before any pixel is decoded, so a 50,000 x 50,000
//! header is refused at once without allocating.

use crate::view::{check_dimensions, RgbaImage, MAX_PIXELS, MAX_SIDE};
use crate::Error;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};
use std::io::Cursor;

/// Largest file accepted, in bytes.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// Decodes an image file's bytes to RGBA8, turned upright by its EXIF orientation.
pub fn decode(bytes: &[u8]) -> Result<RgbaImage, Error> {
    if bytes.is_empty() {
        return Err(Error::Decode("the file is empty".into()));
    }
    if bytes.len() > MAX_BYTES {
        return Err(Error::Decode(format!("the file is larger than {} MB", MAX_BYTES / (1024 * 1024))));
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Error::Decode(e.to_string()))?;
    if reader.format().is_none() {
        return Err(Error::Decode("not a JPEG, PNG or WebP image".into()));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE as u32);
    limits.max_image_height = Some(MAX_SIDE as u32);
    // Decoded RGBA plus the decoder's own buffers.
    limits.max_alloc = Some((MAX_PIXELS as u64) * 4 * 2);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| Error::Decode(e.to_string()))?;
    let (w, h) = decoder.dimensions();
    check_dimensions(w as usize, h as usize)?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| Error::Decode(e.to_string()))?;
    img.apply_orientation(orientation);
    let rgba = img.into_rgba8();
    let (width, height) = (rgba.width() as usize, rgba.height() as usize);
    Ok(RgbaImage { width, height, data: rgba.into_raw() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_a_typed_error() {
        assert!(matches!(decode(b""), Err(Error::Decode(_))));
        assert!(matches!(decode(b"hello, this is text"), Err(Error::Decode(_))));
        // A truncated JPEG header.
        assert!(matches!(decode(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16]), Err(Error::Decode(_))));
    }

    #[test]
    fn png_round_trip_and_orientation() {
        let mut png = Vec::new();
        let img = image::RgbaImage::from_fn(3, 2, |x, y| image::Rgba([x as u8 * 80, y as u8 * 100, 7, 255]));
        img.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
        let out = decode(&png).unwrap();
        assert_eq!((out.width, out.height), (3, 2));
        assert_eq!(&out.data[..4], &[0, 0, 7, 255]);
        assert_eq!(&out.data[(1 * 3 + 2) * 4..(1 * 3 + 2) * 4 + 4], &[160, 100, 7, 255]);
    }
}
