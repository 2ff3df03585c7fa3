// A small Y4M (YUV4MPEG2) writer for Chromium's fake camera (--use-file-for-fake-video-capture).
// Frames are drawn in the browser from a strip photo (decoded there, as the page does), turned
// into 4:2:0 YCbCr (BT.601, studio range) in the page, and written here.
import { writeFileSync } from 'node:fs';

/**
 * Draws the scenes in `page` (any page of the test server) and writes a Y4M to `path`.
 * scenes: [{kind: 'table' | 'strip', scale (strip size, 1 = the photo filling the frame), frames}]
 * The photo's own border is the table, so a scene without the strip is the same table, empty.
 */
export async function writeFakeCamera(page, path, { photoUrl, width = 480, height = 640, fps = 5, scenes }) {
  const frames = await page.evaluate(
    async ({ photoUrl, width, height, scenes }) => {
      const blob = await (await fetch(photoUrl)).blob();
      const bitmap = await createImageBitmap(blob);
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      const probe = new OffscreenCanvas(1, 1).getContext('2d', { willReadFrequently: true });
      probe.drawImage(bitmap, 8, 8, 1, 1, 0, 0, 1, 1);
      const [tr, tg, tb] = probe.getImageData(0, 0, 1, 1).data;
      const toB64 = (bytes) => {
        let s = '';
        for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return btoa(s);
      };
      const out = [];
      for (const scene of scenes) {
        ctx.fillStyle = `rgb(${tr}, ${tg}, ${tb})`;
        ctx.fillRect(0, 0, width, height);
        if (scene.kind === 'strip') {
          const s = scene.scale ?? 1;
          const k = Math.max(width / bitmap.width, height / bitmap.height) * s;
          const w = bitmap.width * k;
          const h = bitmap.height * k;
          ctx.drawImage(bitmap, (width - w) / 2, (height - h) / 2, w, h);
        }
        const rgba = ctx.getImageData(0, 0, width, height).data;
        const y = new Uint8Array(width * height);
        const cw = width / 2;
        const ch = height / 2;
        const u = new Uint8Array(cw * ch);
        const v = new Uint8Array(cw * ch);
        for (let i = 0, p = 0; i < width * height; i++, p += 4) {
          y[i] = Math.round(16 + (65.481 * rgba[p] + 128.553 * rgba[p + 1] + 24.966 * rgba[p + 2]) / 255);
        }
        for (let cy = 0; cy < ch; cy++) {
          for (let cx = 0; cx < cw; cx++) {
            let r = 0;
            let g = 0;
            let b = 0;
            for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
              const p = ((cy * 2 + dy) * width + cx * 2 + dx) * 4;
              r += rgba[p];
              g += rgba[p + 1];
              b += rgba[p + 2];
            }
            r /= 4;
            g /= 4;
            b /= 4;
            u[cy * cw + cx] = Math.round(128 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255);
            v[cy * cw + cx] = Math.round(128 + (112.0 * r - 93.786 * g - 18.214 * b) / 255);
          }
        }
        const frame = new Uint8Array(y.length + u.length + v.length);
        frame.set(y);
        frame.set(u, y.length);
        frame.set(v, y.length + u.length);
        out.push({ data: toB64(frame), frames: scene.frames });
      }
      return out;
    },
    { photoUrl, width, height, scenes },
  );
  const parts = [Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`)];
  for (const f of frames) {
    const data = Buffer.from(f.data, 'base64');
    for (let i = 0; i < f.frames; i++) parts.push(Buffer.from('FRAME\n'), data);
  }
  writeFileSync(path, Buffer.concat(parts));
}
