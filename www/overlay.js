// Draws the photo with the strip outlined and the control (C) and test (T) lines marked.
// Geometry helpers are pure (tested in Node). Corners come from the reading: `box` and `window`
// are 4 points in photo pixels, the first two at the sample end, the last two at the far end.
// Line positions are fractions of the window from its sample end.

export const mid = (a, b) => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
export const lerp = (a, b, t) => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
const dist = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/**
 * The two long sides of a quad as [[near0, far0], [near1, far1]], near = sample end. Corners 0,1
 * are the sample end and 2,3 the far end; whichever pairing does not cross is used, so both the
 * polygon order (0,1,2,3) and the paired order (0,1 | 3,2... or 2,3) work.
 */
export function sides(quad) {
  const [q0, q1, q2, q3] = quad;
  const straight = dist(q0, q3) + dist(q1, q2); // polygon order: 0-1-2-3
  const crossed = dist(q0, q2) + dist(q1, q3);
  return straight <= crossed ? [[q0, q3], [q1, q2]] : [[q0, q2], [q1, q3]];
}

/** The point on the quad's centre line at fraction p from the sample end. */
export function axisPoint(quad, p) {
  const a = mid(quad[0], quad[1]);
  const b = mid(quad[2], quad[3]);
  return lerp(a, b, p);
}

/** The segment across the quad at fraction p from the sample end (where a line at p lies). */
export function crossSegment(quad, p) {
  const [[n0, f0], [n1, f1]] = sides(quad);
  return [lerp(n0, f0, p), lerp(n1, f1, p)];
}

/** The quad as a closed polygon (no self-crossing). */
export function polygon(quad) {
  const [[n0, f0], [n1, f1]] = sides(quad);
  return [n0, n1, f1, f0];
}

/**
 * The part of the photo to show: all strips with room around them (not too thin a slice),
 * or the whole photo when no strip was found. In photo (reading) pixels.
 */
export function viewRect(reading, width, height) {
  const points = [];
  for (const s of (reading && reading.strips) || []) {
    if (Array.isArray(s.box)) points.push(...s.box);
  }
  const valid = points.filter((p) => Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1]));
  if (valid.length < 4) return { x: 0, y: 0, w: width, h: height };
  let x0 = Math.min(...valid.map((p) => p[0]));
  let x1 = Math.max(...valid.map((p) => p[0]));
  let y0 = Math.min(...valid.map((p) => p[1]));
  let y1 = Math.max(...valid.map((p) => p[1]));
  const long = Math.max(x1 - x0, y1 - y0, 1);
  const margin = long * 0.12;
  x0 -= margin; x1 += margin; y0 -= margin; y1 += margin;
  // No slice thinner than 5:2, so the labels beside the strip fit and some context shows.
  const minShort = Math.max(x1 - x0, y1 - y0) / 2.5;
  if (x1 - x0 < minShort) { const c = (x0 + x1) / 2; x0 = c - minShort / 2; x1 = c + minShort / 2; }
  if (y1 - y0 < minShort) { const c = (y0 + y1) / 2; y0 = c - minShort / 2; y1 = c + minShort / 2; }
  // Shift back inside the photo, then clip.
  const shift = (lo, hi, max) => (lo < 0 ? [0, Math.min(max, hi - lo)] : hi > max ? [Math.max(0, lo - (hi - max)), max] : [lo, hi]);
  [x0, x1] = shift(x0, x1, width);
  [y0, y1] = shift(y0, y1, height);
  return { x: Math.floor(x0), y: Math.floor(y0), w: Math.ceil(x1 - x0), h: Math.ceil(y1 - y0) };
}

/** Where to mark a line: the position the reader saw, else the model's expected position. */
export function markPosition(call, expected) {
  if (call && Number.isFinite(call.position)) return call.position;
  return Number.isFinite(expected) ? expected : null;
}

const COLOURS = {
  box: '#ffd400',
  halo: 'rgba(0, 0, 0, 0.75)',
  present: '#ffffff',
  labelText: '#000000',
  absent: '#ffffff',
};

function strokePath(ctx, pts, close) {
  ctx.beginPath();
  ctx.moveTo(pts[0][0], pts[0][1]);
  for (const p of pts.slice(1)) ctx.lineTo(p[0], p[1]);
  if (close) ctx.closePath();
}

function haloStroke(ctx, pts, { close = false, width, colour, dash = [] }) {
  ctx.setLineDash([]);
  ctx.lineWidth = width * 2.6;
  ctx.strokeStyle = COLOURS.halo;
  strokePath(ctx, pts, close);
  ctx.stroke();
  ctx.setLineDash(dash);
  ctx.lineWidth = width;
  ctx.strokeStyle = colour;
  strokePath(ctx, pts, close);
  ctx.stroke();
  ctx.setLineDash([]);
}

