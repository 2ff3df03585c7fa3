// The same photos must read the same natively and in Chromium. The clear-photo set (every
// rotation, small tilts, positive/negative/invalid; `strip-reader synth --clear-set`) is read by
// the native CLI and, in headless Chromium, by the page's own decode path (createImageBitmap)
// and the wasm build. Both must match the truth, every photo, and each other: same result, same
// number of lines, line positions within 0.02 of the window (browser and image-crate JPEG
// decoders round differently, so strengths differ in the third decimal).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, requireBuilt, startServer, launchChromium } from './harness.mjs';

const CLI = join(ROOT, 'target/release/strip-reader');
const SET = 'tests/out/clear-set';
let server;
let browser;

before(async () => {
  requireBuilt({ examples: false });
  if (!existsSync(CLI)) throw new Error(`missing ${CLI}: run \`make build\` first`);
  rmSync(join(ROOT, SET), { recursive: true, force: true });
  execFileSync(CLI, ['synth', '--clear-set', join(ROOT, SET)]);
  server = await startServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('clear photos read right and alike natively and in Chromium', async () => {
  const rows = readFileSync(join(ROOT, SET, 'manifest.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  assert.ok(rows.length >= 50, `expected the whole clear set, got ${rows.length}`);
  assert.equal(readdirSync(join(ROOT, SET)).filter((f) => f.endsWith('.jpg')).length, rows.length);
  const files = rows.map((r) => join(ROOT, SET, r[0]));
  const native = execFileSync(CLI, ['read', '--json', ...files], { maxBuffer: 64 << 20 })
    .toString().trim().split('\n').map((l) => JSON.parse(l));

  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.origin}/index.html`);
  const browserReadings = await page.evaluate(async ({ set, names }) => {
    const { init, analyze } = await import('/www/reader.js');
    const { decodePhoto } = await import('/www/image.js');
    await init(new URL('/www/pkg/strip_reader_wasm_bg.wasm', location.href));
    const out = [];
    for (const name of names) {
      const blob = await (await fetch(`/${set}/${name}`)).blob();
      const photo = await decodePhoto(blob);
      out.push(analyze(photo.rgba, photo.width, photo.height));
    }
    return out;
  }, { set: SET, names: rows.map((r) => r[0]) });
  assert.deepEqual(errors, []);

  const problems = [];
  rows.forEach(([name, truth], i) => {
    const n = native[i];
    const b = browserReadings[i];
    if (n.result !== truth) problems.push(`${name}: native read ${n.result}/${n.reason}, truth ${truth}`);
    if (b.result !== truth) problems.push(`${name}: Chromium read ${b.result}/${b.reason}, truth ${truth}`);
    const nl = n.strips[0]?.lines ?? [];
    const bl = b.strips[0]?.lines ?? [];
    if (nl.length !== bl.length) {
      problems.push(`${name}: ${nl.length} lines natively, ${bl.length} in Chromium`);
    } else {
      nl.forEach((l, k) => {
        if (Math.abs(l.position - bl[k].position) > 0.02) {
          problems.push(`${name}: line ${k} at ${l.position.toFixed(3)} natively, ${bl[k].position.toFixed(3)} in Chromium`);
        }
      });
    }
  });
  assert.deepEqual(problems, [], problems.join('\n'));
});
