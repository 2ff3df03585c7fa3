// Same answer everywhere: the regression photos read by the native build (the release CLI) and by
// the wasm build in Node (www/pkg, loaded with initSync) from the *same pixels* must give the
// same readings: same verdicts, reasons, strip and line counts, and every number (line
// positions, strengths, box corners, quality) within 1e-4 (relative above 1); how many are not
// bit-identical (as f32) is printed, and the two native builds must agree exactly. The pixels are
// decoded natively once (tests/tests/hostile.rs `dump_rgba_for_node`) and handed to both.
//
// Photos: `strip-reader synth --clear-set`, `strip-reader synth --out --count 24 --seed 9`, and the
// real sets ../shared/data/{bare-strips,full-photos} read from where they are (never copied).
// Each photo is read both ways: strip search and --window.
//
// Needs `make build` (target/release/strip-reader and www/pkg) and cargo. Run:
//   node --test tests/node/
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'target/release/strip-reader');
const PKG = join(ROOT, 'www/pkg');
const PKG_NOSIMD = join(ROOT, 'www/pkg-nosimd');
const OUT = join(ROOT, 'tests/out/parity');
const SHARED = join(ROOT, '../shared/data');
const TOLERANCE = 1e-4;

const images = (dir) =>
  existsSync(dir) ? readdirSync(dir).filter((f) => /\.(jpe?g|png|webp)$/i.test(f)).sort().map((f) => join(dir, f)) : [];

let photos = [];
let dump = [];
let wasm;

before(() => {
  if (!existsSync(CLI)) throw new Error(`missing ${CLI}: run \`make build\` (or cargo build --release -p strip-reader-cli) first`);
  if (!existsSync(join(PKG, 'strip_reader_wasm_bg.wasm'))) throw new Error(`missing ${PKG}: run \`make wasm\` first`);
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  execFileSync(CLI, ['synth', '--clear-set', join(OUT, 'clear')], { stdio: 'inherit' });
  execFileSync(CLI, ['synth', '--out', join(OUT, 'varied'), '--count', '24', '--seed', '9'], { stdio: 'inherit' });
  photos = [
    ...images(join(OUT, 'clear')),
    ...images(join(OUT, 'varied')),
    ...images(join(SHARED, 'bare-strips')),
    ...images(join(SHARED, 'full-photos')),
  ];
  writeFileSync(join(OUT, 'photos.txt'), photos.join('\n') + '\n');
  execFileSync(
    process.env.CARGO || 'cargo',
    ['test', '-q', '-p', 'strip-reader-tests', '--test', 'hostile', '--', '--ignored', '--exact', 'dump_rgba_for_node'],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, STRIP_READER_DUMP: join(OUT, 'photos.txt'), OUT: join(OUT, 'dump') } },
  );
  dump = readFileSync(join(OUT, 'dump/index.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
});

async function loadWasm() {
  if (!wasm) {
    const glue = await import(pathToFileURL(join(PKG, 'strip_reader_wasm.js')).href);
    glue.initSync({ module: readFileSync(join(PKG, 'strip_reader_wasm_bg.wasm')) });
    wasm = glue;
  }
  return wasm;
}

/** The build without simd128 (www/pkg-nosimd), in its own instance (a query makes a new module). */
async function loadNoSimd() {
  const glue = await import(`${pathToFileURL(join(PKG_NOSIMD, 'strip_reader_wasm.js')).href}?nosimd`);
  glue.initSync({ module: readFileSync(join(PKG_NOSIMD, 'strip_reader_wasm_bg.wasm')) });
  return glue;
}

/** Differences between two readings: structure exactly, numbers within TOLERANCE. */
function compare(a, b, path, out, stats) {
  if (typeof a === 'number' && typeof b === 'number') {
    const d = Math.abs(a - b);
    // The readings hold f32 values: identical when they round to the same f32.
    if (Math.fround(a) !== Math.fround(b)) stats.differing += 1;
    stats.max = Math.max(stats.max, d / Math.max(1, Math.abs(a), Math.abs(b)));
    if (d > TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b))) out.push(`${path}: ${a} vs ${b}`);
    stats.numbers += 1;
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return void out.push(`${path}: length ${a.length} vs ${b.length}`);
    a.forEach((x, i) => compare(x, b[i], `${path}[${i}]`, out, stats));
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      if (k === 'ms' || k === 'file') continue;
      compare(a[k], b[k], `${path}.${k}`, out, stats);
    }
    return;
  }
  if (a !== b) out.push(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
}

