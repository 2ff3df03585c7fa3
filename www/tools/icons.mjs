// Renders the app icons (www/icon.svg, www/icons/maskable.svg) to the PNG sizes the web app
// manifest lists, with headless Chromium. Run by hand after changing an SVG:
//   node www/tools/icons.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launchChromium } from '../../tests/e2e/harness.mjs';

const jobs = [
  ['www/icon.svg', 'www/icons/icon-192.png', 192],
  ['www/icon.svg', 'www/icons/icon-512.png', 512],
  ['www/icons/maskable.svg', 'www/icons/maskable-512.png', 512],
];
const browser = await launchChromium({ viewport: { width: 512, height: 512 } });
try {
  const page = await browser.context.newPage();
  for (const [svg, png, size] of jobs) {
    const data = Buffer.from(readFileSync(join(ROOT, svg))).toString('base64');
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<html><body style="margin:0;background:transparent"><img src="data:image/svg+xml;base64,${data}" width="${size}" height="${size}" style="display:block"></body></html>`);
    await page.waitForFunction(() => document.images[0].complete);
    await page.screenshot({ path: join(ROOT, png), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    console.log(`${png}: ${size}x${size}`);
  }
} finally {
  await browser.close();
}
