// Node-only checks of the page's pure modules and of the English catalog: every code the core can
// return has words, every key the page uses exists, and the geometry puts C and T where the
// reading says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';
import { Catalog, format, pickLanguage } from '../../www/i18n.js';
import { describeReading, headline, lineText, guidanceResult, RESULTS, REASONS, LINE_STATES, ORIENTATIONS } from '../../www/present.js';
import { axisPoint, crossSegment, polygon, sides, viewRect, markPosition } from '../../www/overlay.js';
import { targetSize, MAX_PIXELS } from '../../www/image.js';

const en = JSON.parse(readFileSync(join(ROOT, 'www/i18n/en.json'), 'utf8'));
const catalog = new Catalog('en', en);
const model = {
  id: 'fentanyl-dipstick',
  drug: 'fentanyl',
  assay: 'competitive',
  geometry: { test: 0.33, control: 0.67 },
  guidance: { positive: 'fentanyl.positive', negative: 'fentanyl.negative', invalid: 'common.invalid' },
};

test('the catalog has words for every result, reason, line state and orientation', () => {
  for (const r of ['invalid', 'retake', 'multiple']) assert.ok(catalog.has(`result.${r}`), r);
  for (const r of ['positive', 'negative']) assert.ok(catalog.has(`result.${r}.fentanyl`) && catalog.has(`result.${r}`), r);
  for (const r of REASONS) assert.ok(catalog.has(`reason.${r}`), r);
  for (const s of [...LINE_STATES, 'unread']) assert.ok(catalog.has(`lines.state.${s}`), s);
  for (const o of ORIENTATIONS) assert.ok(catalog.has(`lines.orientation.${o}`), o);
  for (const k of Object.values(model.guidance)) assert.ok(Array.isArray(en[`guidance.${k}`]), k);
  assert.deepEqual(RESULTS, ['positive', 'negative', 'invalid', 'retake', 'multiple']);
});

test('the exact headlines the page shows', () => {
  assert.equal(headline('positive', 'fentanyl', catalog), 'Fentanyl detected (positive)');
  assert.equal(headline('negative', 'fentanyl', catalog), 'Fentanyl not detected (negative)');
  assert.equal(headline('invalid', 'fentanyl', catalog), 'Invalid: use a new strip');
  assert.equal(headline('retake', 'fentanyl', catalog), 'Retake the photo');
  assert.equal(headline('positive', 'xylazine', catalog), 'Xylazine detected (positive)');
  assert.equal(headline('negative', 'something-new', catalog), 'The drug not detected (negative)');
});

test('guidance says the harm-reduction basics, and never calls a negative safe', () => {
  const pos = en['guidance.fentanyl.positive'].join(' ');
  for (const word of ["don't use alone", 'naloxone', 'smaller amount', 'go slow', 'safest']) assert.ok(pos.toLowerCase().includes(word), word);
  const neg = en['guidance.fentanyl.negative'].join(' ').toLowerCase();
  assert.ok(neg.includes('not a guarantee'));
  assert.ok(en['guidance.common.invalid'].join(' ').toLowerCase().includes('new strip'));
  assert.equal(en['app.disclaimer'], 'This is a reading aid, not a medical device or a lab result.');
  for (const [key, value] of Object.entries(en)) {
    const text = (Array.isArray(value) ? value.join(' ') : value).toLowerCase();
    if (key.startsWith('result.negative') || key.startsWith('guidance.') && key.endsWith('negative')) {
      assert.ok(!/\bis safe\b|\bsafe to use\b/.test(text.replace('not a guarantee that it is safe', '')), `${key} must not call a negative safe`);
    }
  }
});

