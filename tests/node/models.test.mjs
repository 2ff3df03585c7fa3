// Every strip model through the wasm build: the synthesized positive, negative and invalid photo
// of each model (drawn with its own geometry by the synthesizer) and photos of several strip
// types side by side, read by the wasm in Node from the *same pixels* the native build read, must
// give the truth (cassettes too: their sample end is told by the sample well)
// and the native reading. Also: the `model` argument as a comma list, the CLI's `--model A,B`,
// every model's words in the four catalogs and the guidance the page builds from them, and (when
// Chromium is there) the page's per-strip type picker re-reading a photo of two strip types.
//
// The fixtures are rendered and decoded natively by the ignored Rust test
// tests/tests/models.rs `dump_models_for_node` (RGBA dumps + the JPEGs + native readings).
//
// Needs target/release/strip-reader (cargo build --release -p strip-reader-cli), www/pkg
// (make wasm) and cargo. Run:
//   node --test tests/node/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Catalog, LANGUAGES } from '../../www/i18n.js';
import { describeReading, guidance, naloxoneKey } from '../../www/present.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'target/release/strip-reader');
const PKG = join(ROOT, 'www/pkg');
const OUT = join(ROOT, 'tests/out/models');
const TOLERANCE = 1e-4;
const catalogs = Object.fromEntries(LANGUAGES.map((l) => [l, JSON.parse(readFileSync(join(ROOT, `www/i18n/${l}.json`), 'utf8'))]));
const files = readdirSync(join(ROOT, 'models')).filter((f) => f.endsWith('.json')).sort();
const modelFiles = files.map((f) => JSON.parse(readFileSync(join(ROOT, 'models', f), 'utf8')));
// Naloxone reverses opioids (docs/domain.md): fentanyl, nitazenes, tramadol; not the others.
const OPIOIDS = ['fentanyl', 'nitazene', 'tramadol'];

let dump = [];
let wasm;

before(() => {
  if (!existsSync(join(PKG, 'strip_reader_wasm_bg.wasm'))) throw new Error(`missing ${PKG}: run \`make wasm\` first`);
  execFileSync(
    process.env.CARGO || 'cargo',
    ['test', '--release', '-q', '-p', 'strip-reader-tests', '--test', 'models', '--', '--ignored', '--exact', 'dump_models_for_node'],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, STRIP_READER_MODELS_OUT: OUT } },
  );
  dump = readFileSync(join(OUT, 'index.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
});

async function loadWasm() {
  if (!wasm) {
    const glue = await import(pathToFileURL(join(PKG, 'strip_reader_wasm.js')).href);
    glue.initSync({ module: readFileSync(join(PKG, 'strip_reader_wasm_bg.wasm')) });
    wasm = glue;
  }
  return wasm;
}

/** Differences between two readings: structure exactly, numbers within TOLERANCE. */
function compare(a, b, path, out) {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Math.abs(a - b) > TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b))) out.push(`${path}: ${a} vs ${b}`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return void out.push(`${path}: length ${a.length} vs ${b.length}`);
    a.forEach((x, i) => compare(x, b[i], `${path}[${i}]`, out));
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (k !== 'ms' && k !== 'file') compare(a[k], b[k], `${path}.${k}`, out);
    }
    return;
  }
  if (a !== b) out.push(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
}

/** Whether a reading says what the truths say. */
function judge(d, r) {
  if (d.truths.length === 1) return r.result === d.truths[0] && r.strips.length === 1;
  const distinct = new Set(d.models).size > 1;
  return r.result === 'multiple' && r.model === (distinct ? 'mixed' : d.models[0]) &&
    r.strips.length === d.truths.length && r.strips.every((s, i) => s.result === d.truths[i]);
}

