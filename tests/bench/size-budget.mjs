#!/usr/bin/env node
// The shipped .wasm files against their size budgets (tests/bench/size-budget.json: gzip -9
// bytes, as a server would send them). Exits 1 when one is over budget, 2 when one is missing.
//   node tests/bench/size-budget.mjs [--json]       (run by `make wasm`)
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const budgets = JSON.parse(readFileSync(join(ROOT, 'tests/bench/size-budget.json'), 'utf8'));
const rows = [];
let code = 0;
for (const [file, budget] of Object.entries(budgets)) {
  if (file === 'about') continue;
  const path = join(ROOT, file);
  if (!existsSync(path)) {
    rows.push({ file, budget, raw: null, gzip: null, ok: false, why: 'missing: run `make wasm`' });
    code = Math.max(code, 2);
    continue;
  }
  const bytes = readFileSync(path);
  const gzip = gzipSync(bytes, { level: 9 }).length;
  const ok = gzip <= budget;
  if (!ok) code = Math.max(code, 1);
  rows.push({ file, budget, raw: bytes.length, gzip, ok });
}
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  const kb = (b) => (b === null ? '-' : `${(b / 1024).toFixed(1)} KB`);
  for (const r of rows) {
    const used = r.gzip === null ? '' : ` (${Math.round((100 * r.gzip) / r.budget)}% of budget)`;
    console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.file}: ${kb(r.raw)} raw, ${kb(r.gzip)} gzipped, budget ${kb(r.budget)}${used}${r.why ? `: ${r.why}` : ''}`);
  }
  if (code === 1) console.log('size-budget: over budget; shrink it, or raise tests/bench/size-budget.json on purpose');
}
process.exit(code);
