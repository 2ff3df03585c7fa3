// Shared pieces for the browser tests and the Chromium benchmark: a static server for the repo
// root (python3 -m http.server on 127.0.0.1), and headless Chromium from /usr/bin/chromium driven
// by playwright-core (no browser download, ever).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const PKG = ['www/pkg/strip_reader_wasm.js', 'www/pkg/strip_reader_wasm_bg.wasm'];
export const EXAMPLES = ['positive', 'negative', 'invalid'].map((n) => `www/examples/generated/${n}.jpg`);

/** Throws with the command to run when a build product the page needs is missing. */
export function requireBuilt({ examples = true } = {}) {
  const missing = PKG.filter((p) => !existsSync(join(ROOT, p)));
  if (missing.length) {
    throw new Error(`missing ${missing.join(', ')}: run \`make build\` (or \`make wasm\`) in ${ROOT} first`);
  }
  if (examples) {
    const gone = EXAMPLES.filter((p) => !existsSync(join(ROOT, p)));
    if (gone.length) throw new Error(`missing ${gone.join(', ')}: run \`make examples\` (or \`make build\`) first`);
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: run \`make setup-test\` (apt-get install chromium) or set CHROMIUM`);
  }
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/** Serves the repo root; resolves to {origin, stop()}. */
export async function startServer() {
  const port = await freePort();
  const child = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', ROOT], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`http.server exited (${child.exitCode}): ${stderr}`);
    try {
      const r = await fetch(`${origin}/index.html`, { method: 'HEAD' });
      if (r.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`http.server did not start on ${origin}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    origin,
    stop() {
      return new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 3000).unref();
      });
    },
  };
}

/**
 * Headless Chromium with a fresh profile; resolves to {context, close()}. `extraArgs` are added
 * to the usual flags (fake camera, …); `prefs` are written into the profile's Preferences before
 * launch (e.g. {webkit: {webprefs: {default_font_size: 32}}} for a 200 % text size).
 */
export async function launchChromium({ extraArgs = [], prefs = null, ...options } = {}) {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'strip-reader-chromium-'));
  if (prefs) {
    mkdirSync(join(profile, 'Default'), { recursive: true });
    writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify(prefs));
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 1,
    ...options,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Records every request a page (or a whole context, service worker and workers included) makes,
 * and blocks any to another origin. Resolves to a log {requests, foreign, errors}; check it with
 * assertPrivate.
 */
export async function watch(target, origin, { block = true } = {}) {
  const log = { requests: [], foreign: [], errors: [] };
  target.on('request', (r) => {
    const url = r.url();
    log.requests.push(url);
    const u = new URL(url);
    if (u.origin !== origin && u.protocol !== 'data:' && u.protocol !== 'blob:') log.foreign.push(url);
  });
  const pages = typeof target.pages === 'function' ? target.pages() : [target];
  const onPage = (page) => {
    page.on('console', (m) => {
      if (m.type() === 'error') log.errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
    page.on('worker', (worker) => {
      worker.on('console', (m) => {
        if (m.type() === 'error') log.errors.push(`worker console: ${m.text()}`);
      });
    });
  };
  pages.forEach(onPage);
  if (typeof target.pages === 'function') target.on('page', onPage);
  if (block) {
    await target.route('**/*', (route) => {
      const u = new URL(route.request().url());
      if (u.origin === origin) return route.continue();
      return route.abort('blockedbyclient');
    });
  }
  return log;
}

/** Nothing went wrong and nothing left the origin. */
export function assertPrivate(assert, log, origin) {
  assert.deepEqual(log.errors, [], 'no console or page errors');
  assert.deepEqual(log.foreign, [], 'no request to another origin');
  for (const url of log.requests) {
    const u = new URL(url);
    assert.ok(u.origin === origin || u.protocol === 'data:' || u.protocol === 'blob:', `request stays on the page's origin: ${url}`);
  }
}

/** Builds the distributable folder (www/tools/build-dist.mjs) under tests/out; returns its path from ROOT. */
export async function buildDist(name = 'dist/strip-reader') {
  const { execFileSync } = await import('node:child_process');
  const rel = `tests/out/${name}`;
  execFileSync(process.execPath, [join(ROOT, 'www/tools/build-dist.mjs'), join(ROOT, rel)], { stdio: 'pipe' });
  return rel;
}