test('every model file is in the wasm build, first the default', async () => {
  const { models } = await loadWasm();
  const built = JSON.parse(models());
  assert.equal(built[0].id, 'fentanyl-dipstick', 'the page preselects the first model');
  assert.deepEqual(built.map((m) => m.id).sort(), modelFiles.map((m) => m.id).sort());
  for (const f of files) assert.ok(built.some((m) => `${m.id}.json` === f), `${f} is named after its id`);
  for (const id of ['fentanyl-dipstick', 'fentanyl-cassette', 'xylazine-dipstick', 'benzodiazepine-dipstick', 'nitazene-dipstick',
    'medetomidine-dipstick', 'methamphetamine-dipstick', 'amphetamine-dipstick', 'mdma-dipstick', 'ketamine-dipstick', 'tramadol-dipstick']) {
    assert.ok(built.some((m) => m.id === id), `${id} is built in`);
  }
});

test('wasm reads every model\'s positive, negative and invalid photo as the truth, and as native does', async () => {
  const { analyze } = await loadWasm();
  assert.ok(dump.length >= modelFiles.length * 3 + 2, `${dump.length} fixtures`);
  const wrong = [];
  const differ = [];
  const table = [];
  for (const d of dump) {
    const rgba = new Uint8Array(readFileSync(join(OUT, d.rgba)));
    const r = JSON.parse(analyze(rgba, d.width, d.height, d.models.join(','), false));
    table.push(`${d.name}: wasm ${r.result}${r.reason ? ` (${r.reason})` : ''} [${r.strips.map((s) => s.result).join(', ')}], native ${d.reading.result}`);
    if (!judge(d, r)) wrong.push(`${d.name}: truth ${d.truths.join(',')}, wasm ${r.result} ${r.reason} [${r.strips.map((s) => `${s.result}/${s.reason}`).join(', ')}]`);
    if (!judge(d, d.reading)) wrong.push(`${d.name}: truth ${d.truths.join(',')}, native ${d.reading.result}`);
    compare(d.reading, r, d.name, differ);
  }
  console.log(`models (wasm):\n  ${table.join('\n  ')}`);
  assert.deepEqual(wrong, [], wrong.join('\n'));
  assert.deepEqual(differ, [], differ.slice(0, 20).join('\n'));
});

test('the model argument: one id as before, a comma list per strip, unknown ids throw', async () => {
  const { analyze } = await loadWasm();
  const d = dump.find((x) => x.name === 'fentanyl-dipstick-negative');
  const rgba = new Uint8Array(readFileSync(join(OUT, d.rgba)));
  const strip = (json) => {
    const v = JSON.parse(json);
    delete v.ms;
    return v;
  };
  const one = strip(analyze(rgba, d.width, d.height, 'fentanyl-dipstick', false));
  assert.deepEqual(strip(analyze(rgba, d.width, d.height, undefined, false)), one, 'no model = the default');
  assert.deepEqual(strip(analyze(rgba, d.width, d.height, 'fentanyl-dipstick,fentanyl-dipstick', false)), one);
  // One strip in the photo: read with the first of the list, and named by it.
  assert.deepEqual(strip(analyze(rgba, d.width, d.height, 'fentanyl-dipstick, xylazine-dipstick', false)), one);
  assert.equal(one.model, 'fentanyl-dipstick');
  for (const bad of ['fentanyl-dipstick,no-such-strip', 'fentanyl-dipstick,', ',', 'no-such-strip']) {
    assert.throws(() => analyze(rgba, d.width, d.height, bad, false), (e) => e.name === 'unknown_model', bad);
  }
});

test('the CLI reads the same photos with --model A,B as the core does', { skip: !existsSync(CLI) && `missing ${CLI}` }, () => {
  const mixed = dump.filter((d) => d.truths.length > 1);
  assert.ok(mixed.length >= 2);
  for (const d of mixed) {
    const line = JSON.parse(execFileSync(CLI, ['read', '--json', '--model', d.models.join(','), join(OUT, d.jpeg)]).toString());
    const differ = [];
    compare(d.reading, line, d.name, differ);
    assert.deepEqual(differ, [], differ.join('\n'));
    assert.equal(line.model, 'mixed');
  }
  // Unknown ids in a list are a usage error (exit 2), as a single unknown id is.
  assert.throws(() => execFileSync(CLI, ['read', '--model', 'fentanyl-dipstick,nope', join(OUT, mixed[0].jpeg)], { stdio: 'pipe' }), (e) => e.status === 2);
  // A single id reads exactly as before (the default's reading of a one-strip photo).
  const d = dump.find((x) => x.name === 'xylazine-dipstick-positive');
  const line = JSON.parse(execFileSync(CLI, ['read', '--json', '--model', 'xylazine-dipstick', join(OUT, d.jpeg)]).toString());
  const differ = [];
  compare(d.reading, line, d.name, differ);
  assert.deepEqual(differ, [], differ.join('\n'));
});