test('every photo decodes natively', () => {
  assert.ok(photos.length >= 60, `expected the clear set, the varied set and the real sets, got ${photos.length} photos`);
  assert.equal(dump.length, photos.length);
  const failed = dump.filter((d) => d.error);
  assert.deepEqual(failed, [], 'photos that did not decode');
});

test('the release CLI reads the same as the test-profile dump (native builds agree)', () => {
  for (const [flag, k] of [[[], 0], [['--window'], 1]]) {
    const lines = execFileSync(CLI, ['read', '--json', ...flag, ...photos], { maxBuffer: 256 << 20 })
      .toString().trim().split('\n').map((l) => JSON.parse(l));
    const problems = [];
    const stats = { numbers: 0, differing: 0, max: 0 };
    lines.forEach((line, i) => compare(line, dump[i].readings[k], photos[i], problems, stats));
    assert.deepEqual(problems, [], problems.slice(0, 20).join('\n'));
    assert.equal(stats.differing, 0, `native builds differ in ${stats.differing} numbers (max ${stats.max})`);
  }
});

test('wasm reads the same pixels the same as native', async () => {
  const { analyze } = await loadWasm();
  const problems = [];
  const stats = { numbers: 0, differing: 0, max: 0 };
  let readings = 0;
  const verdicts = {};
  for (const d of dump) {
    const rgba = new Uint8Array(readFileSync(join(OUT, 'dump', d.rgba)));
    for (const [k, window] of [[0, false], [1, true]]) {
      const w = JSON.parse(analyze(rgba, d.width, d.height, undefined, window));
      compare(d.readings[k], w, `${d.file}${window ? ' --window' : ''}`, problems, stats);
      readings += 1;
      verdicts[w.result] = (verdicts[w.result] || 0) + 1;
    }
  }
  const summary = `${readings} readings of ${dump.length} photos, verdicts ${JSON.stringify(verdicts)}; ` +
    `${stats.numbers} numbers compared, ${stats.differing} not bit-identical, largest relative difference ${stats.max.toExponential(2)}`;
  console.log(`parity: ${summary}`);
  writeFileSync(join(OUT, 'summary.txt'), summary + '\n' + problems.join('\n') + '\n');
  assert.deepEqual(problems, [], problems.slice(0, 20).join('\n'));
});

// The kernels promise the same bits on every instruction-set path, so the SIMD build, the build
// without SIMD (old browsers) and the SIMD build forced to its scalar kernels must agree exactly.
test('the simd128 build, the scalar build and forced-scalar kernels give identical readings', async () => {
  assert.ok(existsSync(join(PKG_NOSIMD, 'strip_reader_wasm_bg.wasm')), `missing ${PKG_NOSIMD}: run \`make wasm\``);
  const simd = await loadWasm();
  const plain = await loadNoSimd();
  assert.equal(simd.kernel_path(), 'simd128');
  assert.equal(plain.kernel_path(), 'scalar');
  const problems = [];
  const stats = { numbers: 0, differing: 0, max: 0 };
  for (const d of dump) {
    const rgba = new Uint8Array(readFileSync(join(OUT, 'dump', d.rgba)));
    for (const window of [false, true]) {
      const a = JSON.parse(simd.analyze(rgba, d.width, d.height, undefined, window));
      const b = JSON.parse(plain.analyze(rgba, d.width, d.height, undefined, window));
      simd.set_scalar(true);
      let c;
      try {
        assert.equal(simd.kernel_path(), 'scalar');
        c = JSON.parse(simd.analyze(rgba, d.width, d.height, undefined, window));
      } finally {
        simd.set_scalar(false);
      }
      compare(a, b, `${d.file}${window ? ' --window' : ''} simd vs nosimd`, problems, stats);
      compare(a, c, `${d.file}${window ? ' --window' : ''} simd vs forced scalar`, problems, stats);
    }
  }
  console.log(`parity: simd/nosimd/forced-scalar: ${stats.numbers} numbers compared, ${stats.differing} not bit-identical`);
  assert.deepEqual(problems, [], problems.slice(0, 20).join('\n'));
  assert.equal(stats.differing, 0, `paths differ in ${stats.differing} numbers (max ${stats.max})`);
});
