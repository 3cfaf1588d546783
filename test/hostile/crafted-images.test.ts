/**
 * Crafted images against the real worker in workerd: PNG decompression bombs (and the memory
 * they make the isolate take), valid but unusual encodings (interlaced, 16-bit, progressive JPEG)
 * that must still be read, and images with no digit at all.
 */
import { predictResponseSchema } from '@edgeml/shared';
import { decode as decodeJpeg } from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encode as encodeJpeg } from 'jpeg-js';
import { openPeakRssWindow, type PeakRss } from '../support/workerd-peak-rss.ts';
import { digitPng, readMnistTestSet, type MnistTestDigit } from '../edge/support/mnist-test-set.ts';
import { encodePng, pngBomb } from './support/craft-png.ts';
import { digitGreyJpeg, digitPngVariant } from './support/digit-images.ts';
import { expectTyped4xx, readAnswer, type Answer } from './support/expect-answer.ts';
import { isolateBaseline, type IsolateBaseline } from './support/isolate-baseline.ts';
import { startHostileWorker, type HostileWorker } from './support/start-hostile-worker.ts';

/** Cloudflare's memory limit for one isolate, shared by every request it runs. */
const ISOLATE_LIMIT_MIB = 128;
const MiB = 2 ** 20;
const BOMBS = [1, 16, 64, 256].flatMap((inflatedMiB) => [1, 28].map((side) => ({ side, inflatedMiB })));

let hostile: HostileWorker;
let digits: MnistTestDigit[];

beforeAll(async () => {
  hostile = await startHostileWorker({ inspector: true });
  digits = await readMnistTestSet(3);
  // The model loads on the first predict: the baseline below is the isolate with it loaded.
  expect((await post(digitPng(digits[0]!.pixels), 'image/png')).status).toBe(200);
});

afterAll(async () => {
  await hostile?.dispose();
});

async function post(body: Uint8Array<ArrayBuffer>, contentType: string): Promise<Answer> {
  return readAnswer(await hostile.worker.fetch(hostile.predictPath, { method: 'POST', body, headers: { 'content-type': contentType } }));
}

describe('PNG decompression bombs (workerd)', () => {
  it('refuses every bomb with a typed 4xx, and the isolate stays under 128 MB throughout', async () => {
    const baseline: IsolateBaseline = await isolateBaseline(hostile.worker, hostile.inspector!);
    // One window over all the bombs: memory an earlier bomb left resident and a later one reused still shows.
    const window = openPeakRssWindow();
    const answers: { side: number; inflatedMiB: number; bytes: number; answer: Answer }[] = [];
    for (const { side, inflatedMiB } of BOMBS) {
      const bomb = await pngBomb(side, side, inflatedMiB * MiB);
      answers.push({ side, inflatedMiB, bytes: bomb.length, answer: await post(bomb, 'image/png') });
    }
    const peak: PeakRss = window.close();
    const summary = answers.map(({ side, inflatedMiB, bytes, answer }) => `${side}×${side} → ${inflatedMiB} MiB (${bytes} B): ${answer.status}`).join('; ');
    for (const { answer } of answers) {
      const error = expectTyped4xx(answer);
      // A bomb is refused, named as an image problem or a size limit: 400/422 invalid_image or 413/422 over a limit.
      expect([400, 413, 422], `${summary}: ${error.code} ${error.message}`).toContain(answer.status);
    }
    // The figures, for the closing note.
    console.info(`bombs: ${summary}; isolate at rest ${baseline.totalMiB} MiB, workerd RSS ${peak.startMiB} → peak ${peak.peakMiB} MiB`);
    // The isolate's resting memory plus the most workerd grew while it decoded the bombs must fit the limit.
    const worst = baseline.totalMiB + peak.growthMiB;
    expect(worst, `isolate at rest ${JSON.stringify(baseline)} + workerd RSS peak growth ${peak.growthMiB} MiB (${summary})`).toBeLessThan(ISOLATE_LIMIT_MIB);
    const after = await isolateBaseline(hostile.worker, hostile.inspector!);
    expect(after.totalMiB, JSON.stringify(after)).toBeLessThan(ISOLATE_LIMIT_MIB);
  });

  it('keeps predicting correctly after the bombs', async () => {
    const answer = await post(digitPng(digits[0]!.pixels), 'image/png');
    expect(answer.status, answer.text).toBe(200);
    expect(predictResponseSchema.parse(JSON.parse(answer.text)).predictions[0]!.index).toBe(digits[0]!.label);
  });
});