test('every model has its words in all four catalogs, naloxone right for the drug', () => {
  for (const m of modelFiles) {
    assert.equal(m.naloxone, OPIOIDS.includes(m.drug), `${m.id}: naloxone reverses ${m.drug}?`);
    assert.equal(m.guidance.naloxone === 'common.naloxone', m.naloxone, `${m.id}: guidance.naloxone`);
    for (const lang of LANGUAGES) {
      const c = catalogs[lang];
      for (const r of ['positive', 'negative', 'invalid']) {
        assert.ok(Array.isArray(c[`guidance.${m.guidance[r]}`]) && c[`guidance.${m.guidance[r]}`].length, `${lang}: guidance.${m.guidance[r]}`);
      }
      assert.equal(typeof c[`guidance.${m.guidance.naloxone}`], 'string', `${lang}: guidance.${m.guidance.naloxone}`);
      assert.equal(typeof c[`drug.${m.drug}`], 'string', `${lang}: drug.${m.drug}`);
      assert.equal(c[`model.${m.id}`], m.names[lang], `${lang}: model.${m.id} is the file's names.${lang}`);
    }
  }
});

test('the page\'s guidance for each model: its own words and the right naloxone message', () => {
  for (const lang of LANGUAGES) {
    const c = new Catalog(lang, catalogs[lang]);
    for (const m of modelFiles) {
      for (const result of ['positive', 'negative']) {
        const g = guidance(result, m, c);
        assert.deepEqual(g.items, catalogs[lang][`guidance.${m.guidance[result]}`], `${lang} ${m.id} ${result}`);
        const want = m.naloxone ? 'guidance.common.naloxone' : ['xylazine', 'medetomidine', 'benzodiazepine'].includes(m.drug)
          ? 'guidance.common.naloxone_non_opioid' : 'guidance.common.naloxone_other';
        assert.equal(naloxoneKey(m, c), want, `${m.id}`);
        assert.deepEqual(g.extra, [catalogs[lang][want]], `${lang} ${m.id} ${result}: naloxone`);
      }
    }
  }
  // Models without the new fields (an older embedder's) still get the drug's message.
  const en = new Catalog('en', catalogs.en);
  assert.equal(naloxoneKey({ drug: 'xylazine' }, en), 'guidance.common.naloxone_non_opioid');
  assert.equal(naloxoneKey({ drug: 'fentanyl' }, en), 'guidance.common.naloxone');
  assert.equal(naloxoneKey({ drug: 'ketamine', naloxone: false }, en), 'guidance.common.naloxone_non_opioid');
});

test('several strip types in one photo: each strip in its own words, guidance from each', () => {
  const en = new Catalog('en', catalogs.en);
  const byId = Object.fromEntries(modelFiles.map((m) => [m.id, m]));
  const d = dump.find((x) => x.name === 'mixed-0');
  assert.deepEqual(d.models, ['fentanyl-dipstick', 'xylazine-dipstick']);
  const stripModels = d.models.map((id) => byId[id]);
  const words = describeReading(d.reading, byId['fentanyl-dipstick'], en, stripModels);
  assert.equal(words.result, 'multiple');
  assert.deepEqual(words.strips.map((s) => s.headline), [catalogs.en['result.positive.fentanyl'], 'Xylazine not detected (negative)']);
  // The most cautious result (fentanyl positive) leads the guidance.
  assert.equal(words.guidanceResult, 'positive');
  assert.deepEqual(words.guidance.items, catalogs.en['guidance.fentanyl.positive']);
  // Two positives of different drugs: both drugs' guidance, both naloxone messages, once each.
  const both = { ...d.reading, strips: d.reading.strips.map((s) => ({ ...s, result: 'positive' })) };
  const w2 = describeReading(both, byId['fentanyl-dipstick'], en, stripModels);
  assert.deepEqual(w2.guidance.items, [...catalogs.en['guidance.fentanyl.positive'], ...catalogs.en['guidance.xylazine.positive']]);
  assert.deepEqual(w2.guidance.extra, [catalogs.en['guidance.common.naloxone'], catalogs.en['guidance.common.naloxone_non_opioid']]);
  // Without per-strip models every strip is the page's model, as before.
  const plain = describeReading(d.reading, byId['fentanyl-dipstick'], en);
  assert.deepEqual(plain.strips.map((s) => s.headline), [catalogs.en['result.positive.fentanyl'], catalogs.en['result.negative.fentanyl']]);
});

