#!/usr/bin/env node
// Times the wasm `analyze` in Node on synthetic 12 MP, 3 MP and 720p photos.
//   node tests/bench/wasm-bench.mjs [--runs N] [--json]
// Needs the built package (www/pkg, `make wasm`). Each size: 2 warm-up runs, then N timed runs
// (default 10); prints median and min in ms (wall time around the call, including the copy of
// the pixels into wasm memory, and the core's own `ms`).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { SIZES, makeStripPhoto, stats, table } from './synth.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const runsAt = args.indexOf('--runs');
const RUNS = Math.max(10, runsAt >= 0 ? Number(args[runsAt + 1]) || 10 : 10);
const WARMUP = 2;

const wasmPath = join(ROOT, 'www/pkg/strip_reader_wasm_bg.wasm');
if (!existsSync(wasmPath) || !existsSync(join(ROOT, 'www/pkg/strip_reader_wasm.js'))) {
  console.error('wasm-bench: www/pkg is missing: run `make wasm` (or `make build`) first');
  process.exit(2);
}
const reader = await import('../../www/reader.js');
reader.initSync(readFileSync(wasmPath));

const rows = [];
for (const size of SIZES) {
  const rgba = makeStripPhoto(size.width, size.height);
  const wall = [];
  const core = [];
  let reading;
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const t0 = performance.now();
    reading = reader.analyze(rgba, size.width, size.height);
    const t = performance.now() - t0;
    if (i >= WARMUP) {
      wall.push(t);
      core.push(reading.ms);
    }
  }
  const w = stats(wall);
  const c = stats(core);
  rows.push({
    name: size.name,
    width: size.width,
    height: size.height,
    runs: w.runs,
    median_ms: w.median,
    min_ms: w.min,
    core_median_ms: c.median,
    result: reading.reason ? `${reading.result}/${reading.reason}` : reading.result,
  });
}

if (json) {
  console.log(JSON.stringify({ bench: 'wasm-node', version: reader.version(), node: process.version, warmup: WARMUP, runs: RUNS, sizes: rows }, null, 2));
} else {
  console.log(
    table(`strip-reader ${reader.version()} wasm in Node ${process.version} (${WARMUP} warm-ups, ${RUNS} runs)`, rows, [
      { key: 'median_ms', label: 'median ms' },
      { key: 'min_ms', label: 'min ms' },
      { key: 'core_median_ms', label: 'core ms' },
    ]),
  );
}
