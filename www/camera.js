// The live camera: the rear camera in a <video>, a frame check a few times a second (the same
// wasm reader, on a frame reduced to 640 px wide, in the worker), advice in words, and a
// full-resolution capture when a frame reads cleanly (or when the person taps).
// Nothing is recorded: frames are read and dropped; the stream stops when the view closes.

export const FRAME_WIDTH = 640;
export const FRAME_INTERVAL_MS = 300;
/** Good frames in a row before taking the photo by itself (the strip is held still). */
export const STEADY_FRAMES = 2;

/**
 * What to tell the person about one frame check: a key under `camera.advice.` in the catalog.
 * A frame that reads without a retake reason is `good`.
 */
export function frameAdvice(reading) {
  if (!reading) return 'find';
  if (reading.result === 'retake' || (reading.result === 'multiple' && reading.reason === 'strip_needs_retake')) {
    switch (reading.reason) {
      case 'strip_not_found':
      case 'strip_cut_off':
        return 'find';
      case 'strip_too_small':
        return 'closer';
      case 'too_dark':
        return 'dark';
      case 'too_bright':
        return 'glare';
      case 'blurry':
        return 'still';
      default:
        return 'steady';
    }
  }
  if (['positive', 'negative', 'invalid', 'multiple'].includes(reading.result)) return 'good';
  return 'find';
}

export function cameraSupported() {
  return typeof navigator !== 'undefined' && !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia) && typeof createImageBitmap === 'function';
}

export class CameraError extends Error {
  constructor(code, message) {
    super(message || code);
    this.name = code;
    this.code = code;
  }
}

export class LiveCamera {
  /**
   * @param {HTMLVideoElement} video
   * @param {object} hooks {check(bitmap, width, height) → Promise<reading>, onAdvice(key, reading), onSteady()}
   */
  constructor(video, { check, onAdvice, onSteady }) {
    this.video = video;
    this.check = check;
    this.onAdvice = onAdvice;
    this.onSteady = onSteady;
    this.stream = null;
    this.running = false;
    this.timer = null;
    this.goodRun = 0;
    this.auto = true;
    this.frames = 0;
  }

  async start() {
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: { ideal: 'environment' }, width: { ideal: 1920 }, height: { ideal: 1080 } },
      });
    } catch (e) {
      const name = e && e.name;
      if (name === 'NotAllowedError' || name === 'SecurityError') throw new CameraError('camera_denied', e.message);
      throw new CameraError('camera_unavailable', (e && e.message) || String(e));
    }
    this.stream = stream;
    this.video.srcObject = stream;
    try {
      await this.video.play();
    } catch (e) {
      this.stop();
      throw new CameraError('camera_unavailable', (e && e.message) || String(e));
    }
    this.running = true;
    this.goodRun = 0;
    this.schedule(100);
  }

  schedule(delay = FRAME_INTERVAL_MS) {
    clearTimeout(this.timer);
    if (this.running) this.timer = setTimeout(() => this.tick(), delay);
  }

  async tick() {
    if (!this.running) return;
    const v = this.video;
    const started = performance.now();
    if (v.readyState >= 2 && v.videoWidth > 0) {
      const width = Math.min(FRAME_WIDTH, v.videoWidth);
      const height = Math.max(1, Math.round((v.videoHeight * width) / v.videoWidth));
      try {
        const bitmap = await createImageBitmap(v, { resizeWidth: width, resizeHeight: height, resizeQuality: 'medium' });
        if (!this.running) {
          bitmap.close();
          return;
        }
        const reading = await this.check(bitmap, width, height);
        if (!this.running) return;
        this.frames += 1;
        const advice = frameAdvice(reading);
        this.goodRun = advice === 'good' ? this.goodRun + 1 : 0;
        this.onAdvice(advice, reading);
        if (this.auto && this.goodRun >= STEADY_FRAMES) {
          this.onSteady();
          return;
        }
      } catch {
        // A frame that cannot be grabbed (the stream is ending) is skipped.
      }
    }
    this.schedule(Math.max(50, FRAME_INTERVAL_MS - (performance.now() - started)));
  }

  /** The current frame at the camera's full resolution, as pixels for the reader. */
  async capture() {
    const v = this.video;
    if (!(v.videoWidth > 0)) throw new CameraError('camera_unavailable', 'no video frame yet');
    const width = v.videoWidth;
    const height = v.videoHeight;
    const bitmap = await createImageBitmap(v);
    const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(width, height) : Object.assign(document.createElement('canvas'), { width, height });
    const ctx = canvas.getContext('2d', { willReadFrequently: true, alpha: false });
    ctx.drawImage(bitmap, 0, 0);
    const rgba = ctx.getImageData(0, 0, width, height).data;
    canvas.width = 1;
    canvas.height = 1;
    return { bitmap, rgba, width, height, scale: 1 };
  }

  stop() {
    this.running = false;
    clearTimeout(this.timer);
    if (this.stream) {
      for (const track of this.stream.getTracks()) track.stop();
    }
    this.stream = null;
    this.video.pause();
    this.video.srcObject = null;
  }
}
