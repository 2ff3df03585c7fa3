// Runs in the browser (tests/bench/bench.html): times `analyze` on the main thread for the simd
// build and the build without simd128 (two instances of the one glue, each with its own .wasm),
// OpenCV.js doing the same steps (when /node_modules/@techstark/opencv-js is there), and through
// the page's worker (bridge.js: transfer + analyze + reply), on the same synthetic photos as
// wasm-bench.mjs. Every column is timed in the same rounds. The driver calls window.runBench().
import { ReaderBridge } from '../../www/bridge.js';
import { wasmSimdSupported } from '../../www/wasm-features.js';
import { SIZES, makeStripPhoto } from './synth.mjs';
import { loadOpenCv, opencvRead, OPENCV_STEPS } from './opencv-pipeline.mjs';

const PKG = new URL('../../www/', import.meta.url);

/** A fresh instance of the glue with the given .wasm (and its own memory). */
async function instance(dir, tag) {
  const glue = await import(new URL(`${dir}/strip_reader_wasm.js?bench=${tag}`, PKG).href);
  const exports = await glue.default({ module_or_path: new URL(`${dir}/strip_reader_wasm_bg.wasm`, PKG) });
  return { analyze: (rgba, w, h) => JSON.parse(glue.analyze(rgba, w, h)), checkFrame: (rgba, w, h) => JSON.parse(glue.check_frame(rgba, w, h)), memory: () => exports.memory.buffer.byteLength, version: glue.version() };
}

async function exists(url) {
  try {
    return (await fetch(url, { method: 'HEAD' })).ok;
  } catch {
    return false;
  }
}

async function loadScript(src) {
  await new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(s);
  });
}

async function runBench({ runs = 10, warmup = 2, worker = true, sizes = SIZES.map((s) => s.name) } = {}) {
  const builds = [{ label: 'simd', dir: 'pkg' }];
  if (await exists(new URL('pkg-nosimd/strip_reader_wasm_bg.wasm', PKG))) builds.push({ label: 'nosimd', dir: 'pkg-nosimd' });
  const opencvUrl = new URL('../../node_modules/@techstark/opencv-js/dist/opencv.js', import.meta.url);
  let cv = null;
  let opencv = 'absent (npm install --no-save @techstark/opencv-js)';
  if (await exists(opencvUrl)) {
    await loadScript(opencvUrl.href);
    const loaded = await loadOpenCv();
    cv = loaded.cv;
    opencv = cv ? loaded.version : `absent (${loaded.why})`;
  }
  const bridge = worker ? new ReaderBridge() : null;
  if (bridge) await bridge.hello();
  const out = [];
  let version = '';
  for (const size of SIZES.filter((s) => sizes.includes(s.name))) {
    const { width: w, height: h } = size;
    const rgba = makeStripPhoto(w, h);
    const inst = [];
    for (const b of builds) inst.push(await instance(b.dir, `${b.label}-${w}x${h}`));
    version = inst[0].version;
    const times = Object.fromEntries(builds.map((b) => [b.label, []]));
    const core = [];
    const cvSteps = [];
    const viaWorker = [];
    let reading = null;
    for (let i = 0; i < warmup + runs; i++) {
      builds.forEach((b, k) => {
        const t0 = performance.now();
        const r = size.frame ? inst[k].checkFrame(rgba, w, h) : inst[k].analyze(rgba, w, h);
        const t = performance.now() - t0;
        if (i >= warmup) times[b.label].push(t);
        if (k === 0) {
          reading = r;
          if (i >= warmup) core.push(r.ms);
        }
      });
      if (cv) {
        const factor = Math.max(1, Math.ceil(Math.max(w, h) / (size.frame ? 360 : 720)));
        const t = opencvRead(cv, rgba, w, h, factor, reading.strips[0] || null);
        if (i >= warmup) cvSteps.push(t);
      }
      if (bridge) {
        if (size.frame) {
          // As the camera sends it: an ImageBitmap, drawn and read in the worker.
          const bitmap = await createImageBitmap(new ImageData(new Uint8ClampedArray(rgba), w, h));
          const t0 = performance.now();
          await bridge.analyzeFrame(bitmap, w, h);
          if (i >= warmup) viaWorker.push(performance.now() - t0);
        } else {
          const copy = rgba.slice(); // transferred away below
          const t0 = performance.now();
          await bridge.analyze(copy, w, h);
          if (i >= warmup) viaWorker.push(performance.now() - t0);
        }
      }
    }
    out.push({
      ...size,
      times,
      core,
      worker: viaWorker,
      opencv: cvSteps,
      memory: Object.fromEntries(builds.map((b, k) => [b.label, inst[k].memory() / rgba.length])),
      result: reading.reason ? `${reading.result}/${reading.reason}` : reading.result,
    });
  }
  if (bridge) bridge.terminate();
  const result = { version, userAgent: navigator.userAgent, simdSupported: wasmSimdSupported(), builds: builds.map((b) => b.label), opencv, steps: OPENCV_STEPS, runs, warmup, sizes: out };
  document.getElementById('out').textContent = JSON.stringify({ ...result, sizes: out.map((s) => ({ name: s.name, result: s.result })) }, null, 1);
  return result;
}

window.runBench = runBench;
window.benchReady = true;
