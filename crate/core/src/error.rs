//! Typed errors for everything a photo or a caller controls. Nothing in the core panics on input.

use crate::model::ModelError;
use std::fmt;

/// Why an image could not be read at all (as opposed to a reading that says `retake`).
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// Width or height is zero.
    EmptyImage { width: usize, height: usize },
    /// The pixel buffer is shorter than `stride * (height - 1) + width * 4`.
    BufferTooSmall { expected: usize, got: usize },
    /// The row stride is smaller than `width * 4`.
    BadStride { stride: usize, width: usize },
    /// More pixels, or a longer side, than this build accepts.
    TooLarge { width: usize, height: usize, max_pixels: usize, max_side: usize },
    /// Decoding this image would need more memory than the reader allows itself.
    TooMuchMemory { width: usize, height: usize, needed: usize, budget: usize },
    /// The file is longer than this build reads.
    FileTooLarge { bytes: usize, max_bytes: usize },
    /// The file has no bytes at all.
    EmptyFile,
    /// The bytes are not an image (text, random data, a document, ...).
    NotAnImage,
    /// An image format this build does not read (HEIC, GIF, ...), named in the message.
    Unsupported(String),
    /// The bytes start like a JPEG, PNG or WebP but are damaged or cut short.
    Decode(String),
    /// No model has this id.
    UnknownModel { id: String, known: Vec<String> },
    /// A model file is invalid.
    Model(ModelError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::EmptyImage { width, height } => write!(f, "empty image ({width}x{height})"),
            Error::BufferTooSmall { expected, got } => {
                write!(f, "pixel buffer too small: need {expected} bytes of RGBA, got {got}")
            }
            Error::BadStride { stride, width } => {
                write!(f, "row stride {stride} is smaller than width x 4 ({})", width.saturating_mul(4))
            }
            Error::TooLarge { width, height, max_pixels, max_side } => write!(
                f,
                "image too large ({width}x{height}); this reader accepts at most {max_pixels} pixels and {max_side} per side"
            ),
            Error::TooMuchMemory { width, height, needed, budget } => write!(
                f,
                "image too large to decode ({width}x{height}): it would need about {} MB, more than the {} MB this reader allows itself",
                needed.div_ceil(1 << 20),
                budget / (1 << 20)
            ),
            Error::FileTooLarge { bytes, max_bytes } => write!(
                f,
                "file too large ({} MB); this reader accepts files up to {} MB",
                bytes.div_ceil(1 << 20),
                max_bytes / (1 << 20)
            ),
            Error::EmptyFile => write!(f, "the file is empty"),
            Error::NotAnImage => write!(f, "the file is not an image (expected a JPEG, PNG or WebP photo)"),
            Error::Unsupported(what) => write!(f, "{what} images are not supported; save the photo as JPEG, PNG or WebP"),
            Error::Decode(msg) => write!(f, "cannot decode image: {msg}"),
            Error::UnknownModel { id, known } => {
                write!(f, "unknown strip model {id:?}; known models: {}", known.join(", "))
            }
            Error::Model(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    /// A short stable code for machines (CLI JSON `reason`, JS `Error.name`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::EmptyImage { .. } => "empty_image",
            Error::BufferTooSmall { .. } => "buffer_too_small",
            Error::BadStride { .. } => "bad_stride",
            Error::TooLarge { .. } | Error::TooMuchMemory { .. } | Error::FileTooLarge { .. } => "too_large",
            Error::EmptyFile => "empty_file",
            Error::NotAnImage => "not_an_image",
            Error::Unsupported(_) => "unsupported",
            Error::Decode(_) => "decode_failed",
            Error::UnknownModel { .. } => "unknown_model",
            Error::Model(_) => "bad_model",
        }
    }
}
