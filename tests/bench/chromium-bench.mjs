#!/usr/bin/env node
// Times the wasm `analyze` in headless Chromium (/usr/bin/chromium via playwright-core), on the
// same synthetic photos as wasm-bench.mjs: the simd and the scalar (www/pkg-nosimd) builds on the
// main thread, OpenCV.js doing the same steps, and the page's worker, all in the same rounds;
// then the native build on the same pixels. Printed as ms and ratios.
//   node tests/bench/chromium-bench.mjs [--runs N] [--sizes 12MP,720p] [--json] [--no-native]
// Serves the repo root with python3 -m http.server on 127.0.0.1 and opens tests/bench/bench.html.
// OpenCV.js is timed when node_modules/@techstark/opencv-js is installed.
import { ROOT, launchChromium, requireBuilt, startServer } from '../e2e/harness.mjs';
import { SIZES, makeStripPhoto, percent, pickSizes, stats, table, times } from './synth.mjs';
import { nativeBench } from './native.mjs';

const args = process.argv.slice(2);
const json = args.includes('--json');
const valueOf = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const RUNS = Math.max(10, Number(valueOf('--runs')) || 10);
const sizes = pickSizes(valueOf('--sizes'));

try {
  requireBuilt({ examples: false });
} catch (e) {
  console.error(`chromium-bench: ${e.message}`);
  process.exit(2);
}

const server = await startServer();
const browser = await launchChromium({ viewport: { width: 800, height: 600 } });
let exitCode = 0;
try {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${server.origin}/tests/bench/bench.html`);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30_000 });
  const raw = await page.evaluate(({ runs, names }) => window.runBench({ runs, warmup: 2, sizes: names }), {
    runs: RUNS,
    names: sizes.map((s) => s.name),
  });
  if (errors.length) throw new Error(`errors in the bench page: ${errors.join('; ')}`);
  const browserVersion = browser.context.browser() ? browser.context.browser().version() : 'chromium';
  const native = args.includes('--no-native') ? { why: '--no-native' } : nativeBench(ROOT);
  const rows = raw.sizes.map((s) => {
    const main = stats(s.times.simd);
    const row = { name: s.name, width: s.width, height: s.height, runs: main.runs, result: s.result };
    row.ms = main.median;
    row.min = main.min;
    row.spread = main.spread;
    row.core = stats(s.core).median;
    row.memory = s.memory.simd;
    if (s.times.nosimd) {
      row.nosimd_ms = stats(s.times.nosimd).median;
      row.nosimd_ratio = row.nosimd_ms / row.ms;
    }
    if (s.worker.length) row.worker_ms = stats(s.worker).median;
    if (s.opencv.length) {
      row.opencv = Object.fromEntries([...raw.steps, 'total'].map((k) => [k, stats(s.opencv.map((t) => t[k] || 0)).median]));
      row.opencv_ms = row.opencv.total;
      row.opencv_ratio = row.opencv_ms / row.ms;
    }
    if (native.exe) {
      const size = SIZES.find((z) => z.name === s.name);
      row.native = native.run(makeStripPhoto(size.width, size.height), size.width, size.height, RUNS, { frame: !!size.frame });
      row.native_ms = row.native.median_ms;
      row.native_ratio = row.ms / row.native_ms;
    }
    return row;
  });
  if (json) {
    console.log(JSON.stringify({ bench: 'wasm-chromium', version: raw.version, browser: browserVersion, simd: raw.simdSupported, opencv: raw.opencv, native: native.exe || `absent (${native.why})`, root: ROOT, warmup: raw.warmup, runs: raw.runs, sizes: rows }, null, 2));
  } else {
    const ms = (v) => v.toFixed(1);
    console.log(
      table(`strip-reader ${raw.version} wasm in headless Chromium ${browserVersion} (simd ${raw.simdSupported ? 'validates' : 'absent'}), median of ${raw.runs} interleaved runs after ${raw.warmup} warm-ups`, rows, [
        { key: 'ms', label: 'simd ms', format: ms },
        { key: 'min', label: 'min', format: ms },
        { key: 'spread', label: 'spread', format: percent },
        { key: 'core', label: 'core ms', format: ms },
        { key: 'nosimd_ms', label: 'nosimd ms', format: ms },
        { key: 'nosimd_ratio', label: 'nosimd/simd', format: times },
        { key: 'worker_ms', label: 'worker ms', format: ms },
        { key: 'native_ms', label: 'native ms', format: ms },
        { key: 'native_ratio', label: 'simd/native', format: times },
        { key: 'opencv_ms', label: 'OpenCV.js ms', format: ms },
        { key: 'opencv_ratio', label: 'OpenCV.js/simd', format: times },
        { key: 'memory', label: 'wasm mem/input', format: times },
      ]),
    );
    if (rows.some((r) => r.opencv)) {
      console.log(
        table(
          `OpenCV.js ${raw.opencv} in the same page, median ms per step`,
          rows.map((r) => ({ ...r, ...r.opencv })),
          [...raw.steps, 'total'].map((k) => ({ key: k, label: k, format: ms })),
        ),
      );
    } else {
      console.log(`OpenCV.js: not run (${raw.opencv})`);
    }
    if (!native.exe) console.log(`native: not run (${native.why})`);
  }
} catch (e) {
  console.error(`chromium-bench: ${e.message}`);
  exitCode = 1;
} finally {
  await browser.close();
  await server.stop();
}
process.exit(exitCode);
