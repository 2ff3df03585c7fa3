// strip-reader worker: loads the wasm once and answers requests from bridge.js, so a large photo
// never blocks the page. Protocol (one reply per request, matched by id):
//   → {id, type: 'hello'}                          ← {id, ok, version, models, kernels: "simd128"|"scalar"}
//   → {id, type: 'analyze', rgba: ArrayBuffer (transferred), width, height, model?, window?}
//                                                            ← {id, ok: true, reading}
//   → {id, type: 'frame', bitmap: ImageBitmap (transferred), width, height, model?}
//        a live-camera frame: drawn here at width x height, checked (wasm check_frame), dropped
//                                                            ← {id, ok: true, reading}
//   any failure                                              ← {id, ok: false, error: {name, message}}
import { init, analyze, checkFrame, models, version, kernelPath, toReaderError, ReaderError } from './reader.js';
import { wasmPackageUrl } from './wasm-features.js';

// www/pkg (simd128) where the engine has WebAssembly SIMD, else www/pkg-nosimd; `?simd=0` on the
// worker URL forces the scalar build. Both builds share the glue reader.js imports.
const ready = wasmPackageUrl().then(({ url }) => init(url));
// Avoid an unhandled-rejection report: the failure is sent with each reply instead.
ready.catch(() => {});

// One small canvas reused for live-camera frames (a few a second).
let frameCanvas = null;
function frameContext(width, height) {
  if (typeof OffscreenCanvas === 'undefined') throw new ReaderError('unsupported', 'no OffscreenCanvas in this worker');
  if (!frameCanvas) frameCanvas = new OffscreenCanvas(width, height);
  if (frameCanvas.width !== width || frameCanvas.height !== height) {
    frameCanvas.width = width;
    frameCanvas.height = height;
  }
  return frameCanvas.getContext('2d', { willReadFrequently: true, alpha: false });
}

function reply(msg) {
  self.postMessage(msg);
}

async function handle(msg) {
  await ready;
  switch (msg.type) {
    case 'hello':
      return { version: version(), models: models(), kernels: kernelPath() };
    case 'analyze': {
      if (!(msg.rgba instanceof ArrayBuffer)) {
        throw new ReaderError('bad_request', 'rgba must be an ArrayBuffer');
      }
      const rgba = new Uint8Array(msg.rgba);
      const reading = analyze(rgba, msg.width, msg.height, { model: msg.model, window: msg.window });
      return { reading };
    }
    case 'frame': {
      if (typeof ImageBitmap === 'undefined' || !(msg.bitmap instanceof ImageBitmap)) {
        throw new ReaderError('bad_request', 'bitmap must be an ImageBitmap');
      }
      const width = msg.width >>> 0;
      const height = msg.height >>> 0;
      const ctx = frameContext(width, height);
      ctx.drawImage(msg.bitmap, 0, 0, width, height);
      msg.bitmap.close();
      const rgba = ctx.getImageData(0, 0, width, height).data;
      const reading = checkFrame(rgba, width, height, { model: msg.model });
      return { reading };
    }
    default:
      throw new ReaderError('bad_request', `unknown request type ${JSON.stringify(msg.type)}`);
  }
}

self.addEventListener('message', async (event) => {
  const msg = event.data || {};
  const id = msg.id;
  try {
    const result = await handle(msg);
    reply({ id, ok: true, ...result });
  } catch (e) {
    const err = toReaderError(e);
    reply({ id, ok: false, error: { name: err.name, message: err.message } });
  }
});
