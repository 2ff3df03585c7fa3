// Photo → RGBA pixels, in the browser: createImageBitmap honours the EXIF orientation, a canvas
// gives the pixels. Full resolution goes to the reader (it reduces internally) up to MAX_PIXELS;
// bigger photos are scaled down here first.

export const MAX_PIXELS = 24_000_000;

export class ImageError extends Error {
  constructor(code, message) {
    super(message || code);
    this.name = code;
    this.code = code;
  }
}

/** The size to send for a photo of width x height: unchanged, or scaled to at most maxPixels. */
export function targetSize(width, height, maxPixels = MAX_PIXELS) {
  if (width * height <= maxPixels) return { width, height, scale: 1 };
  const scale = Math.sqrt(maxPixels / (width * height));
  const w = Math.max(1, Math.floor(width * scale));
  const h = Math.max(1, Math.floor(height * scale));
  return { width: w, height: h, scale: w / width };
}

function makeCanvas(width, height) {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

function looksLikeImageType(type) {
  // An empty type is common (files without an extension): let the decoder decide.
  return !type || type.startsWith('image/') || type === 'application/octet-stream';
}

/**
 * Decodes a Blob/File. Resolves to {bitmap, rgba (Uint8ClampedArray), width, height, scale}:
 * `bitmap` is the upright photo at full size (for drawing), `rgba` the pixels to read at
 * width x height (bitmap size times `scale`). Rejects with ImageError codes `empty_file`,
 * `not_an_image`, `decode_failed`, `too_large`, `unsupported`.
 */
export async function decodePhoto(blob, { maxPixels = MAX_PIXELS } = {}) {
  if (typeof createImageBitmap !== 'function') {
    throw new ImageError('unsupported', 'createImageBitmap is not available');
  }
  if (!blob || blob.size === 0) throw new ImageError('empty_file', 'the file is empty');
  if (!looksLikeImageType(blob.type)) throw new ImageError('not_an_image', `the file is ${blob.type}, not an image`);
  let bitmap;
  try {
    bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  } catch (e) {
    throw new ImageError('decode_failed', `the browser could not decode the file: ${e && e.message ? e.message : e}`);
  }
  if (!bitmap.width || !bitmap.height) {
    bitmap.close();
    throw new ImageError('decode_failed', 'the image has no pixels');
  }
  const size = targetSize(bitmap.width, bitmap.height, maxPixels);
  try {
    const canvas = makeCanvas(size.width, size.height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true, alpha: false });
    if (!ctx) throw new ImageError('too_large', 'no 2D canvas of this size');
    if (size.scale !== 1) {
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'high';
    }
    ctx.drawImage(bitmap, 0, 0, size.width, size.height);
    const data = ctx.getImageData(0, 0, size.width, size.height).data;
    if (canvas.width) {
      // Free the canvas backing store early (large photos on phones).
      canvas.width = 1;
      canvas.height = 1;
    }
    return { bitmap, rgba: data, width: size.width, height: size.height, scale: size.scale };
  } catch (e) {
    bitmap.close();
    if (e instanceof ImageError) throw e;
    // Canvas allocation failures on big photos surface as RangeError or a null context.
    throw new ImageError('too_large', `the photo could not be drawn: ${e && e.message ? e.message : e}`);
  }
}
