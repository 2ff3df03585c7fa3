// Shared pieces for the browser tests and the Chromium benchmark: a static server for the repo
// root (python3 -m http.server on 127.0.0.1), and headless Chromium from /usr/bin/chromium driven
// by playwright-core (no browser download, ever).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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

/** Headless Chromium with a fresh profile; resolves to {context, close()}. */
export async function launchChromium(options = {}) {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'strip-reader-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
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
