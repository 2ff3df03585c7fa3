// The reader's steps done with OpenCV.js (npm @techstark/opencv-js), for a side-by-side timing
// in the same process (Node or the browser). Best practice for OpenCV, not a strawman: reduce
// the RGBA photo first (INTER_AREA, the box average for an integer factor), convert colour on the
// small image, find the strip there (grey, Otsu, 3x3 opening, 4-connected components), then
// straighten only the strip's window at full resolution (warpAffine, bilinear) and average it
// across its width (reduce), and filter the profile (box blur, closing) as the line finder does.
// The strip's position comes from our own reading, so both read the same pixels.
//
// loadOpenCv() finds it: `@techstark/opencv-js` from node_modules, or the file named by the
// OPENCV_JS environment variable (Node), or window.cv (the browser, after a <script> tag).

/** Resolves to the OpenCV.js module, or null (with `why`) when it is not installed. */
export async function loadOpenCv() {
  let cv = null;
  let why = '';
  if (typeof window !== 'undefined') {
    cv = window.cv || null;
    if (!cv) why = 'window.cv is not loaded';
  } else {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    const names = [process.env.OPENCV_JS, '@techstark/opencv-js'].filter(Boolean);
    for (const name of names) {
      try {
        cv = require(name);
        break;
      } catch (e) {
        why = `${name}: ${e.code || e.message}`;
      }
    }
  }
  if (!cv) return { cv: null, why: why || 'not found' };
  // Not `await cv`: the Emscripten module is a thenable that resolves to itself, forever.
  if (cv instanceof Promise) cv = await cv;
  if (!cv.Mat) {
    await new Promise((resolve) => {
      const before = cv.onRuntimeInitialized;
      cv.onRuntimeInitialized = () => {
        if (typeof before === 'function') before();
        resolve();
      };
    });
  }
  return { cv, version: versionOf(cv) };
}

function versionOf(cv) {
  try {
    const m = /OpenCV[^\n]*?(\d+\.\d+\.\d+)/.exec(cv.getBuildInformation());
    return m ? m[1] : 'unknown';
  } catch {
    return 'unknown';
  }
}

export const OPENCV_STEPS = ['copy', 'downscale', 'colour', 'find', 'projection', 'blur'];

/**
 * Times the steps once. `factor`: the reduction (the reader's); `strip`: our reading's strip
 * (`box` and `window` corners), or null to skip the full-resolution steps. Returns ms per step and `total`.
 */
export function opencvRead(cv, rgba, width, height, factor, strip) {
  const t = {};
  const mats = [];
  const keep = (m) => (mats.push(m), m);
  let t0 = performance.now();
  const lap = (k) => {
    const t1 = performance.now();
    t[k] = t1 - t0;
    t0 = t1;
  };
  try {
    const src = keep(new cv.Mat(height, width, cv.CV_8UC4));
    src.data.set(rgba.subarray(0, width * height * 4));
    lap('copy');
    const small4 = keep(new cv.Mat());
    cv.resize(src, small4, new cv.Size(Math.ceil(width / factor), Math.ceil(height / factor)), 0, 0, cv.INTER_AREA);
    lap('downscale');
    const small = keep(new cv.Mat());
    const gray = keep(new cv.Mat());
    cv.cvtColor(small4, small, cv.COLOR_RGBA2RGB);
    cv.cvtColor(small, gray, cv.COLOR_RGB2GRAY);
    lap('colour');
    const mask = keep(new cv.Mat());
    cv.threshold(gray, mask, 0, 255, cv.THRESH_BINARY + cv.THRESH_OTSU);
    const k3 = keep(cv.Mat.ones(3, 3, cv.CV_8U));
    const opened = keep(new cv.Mat());
    cv.morphologyEx(mask, opened, cv.MORPH_OPEN, k3);
    const labels = keep(new cv.Mat());
    const stats = keep(new cv.Mat());
    const centroids = keep(new cv.Mat());
    cv.connectedComponentsWithStats(opened, labels, stats, centroids, 4, cv.CV_32S);
    lap('find');
    if (strip) {
      // The window and 40 % of its length either side (about the reader's search range),
      // across the central 60 % of the width, one sample per pixel along (at most 2000), at most 40 across.
      const [a, b, c] = strip.window; // a, b at the sample end; b → c along the strip
      const along = [c[0] - b[0], c[1] - b[1]];
      const across = [b[0] - a[0], b[1] - a[1]];
      const at = (s, u) => [a[0] + across[0] * (u + 0.5) + along[0] * s, a[1] + across[1] * (u + 0.5) + along[1] * s];
      const n = Math.round(Math.min(2000, Math.max(16, 1.8 * Math.hypot(...along))));
      const m = Math.round(Math.min(40, Math.max(6, 0.6 * Math.hypot(...across))));
      const from = [at(-0.4, -0.3), at(1.4, -0.3), at(-0.4, 0.3)].flat();
      const srcTri = keep(cv.matFromArray(3, 1, cv.CV_32FC2, from));
      const dstTri = keep(cv.matFromArray(3, 1, cv.CV_32FC2, [0, 0, n, 0, 0, m]));
      const M = keep(cv.getAffineTransform(srcTri, dstTri));
      const straight = keep(new cv.Mat());
      cv.warpAffine(src, straight, M, new cv.Size(n, m), cv.INTER_LINEAR, cv.BORDER_REPLICATE);
      const profile = keep(new cv.Mat());
      cv.reduce(straight, profile, 0, cv.REDUCE_AVG, cv.CV_32F);
      lap('projection');
      const smooth = keep(new cv.Mat());
      cv.blur(profile, smooth, new cv.Size(7, 1));
      const k1 = keep(cv.Mat.ones(1, 41, cv.CV_8U));
      const closed = keep(new cv.Mat());
      cv.morphologyEx(smooth, closed, cv.MORPH_CLOSE, k1);
      lap('blur');
    }
  } finally {
    for (const m of mats) m.delete();
  }
  t.total = OPENCV_STEPS.reduce((s, k) => s + (t[k] || 0), 0);
  return t;
}