// ---- the page: a per-strip type picker re-reads the photo (headless Chromium, when present) ----

let harness = null;
let server = null;
let browser = null;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('the page: a photo of two strip types, each given its type, is read strip by strip', { skip: !existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM}` }, async () => {
  harness = await import('../e2e/harness.mjs');
  server = await harness.startServer();
  browser = await harness.launchChromium();
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 800, height: 1000 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${server.origin}/`);
  await page.waitForSelector('#app[data-state="ready"]', { timeout: 30_000 });
  const d = dump.find((x) => x.name === 'mixed-0'); // fentanyl positive, xylazine negative
  await page.locator('#file').setInputFiles(join(OUT, d.jpeg));
  await page.waitForSelector('#app[data-state="result"]', { timeout: 60_000 });
  const shown = () => page.evaluate(() => {
    const R = document.querySelector('strip-reader').shadowRoot;
    return {
      result: R.querySelector('#verdict').dataset.result,
      titles: [...R.querySelectorAll('.strip-title span')].map((s) => s.textContent),
      selects: [...R.querySelectorAll('select[data-strip]')].map((s) => s.value),
      labels: [...R.querySelectorAll('.strip-type label')].map((l) => l.textContent),
      hint: (R.querySelector('.strip-types-hint') || {}).textContent || null,
      guidance: [...R.querySelectorAll('#guidance-list li')].map((li) => li.textContent),
    };
  });
  let s = await shown();
  assert.equal(s.result, 'multiple');
  assert.deepEqual(s.selects, ['fentanyl-dipstick', 'fentanyl-dipstick'], 'both strips start as the chosen type');
  assert.deepEqual(s.labels, ['Type of strip 1', 'Type of strip 2']);
  assert.equal(s.hint, catalogs.en['result.strip_types_hint']);
  // The person says strip 2 is a xylazine strip: the photo is read again, strip by strip.
  const heard = page.evaluate(() => new Promise((resolve) => {
    document.querySelector('strip-reader').addEventListener('strip-reader:result', (e) => resolve(e.detail), { once: true });
  }));
  await page.locator('#strip-type-2').selectOption('xylazine-dipstick');
  const detail = await heard;
  assert.equal(detail.model, 'mixed');
  assert.deepEqual(detail.reading.strips.map((x) => x.result), ['positive', 'negative']);
  s = await shown();
  assert.deepEqual(s.selects, ['fentanyl-dipstick', 'xylazine-dipstick']);
  assert.equal(s.titles[0], `Strip 1: ${catalogs.en['result.positive.fentanyl']}`);
  assert.equal(s.titles[1], 'Strip 2: Xylazine not detected (negative)');
  assert.deepEqual(s.guidance, catalogs.en['guidance.fentanyl.positive']);
  // Choosing one type for the whole photo again reads every strip with it.
  const again = page.evaluate(() => new Promise((resolve) => {
    document.querySelector('strip-reader').addEventListener('strip-reader:result', (e) => resolve(e.detail), { once: true });
  }));
  await page.locator('#model').dispatchEvent('change');
  assert.equal((await again).model, 'fentanyl-dipstick');
  assert.deepEqual((await shown()).selects, ['fentanyl-dipstick', 'fentanyl-dipstick']);
  await page.close();
  assert.deepEqual(errors, []);
});
