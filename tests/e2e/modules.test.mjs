// Node-only checks of the modules added for the widget and the phone app: the four catalogs
// (same keys, every string translated, same placeholders, never "safe" for a negative), the
// timer's phases, the live-camera advice, local resources, and the packaged folder's precache
// list and version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';
import { Catalog, LANGUAGES, LANGUAGE_NAMES, pickLanguage } from '../../www/i18n.js';
import { timerState, clock, readWindow, DIP_SECONDS } from '../../www/timer.js';
import { frameAdvice, STEADY_FRAMES } from '../../www/camera.js';
import { normalizeResources, resolveResources, telHref, safeUrl, localized, defaultResources } from '../../www/resources.js';
import { guidance, describeReading } from '../../www/present.js';

const load = (lang) => JSON.parse(readFileSync(join(ROOT, `www/i18n/${lang}.json`), 'utf8'));
const catalogs = Object.fromEntries(LANGUAGES.map((l) => [l, load(l)]));
const en = catalogs.en;
// Values that may be the same in every language: codes, names, single letters, placeholders.
const SAME_ALLOWED = (key) => ['meta.dir', 'app.version', 'overlay.control', 'overlay.test', 'error.detail'].includes(key) || key.startsWith('drug.') || key.startsWith('format.');
const placeholders = (v) => [...(Array.isArray(v) ? v.join('\n') : v).matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]).sort();

test('four languages ship, each named in its own words', () => {
  assert.deepEqual(LANGUAGES, ['en', 'es', 'fr', 'pt']);
  for (const lang of LANGUAGES) assert.equal(catalogs[lang]['meta.language'], LANGUAGE_NAMES[lang]);
  assert.equal(pickLanguage(['es-MX', 'en']), 'es');
  assert.equal(pickLanguage(['fr-CA']), 'fr');
  assert.equal(pickLanguage(['pt-BR']), 'pt');
});

test('the catalogs have the same keys, and no non-English value is left in English', () => {
  const keys = Object.keys(en).sort();
  assert.ok(keys.length > 150, `${keys.length} keys`);
  for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
    const c = catalogs[lang];
    assert.deepEqual(Object.keys(c).sort(), keys, `${lang}.json has exactly en.json's keys`);
    const untranslated = [];
    for (const key of keys) {
      const a = en[key];
      const b = c[key];
      assert.equal(Array.isArray(b), Array.isArray(a), `${lang} ${key}: list or string as in English`);
      if (Array.isArray(a)) {
        assert.equal(b.length, a.length, `${lang} ${key}: as many items as English`);
        a.forEach((item, i) => {
          if (item === b[i]) untranslated.push(`${key}[${i}]`);
        });
      } else if (a === b && !SAME_ALLOWED(key)) {
        untranslated.push(key);
      }
      assert.deepEqual(placeholders(b), placeholders(a), `${lang} ${key}: the same {placeholders}`);
      for (const s of Array.isArray(b) ? b : [b]) assert.ok(typeof s === 'string' && s.trim().length > 0, `${lang} ${key}: not empty`);
    }
    assert.deepEqual(untranslated, [], `${lang}: left in English`);
  }
});

test('a negative is never called safe, in any language', () => {
  const SAFE = { en: /\bsafe\b/i, es: /\bseguro|sin riesgo/i, fr: /\bsûr|sans danger|sans risque/i, pt: /\bseguro|sem risco/i };
  for (const lang of LANGUAGES) {
    const c = catalogs[lang];
    for (const key of ['result.negative', 'result.negative.fentanyl', 'key.competitive.negative', 'explain.competitive']) {
      assert.ok(!SAFE[lang].test(c[key]), `${lang} ${key}: ${c[key]}`);
    }
    for (const key of Object.keys(c).filter((k) => /^guidance\..*\.negative$/.test(k))) {
      const text = c[key].join(' ');
      // The only allowed mention is the English "not a guarantee that it is safe".
      assert.ok(!SAFE[lang].test(text.replace('not a guarantee that it is safe', '')), `${lang} ${key}`);
      assert.ok(/guarantee|garantía|garantie|garantia/i.test(text), `${lang} ${key} says it is no guarantee`);
    }
  }
});

