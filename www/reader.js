// strip-reader: a thin ES-module wrapper around the wasm package (www/pkg, built by `make wasm`).
// Works on the main thread, in a Web Worker and in Node (via initSync). It parses the JSON strings
// the wasm returns and turns thrown JS errors into ReaderError with a stable `code`.
import initWasm, {
  initSync as initWasmSync,
  analyze as wasmAnalyze,
  models as wasmModels,
  version as wasmVersion,
  kernel_path as wasmKernelPath,
  check_frame as wasmCheckFrame,
} from './pkg/strip_reader_wasm.js';

/** An error with a stable machine code (`name` and `code` are the same string). */
export class ReaderError extends Error {
  constructor(code, message, options) {
    super(message || code, options);
    this.name = code;
    this.code = code;
  }
}

/** Wraps anything thrown by the wasm (or by us) into a ReaderError. */
export function toReaderError(e, fallbackCode = 'internal') {
  if (e instanceof ReaderError) return e;
  const name = e && typeof e.name === 'string' && /^[a-z][a-z0-9_]*$/.test(e.name) ? e.name : fallbackCode;
  const message = e && e.message ? String(e.message) : String(e);
  return new ReaderError(name, message, { cause: e });
}

let ready = null;
let modelCache = null;

/**
 * Loads the wasm. `input` is what wasm-bindgen's init accepts: a URL, a Response, bytes or a
 * WebAssembly.Module; by default the .wasm next to the glue. Safe to call more than once.
 */
export function init(input) {
  if (!ready) {
    const arg = input === undefined ? undefined : { module_or_path: input };
    ready = initWasm(arg).then(
      () => undefined,
      (e) => {
        ready = null;
        throw new ReaderError('reader_unavailable', `could not load the wasm reader: ${e && e.message ? e.message : e}`, { cause: e });
      },
    );
  }
  return ready;
}

/** Synchronous init from wasm bytes or a compiled module (Node, tests, benchmarks). */
export function initSync(module) {
  initWasmSync({ module });
  ready = Promise.resolve();
}

/**
 * Reads a photo. `rgba`: Uint8Array or Uint8ClampedArray of width*height*4 bytes, rows top to
 * bottom. Options: `model` (a strip model id; default: the core's default), `window` (the photo is
 * already cropped to the result window). Returns the parsed reading object.
 */
export function analyze(rgba, width, height, { model, window } = {}) {
  return reading(() => wasmAnalyze(rgba, width >>> 0, height >>> 0, model || undefined, window === undefined ? undefined : !!window));
}

/**
 * The live camera's check of one frame: the same reading as `analyze`, with the strip searched
 * for in a smaller reduced image so it keeps up with the camera. Advice, not a result.
 */
export function checkFrame(rgba, width, height, { model } = {}) {
  return reading(() => wasmCheckFrame(rgba, width >>> 0, height >>> 0, model || undefined));
}

/** Runs one wasm read and parses its JSON; anything thrown becomes a ReaderError. */
function reading(call) {
  let json;
  try {
    json = call();
  } catch (e) {
    throw toReaderError(e);
  }
  try {
    return JSON.parse(json);
  } catch (e) {
    throw new ReaderError('internal', `the reader returned malformed JSON: ${e.message}`);
  }
}

/** The strip models this build carries (parsed once). */
export function models() {
  if (!modelCache) {
    try {
      modelCache = JSON.parse(wasmModels());
    } catch (e) {
      throw toReaderError(e);
    }
  }
  return modelCache;
}

/** The wasm package version. */
export function version() {
  return wasmVersion();
}

/** The kernels' instruction-set path in the loaded build: "simd128" or "scalar". */
export function kernelPath() {
  return wasmKernelPath();
}
