// End-to-end: the real page in headless Chromium, served from the repo root, reading the example
// photos our synthesizer makes (www/examples/generated/, `make examples`).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, launchChromium, requireBuilt, startServer } from './harness.mjs';

const catalog = JSON.parse(readFileSync(join(ROOT, 'www/i18n/en.json'), 'utf8'));
const SHOTS = join(ROOT, 'tests/out/e2e');
const EXPECTED = {
  positive: { result: 'positive', headline: catalog['result.positive.fentanyl'], guidance: catalog['guidance.fentanyl.positive'] },
  negative: { result: 'negative', headline: catalog['result.negative.fentanyl'], guidance: catalog['guidance.fentanyl.negative'] },
  invalid: { result: 'invalid', headline: catalog['result.invalid'], guidance: catalog['guidance.common.invalid'] },
};

let server;
let browser;
let scratch;

before(async () => {
  requireBuilt();
  scratch = mkdtempSync(join(tmpdir(), 'strip-reader-e2e-'));
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** A page that records console errors, page errors and every request (foreign ones are blocked). */
async function openPage({ width = 360, height = 740, ready = '#app[data-state="ready"]', setup, path = '/' } = {}) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height });
  const log = { errors: [], requests: [], foreign: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') log.errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
  page.on('worker', (worker) => {
    worker.on('console', (m) => {
      if (m.type() === 'error') log.errors.push(`worker console: ${m.text()}`);
    });
  });
  page.on('request', (r) => log.requests.push(r.url()));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === server.origin) return route.continue();
    log.foreign.push(url);
    return route.abort('blockedbyclient');
  });
  if (setup) await setup(page, log);
  await page.goto(`${server.origin}${path}`);
  await page.waitForSelector(ready, { timeout: 30_000 });
  return { page, log };
}

/** After each page: nothing went wrong and nothing left the origin. */
async function finish({ page, log }, { wasm = true, pkg = 'pkg' } = {}) {
  await page.close();
  assert.deepEqual(log.errors, [], 'no console or page errors');
  assert.deepEqual(log.foreign, [], 'no request to another origin');
  for (const url of log.requests) {
    const u = new URL(url);
    assert.ok(u.origin === server.origin || u.protocol === 'data:' || u.protocol === 'blob:', `request stays on the page's origin: ${url}`);
  }
  if (wasm) assert.ok(log.requests.some((u) => u.endsWith(`/www/${pkg}/strip_reader_wasm_bg.wasm`)), `the wasm (${pkg}) was loaded from the origin`);
}

async function settle(page) {
  await page.waitForSelector('#app[data-state="result"], #app[data-state="error"]', { timeout: 60_000 });
  return page.evaluate(() => {
    const R = document.querySelector('strip-reader').shadowRoot;
    return {
    state: R.querySelector('#app').dataset.state,
    result: R.querySelector('#verdict').dataset.result,
    headline: R.querySelector('#verdict-headline').textContent,
    reason: R.querySelector('#verdict-reason').textContent,
    live: R.querySelector('[role="status"][aria-live="polite"]').textContent,
    error: R.querySelector('#error').hidden ? null : R.querySelector('#error-message').textContent,
    errorDetail: R.querySelector('#error-detail-text').textContent,
    guidance: [...R.querySelectorAll('#guidance-list li')].map((li) => li.textContent),
    lines: [...R.querySelectorAll('.line-row')].map((r) => [r.querySelector('dt').textContent, r.querySelector('dd').textContent, r.dataset.state]),
    detailsHidden: R.querySelector('#details').hidden,
    };
  });
}

/** The canvas holds a drawn photo: non-zero size, marked drawn, and not one flat colour. */
async function canvasInfo(page) {
  return page.evaluate(() => {
    const c = document.querySelector('strip-reader').shadowRoot.querySelector('#photo');
    const ctx = c.getContext('2d');
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let min = 255;
    let max = 0;
    for (let i = 0; i < data.length; i += 4 * 97) {
      const g = data[i + 1];
      if (g < min) min = g;
      if (g > max) max = g;
    }
    return { width: c.width, height: c.height, drawn: c.dataset.drawn === 'true', spread: max - min, cssWidth: c.getBoundingClientRect().width };
  });
}

function describeShown(shown) {
  return `state=${shown.state} result=${shown.result} headline=${JSON.stringify(shown.headline)} reason=${JSON.stringify(shown.reason)} error=${JSON.stringify(shown.error)} ${shown.errorDetail}`;
}

