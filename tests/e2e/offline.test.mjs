// Offline and installable: the packaged folder (www/tools/build-dist.mjs) served from a
// sub-folder; after one visit its service worker has every file, so the app reloads and reads
// with the network off. An update installs beside the old version and waits: the open page keeps
// getting old files until the person reloads into the new one, so old and new never mix.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, assertPrivate, buildDist, launchChromium, requireBuilt, startServer, watch } from './harness.mjs';

const en = JSON.parse(readFileSync(join(ROOT, 'www/i18n/en.json'), 'utf8'));
const pt = JSON.parse(readFileSync(join(ROOT, 'www/i18n/pt.json'), 'utf8'));
let server;
let browser;
let rel;

before(async () => {
  requireBuilt();
  rel = await buildDist('offline-dist/strip-reader');
  server = await startServer();
  // No DNS for anything but this machine: a request off the origin could not even start.
  browser = await launchChromium({ extraArgs: ['--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'] });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const ready = (page) => page.waitForSelector('#app[data-state="ready"]', { timeout: 30_000 });
const caches = (page) => page.evaluate(async () => (await window.caches.keys()).filter((k) => k.startsWith('strip-reader|')));

describe('offline', () => {
  test('after one visit: reload and read with the network off; an update never mixes versions', async () => {
    const base = `${server.origin}/${rel}/`;
    const context = browser.context;
    const log = await watch(context, server.origin, { block: false });
    const page = await context.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(base);
    await ready(page);
    // Installable: a manifest with a name, start URL and icons, served with its MIME type.
    const manifest = await page.evaluate(async () => {
      const href = document.querySelector('link[rel="manifest"]').href;
      const r = await fetch(href);
      return { type: r.headers.get('content-type'), body: await r.json(), href };
    });
    assert.match(manifest.type, /application\/manifest\+json/);
    assert.equal(manifest.body.display, 'standalone');
    assert.ok(manifest.body.icons.some((i) => i.sizes === '512x512' && i.purpose === 'maskable'));
    assert.ok(manifest.body.icons.some((i) => i.sizes === '192x192'));
    assert.equal(new URL(manifest.body.start_url, manifest.href).href, `${base}index.html`);

    // The service worker installs and takes this page over (no reload needed).
    await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller, null, { timeout: 30_000 });
    const v1 = await caches(page);
    assert.equal(v1.length, 1, `one versioned cache: ${v1}`);
    assert.ok(v1[0].startsWith(`strip-reader|${base}|`), v1[0]);

    // Network off: reload, read an example and a chosen photo.
    await context.setOffline(true);
    await page.reload();
    await ready(page);
    await page.locator('[data-example="negative"]').click();
    await page.waitForSelector('#verdict[data-result="negative"]', { timeout: 60_000 });
    assert.equal(await page.evaluate(() => document.querySelector('strip-reader').shadowRoot.querySelector('#verdict-headline').textContent), en['result.negative.fentanyl']);
    await page.locator('#file').setInputFiles(join(ROOT, 'www/examples/generated/positive.jpg'));
    await page.waitForSelector('#verdict[data-result="positive"]', { timeout: 60_000 });
    // Another language's catalog is there too.
    await page.locator('#locale-select').selectOption('pt');
    await page.waitForFunction(() => document.documentElement.lang === 'pt');
    await page.screenshot({ path: join(ROOT, 'tests/out/e2e/offline-360.png') });
    await context.setOffline(false);

    // A new version appears on the server: a changed app.js and a new sw.js.
    const dir = join(ROOT, rel);
    appendFileSync(join(dir, 'www/app.js'), '\n/* version 2 */\n');
    const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
    const oldVersion = sw.match(/"version": "([0-9a-f]+)"/)[1];
    writeFileSync(join(dir, 'sw.js'), sw.replace(`"version": "${oldVersion}"`, `"version": "${oldVersion}-2"`));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await page.waitForSelector('#update:not([hidden])', { timeout: 30_000 });
    // While the new version waits, this page still gets only old files.
    const during = await page.evaluate(async () => (await (await fetch('www/app.js')).text()).includes('version 2'));
    assert.equal(during, false, 'the open page is served the version it started with');
    assert.equal((await caches(page)).length, 2, 'old and new caches side by side while the update waits');
    const offer = await page.evaluate(() => document.querySelector('strip-reader').shadowRoot.querySelector('#update-button').textContent);
    assert.equal(offer, pt['update.reload'], 'the update is offered in the language in use');
    // The person reloads into the new version: all new files, the old cache gone.
    await Promise.all([page.waitForEvent('load', { timeout: 30_000 }), page.locator('#update-button').click()]);
    await ready(page);
    const after = await page.evaluate(async () => (await (await fetch('www/app.js')).text()).includes('version 2'));
    assert.equal(after, true, 'after the reload, the new version');
    const v2 = await caches(page);
    assert.equal(v2.length, 1);
    assert.ok(v2[0].endsWith(`${oldVersion}-2`), v2[0]);
    // And the new version works offline too.
    await context.setOffline(true);
    await page.reload();
    await ready(page);
    await page.locator('[data-example="invalid"]').click();
    await page.waitForSelector('#verdict[data-result="invalid"]', { timeout: 60_000 });
    await context.setOffline(false);
    await page.close();
    assertPrivate(assert, log, server.origin);
    for (const url of log.requests) assert.ok(url.startsWith(base) || url.startsWith('data:') || url.startsWith('blob:'), `only the folder's own files: ${url}`);
  });
});

