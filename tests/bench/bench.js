// Runs in the browser (tests/bench/bench.html): times `analyze` on the main thread (reader.js)
// and through the page's worker (bridge.js: transfer + analyze + reply), on the same synthetic
// photos as wasm-bench.mjs. The driver calls window.runBench({runs, warmup}).
import { init, analyze, version } from '../../www/reader.js';
import { ReaderBridge } from '../../www/bridge.js';
import { SIZES, makeStripPhoto } from './synth.mjs';

async function runBench({ runs = 10, warmup = 2, worker = true } = {}) {
  await init(new URL('../../www/pkg/strip_reader_wasm_bg.wasm', import.meta.url));
  const bridge = worker ? new ReaderBridge() : null;
  if (bridge) await bridge.hello();
  const out = [];
  for (const size of SIZES) {
    const rgba = makeStripPhoto(size.width, size.height);
    const main = [];
    const core = [];
    const viaWorker = [];
    let reading;
    for (let i = 0; i < warmup + runs; i++) {
      const t0 = performance.now();
      reading = analyze(rgba, size.width, size.height);
      const t = performance.now() - t0;
      if (i >= warmup) {
        main.push(t);
        core.push(reading.ms);
      }
    }
    if (bridge) {
      for (let i = 0; i < warmup + runs; i++) {
        const copy = rgba.slice(); // transferred away below
        const t0 = performance.now();
        await bridge.analyze(copy, size.width, size.height);
        const t = performance.now() - t0;
        if (i >= warmup) viaWorker.push(t);
      }
    }
    out.push({ ...size, main, core, worker: viaWorker, result: reading.reason ? `${reading.result}/${reading.reason}` : reading.result });
  }
  if (bridge) bridge.terminate();
  const result = { version: version(), userAgent: navigator.userAgent, runs, warmup, sizes: out };
  document.getElementById('out').textContent = JSON.stringify(result, null, 1);
  return result;
}

window.runBench = runBench;
window.benchReady = true;