describe('strip-reader page', () => {
  test('loads: strip types from the wasm, catalog words, live region, no errors', async () => {
    const p = await openPage();
    const { page } = p;
    const info = await page.evaluate(() => {
      const R = document.querySelector('strip-reader').shadowRoot;
      return {
      title: document.title,
      h1: R.querySelector('h1').textContent,
      options: [...R.querySelectorAll('#model option')].map((o) => [o.value, o.textContent]),
      version: R.querySelector('#version').textContent,
      disclaimer: R.querySelector('.disclaimer').textContent,
      status: R.querySelector('#verdict').getAttribute('role'),
      live: R.querySelector('#verdict').getAttribute('aria-live'),
      headline: R.querySelector('#verdict-headline').textContent,
      camera: [R.querySelector('#camera').accept, R.querySelector('#camera').getAttribute('capture')],
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]').content,
      untranslated: [...R.querySelectorAll('[data-i18n]')].filter((e) => !e.textContent.trim()).map((e) => e.dataset.i18n),
      };
    });
    assert.equal(info.title, catalog['app.title']);
    assert.equal(info.h1, catalog['app.title']);
    assert.deepEqual(info.options[0], ['fentanyl-dipstick', catalog['model.fentanyl-dipstick']]);
    assert.match(info.version, /^strip-reader \d+\.\d+\.\d+/);
    assert.equal(info.disclaimer, catalog['app.disclaimer']);
    assert.equal(info.status, 'status');
    assert.equal(info.live, 'polite');
    assert.equal(info.headline, catalog['status.idle']);
    assert.deepEqual(info.camera, ['image/*', 'environment']);
    assert.match(info.csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.doesNotMatch(info.csp, /unsafe-inline/);
    assert.deepEqual(info.untranslated, []);
    await finish(p);
  });

  for (const name of ['positive', 'negative', 'invalid']) {
    test(`reads the ${name} example photo chosen with the file input`, async () => {
      const p = await openPage();
      const { page } = p;
      await page.setInputFiles('#file', join(ROOT, `www/examples/generated/${name}.jpg`));
      const shown = await settle(page);
      await page.waitForTimeout(600); // let the smooth scroll to the verdict finish
      await page.screenshot({ path: join(SHOTS, `${name}-360-screen.png`) });
      await page.screenshot({ path: join(SHOTS, `${name}-360-full.png`), fullPage: true });
      const verdictBox = await page.evaluate(() => {
        const r = document.querySelector('strip-reader').shadowRoot.querySelector('#verdict').getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, inner: window.innerHeight };
      });
      assert.ok(verdictBox.top >= 0 && verdictBox.bottom <= verdictBox.inner, `the verdict is on screen after reading: ${JSON.stringify(verdictBox)}`);
      const want = EXPECTED[name];
      assert.equal(shown.state, 'result', describeShown(shown));
      assert.equal(shown.result, want.result, describeShown(shown));
      assert.equal(shown.headline, want.headline);
      assert.ok(shown.live.includes(want.headline), 'the live region carries the verdict');
      assert.deepEqual(shown.guidance, want.guidance);
      assert.equal(shown.detailsHidden, false);
      assert.deepEqual(shown.lines.map((l) => l[0]), [catalog['lines.control'], catalog['lines.test']]);
      const control = shown.lines[0];
      const testLine = shown.lines[1];
      if (name === 'positive') {
        assert.equal(control[2], 'present');
        assert.equal(testLine[2], 'absent');
        assert.equal(testLine[1], catalog['lines.state.absent']);
      } else if (name === 'negative') {
        assert.equal(control[2], 'present');
        assert.equal(testLine[2], 'present');
      } else {
        assert.notEqual(control[2], 'present');
        assert.equal(shown.reason, catalog['reason.no_control']);
      }
      const canvas = await canvasInfo(page);
      assert.ok(canvas.drawn && canvas.width > 0 && canvas.height > 0, `canvas drawn: ${JSON.stringify(canvas)}`);
      assert.ok(canvas.spread > 40, `canvas shows a picture, not a flat fill: ${JSON.stringify(canvas)}`);
      assert.ok(canvas.cssWidth <= 360, 'the photo fits a 360 px screen');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no sideways scrolling at 360 px (overflow ${overflow} px)`);
      await finish(p);
    });
  }

  test('the build without SIMD: chosen with ?simd=0, reads the same as the SIMD build', async () => {
    const readings = {};
    for (const [label, path, pkg] of [['simd', '/', 'pkg'], ['scalar', '/?simd=0', 'pkg-nosimd']]) {
      const p = await openPage({ path });
      const { page, log } = p;
      readings[label] = await page.evaluate(async () => {
        const { ReaderBridge } = await import('/www/bridge.js');
        const bridge = new ReaderBridge();
        const { kernels } = await bridge.hello();
        const blob = await (await fetch('/www/examples/generated/negative.jpg')).blob();
        const bitmap = await createImageBitmap(blob);
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d');
        ctx.drawImage(bitmap, 0, 0);
        const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
        const reading = await bridge.analyze(data, bitmap.width, bitmap.height);
        bridge.terminate?.();
        return { kernels, reading };
      });
      const other = pkg === 'pkg' ? 'pkg-nosimd' : 'pkg';
      assert.ok(!log.requests.some((u) => u.endsWith(`/www/${other}/strip_reader_wasm_bg.wasm`)), `only ${pkg} is downloaded`);
      await finish(p, { pkg });
    }
    assert.equal(readings.simd.kernels, 'simd128');
    assert.equal(readings.scalar.kernels, 'scalar');
    assert.equal(readings.simd.reading.result, 'negative');
    const strip = (r) => JSON.stringify({ ...r, ms: undefined });
    assert.equal(strip(readings.scalar.reading), strip(readings.simd.reading), 'the same reading, bit for bit');
  });

  test('keyboard: an example button works with Enter, and a second photo replaces the first', async () => {
    const p = await openPage({ width: 1280, height: 800 });
    const { page } = p;
    await page.focus('[data-example="negative"]');
    await page.keyboard.press('Enter');
    let shown = await settle(page);
    assert.equal(shown.headline, EXPECTED.negative.headline, describeShown(shown));
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(SHOTS, 'negative-1280-screen.png') });
    // Tab order reaches the file inputs (visually hidden, still focusable).
    const focusable = await page.evaluate(() => {
      const R = document.querySelector('strip-reader').shadowRoot;
      const camera = R.querySelector('#camera');
      camera.focus();
      return R.activeElement === camera;
    });
    assert.ok(focusable, 'the camera input takes keyboard focus');
    await page.focus('[data-example="positive"]');
    await page.keyboard.press('Space');
    // The negative verdict goes away when the new reading starts; wait for the new one.
    await page.waitForFunction((h) => document.querySelector('strip-reader').shadowRoot.querySelector('#verdict-headline').textContent !== h, EXPECTED.negative.headline, { timeout: 10_000 });
    shown = await settle(page);
    assert.equal(shown.headline, EXPECTED.positive.headline, describeShown(shown));
    assert.equal(shown.result, 'positive', describeShown(shown));
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(SHOTS, 'positive-1280-screen.png') });
    await finish(p);
  });

  test('a file that is not an image shows an error in words, then the page still works', async () => {
    const p = await openPage();
    const { page } = p;
    const fake = join(scratch, 'not-a-photo.jpg');
    writeFileSync(fake, 'this is text, not a JPEG\n'.repeat(20));
    await page.setInputFiles('#file', fake);
    let shown = await settle(page);
    await page.screenshot({ path: join(SHOTS, 'error-360-screen.png') });
    assert.equal(shown.state, 'error');
    assert.equal(shown.error, catalog['error.decode_failed']);
    assert.equal(shown.detailsHidden, true);
    assert.equal(await page.getAttribute('#error', 'role'), 'alert');
    const text = join(scratch, 'notes.txt');
    writeFileSync(text, 'plain text');
    await page.setInputFiles('#file', text);
    await page.waitForFunction((m) => document.querySelector('strip-reader').shadowRoot.querySelector('#error-message').textContent === m, catalog['error.not_an_image']);
    await page.setInputFiles('#file', join(ROOT, 'www/examples/generated/positive.jpg'));
    await page.waitForSelector('#app[data-state="result"]', { timeout: 60_000 });
    shown = await settle(page);
    assert.equal(shown.error, null, 'the error is cleared by a good photo');
    assert.equal(shown.state, 'result');
    await finish(p);
  });

  test('photo decoding: EXIF orientation is applied, photos over 24 MP are scaled down', async () => {
    const p = await openPage();
    const { page } = p;
    const out = await page.evaluate(async () => {
      const { decodePhoto, MAX_PIXELS } = await import('/www/image.js');
      // A 40x20 JPEG, then the same bytes with an EXIF block saying "rotate 90° clockwise" (6).
      const small = new OffscreenCanvas(40, 20);
      const c = small.getContext('2d');
      c.fillStyle = '#c00';
      c.fillRect(0, 0, 20, 20);
      c.fillStyle = '#00c';
      c.fillRect(20, 0, 20, 20);
      const jpeg = new Uint8Array(await (await small.convertToBlob({ type: 'image/jpeg', quality: 0.95 })).arrayBuffer());
      const tiff = [0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0];
      const body = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
      const app1 = [0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 255, ...body];
      const rotated = new Uint8Array(jpeg.length + app1.length);
      rotated.set(jpeg.subarray(0, 2));
      rotated.set(app1, 2);
      rotated.set(jpeg.subarray(2), 2 + app1.length);
      const plain = await decodePhoto(new Blob([jpeg], { type: 'image/jpeg' }));
      const turned = await decodePhoto(new Blob([rotated], { type: 'image/jpeg' }));
      // Top-left pixel: red unrotated; after a 90° clockwise turn the left column is the old bottom row.
      const px = (photo, x, y) => [...photo.rgba.subarray((y * photo.width + x) * 4, (y * photo.width + x) * 4 + 3)];
      const big = new OffscreenCanvas(6400, 4000);
      big.getContext('2d').fillRect(0, 0, 10, 10);
      const large = await decodePhoto(await big.convertToBlob({ type: 'image/jpeg', quality: 0.5 }));
      return {
        plain: [plain.width, plain.height],
        turned: [turned.width, turned.height],
        turnedTopRight: px(turned, turned.width - 1, 0),
        turnedBottomRight: px(turned, turned.width - 1, turned.height - 1),
        large: [large.width, large.height, large.bitmap.width, large.bitmap.height, large.scale],
        max: MAX_PIXELS,
      };
    });
    assert.deepEqual(out.plain, [40, 20]);
    assert.deepEqual(out.turned, [20, 40], 'EXIF orientation 6 turns the photo upright');
    assert.ok(out.turnedTopRight[0] > 150 && out.turnedTopRight[2] < 100, `red on top after the turn: ${out.turnedTopRight}`);
    assert.ok(out.turnedBottomRight[2] > 150 && out.turnedBottomRight[0] < 100, `blue below: ${out.turnedBottomRight}`);
    const [w, h, bw, bh, scale] = out.large;
    assert.deepEqual([bw, bh], [6400, 4000]);
    assert.ok(w * h <= out.max && w * h > out.max * 0.99, `scaled to just under 24 MP: ${w}x${h}`);
    assert.ok(Math.abs(scale - w / 6400) < 1e-9);
    await finish(p);
  });

  test('when the wasm cannot load, the page says so in words and keeps the inputs off', async () => {
    const p = await openPage({
      ready: '#app[data-state="error"]',
      setup: (page) => page.route('**/strip_reader_wasm_bg.wasm', (route) => route.fulfill({ status: 404, body: 'gone' })),
    });
    const { page, log } = p;
    const shown = await settle(page);
    assert.equal(shown.error, catalog['error.reader_unavailable']);
    assert.equal(await page.isDisabled('#file'), true);
    assert.equal(await page.isDisabled('[data-example="positive"]'), true);
    // The 404 itself is logged by the browser; nothing else may be.
    log.errors = log.errors.filter((e) => !/404|Failed to load resource/.test(e));
    await finish(p, { wasm: false });
  });

  test('worker protocol: codes for bad input, a reading for a grey picture, buffers transferred', async () => {
    const p = await openPage();
    const { page } = p;
    const out = await page.evaluate(async () => {
      const { ReaderBridge } = await import('/www/bridge.js');
      const bridge = new ReaderBridge();
      const codes = [];
      for (const [buf, w, h, opts] of [
        [new Uint8Array(7), 2, 2, {}],
        [new Uint8Array(16), 2, 2, { model: 'no-such-strip' }],
        [new Uint8Array(0), 0, 0, {}],
      ]) {
        try {
          await bridge.analyze(buf, w, h, opts);
          codes.push('no error');
        } catch (e) {
          codes.push([e.name, e.code, e instanceof Error, typeof e.message]);
        }
      }
      const grey = new Uint8ClampedArray(64 * 48 * 4).fill(128);
      const reading = await bridge.analyze(grey, 64, 48);
      const hello = await bridge.hello();
      bridge.terminate();
      return { codes, reading, detached: grey.byteLength, models: hello.models.map((m) => m.id) };
    });
    assert.deepEqual(out.codes, [
      ['buffer_too_small', 'buffer_too_small', true, 'string'],
      ['unknown_model', 'unknown_model', true, 'string'],
      ['empty_image', 'empty_image', true, 'string'],
    ]);
    assert.equal(out.reading.result, 'retake');
    assert.equal(out.reading.model, 'fentanyl-dipstick');
    assert.equal(typeof out.reading.ms, 'number');
    assert.equal(out.detached, 0, 'the pixel buffer was transferred, not copied');
    assert.ok(out.models.includes('fentanyl-dipstick'));
    await finish(p);
  });
});
