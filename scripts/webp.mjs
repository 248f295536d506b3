/**
 * PNG screenshots (the browser tests save them to the temp folder) to the WebP files under docs/,
 * encoded by the Chromium the tests use, so no image tool is needed:
 *
 *   node scripts/webp.mjs <in.png> <out.webp> [width] [quality 0-1]
 *
 * The screen shots go in at 1280 wide (from 1920×1080), the phone ones at their own 390; quality 0.8
 * keeps each file under about 140 kB.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [input, output, width, quality] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node scripts/webp.mjs <in.png> <out.webp> [width] [quality 0-1]');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  const png = `data:image/png;base64,${readFileSync(input).toString('base64')}`;
  const webp = await page.evaluate(
    async ([src, w, q]) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const scale = w ? w / img.naturalWidth : 1;
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(img.naturalWidth * scale);
      canvas.height = Math.round(img.naturalHeight * scale);
      const ctx = canvas.getContext('2d');
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      return canvas.toDataURL('image/webp', q);
    },
    [png, Number(width ?? 0), Number(quality ?? 0.8)],
  );
  if (!webp.startsWith('data:image/webp;')) throw new Error('this Chromium cannot encode WebP');
  writeFileSync(output, Buffer.from(webp.slice(webp.indexOf(',') + 1), 'base64'));
  console.log(`${output}: ${Math.round(readFileSync(output).length / 1024)} kB`);
} finally {
  await browser.close();
}
