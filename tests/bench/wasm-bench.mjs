#!/usr/bin/env node
// Times the wasm `analyze` in Node on synthetic 12 MP, 3 MP and 720p photos, side by side in one
// process with: the build without simd128 (www/pkg-nosimd), OpenCV.js doing the same steps
// (tests/bench/opencv-pipeline.mjs), and the native build on the same pixels (tests/benches/read.rs
// --raw). Printed as ms and ratios; the machine is shared, so every column is measured in the
// same rounds (interleaved) and the spread (interquartile range over the median) says how noisy.
//
//   node tests/bench/wasm-bench.mjs [--runs N] [--sizes 12MP,720p] [--json]
//        [--pkg LABEL=DIR]...   packages to compare (default simd=www/pkg, nosimd=www/pkg-nosimd)
//        [--no-opencv] [--no-native]
//
// Needs `make wasm` (www/pkg). OpenCV.js: npm @techstark/opencv-js (or OPENCV_JS=path/to/opencv.js).
// Each package gets a fresh wasm instance per size, so "wasm memory" is that size's peak.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { makeStripPhoto, percent, pickSizes, stats, table, times } from './synth.mjs';
import { loadOpenCv, opencvRead, OPENCV_STEPS } from './opencv-pipeline.mjs';
import { nativeBench } from './native.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const values = (name) => args.flatMap((a, i) => (a === name && i + 1 < args.length ? [args[i + 1]] : []));
const json = flag('--json');
const RUNS = Math.max(10, Number(values('--runs')[0]) || 10);
const WARMUP = 2;
const sizes = pickSizes(values('--sizes')[0]);

let packages = values('--pkg').map((p) => {
  const [label, dir] = p.includes('=') ? p.split('=') : [p, p];
  return { label, dir: resolve(ROOT, dir) };
});
if (!packages.length) {
  packages = [
    { label: 'simd', dir: join(ROOT, 'www/pkg') },
    { label: 'nosimd', dir: join(ROOT, 'www/pkg-nosimd'), optional: true },
  ];
}
const glueOf = (dir) => join(dir, 'strip_reader_wasm.js');
const wasmOf = (dir) => join(dir, 'strip_reader_wasm_bg.wasm');
packages = packages.filter((p) => {
  const ok = existsSync(glueOf(p.dir)) && existsSync(wasmOf(p.dir));
  if (!ok && !p.optional) {
    console.error(`wasm-bench: ${p.dir} is missing: run \`make wasm\` (or \`make build\`) first`);
    process.exit(2);
  }
  return ok;
});
for (const p of packages) {
  p.bytes = readFileSync(wasmOf(p.dir));
  p.gzip = gzipSync(p.bytes, { level: 9 }).length;
}

/** A fresh instance of a package (its own wasm memory). */
async function instance(pkg, tag) {
  const glue = await import(`${pathToFileURL(glueOf(pkg.dir)).href}?instance=${encodeURIComponent(tag)}`);
  const exports = glue.initSync({ module: pkg.bytes });
  return {
    analyze: (rgba, w, h) => JSON.parse(glue.analyze(rgba, w, h)),
    checkFrame: (rgba, w, h) => JSON.parse(glue.check_frame(rgba, w, h)),
    memory: () => exports.memory.buffer.byteLength,
    version: glue.version(),
  };
}

const opencv = flag('--no-opencv') ? { cv: null, why: '--no-opencv' } : await loadOpenCv();
const native = flag('--no-native') ? { why: '--no-native' } : nativeBench(ROOT);

