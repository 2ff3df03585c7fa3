// The <strip-reader> element on someone else's page: the example host page
// (www/examples/embed.html) with two differently configured readers side by side, a host
// stylesheet that tries to restyle everything, a reading through each, the events the host
// receives, the packaged folder served from a sub-folder, the <iframe> embed, and not one
// request off the origin.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, assertPrivate, buildDist, launchChromium, requireBuilt, startServer, watch } from './harness.mjs';

const en = JSON.parse(readFileSync(join(ROOT, 'www/i18n/en.json'), 'utf8'));
const es = JSON.parse(readFileSync(join(ROOT, 'www/i18n/es.json'), 'utf8'));
const fr = JSON.parse(readFileSync(join(ROOT, 'www/i18n/fr.json'), 'utf8'));
const SHOTS = join(ROOT, 'tests/out/e2e');
const PHOTO = (name) => join(ROOT, `www/examples/generated/${name}.jpg`);

let server;
let browser;

before(async () => {
  requireBuilt();
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const ready = (page, id) => page.waitForSelector(`#${id} #app[data-state="ready"]`, { timeout: 30_000 });
const settled = (page, id) => page.waitForSelector(`#${id} #app[data-state="result"], #${id} #app[data-state="error"]`, { timeout: 60_000 });

/** Computed styles of the readers' insides, to compare with and without the host's stylesheet. */
function insideStyles(page) {
  return page.evaluate(() => {
    const props = ['fontFamily', 'fontSize', 'fontStyle', 'color', 'backgroundColor', 'textTransform', 'letterSpacing', 'wordSpacing', 'lineHeight', 'textShadow', 'display', 'visibility', 'borderTopWidth', 'paddingTop', 'marginTop'];
    const out = {};
    for (const reader of document.querySelectorAll('strip-reader')) {
      const root = reader.shadowRoot;
      for (const sel of ['.root', '.title', '#picker-heading', '#live-camera', 'label[for="file"]', '#model', '.note', '#verdict', '#verdict-headline', '.steps-summary', '.disclaimer', '[data-example="positive"]']) {
        const el = root.querySelector(sel);
        if (!el) continue;
        const cs = getComputedStyle(el);
        out[`${reader.id} ${sel}`] = Object.fromEntries(props.map((p) => [p, cs[p]]));
      }
    }
    return out;
  });
}

/** What the host heard: the readers' events, kept by a listener added from the test. */
function listen(page) {
  return page.evaluate(() => {
    window.__heard = [];
    for (const type of ['ready', 'result', 'error', 'localechange']) {
      document.addEventListener(`strip-reader:${type}`, (e) => window.__heard.push({ type, reader: e.target.id, detail: JSON.parse(JSON.stringify(e.detail)) }));
    }
  });
}

function shown(page, id) {
  return page.evaluate((id) => {
    const R = document.getElementById(id).shadowRoot;
    return {
      result: R.querySelector('#verdict').dataset.result,
      headline: R.querySelector('#verdict-headline').textContent,
      lang: R.querySelector('.root').lang,
      resourcesHeading: R.querySelector('#resources-heading').textContent,
      resources: [...R.querySelectorAll('.resource')].map((li) => ({ text: li.textContent, links: [...li.querySelectorAll('a')].map((a) => a.getAttribute('href')) })),
      accent: getComputedStyle(R.querySelector('#live-camera')).backgroundColor,
      examplesHidden: R.querySelector('#examples').hidden,
      layout: R.querySelector('.root').dataset.layout,
      title: R.querySelector('.title').textContent,
      orgLine: R.querySelector('#org-line').textContent,
    };
  }, id);
}

/** No key anywhere in the event detail could carry the photo. */
function assertNoPhoto(detail) {
  const keys = [];
  const walk = (v) => {
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { keys.push(k); walk(x); }
  };
  walk(detail);
  for (const k of keys) assert.ok(!/photo|image|bitmap|rgba|pixel|blob|jpeg|canvas|data_?url/i.test(k), `event carries no photo (key ${k})`);
  assert.ok(JSON.stringify(detail).length < 20_000, 'the event is small: a reading, not a picture');
}

describe('<strip-reader> on a host page', () => {
  test('two readers side by side, hostile host CSS, a reading through each, events, nothing sent anywhere', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 1000 });
    const log = await watch(page, server.origin);
    await page.goto(`${server.origin}/www/examples/embed.html`);
    await Promise.all([ready(page, 'reader-en'), ready(page, 'reader-es')]);
    await listen(page);

    // The host stylesheet that tries to restyle everything changes nothing inside.
    const clean = await insideStyles(page);
    assert.ok(Object.keys(clean).length >= 20, `styles sampled: ${Object.keys(clean).length}`);
    await page.addStyleTag({ url: '/tests/e2e/fixtures/hostile.css' });
    await page.waitForFunction(() => getComputedStyle(document.body).fontFamily.includes('Comic'));
    const hostile = await insideStyles(page);
    assert.deepEqual(hostile, clean, 'host CSS does not reach inside the readers');
    for (const [where, s] of Object.entries(hostile)) {
      assert.ok(!s.fontFamily.includes('Comic'), `${where}: font`);
      assert.notEqual(s.color, 'rgb(255, 0, 255)', `${where}: colour`);
      assert.equal(s.textTransform, 'none', `${where}: text-transform`);
    }
    // ...and the reader's styles do not leak out: the host's own text is the host's.
    const hostText = await page.evaluate(() => getComputedStyle(document.querySelector('.intro')).fontFamily);
    assert.match(hostText, /Comic/);

    // Configured apart: language, layout, organization, theme colour, resources.
    let a = await shown(page, 'reader-en');
    let b = await shown(page, 'reader-es');
    assert.equal(a.lang, 'en');
    assert.equal(b.lang, 'es');
    assert.equal(a.title, en['app.title']);
    assert.equal(b.title, es['app.title']);
    assert.equal(a.layout, 'full');
    assert.equal(b.layout, 'compact');
    assert.equal(a.orgLine, en['org.offered_by'].replace('{organization}', 'Riverside Harm Reduction Collective'));
    assert.equal(b.orgLine, es['org.offered_by'].replace('{organization}', 'Colectivo Riverside'));
    assert.equal(a.accent, 'rgb(11, 93, 59)', 'the host themes reader-en through --strip-reader-accent');
    assert.equal(b.accent, 'rgb(91, 42, 134)', 'and reader-es with another colour');
    const boxes = await page.evaluate(() => ['reader-en', 'reader-es'].map((id) => document.getElementById(id).getBoundingClientRect().toJSON()));
    assert.ok(boxes[1].left >= boxes[0].right - 1 && Math.abs(boxes[1].top - boxes[0].top) < 2, `side by side: ${JSON.stringify(boxes)}`);

    // A reading through each.
    await page.locator('#reader-en #file').setInputFiles(PHOTO('positive'));
    await page.locator('#reader-es #file').setInputFiles(PHOTO('negative'));
    await Promise.all([settled(page, 'reader-en'), settled(page, 'reader-es')]);
    a = await shown(page, 'reader-en');
    b = await shown(page, 'reader-es');
    assert.equal(a.result, 'positive');
    assert.equal(a.headline, en['result.positive.fentanyl']);
    assert.equal(b.result, 'negative');
    assert.equal(b.headline, es['result.negative.fentanyl']);

    // The organization's resources replace the default block (attribute JSON; property objects).
    assert.equal(a.resourcesHeading, en['resources.heading_org'].replace('{organization}', 'Riverside Harm Reduction Collective'));
    assert.ok(a.resources[0].text.includes('Free naloxone at our drop-in') && a.resources[0].text.includes('12 Fictional Street'));
    assert.deepEqual(a.resources[1].links, ['tel:+15550100']);
    assert.deepEqual(a.resources[2].links, ['https://example.org/drug-checking']);
    assert.equal(b.resourcesHeading, es['resources.heading_org'].replace('{organization}', 'Colectivo Riverside'));
    assert.ok(b.resources[0].text.includes('Naloxona gratis en nuestro centro'), JSON.stringify(b.resources));

    // The host heard one result per reader, with the reading and no photo.
    const heard = await page.evaluate(() => window.__heard);
    const results = heard.filter((h) => h.type === 'result');
    assert.deepEqual(results.map((r) => [r.reader, r.detail.result, r.detail.locale]).sort(), [['reader-en', 'positive', 'en'], ['reader-es', 'negative', 'es']]);
    for (const r of results) {
      assert.equal(r.detail.model, 'fentanyl-dipstick');
      assert.equal(r.detail.source, 'file');
      assert.equal(r.detail.reading.result, r.detail.result);
      assert.ok(Array.isArray(r.detail.reading.strips) && r.detail.reading.strips.length === 1);
      assert.equal(typeof r.detail.headline, 'string');
      assertNoPhoto(r.detail);
    }
    // The example page's own log shows them too.
    const logged = await page.$$eval('#event-log li[data-type="result"]', (lis) => lis.map((li) => li.dataset.result).sort());
    assert.deepEqual(logged, ['negative', 'positive']);

    await page.waitForTimeout(400);
    await page.screenshot({ path: join(SHOTS, 'embed-1280-hostile-css.png'), fullPage: true });
    await page.close();
    assertPrivate(assert, log, server.origin);
  });

  test('attributes and the JS property: language, strip models, examples, resources, config', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    const log = await watch(page, server.origin);
    await page.goto(`${server.origin}/www/examples/embed.html`);
    await ready(page, 'reader-es');
    await listen(page);
    await page.screenshot({ path: join(SHOTS, 'embed-360.png') });
    // Switch language from the host (attribute), then back with the reader's own select.
    await page.evaluate(() => document.getElementById('reader-es').setAttribute('locale', 'en'));
    await page.waitForFunction(() => document.getElementById('reader-es').shadowRoot.querySelector('.root').lang === 'en');
    let b = await shown(page, 'reader-es');
    assert.equal(b.title, en['app.title']);
    await page.locator('#reader-es #locale-select').selectOption('es');
    await page.waitForFunction(() => document.getElementById('reader-es').locale === 'es');
    b = await shown(page, 'reader-es');
    assert.equal(b.title, es['app.title']);
    const langs = await page.locator('#reader-es #locale-select option').evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(langs, ['es', 'en'], 'locales="es en" limits the languages offered');
    // Properties and attributes change what is shown.
    await page.evaluate(() => {
      const r = document.getElementById('reader-es');
      r.config = { examples: false, organization: 'Otra Org', models: ['no-such-strip'], resources: 'not json' };
    });
    await page.waitForFunction(() => document.getElementById('reader-es').shadowRoot.querySelector('#examples').hidden);
    b = await shown(page, 'reader-es');
    assert.equal(b.examplesHidden, true);
    assert.equal(b.orgLine, es['org.offered_by'].replace('{organization}', 'Otra Org'));
    assert.equal(b.resourcesHeading, es['resources.heading'], 'unreadable resources fall back to the default block');
    assert.ok(b.resources.some((r) => r.links.includes('tel:18004843731')), 'the default block has the never-use-alone line');
    const options = await page.locator('#reader-es #model option').evaluateAll((os) => os.map((o) => o.value));
    assert.ok(options.includes('fentanyl-dipstick'), 'unknown model ids fall back to every model');
    const cfg = await page.evaluate(() => document.getElementById('reader-es').config);
    assert.equal(cfg.organization, 'Otra Org');
    assert.equal(cfg.examples, false);
    assert.equal(cfg.locale, 'es');
    // read(): a photo the host already has, read through the element's method.
    const reading = await page.evaluate(async () => {
      const blob = await (await fetch('../examples/generated/invalid.jpg')).blob();
      return document.getElementById('reader-es').read(blob);
    });
    assert.equal(reading.result, 'invalid');
    const heard = await page.evaluate(() => window.__heard);
    assert.ok(heard.some((h) => h.type === 'localechange' && h.reader === 'reader-es' && h.detail.locale === 'en'));
    assert.ok(heard.some((h) => h.type === 'result' && h.detail.source === 'host'));
    await page.close();
    assertPrivate(assert, log, server.origin);
  });

  test('the packaged folder served from a sub-folder: script embed and <iframe> embed', async () => {
    const rel = await buildDist('embed-dist/strip-reader');
    const base = `${server.origin}/${rel}/`;
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 1000 });
    const log = await watch(page, server.origin);
    await page.goto(`${base}www/examples/embed.html`);
    await Promise.all([ready(page, 'reader-en'), ready(page, 'reader-es')]);
    await page.locator('#reader-es [data-example="positive"]').click();
    await settled(page, 'reader-es');
    assert.equal((await shown(page, 'reader-es')).headline, es['result.positive.fentanyl']);
    for (const url of log.requests) assert.ok(url.startsWith(base), `everything comes from the folder: ${url}`);
    assert.ok(log.requests.some((u) => u.endsWith('/www/pkg/strip_reader_wasm_bg.wasm')));

    // The iframe embed: configured by its URL, posting results to the page that asked.
    await page.goto(`${base}www/examples/embed-iframe.html`);
    const frame = page.frameLocator('#reader-frame');
    await frame.locator('#app[data-state="ready"]').waitFor({ timeout: 30_000 });
    await frame.locator('[data-example="negative"]').click();
    await frame.locator('#app[data-state="result"]').waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('#verdict-headline').textContent(), fr['result.negative.fentanyl']);
    await page.waitForSelector('#frame-log li[data-type="strip-reader:result"]', { timeout: 10_000 });
    assert.equal(await page.getAttribute('#frame-log li[data-type="strip-reader:result"]', 'data-result'), 'negative');
    const accent = await frame.locator('#live-camera').evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(accent, 'rgb(91, 42, 134)', 'colours from the URL');
    await page.screenshot({ path: join(SHOTS, 'embed-iframe-1280.png') });
    for (const url of log.requests) assert.ok(url.startsWith(base), `everything comes from the folder: ${url}`);
    await page.close();
    assertPrivate(assert, log, server.origin);
  });
});