describe('valid images in unusual encodings (workerd)', () => {
  const variants: { name: string; type: string; make: (pixels: Uint8Array) => Uint8Array<ArrayBuffer> }[] = [
    { name: '8-bit grey PNG, Adam7-interlaced', type: 'image/png', make: (p) => digitPngVariant(p, { bitDepth: 8, colourType: 0, interlaced: true }) },
    { name: '8-bit RGB PNG, interlaced, 3× larger', type: 'image/png', make: (p) => digitPngVariant(p, { bitDepth: 8, colourType: 2, interlaced: true, scale: 3 }) },
    { name: '16-bit grey PNG', type: 'image/png', make: (p) => digitPngVariant(p, { bitDepth: 16, colourType: 0, interlaced: false }) },
    { name: '16-bit RGBA PNG', type: 'image/png', make: (p) => digitPngVariant(p, { bitDepth: 16, colourType: 6, interlaced: false }) },
    { name: '16-bit grey+alpha PNG, interlaced, 2× larger', type: 'image/png', make: (p) => digitPngVariant(p, { bitDepth: 16, colourType: 4, interlaced: true, scale: 2 }) },
    { name: 'baseline grey JPEG (hand-encoded)', type: 'image/jpeg', make: (p) => digitGreyJpeg(p, { progressive: false }) },
    { name: 'progressive grey JPEG', type: 'image/jpeg', make: (p) => digitGreyJpeg(p, { progressive: true }) },
    { name: 'progressive grey JPEG, 4× larger', type: 'image/jpeg', make: (p) => digitGreyJpeg(p, { progressive: true, scale: 4 }) },
  ];

  it('the crafted progressive JPEG is progressive (SOF2) and decodes exactly as its baseline twin', () => {
    const pixels = digits[1]!.pixels;
    const progressive = digitGreyJpeg(pixels, { progressive: true });
    const baseline = digitGreyJpeg(pixels, { progressive: false });
    const hasMarker = (bytes: Uint8Array, marker: number) => bytes.some((byte, i) => byte === 0xff && bytes[i + 1] === marker);
    expect([hasMarker(progressive, 0xc2), hasMarker(progressive, 0xc0)]).toEqual([true, false]);
    const options = { useTArray: true as const, formatAsRGBA: false };
    expect(decodeJpeg(progressive, options).data).toEqual(decodeJpeg(baseline, options).data);
  });

  it.each(variants)('answers a $name of a digit with 200 and its label', async ({ type, make }) => {
    for (const digit of digits) {
      const answer = await post(make(digit.pixels), type);
      expect(answer.status, answer.text.slice(0, 300)).toBe(200);
      expect(predictResponseSchema.parse(JSON.parse(answer.text)).predictions[0]!.index).toBe(digit.label);
    }
  });
});

describe('images with no digit (workerd)', () => {
  const uniform = (width: number, height: number, level: number) => encodePng({ width, height, bitDepth: 8, colourType: 0, sample: () => level });
  const greyPhoto = (width: number, height: number, level: number) =>
    new Uint8Array(encodeJpeg({ width, height, data: new Uint8Array(width * height * 4).fill(level) }, 90).data);
  const blanks: { name: string; type: string; bytes: () => Uint8Array<ArrayBuffer> }[] = [
    { name: 'a black 28×28 PNG', type: 'image/png', bytes: () => uniform(28, 28, 0) },
    { name: 'a white 28×28 PNG', type: 'image/png', bytes: () => uniform(28, 28, 255) },
    { name: 'a uniform grey 640×480 JPEG photo', type: 'image/jpeg', bytes: () => greyPhoto(640, 480, 128) },
  ];

  it.each(blanks)('answers $name with 422 no_digit, not a guess', async ({ type, bytes }) => {
    const answer = await post(bytes(), type);
    expect(answer.status, answer.text.slice(0, 300)).toBe(422);
    expect((JSON.parse(answer.text) as { error?: { code?: unknown } }).error?.code).toBe('no_digit');
    expectTyped4xx(answer, ['no_digit']);
  });
});