// The core's find::WORK_SIDE (720), or FRAME_FIND_SIDE (360) for the frame check.
const reduction = (w, h, frame) => Math.max(1, Math.ceil(Math.max(w, h) / (frame ? 360 : 720)));
const rows = [];
for (const size of sizes) {
  const { width: w, height: h } = size;
  const rgba = makeStripPhoto(w, h);
  const inst = [];
  for (const p of packages) inst.push(await instance(p, `${p.label}-${size.name}`));
  const wall = packages.map(() => []);
  const core = packages.map(() => []);
  const cvSteps = [];
  let reading = null;
  for (let i = 0; i < WARMUP + RUNS; i++) {
    // One round: every package, then OpenCV.js, so load changes hit all columns alike.
    inst.forEach((x, k) => {
      const t0 = performance.now();
      const r = size.frame ? x.checkFrame(rgba, w, h) : x.analyze(rgba, w, h);
      const t = performance.now() - t0;
      if (i >= WARMUP) {
        wall[k].push(t);
        core[k].push(r.ms);
      }
      if (k === 0) reading = r;
    });
    if (opencv.cv) {
      const t = opencvRead(opencv.cv, rgba, w, h, reduction(w, h, size.frame), reading.strips[0] || null);
      if (i >= WARMUP) cvSteps.push(t);
    }
  }
  const row = { name: size.name, width: w, height: h, runs: RUNS, result: reading.reason ? `${reading.result}/${reading.reason}` : reading.result };
  packages.forEach((p, k) => {
    const s = stats(wall[k]);
    row[p.label] = { median_ms: s.median, min_ms: s.min, spread: s.spread, core_median_ms: stats(core[k]).median, memory_x_input: inst[k].memory() / rgba.length };
  });
  if (cvSteps.length) {
    row.opencv = Object.fromEntries([...OPENCV_STEPS, 'total'].map((k) => [k, stats(cvSteps.map((t) => t[k] || 0)).median]));
    row.opencv.spread = stats(cvSteps.map((t) => t.total)).spread;
  }
  if (native.exe) {
    row.native = native.run(rgba, w, h, RUNS, { frame: !!size.frame });
    row.native_scalar = native.run(rgba, w, h, RUNS, { scalar: true, frame: !!size.frame });
  }
  rows.push(row);
}

const main = packages[0].label;
const flat = rows.map((r) => {
  const m = r[main];
  const o = { ...r, ms: m.median_ms, min: m.min_ms, spread: m.spread, core: m.core_median_ms, memory: m.memory_x_input };
  for (const p of packages.slice(1)) o[`${p.label}_ms`] = r[p.label].median_ms;
  for (const p of packages.slice(1)) o[`${p.label}_ratio`] = r[p.label].median_ms / m.median_ms;
  if (r.native) {
    o.native_ms = r.native.median_ms;
    o.native_ratio = m.median_ms / r.native.median_ms;
    o.native_scalar_ms = r.native_scalar.median_ms;
  }
  if (r.opencv) {
    o.opencv_ms = r.opencv.total;
    o.opencv_ratio = r.opencv.total / m.median_ms;
  }
  return o;
});

if (json) {
  console.log(
    JSON.stringify(
      {
        bench: 'wasm-node',
        node: process.version,
        warmup: WARMUP,
        runs: RUNS,
        packages: packages.map((p) => ({ label: p.label, dir: p.dir, bytes: p.bytes.length, gzip: p.gzip })),
        opencv: opencv.cv ? opencv.version : `absent (${opencv.why})`,
        native: native.exe ? native.exe : `absent (${native.why})`,
        sizes: rows,
      },
      null,
      2,
    ),
  );
} else {
  const ms = (v) => v.toFixed(1);
  const cols = [
    { key: 'ms', label: `${main} ms`, format: ms },
    { key: 'min', label: 'min', format: ms },
    { key: 'spread', label: 'spread', format: percent },
    { key: 'core', label: 'core ms', format: ms },
    ...packages.slice(1).flatMap((p) => [
      { key: `${p.label}_ms`, label: `${p.label} ms`, format: ms },
      { key: `${p.label}_ratio`, label: `${p.label}/${main}`, format: times },
    ]),
    { key: 'native_ms', label: 'native ms', format: ms },
    { key: 'native_ratio', label: `${main}/native`, format: times },
    { key: 'native_scalar_ms', label: 'native scalar ms', format: ms },
    { key: 'opencv_ms', label: 'OpenCV.js ms', format: ms },
    { key: 'opencv_ratio', label: `OpenCV.js/${main}`, format: times },
    { key: 'memory', label: 'wasm mem/input', format: times },
  ];
  const sizesLine = packages.map((p) => `${p.label} ${(p.bytes.length / 1024).toFixed(0)} KB raw, ${(p.gzip / 1024).toFixed(1)} KB gzipped`).join('; ');
  console.log(table(`strip-reader wasm in Node ${process.version}, median of ${RUNS} interleaved runs after ${WARMUP} warm-ups (${sizesLine})`, flat, cols));
  if (opencv.cv) {
    console.log(
      table(
        `OpenCV.js ${opencv.version}, the same steps, median ms per step`,
        rows.map((r) => ({ ...r, ...r.opencv })),
        [...OPENCV_STEPS, 'total'].map((k) => ({ key: k, label: k, format: ms })).concat([{ key: 'spread', label: 'spread', format: percent }]),
      ),
    );
  } else {
    console.log(`OpenCV.js: not run (${opencv.why}); npm install --no-save @techstark/opencv-js to compare`);
  }
  if (!native.exe) console.log(`native: not run (${native.why})`);
}
