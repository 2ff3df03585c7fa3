// The test timer: from the moment the strip goes into the water. Phases:
//   dip  (0 → dip seconds)          keep the wavy end in the water
//   wait (→ earliest minutes after it is laid flat)   do not read yet
//   read (→ latest minutes)          read now
//   late (after latest)              lines can change: test again
// Pure: `timerState` takes the clock reading, so Node tests can check every phase; the page
// drives it with Date.now() (Playwright's fake clock moves that in the browser tests).

export const DIP_SECONDS = 15;
export const DEFAULT_WINDOW = { earliest: 5, latest: 10 };

/** Minutes of the model's read window, with the common 5–10 as the fallback. */
export function readWindow(model) {
  const w = model && model.read_window_minutes;
  const earliest = w && Number.isFinite(w.earliest) ? w.earliest : DEFAULT_WINDOW.earliest;
  const latest = w && Number.isFinite(w.latest) && w.latest > earliest ? w.latest : Math.max(earliest + 1, DEFAULT_WINDOW.latest);
  return { earliest, latest };
}

/**
 * Where a timer started at `startedAt` (ms) stands at `now` (ms). Returns {phase, elapsed,
 * remaining (ms to the end of this phase, or null when late), sinceFlat (ms since the strip was
 * laid flat, negative while dipping), minutes (whole minutes since laid flat)}.
 */
export function timerState(startedAt, now, window = DEFAULT_WINDOW, dipSeconds = DIP_SECONDS) {
  const elapsed = Math.max(0, now - startedAt);
  const dipMs = dipSeconds * 1000;
  const sinceFlat = elapsed - dipMs;
  const earliestMs = window.earliest * 60_000;
  const latestMs = window.latest * 60_000;
  let phase;
  let remaining;
  if (elapsed < dipMs) {
    phase = 'dip';
    remaining = dipMs - elapsed;
  } else if (sinceFlat < earliestMs) {
    phase = 'wait';
    remaining = earliestMs - sinceFlat;
  } else if (sinceFlat < latestMs) {
    phase = 'read';
    remaining = latestMs - sinceFlat;
  } else {
    phase = 'late';
    remaining = null;
  }
  return { phase, elapsed, remaining, sinceFlat, minutes: Math.max(0, Math.floor(sinceFlat / 60_000)) };
}

/** m:ss, counting whole seconds up (so 4:59.2 left shows 5:00, and it reaches 0:00 at the end). */
export function clock(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}
