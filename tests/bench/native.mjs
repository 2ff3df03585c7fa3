// The native build's column in the wasm benchmarks: builds the criterion bench binary
// (tests/benches/read.rs) once and runs its `--raw` mode on the same pixels the wasm read.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Finds (building if needed) the native bench binary; null with a reason when it cannot. */
export function nativeBench(root) {
  const build = spawnSync('cargo', ['bench', '-q', '-p', 'strip-reader-tests', '--bench', 'read', '--no-run', '--message-format=json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (build.status !== 0) return { why: `cargo bench --no-run failed: ${(build.stderr || '').trim().split('\n').slice(-3).join(' ')}` };
  let exe = null;
  for (const line of build.stdout.split('\n')) {
    try {
      const m = JSON.parse(line);
      if (m.reason === 'compiler-artifact' && m.target && m.target.name === 'read' && m.executable) exe = m.executable;
    } catch {
      // not JSON
    }
  }
  if (!exe) return { why: 'no bench executable in cargo output' };
  const dir = join(root, 'tests/out/bench');
  mkdirSync(dir, { recursive: true });
  return {
    exe,
    /** Median (etc.) ms of `analyze` natively on these pixels; `scalar` forces the scalar kernels. */
    run(rgba, width, height, runs, { scalar = false, frame = false } = {}) {
      const file = join(dir, `${width}x${height}.rgba`);
      writeFileSync(file, rgba);
      const args = ['--raw', file, String(width), String(height), String(runs), ...(scalar ? ['--scalar'] : []), ...(frame ? ['--frame'] : [])];
      const r = spawnSync(exe, args, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`native bench: ${r.stderr}`);
      return JSON.parse(r.stdout.trim().split('\n').pop());
    },
  };
}