test('every catalog key used by index.html and the page modules exists', () => {
  const html = readFileSync(join(ROOT, 'index.html'), 'utf8');
  const used = new Set();
  for (const m of html.matchAll(/data-i18n="([^"]+)"/g)) used.add(m[1]);
  for (const m of html.matchAll(/data-i18n-attr="([^"]+)"/g)) for (const pair of m[1].split(/\s+/)) used.add(pair.split(':')[1]);
  for (const file of readdirSync(join(ROOT, 'www')).filter((f) => f.endsWith('.js'))) {
    const src = readFileSync(join(ROOT, 'www', file), 'utf8');
    for (const m of src.matchAll(/\bt\('([a-z_.-]+)'/g)) used.add(m[1]);
    const code = src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '');
    for (const m of code.matchAll(/data-i18n="([^"]+)"/g)) used.add(m[1]);
    for (const m of code.matchAll(/data-i18n-attr="([^"]+)"/g)) for (const pair of m[1].split(/\s+/)) used.add(pair.split(':')[1]);
  }
  assert.ok(used.size > 20, `found ${used.size} keys`);
  const missing = [...used].filter((k) => !catalog.has(k));
  assert.deepEqual(missing, []);
});

test('no user-facing English is hard-coded in the page modules', () => {
  for (const file of ['app.js', 'present.js', 'overlay.js', 'template.js', 'camera.js', 'timer.js', 'resources.js', 'strip-reader.js', 'page.js']) {
    const code = readFileSync(join(ROOT, 'www', file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|\s)\/\/.*$/gm, '');
    for (const phrase of ['detected', 'Retake', 'Invalid', 'Naloxone', 'Control line', 'Test line', 'photo could']) {
      assert.ok(!code.includes(phrase), `${file} contains ${phrase}`);
    }
  }
});

test('format, fallbacks and language choice', () => {
  assert.equal(format('{a} and {b}', { a: 1 }), '1 and {b}');
  const fr = new Catalog('fr', { 'result.retake': 'Reprenez la photo' }, catalog);
  assert.equal(fr.t('result.retake'), 'Reprenez la photo');
  assert.equal(fr.t('result.invalid'), 'Invalid: use a new strip');
  assert.equal(fr.t('no.such.key'), 'no.such.key');
  assert.equal(pickLanguage(['pt-BR', 'en-US'], ['en']), 'en');
  assert.equal(pickLanguage(['pt-BR', 'en-US']), 'pt');
  assert.equal(pickLanguage(['de-DE', 'fr-CA']), 'fr');
  assert.equal(pickLanguage(['de-DE']), 'en');
  assert.equal(pickLanguage(['es-MX'], ['en', 'es']), 'es');
  assert.equal(pickLanguage([]), 'en');
});

const negativeReading = {
  model: 'fentanyl-dipstick',
  result: 'negative',
  reason: null,
  strips: [{
    result: 'negative',
    reason: null,
    box: [[0, 100], [10, 100], [10, 0], [0, 0]],
    window: [[0, 80], [10, 80], [10, 20], [0, 20]],
    control: { present: true, state: 'present', strength: 0.45, snr: 100, position: 0.69 },
    test: { present: true, state: 'present', strength: 0.04, snr: 9, position: 0.34 },
    lines: [],
    orientation: 'handle',
  }],
  quality: {},
  ms: 12.4,
};

test('describeReading: a faint test line is still a negative, in words', () => {
  const d = describeReading(negativeReading, model, catalog);
  assert.equal(d.result, 'negative');
  assert.equal(d.headline, 'Fentanyl not detected (negative)');
  assert.equal(d.strips[0].control.text, 'seen, strong (contrast 45 %)');
  assert.equal(d.strips[0].test.text, 'seen, very faint (contrast 4 %)');
  assert.equal(d.explain, en['explain.competitive']);
  assert.deepEqual(d.guidance.items, en['guidance.fentanyl.negative']);
  assert.equal(d.timing, 'Read took 12 ms.');
  assert.equal(lineText(null, catalog), 'not read');
  assert.equal(lineText({ state: 'uncertain', strength: 0.031 }, catalog), 'unclear (contrast 3 %)');
});