test('the harm-reduction basics are in every language', () => {
  const words = {
    en: ['naloxone', "don't use alone", 'smaller amount'],
    es: ['naloxona', 'no consumas solo', 'menos cantidad'],
    fr: ['naloxone', 'ne consommez pas seul', 'plus petite'],
    pt: ['naloxona', 'não use sozinho', 'quantidade bem menor'],
  };
  for (const lang of LANGUAGES) {
    const text = catalogs[lang]['guidance.fentanyl.positive'].join(' ').toLowerCase();
    for (const w of words[lang]) assert.ok(text.includes(w), `${lang}: ${w}`);
    assert.match(catalogs[lang]['steps.water.fentanyl'], /½/);
    assert.match(catalogs[lang]['steps.water.fentanyl'], /MDMA/);
    assert.match(catalogs[lang]['steps.dip'], /15/);
  }
});

test('naloxone words follow the drug: opioids, and the drugs it does not reverse', () => {
  const c = new Catalog('en', en);
  const fent = guidance('positive', { drug: 'fentanyl', guidance: { positive: 'fentanyl.positive' } }, c);
  assert.deepEqual(fent.extra, [en['guidance.common.naloxone']]);
  const xyl = guidance('positive', { drug: 'xylazine', guidance: {} }, c);
  assert.deepEqual(xyl.items, en['guidance.xylazine.positive']);
  assert.deepEqual(xyl.extra, [en['guidance.common.naloxone_non_opioid']]);
  const neg = guidance('negative', { drug: 'medetomidine', guidance: {} }, c);
  assert.deepEqual(neg.items, en['guidance.medetomidine.negative']);
  const other = describeReading({ model: 'x', result: 'positive', reason: null, strips: [] }, { drug: 'something-new' }, c);
  assert.deepEqual(other.guidance.items, en['guidance.drug.positive']);
});

test('timer: dip 15 s, then wait, read between the model\'s minutes, then late', () => {
  const w = readWindow({ read_window_minutes: { earliest: 5, latest: 10 } });
  assert.deepEqual(w, { earliest: 5, latest: 10 });
  assert.deepEqual(readWindow(null), { earliest: 5, latest: 10 });
  assert.deepEqual(readWindow({ read_window_minutes: { earliest: 3, latest: 8 } }), { earliest: 3, latest: 8 });
  const at = (s) => timerState(0, s * 1000, w);
  assert.equal(DIP_SECONDS, 15);
  assert.equal(at(0).phase, 'dip');
  assert.equal(at(0).remaining, 15_000);
  assert.equal(at(14.9).phase, 'dip');
  assert.equal(at(15).phase, 'wait');
  assert.equal(at(15).remaining, 300_000);
  assert.equal(at(15 + 299).phase, 'wait');
  assert.equal(at(15 + 300).phase, 'read');
  assert.equal(at(15 + 300).remaining, 300_000);
  assert.equal(at(15 + 599).phase, 'read');
  assert.equal(at(15 + 600).phase, 'late');
  assert.equal(at(15 + 600).remaining, null);
  assert.equal(at(15 + 720).minutes, 12);
  assert.equal(clock(300_000), '5:00');
  assert.equal(clock(299_100), '5:00');
  assert.equal(clock(59_000), '0:59');
  assert.equal(clock(0), '0:00');
});

test('live camera advice from the frame check', () => {
  const r = (result, reason = null) => ({ result, reason });
  assert.equal(frameAdvice(r('retake', 'strip_not_found')), 'find');
  assert.equal(frameAdvice(r('retake', 'strip_too_small')), 'closer');
  assert.equal(frameAdvice(r('retake', 'too_dark')), 'dark');
  assert.equal(frameAdvice(r('retake', 'too_bright')), 'glare');
  assert.equal(frameAdvice(r('retake', 'blurry')), 'still');
  assert.equal(frameAdvice(r('retake', 'uncertain_test_line')), 'steady');
  assert.equal(frameAdvice(r('multiple', 'strip_needs_retake')), 'steady');
  for (const ok of ['positive', 'negative', 'invalid', 'multiple']) assert.equal(frameAdvice(r(ok)), 'good');
  assert.equal(frameAdvice(null), 'find');
  assert.ok(STEADY_FRAMES >= 2, 'a capture needs the strip held still over more than one frame');
  for (const lang of LANGUAGES) {
    for (const a of ['starting', 'find', 'closer', 'dark', 'glare', 'still', 'steady', 'good']) assert.ok(catalogs[lang][`camera.advice.${a}`], `${lang} ${a}`);
  }
});

