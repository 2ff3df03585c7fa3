#!/usr/bin/env node
// Times the wasm `analyze` in headless Chromium (/usr/bin/chromium via playwright-core), on the
// same synthetic photos as wasm-bench.mjs, on the main thread and through the page's worker.
//   node tests/bench/chromium-bench.mjs [--runs N] [--json]
// Serves the repo root with python3 -m http.server on 127.0.0.1 and opens tests/bench/bench.html.
import { ROOT, launchChromium, requireBuilt, startServer } from '../e2e/harness.mjs';
import { stats, table } from './synth.mjs';

const args = process.argv.slice(2);
const json = args.includes('--json');
const runsAt = args.indexOf('--runs');
const RUNS = Math.max(10, runsAt >= 0 ? Number(args[runsAt + 1]) || 10 : 10);

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
  const raw = await page.evaluate((runs) => window.runBench({ runs, warmup: 2 }), RUNS);
  if (errors.length) throw new Error(`errors in the bench page: ${errors.join('; ')}`);
  const browserVersion = browser.context.browser() ? browser.context.browser().version() : 'chromium';
  const rows = raw.sizes.map((s) => {
    const main = stats(s.main);
    const worker = s.worker.length ? stats(s.worker) : null;
    return {
      name: s.name,
      width: s.width,
      height: s.height,
      runs: main.runs,
      median_ms: main.median,
      min_ms: main.min,
      core_median_ms: stats(s.core).median,
      worker_median_ms: worker ? worker.median : null,
      worker_min_ms: worker ? worker.min : null,
      result: s.result,
    };
  });
  if (json) {
    console.log(JSON.stringify({ bench: 'wasm-chromium', version: raw.version, browser: browserVersion, root: ROOT, warmup: raw.warmup, runs: raw.runs, sizes: rows }, null, 2));
  } else {
    console.log(
      table(`strip-reader ${raw.version} wasm in headless Chromium ${browserVersion} (${raw.warmup} warm-ups, ${raw.runs} runs)`, rows, [
        { key: 'median_ms', label: 'median ms' },
        { key: 'min_ms', label: 'min ms' },
        { key: 'core_median_ms', label: 'core ms' },
        { key: 'worker_median_ms', label: 'worker median ms' },
        { key: 'worker_min_ms', label: 'worker min ms' },
      ]),
    );
  }
} catch (e) {
  console.error(`chromium-bench: ${e.message}`);
  exitCode = 1;
} finally {
  await browser.close();
  await server.stop();
}
process.exit(exitCode);
