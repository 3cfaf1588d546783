import { chromium } from 'playwright-core';
import type { HandwrittenDigit } from '@edgeml/shared/testdata/handwritten-strokes';
import { BROWSER_HINT, findBrowser } from '@edgeml/test/support/find-browser';

export const CANVAS_SIDE = 280;

/**
 * PNG bytes of each drawing made in headless Chromium as a demo page's pad makes it: white
 * strokes of a round brush (round caps and joins, curves through the midpoints) on a black
 * 280 × 280 canvas, exported with `toDataURL('image/png')`.
 */
export async function drawInChromium(drawings: HandwrittenDigit[]): Promise<Uint8Array[]> {
  const executablePath = findBrowser();
  if (!executablePath) throw new Error(BROWSER_HINT);
  const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    const urls = await page.evaluate(
      ({ drawings, side }) => {
        const canvas = document.createElement('canvas');
        canvas.width = side;
        canvas.height = side;
        const context = canvas.getContext('2d')!;
        return drawings.map(({ paths, lineWidth }) => {
          context.fillStyle = '#000';
          context.fillRect(0, 0, side, side);
          Object.assign(context, { strokeStyle: '#fff', lineWidth, lineCap: 'round', lineJoin: 'round' });
          for (const path of paths) {
            context.beginPath();
            context.moveTo(path[0]![0], path[0]![1]);
            for (let k = 1; k < path.length - 1; k++) {
              const [x, y] = path[k]!;
              const [nx, ny] = path[k + 1]!;
              context.quadraticCurveTo(x, y, (x + nx) / 2, (y + ny) / 2);
            }
            context.lineTo(path.at(-1)![0], path.at(-1)![1]);
            context.stroke();
          }
          return canvas.toDataURL('image/png');
        });
      },
      { drawings, side: CANVAS_SIDE },
    );
    return urls.map((url) => new Uint8Array(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64')));
  } finally {
    await browser.close();
  }
}