test('resources: JSON or objects, per-language text, only safe links', () => {
  assert.deepEqual(normalizeResources('not json'), []);
  assert.deepEqual(normalizeResources(''), []);
  assert.deepEqual(normalizeResources({ nope: 1 }), []);
  const items = normalizeResources('[{"name":"Line","phone":"+1 (555) 010-0"},{"name":{"en":"Site","es":"Sitio"},"url":"https://example.org/x/"},{"name":"Bad","url":"javascript:alert(1)"},{"nothing":true},{"text":"Just words"}]');
  assert.equal(items.length, 4);
  assert.equal(items[0].kind, 'phone');
  assert.equal(items[1].kind, 'url');
  const es = resolveResources(items, 'es-MX');
  assert.equal(es[0].tel, 'tel:+15550100');
  assert.equal(es[1].name, 'Sitio');
  assert.equal(es[1].url, 'https://example.org/x/');
  assert.equal(es[1].urlText, 'example.org/x');
  assert.equal(es[2].url, null, 'javascript: links are not made clickable');
  assert.equal(es[3].text, 'Just words');
  assert.equal(telHref('call me'), null);
  assert.equal(safeUrl('ftp://x'), null);
  assert.equal(localized({ fr: 'Bonjour' }, 'pt'), 'Bonjour');
  assert.equal(normalizeResources(new Array(40).fill({ name: 'x' })).length, 20);
  for (const lang of LANGUAGES) {
    const c = new Catalog(lang, catalogs[lang]);
    const d = resolveResources(defaultResources(c), lang);
    assert.deepEqual(d.map((x) => x.tel), ['tel:18004843731', 'tel:18886886677']);
  }
});

test('the packaged folder: everything the app loads is precached, under a content-hash version', () => {
  if (!existsSync(join(ROOT, 'www/pkg/strip_reader_wasm_bg.wasm'))) return;
  const out = join(ROOT, 'tests/out/modules-dist/strip-reader');
  const build = () => execFileSync(process.execPath, [join(ROOT, 'www/tools/build-dist.mjs'), out], { encoding: 'utf8' });
  build();
  const sw = readFileSync(join(out, 'sw.js'), 'utf8');
  const manifest = JSON.parse(sw.match(/self\.STRIP_READER_PRECACHE = (\{[\s\S]*?\});\n/)[1]);
  assert.match(manifest.version, /^[0-9a-f]{16}$/);
  for (const f of ['./', 'index.html', 'www/strip-reader.js', 'www/app.js', 'www/worker.js', 'www/reader.js', 'www/strip-reader.css', 'www/app.css', 'www/page.js', 'www/frame.html', 'www/manifest.webmanifest', 'www/pkg/strip_reader_wasm.js', 'www/pkg/strip_reader_wasm_bg.wasm', 'www/examples/generated/negative.jpg', 'www/icons/icon-192.png', ...LANGUAGES.map((l) => `www/i18n/${l}.json`)]) {
    assert.ok(manifest.files.includes(f), `precached: ${f}`);
  }
  for (const f of manifest.files) assert.ok(f === './' || existsSync(join(out, f)), `exists: ${f}`);
  assert.ok(!manifest.files.some((f) => f.includes('tools/') || f.endsWith('.md')), 'no tools or docs in the precache');
  assert.match(readFileSync(join(out, 'index.html'), 'utf8'), /<meta name="strip-reader-offline" content="sw.js">/);
  assert.match(readFileSync(join(out, 'www/frame.html'), 'utf8'), /<meta name="strip-reader-offline" content="..\/sw.js">/);
  assert.doesNotMatch(readFileSync(join(ROOT, 'index.html'), 'utf8'), /content="sw.js"/, 'the repository page registers no service worker');
  const pkg = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'));
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.main, './www/strip-reader.js');
  // Same content, same version: rebuilding changes nothing.
  build();
  assert.equal(readFileSync(join(out, 'sw.js'), 'utf8'), sw);
  rmSync(join(ROOT, 'tests/out/modules-dist'), { recursive: true, force: true });
});
