// The page side of the reader worker: one worker, one promise per request.
// Errors come back as ReaderError-like objects: Error with `name` === `code` (e.g. 'too_large').

export class BridgeError extends Error {
  constructor(code, message) {
    super(message || code);
    this.name = code;
    this.code = code;
  }
}

/** ./worker.js beside this file; a page opened with `?simd=0` passes that on (scalar build). */
function defaultWorkerUrl() {
  const url = new URL('./worker.js', import.meta.url);
  const search = globalThis.location && typeof globalThis.location.search === 'string' ? globalThis.location.search : '';
  const simd = new URLSearchParams(search).get('simd');
  if (simd !== null) url.searchParams.set('simd', simd);
  return url;
}

export class ReaderBridge {
  /**
   * @param {object} [options]
   * @param {URL|string} [options.workerUrl] the module worker (default: ./worker.js beside this file)
   * @param {number} [options.timeoutMs] give up on one request after this long (default 120 s)
   */
  constructor({ workerUrl = defaultWorkerUrl(), timeoutMs = 120_000 } = {}) {
    this.timeoutMs = timeoutMs;
    this.nextId = 1;
    this.pending = new Map();
    this.failure = null;
    this.helloPromise = null;
    if (typeof Worker === 'undefined') {
      this.failure = new BridgeError('unsupported', 'this browser has no Web Workers');
      return;
    }
    try {
      this.worker = new Worker(workerUrl, { type: 'module', name: 'strip-reader' });
    } catch (e) {
      this.failure = new BridgeError('unsupported', `cannot start the reader worker: ${e.message}`);
      return;
    }
    this.worker.addEventListener('message', (event) => this.onMessage(event.data));
    this.worker.addEventListener('error', (event) => {
      // A module worker that fails to load (missing wasm glue, syntax error) lands here.
      event.preventDefault();
      const detail = event.message || 'the reader worker failed to load';
      this.fail(new BridgeError('reader_unavailable', detail));
    });
    this.worker.addEventListener('messageerror', () => {
      this.fail(new BridgeError('internal', 'a message from the reader worker could not be read'));
    });
  }

  fail(error) {
    this.failure = error;
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(error);
    }
    this.pending.clear();
  }

  onMessage(msg) {
    const entry = msg && this.pending.get(msg.id);
    if (!entry) return;
    this.pending.delete(msg.id);
    clearTimeout(entry.timer);
    if (msg.ok) {
      entry.resolve(msg);
    } else {
      const { name = 'internal', message = 'unknown error' } = msg.error || {};
      entry.reject(new BridgeError(name, message));
    }
  }

  request(type, payload = {}, transfer = []) {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new BridgeError('timeout', `the reader did not answer within ${Math.round(this.timeoutMs / 1000)} s`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      try {
        this.worker.postMessage({ ...payload, id, type }, transfer);
      } catch (e) {
        this.pending.delete(id);
        clearTimeout(timer);
        reject(new BridgeError('internal', `cannot send to the reader worker: ${e.message}`));
      }
    });
  }

  /** Loads the reader; resolves to {version, models}. Cached. */
  hello() {
    if (!this.helloPromise) {
      this.helloPromise = this.request('hello').then(({ version, models, kernels }) => ({ version, models, kernels }));
      this.helloPromise.catch(() => {
        this.helloPromise = null;
      });
    }
    return this.helloPromise;
  }

  async models() {
    return (await this.hello()).models;
  }

  async version() {
    return (await this.hello()).version;
  }

  /**
   * Reads RGBA pixels in the worker. `rgba` (Uint8Array, Uint8ClampedArray or ArrayBuffer) is
   * transferred, not copied: the caller's buffer is detached afterwards.
   */
  async analyze(rgba, width, height, { model, window } = {}) {
    let buffer;
    if (rgba instanceof ArrayBuffer) {
      buffer = rgba;
    } else if (ArrayBuffer.isView(rgba)) {
      const whole = rgba.byteOffset === 0 && rgba.byteLength === rgba.buffer.byteLength;
      buffer = whole ? rgba.buffer : rgba.buffer.slice(rgba.byteOffset, rgba.byteOffset + rgba.byteLength);
    } else {
      throw new BridgeError('bad_request', 'rgba must be a Uint8Array, Uint8ClampedArray or ArrayBuffer');
    }
    const { reading } = await this.request('analyze', { rgba: buffer, width, height, model, window }, [buffer]);
    return reading;
  }

  /**
   * Reads a live-camera frame: `bitmap` (an ImageBitmap, transferred and closed by the worker) is
   * drawn at width x height in the worker and read there.
   */
  async analyzeFrame(bitmap, width, height, { model } = {}) {
    const { reading } = await this.request('frame', { bitmap, width, height, model }, [bitmap]);
    return reading;
  }

  terminate() {
    this.fail(new BridgeError('terminated', 'the reader was stopped'));
    if (this.worker) this.worker.terminate();
  }
}