function label(ctx, at, text, { filled, radius }) {
  ctx.beginPath();
  ctx.arc(at[0], at[1], radius, 0, Math.PI * 2);
  ctx.fillStyle = filled ? COLOURS.present : COLOURS.halo;
  ctx.fill();
  ctx.lineWidth = Math.max(1.5, radius / 6);
  ctx.strokeStyle = filled ? COLOURS.halo : COLOURS.absent;
  ctx.setLineDash(filled ? [] : [radius / 3, radius / 4]);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = filled ? COLOURS.labelText : COLOURS.absent;
  ctx.font = `700 ${Math.round(radius * 1.2)}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, at[0], at[1] + radius * 0.05);
}

/**
 * Draws into `canvas`. `photo` = {bitmap, width, height, scale} from decodePhoto (width/height are
 * the reading's pixel space; the bitmap is 1/scale times that). `fit` = {width, maxHeight} in CSS
 * pixels. `text` = {control, test, watermark, strip(n)} labels from the catalog.
 */
export function drawReading(canvas, { photo, reading, model, fit, text, dpr = 1 }) {
  const view = viewRect(reading, photo.width, photo.height);
  const k = Math.min(fit.width / view.w, fit.maxHeight / view.h);
  const cssW = Math.max(1, Math.round(view.w * k));
  const cssH = Math.max(1, Math.round(view.h * k));
  canvas.width = Math.round(cssW * dpr);
  canvas.height = Math.round(cssH * dpr);
  canvas.style.width = `${cssW}px`;
  canvas.style.height = `${cssH}px`;
  const ctx = canvas.getContext('2d');
  const K = canvas.width / view.w; // reading pixels → canvas pixels
  const toCanvas = (p) => [(p[0] - view.x) * K, (p[1] - view.y) * K];
  const s = photo.scale || 1; // bitmap pixels → reading pixels
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(photo.bitmap, view.x / s, view.y / s, view.w / s, view.h / s, 0, 0, canvas.width, canvas.height);

  const u = dpr; // one CSS pixel in canvas pixels
  const geometry = (model && model.geometry) || {};
  const strips = (reading && reading.strips) || [];
  strips.forEach((strip, index) => {
    if (!Array.isArray(strip.box) || strip.box.length !== 4) return;
    haloStroke(ctx, polygon(strip.box).map(toCanvas), { close: true, width: 2 * u, colour: COLOURS.box });
    const win = Array.isArray(strip.window) && strip.window.length === 4 ? strip.window : null;
    if (win) haloStroke(ctx, polygon(win).map(toCanvas), { close: true, width: 1 * u, colour: COLOURS.box, dash: [4 * u, 3 * u] });
    if (strips.length > 1) {
      const c = toCanvas(axisPoint(strip.box, -0.04));
      label(ctx, c, String(index + 1), { filled: true, radius: 10 * u });
    }
    if (!win) return;
    const marks = [
      { call: strip.test, p: markPosition(strip.test, geometry.test), text: text.test },
      { call: strip.control, p: markPosition(strip.control, geometry.control), text: text.control },
    ];
    for (const mark of marks) {
      if (mark.p === null) continue;
      const [a, b] = crossSegment(win, mark.p).map(toCanvas);
      const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
      const dir = [(b[0] - a[0]) / len, (b[1] - a[1]) / len];
      const present = !!(mark.call && mark.call.state === 'present');
      const uncertain = !!(mark.call && mark.call.state === 'uncertain');
      const gap = 5 * u;
      const tick = 12 * u;
      const radius = 11 * u;
      // Ticks beside the strip, never across it: the line itself stays visible.
      const outA = [a[0] - dir[0] * gap, a[1] - dir[1] * gap];
      const outA2 = [a[0] - dir[0] * (gap + tick), a[1] - dir[1] * (gap + tick)];
      const outB = [b[0] + dir[0] * gap, b[1] + dir[1] * gap];
      const outB2 = [b[0] + dir[0] * (gap + tick), b[1] + dir[1] * (gap + tick)];
      const dash = present ? [] : [3 * u, 3 * u];
      haloStroke(ctx, [outA, outA2], { width: 2.5 * u, colour: COLOURS.present, dash });
      haloStroke(ctx, [outB, outB2], { width: 2.5 * u, colour: COLOURS.present, dash });
      const along = gap + tick + radius + 2 * u;
      const candB = [b[0] + dir[0] * along, b[1] + dir[1] * along];
      const candA = [a[0] - dir[0] * along, a[1] - dir[1] * along];
      const inside = (p) => p[0] >= radius && p[1] >= radius && p[0] <= canvas.width - radius && p[1] <= canvas.height - radius;
      // Same side for every strip whatever its corner order: left of an upright strip, above a
      // lying one, unless only the other side fits.
      const preferA = candA[0] + candA[1] <= candB[0] + candB[1];
      const [first, second] = preferA ? [candA, candB] : [candB, candA];
      const at = inside(first) || !inside(second) ? first : second;
      label(ctx, at, uncertain ? `${mark.text}?` : mark.text, { filled: present, radius });
    }
  });

  if (text.watermark) {
    // The whole mark must show (it keeps a saved picture from passing as a lab result): smaller
    // type for a long translation on a narrow crop, then two lines if that is still too wide.
    const font = (px) => `600 ${px}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;
    const room = canvas.width - 12 * u;
    let size = Math.round(12 * u);
    ctx.font = font(size);
    let lines = [text.watermark];
    const wide = ctx.measureText(text.watermark).width;
    if (wide > room) size = Math.max(Math.round(9 * u), Math.floor((size * room) / wide));
    ctx.font = font(size);
    if (ctx.measureText(text.watermark).width > room) {
      const words = text.watermark.split(' ');
      const cut = Math.ceil(words.length / 2);
      lines = [words.slice(0, cut).join(' '), words.slice(cut).join(' ')];
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.lineWidth = 3 * u;
    lines.forEach((line, i) => {
      const y = canvas.height - 5 * u - (lines.length - 1 - i) * size * 1.2;
      ctx.strokeStyle = COLOURS.halo;
      ctx.strokeText(line, canvas.width - 6 * u, y);
      ctx.fillStyle = '#ffffff';
      ctx.fillText(line, canvas.width - 6 * u, y);
    });
  }
  canvas.dataset.drawn = 'true';
  return { view, cssWidth: cssW, cssHeight: cssH };
}
