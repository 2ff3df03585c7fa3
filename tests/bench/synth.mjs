// Deterministic benchmark photos drawn in plain JS (Node and browsers alike): a light dipstick
// with a reddish test and control line and a blue handle label, lying across a dark, slightly
// noisy background. Only for timing: the real test photos come from crate/synth.
// Also the statistics and the plain-text tables every benchmark here prints.

export const SIZES = [
  { name: '12 MP', width: 4000, height: 3000 },
  { name: '3 MP', width: 2000, height: 1500 },
  { name: '720p', width: 1280, height: 720 },
  // The live camera's frame check: the worker draws each 1280x720 frame at 640 px wide
  // (www/camera.js) and checks that (wasm `check_frame`: strips searched for at 360 px), so
  // this row is the wasm's share of one frame check. `frame: true` rows time check_frame.
  { name: 'frame', width: 640, height: 360, frame: true },
];

/** The sizes named in a comma list (`12MP,720p`, spaces ignored); all when empty. */
export function pickSizes(list) {
  if (!list) return SIZES;
  const want = list.split(',').map((s) => s.replace(/\s/g, '').toLowerCase());
  return SIZES.filter((s) => want.includes(s.name.replace(/\s/g, '').toLowerCase()));
}

export function makeStripPhoto(width, height, { seed = 1 } = {}) {
  const rgba = new Uint8Array(width * height * 4);
  let state = (seed * 2654435761) >>> 0 || 1;
  const noise = () => {
    // xorshift32: fast and the same everywhere
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return (state & 7) - 3.5;
  };
  const length = Math.round(width * 0.6);
  const thick = Math.max(8, Math.round(length / 16));
  const x0 = Math.round((width - length) / 2);
  const y0 = Math.round((height - thick) / 2);
  const win0 = x0 + length * 0.4;
  const winLen = length * 0.28;
  const lineHalf = Math.max(1, (winLen * 0.05) / 2);
  const lines = [win0 + winLen * 0.33, win0 + winLen * 0.67];
  const handle = x0 + length * 0.72;
  for (let y = 0; y < height; y++) {
    const onStripRow = y >= y0 && y < y0 + thick;
    let i = y * width * 4;
    for (let x = 0; x < width; x++, i += 4) {
      let r = 58;
      let g = 48;
      let b = 44;
      if (onStripRow && x >= x0 && x < x0 + length) {
        const inset = thick * 0.18;
        if (x >= handle && x < x0 + length - inset && y >= y0 + inset && y < y0 + thick - inset) {
          // the handle label, printed on the white strip
          r = 38; g = 84; b = 170;
        } else {
          r = 242; g = 240; b = 234;
          for (const c of lines) {
            const d = Math.abs(x - c);
            if (d <= lineHalf) {
              const k = 1 - (d / lineHalf) * 0.3;
              r -= 40 * k; g -= 150 * k; b -= 90 * k;
            }
          }
        }
      }
      const n = noise();
      rgba[i] = r + n;
      rgba[i + 1] = g + n;
      rgba[i + 2] = b + n;
      rgba[i + 3] = 255;
    }
  }
  return rgba;
}

/** Median, min, max and quartiles of a list of times; `spread` is (p75 - p25) / median. */
export function stats(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const n = sorted.length;
  if (!n) return { runs: 0, median: NaN, min: NaN, max: NaN, p25: NaN, p75: NaN, spread: NaN };
  const at = (f) => {
    const k = (n - 1) * f;
    const lo = Math.floor(k);
    return sorted[lo] + (sorted[Math.min(n - 1, lo + 1)] - sorted[lo]) * (k - lo);
  };
  const median = at(0.5);
  const p25 = at(0.25);
  const p75 = at(0.75);
  return { runs: n, median, min: sorted[0], max: sorted[n - 1], p25, p75, spread: median > 0 ? (p75 - p25) / median : NaN };
}

/** Plain-text table: one row per size. `rows`: [{name, width, height, result, ...columns}]. */
export function table(title, rows, columns) {
  const cell = (r, c) => {
    const v = r[c.key];
    if (v === undefined || v === null || (typeof v === 'number' && !Number.isFinite(v))) return '-';
    if (typeof v !== 'number') return String(v);
    return c.format ? c.format(v) : v.toFixed(1);
  };
  const head = ['size', 'pixels', ...columns.map((c) => c.label), 'result'];
  const body = rows.map((r) => [r.name, `${r.width}x${r.height}`, ...columns.map((c) => cell(r, c)), r.result ?? '-']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => String(row[i]).length)));
  const fmt = (row) => row.map((c, i) => String(c).padStart(widths[i])).join('  ');
  return [title, fmt(head), ...body.map(fmt)].join('\n');
}

/** `x` as a ratio with two decimals and a trailing "x". */
export const times = (v) => `${v.toFixed(2)}x`;
/** A fraction as a percentage. */
export const percent = (v) => `${Math.round(v * 100)}%`;