test('describeReading: retake and invalid carry the reason advice; several strips follow the most cautious', () => {
  const retake = describeReading({ model: 'fentanyl-dipstick', result: 'retake', reason: 'too_dark', strips: [], quality: {} }, model, catalog);
  assert.equal(retake.headline, 'Retake the photo');
  assert.equal(retake.reason, en['reason.too_dark']);
  assert.deepEqual(retake.guidance.items, en['guidance.common.retake']);
  const invalid = describeReading({ ...negativeReading, result: 'invalid', reason: 'no_control' }, model, catalog);
  assert.equal(invalid.reason, en['reason.no_control']);
  assert.deepEqual(invalid.guidance.items, en['guidance.common.invalid']);
  const several = { ...negativeReading, result: 'multiple', reason: null, strips: [negativeReading.strips[0], { ...negativeReading.strips[0], result: 'positive' }] };
  assert.equal(guidanceResult(several), 'positive');
  const d = describeReading(several, model, catalog);
  assert.equal(d.headline, en['result.multiple']);
  assert.equal(d.strips[1].label, 'Strip 2');
  assert.equal(d.strips[1].headline, 'Fentanyl detected (positive)');
});

test('overlay geometry: C and T between the two ends of the window, in either corner order', () => {
  const win = [[0, 80], [10, 80], [10, 20], [0, 20]]; // polygon order, sample end at the bottom
  assert.deepEqual(axisPoint(win, 0), [5, 80]);
  assert.deepEqual(axisPoint(win, 1), [5, 20]);
  assert.deepEqual(axisPoint(win, 0.5), [5, 50]);
  assert.deepEqual(crossSegment(win, 0.5), [[0, 50], [10, 50]]);
  const paired = [[0, 80], [10, 80], [0, 20], [10, 20]]; // far end listed in the same order
  assert.deepEqual(sides(paired), [[[0, 80], [0, 20]], [[10, 80], [10, 20]]]);
  assert.deepEqual(crossSegment(paired, 0.25), [[0, 65], [10, 65]]);
  assert.deepEqual(polygon(paired), [[0, 80], [10, 80], [10, 20], [0, 20]]);
  assert.equal(markPosition({ position: 0.3 }, 0.33), 0.3);
  assert.equal(markPosition({ position: null }, 0.33), 0.33);
  assert.equal(markPosition(null, undefined), null);
});

test('overlay view: the strip with room around it, inside the photo; the whole photo without a strip', () => {
  assert.deepEqual(viewRect({ strips: [] }, 1200, 1600), { x: 0, y: 0, w: 1200, h: 1600 });
  const v = viewRect({ strips: [{ box: [[564, 1074], [630, 1074], [630, 324], [564, 324]] }] }, 1200, 1600);
  assert.ok(v.x >= 0 && v.y >= 0 && v.x + v.w <= 1200 && v.y + v.h <= 1600, JSON.stringify(v));
  assert.ok(v.x < 564 && v.x + v.w > 630 && v.y < 324 && v.y + v.h > 1074, JSON.stringify(v));
  assert.ok(v.h / v.w <= 2.6, `not a thin slice: ${JSON.stringify(v)}`);
  const edge = viewRect({ strips: [{ box: [[0, 10], [30, 10], [30, 500], [0, 500]] }] }, 600, 520);
  assert.ok(edge.x === 0 && edge.y >= 0 && edge.y + edge.h <= 520, JSON.stringify(edge));
});

test('photos over 24 MP are scaled down, smaller ones sent as they are', () => {
  assert.deepEqual(targetSize(4000, 3000), { width: 4000, height: 3000, scale: 1 });
  const big = targetSize(8000, 6000);
  assert.ok(big.width * big.height <= MAX_PIXELS, JSON.stringify(big));
  assert.ok(big.width * big.height > MAX_PIXELS * 0.99, JSON.stringify(big));
  assert.ok(Math.abs(big.width / big.height - 4 / 3) < 0.01);
});
