// Supply chain, page side: the page loads nothing from third parties. A static check of
// index.html and everything under www/ (the wasm glue included; www/examples/embed* are
// samples for *other* sites that embed the reader, and are left out):
// - index.html carries a Content-Security-Policy whose every source is 'self' (or blob:/data:,
//   'none', 'wasm-unsafe-eval'): the browser itself then refuses any third-party load;
// - no HTML element that loads something (script, link, img, iframe, source, ...) points at
//   another origin; no JS import/fetch/Worker/importScripts/new URL of an absolute URL; no CSS
//   url()/@import of one.
// Run: node --test tests/node/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const EXTERNAL = /^\s*(?:[a-z][a-z0-9+.-]*:)?\/\/(?!(?:127\.0\.0\.1|localhost)(?:[:/]|$))/i;

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (p !== join(ROOT, 'www/examples/generated')) walk(p, out);
    } else if (/\.(html|m?js|css|json|webmanifest|svg)$/.test(name) && !/^embed/.test(name)) {
      out.push(p);
    }
  }
  return out;
}

function loadsIn(file, text) {
  const found = [];
  const add = (kind, url) => found.push({ kind, url });
  if (/\.(html|svg)$/.test(file)) {
    for (const m of text.matchAll(/<(script|link|img|iframe|frame|source|audio|video|track|embed|object|image|use|input)\b[^>]*?\s(src|href|xlink:href|data|srcset|poster)\s*=\s*(["'])(.*?)\3/gis)) {
      if (m[1].toLowerCase() === 'link' && /rel\s*=\s*["']?(?:canonical|alternate|author|license|help)/i.test(m[0])) continue;
      for (const u of m[4].split(',')) add(`<${m[1]} ${m[2]}>`, u.trim().split(/\s+/)[0]);
    }
    for (const m of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) found.push(...loadsIn('inline.js', m[1]));
    for (const m of text.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) found.push(...loadsIn('inline.css', m[1]));
  }
  if (/\.m?js$/.test(file)) {
    const patterns = [
      /\bimport\s*(?:[\w*{}\s,]+\s*from\s*)?(["'`])(.*?)\1/g,
      /\bimport\s*\(\s*(["'`])(.*?)\1/g,
      /\bfetch\s*\(\s*(["'`])(.*?)\1/g,
      /\bnew\s+(?:Shared)?Worker\s*\(\s*(["'`])(.*?)\1/g,
      /\bimportScripts\s*\(\s*(["'`])(.*?)\1/g,
      /\bnew\s+URL\s*\(\s*(["'`])(.*?)\1/g,
      /\bnew\s+(?:WebSocket|EventSource)\s*\(\s*(["'`])(.*?)\1/g,
      /\bsendBeacon\s*\(\s*(["'`])(.*?)\1/g,
      /\.src\s*=\s*(["'`])(.*?)\1/g,
    ];
    for (const re of patterns) for (const m of text.matchAll(re)) add('js', m[2]);
  }
  if (/\.css$/.test(file)) {
    for (const m of text.matchAll(/url\(\s*(["']?)(.*?)\1\s*\)/g)) add('css url()', m[2]);
    for (const m of text.matchAll(/@import\s+(["'])(.*?)\1/g)) add('css @import', m[2]);
  }
  if (/\.(json|webmanifest)$/.test(file)) {
    for (const m of text.matchAll(/"(?:src|start_url|scope|url)"\s*:\s*"(.*?)"/g)) add('manifest', m[1]);
  }
  return found;
}

test('the page declares a same-origin Content-Security-Policy', () => {
  const html = readFileSync(join(ROOT, 'index.html'), 'utf8');
  const m = html.match(/<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=(["'])(.*?)\1/i);
  assert.ok(m, 'index.html has no Content-Security-Policy meta tag');
  const allowed = new Set(["'self'", "'none'", "'wasm-unsafe-eval'", 'blob:', 'data:']);
  const bad = [];
  for (const directive of m[2].split(';').map((d) => d.trim()).filter(Boolean)) {
    const [name, ...sources] = directive.split(/\s+/);
    for (const s of sources) if (!allowed.has(s)) bad.push(`${name} ${s}`);
  }
  assert.deepEqual(bad, [], 'CSP sources other than the page itself');
  assert.match(m[2], /default-src 'self'/);
});

test('nothing in the page loads from another origin', () => {
  const files = [join(ROOT, 'index.html'), ...walk(join(ROOT, 'www'))].filter(existsSync);
  assert.ok(files.length > 5, 'expected index.html and www/');
  const bad = [];
  for (const f of files) {
    for (const { kind, url } of loadsIn(f, readFileSync(f, 'utf8'))) {
      if (EXTERNAL.test(url)) bad.push(`${relative(ROOT, f)}: ${kind} ${url}`);
    }
  }
  assert.deepEqual(bad, [], bad.join('\n'));
});

test('the checker itself sees external loads', () => {
  const html = '<script src="https://cdn.example.com/x.js"></script><img src="//img.example.net/a.png"><link rel="stylesheet" href="http://fonts.example/css">';
  assert.equal(loadsIn('a.html', html).filter((l) => EXTERNAL.test(l.url)).length, 3);
  assert.equal(loadsIn('a.js', "import x from 'https://esm.example/x.js'; fetch(`https://api.example/v1`); new Worker('worker.js')").filter((l) => EXTERNAL.test(l.url)).length, 2);
  assert.equal(loadsIn('a.css', "@import 'https://fonts.example/a.css'; body { background: url(/www/a.png) }").filter((l) => EXTERNAL.test(l.url)).length, 1);
  assert.equal(loadsIn('a.js', "fetch('http://127.0.0.1:8000/x')").filter((l) => EXTERNAL.test(l.url)).length, 0);
});
