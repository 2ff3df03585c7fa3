//! Borrowed RGBA8 image views. Rule: pixels are sRGB RGBA8, rows top to bottom, `stride` bytes
//! apart (stride >= width * 4); coordinates are pixel centres at (x + 0.5, y + 0.5).

use crate::Error;

/// Largest image accepted: 64 megapixels (a 64 MP phone photo; 256 MB of RGBA), 30,000 pixels
/// a side. Decoding ([`crate::decode`]) refuses larger photos from their header and reduces
/// those above its working size.
pub const MAX_PIXELS: usize = 64_000_000;
pub const MAX_SIDE: usize = 30_000;

/// A borrowed, validated RGBA8 image: the whole photo, or (see [`RgbaView::rows_of`]) a band
/// of its rows, which the samplers clamp to as if it were the photo's edge.
#[derive(Debug, Clone, Copy)]
pub struct RgbaView<'a> {
    data: &'a [u8],
    width: usize,
    height: usize,
    stride: usize,
    /// The photo rows `data` holds: `first..first + held`.
    first: usize,
    held: usize,
}

impl<'a> RgbaView<'a> {
    /// A tightly packed image (stride = width * 4).
    pub fn new(data: &'a [u8], width: usize, height: usize) -> Result<Self, Error> {
        Self::with_stride(data, width, height, width.saturating_mul(4))
    }

    /// An image whose rows are `stride` bytes apart.
    pub fn with_stride(data: &'a [u8], width: usize, height: usize, stride: usize) -> Result<Self, Error> {
        check_dimensions(width, height)?;
        let row = width * 4; // cannot overflow: width <= MAX_SIDE
        if stride < row {
            return Err(Error::BadStride { stride, width });
        }
        let expected = stride
            .checked_mul(height - 1)
            .and_then(|v| v.checked_add(row))
            .ok_or(Error::BufferTooSmall { expected: usize::MAX, got: data.len() })?;
        if data.len() < expected {
            return Err(Error::BufferTooSmall { expected, got: data.len() });
        }
        Ok(RgbaView { data, width, height, stride, first: 0, held: height })
    }

    /// Rows `first..first + rows` of a `width x height` photo, tightly packed in `data`: the
    /// part of a photo a reader needs around the strips it found (the rest was seen reduced).
    /// Coordinates stay the photo's; sampling clamps to the rows held.
    pub fn rows_of(data: &'a [u8], width: usize, height: usize, first: usize, rows: usize) -> Result<Self, Error> {
        check_dimensions(width, height)?;
        if rows == 0 || first.checked_add(rows).is_none_or(|end| end > height) {
            return Err(Error::EmptyImage { width, height: rows });
        }
        let band = RgbaView::new(data, width, rows)?;
        Ok(RgbaView { height, first, held: rows, ..band })
    }

    /// The photo rows this view holds: `(first, count)`.
    pub fn held_rows(&self) -> (usize, usize) {
        (self.first, self.held)
    }

    pub fn width(&self) -> usize {
        self.width
    }
    pub fn height(&self) -> usize {
        self.height
    }
    pub fn stride(&self) -> usize {
        self.stride
    }

    /// Row `y` as `width * 4` bytes. `y` must be < height (callers iterate 0..height).
    /// Photo row `y`, which must be one the view holds.
    #[inline]
    pub fn row(&self, y: usize) -> &'a [u8] {
        let start = (y - self.first) * self.stride;
        &self.data[start..start + self.width * 4]
    }

    /// The pixel at (x, y), clamped to the image (never out of bounds).
    #[inline]
    pub fn pixel_clamped(&self, x: isize, y: isize) -> [u8; 4] {
        let x = x.clamp(0, self.width as isize - 1) as usize;
        let y = y.clamp(self.first as isize, (self.first + self.held) as isize - 1) as usize - self.first;
        let i = y * self.stride + x * 4;
        [self.data[i], self.data[i + 1], self.data[i + 2], self.data[i + 3]]
    }
}

/// Checks that an image of this size may be read (used before decoding, from the header).
pub fn check_dimensions(width: usize, height: usize) -> Result<(), Error> {
    if width == 0 || height == 0 {
        return Err(Error::EmptyImage { width, height });
    }
    if width > MAX_SIDE || height > MAX_SIDE || width.saturating_mul(height) > MAX_PIXELS {
        return Err(Error::TooLarge { width, height, max_pixels: MAX_PIXELS, max_side: MAX_SIDE });
    }
    Ok(())
}

/// An owned RGBA8 image (what decoding returns).
#[derive(Debug, Clone, PartialEq)]
pub struct RgbaImage {
    pub width: usize,
    pub height: usize,
    /// width * height * 4 bytes, tightly packed.
    pub data: Vec<u8>,
}

impl RgbaImage {
    pub fn view(&self) -> Result<RgbaView<'_>, Error> {
        RgbaView::new(&self.data, self.width, self.height)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_shapes() {
        let buf = vec![0u8; 16];
        assert!(matches!(RgbaView::new(&buf, 0, 4), Err(Error::EmptyImage { .. })));
        assert!(matches!(RgbaView::new(&buf, 3, 2), Err(Error::BufferTooSmall { expected: 24, got: 16 })));
        assert!(matches!(RgbaView::with_stride(&buf, 2, 2, 4), Err(Error::BadStride { .. })));
        assert!(matches!(RgbaView::new(&buf, 50_000, 50_000), Err(Error::TooLarge { .. })));
        // A padded stride where the last row is short of a full stride is fine.
        let v = RgbaView::with_stride(&buf, 1, 2, 12).unwrap();
        assert_eq!(v.row(1).len(), 4);
        assert_eq!(v.pixel_clamped(-5, 9), [buf[12], buf[13], buf[14], buf[15]]);
    }
}
