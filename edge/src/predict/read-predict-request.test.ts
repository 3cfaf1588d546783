import { InputError } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type EdgeConfig } from '../config/read-config.ts';
import { EdgeError } from '../errors/edge-error.ts';
import { readPredictRequest, type PredictQuery } from './read-predict-request.ts';
import { pngHeaderBytes } from './testdata/png-header-bytes.ts';

const config: EdgeConfig = { ...DEFAULT_CONFIG, maxBodyBytes: 64 * 1024, maxBatch: 4 };
const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A 28×28 grey PNG header: passes the header checks; decoding is not readPredictRequest's job. */
const PNG = pngHeaderBytes(28, 28);
/** A baseline JPEG down to its frame header (SOF0, 8-bit, 4×4, 1 component). */
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, 0, 4, 0, 4, 1, 1, 0x11, 0]);

function multipart(images: Uint8Array<ArrayBuffer>[], extra: Record<string, string> = {}): Request {
  const form = new FormData();
  images.forEach((bytes, i) => form.append('image', new Blob([bytes], { type: 'image/png' }), `${i}.png`));
  for (const [name, value] of Object.entries(extra)) form.append(name, value);
  return new Request('http://x/', { method: 'POST', body: form });
}

function post(body: BodyInit, contentType?: string): Request {
  return new Request('http://x/predict', { method: 'POST', body, headers: contentType ? { 'content-type': contentType } : {} });
}

function json(value: unknown): Request {
  return post(JSON.stringify(value), 'application/json');
}

/** The EdgeError, or the InputError the image header checks throw (both carry code, message, details). */
async function errorOf(request: Request, limits: EdgeConfig = config, query: PredictQuery = {}): Promise<EdgeError | InputError> {
  const error = await readPredictRequest(request, limits, query).then(() => null, (e: unknown) => e);
  if (!(error instanceof InputError)) expect(error).toBeInstanceOf(EdgeError);
  return error as EdgeError | InputError;
}

describe('readPredictRequest', () => {
  it('takes an image/png or image/jpeg body as one encoded image', async () => {
    const parsed = await readPredictRequest(post(PNG, 'image/png'), config);
    expect(parsed.input).toEqual({
      kind: 'images',
      images: [PNG],
      limits: { maxSide: config.maxImageSide, maxPixels: config.maxImagePixels, maxRequestPixels: config.maxRequestPixels },
    });
    const jpeg = await readPredictRequest(post(JPEG, 'image/jpeg; charset=binary'), config);
    expect(jpeg.input.kind).toBe('images');
  });

  it('takes every "image" file of a multipart body', async () => {
    const form = new FormData();
    form.append('image', new Blob([PNG], { type: 'image/png' }), 'a.png');
    form.append('image', new Blob([JPEG]), 'b.png');
    form.append('note', 'ignored');
    const parsed = await readPredictRequest(new Request('http://x/', { method: 'POST', body: form }), config);
    expect(parsed.input.kind === 'images' && parsed.input.images.map((i) => i.length)).toEqual([33, 15]);
  });

  it('refuses a multipart body without an "image" file', async () => {
    const form = new FormData();
    form.append('picture', new Blob([PNG_SIGNATURE]), 'a.png');
    expect((await errorOf(new Request('http://x/', { method: 'POST', body: form }))).code).toBe('validation_failed');
    const text = new FormData();
    text.append('image', 'not a file');
    expect((await errorOf(new Request('http://x/', { method: 'POST', body: text }))).message).toMatch(/file/);
  });

  it('reads JSON pixels, batches and options', async () => {
    const one = await readPredictRequest(json({ pixels: [0, 255], topK: 2, version: 'v1' }), config);
    expect(one).toEqual({ input: { kind: 'pixels', instances: [[0, 255]], scale: 255 }, topK: 2, version: 'v1' });
    const batch = await readPredictRequest(json({ instances: [{ pixels: [0.5] }, { pixels: [1] }], scale: 1 }), config);
    expect(batch.input).toEqual({ kind: 'pixels', instances: [[0.5], [1]], scale: 1 });
  });

  it('reads a text body once, as texts within MAX_TEXT_CHARS, with its version', async () => {
    const parsed = await readPredictRequest(json({ texts: ['win cash', 'hi'], version: 'v1' }), config);
    expect(parsed).toEqual({ input: { kind: 'texts', texts: ['win cash', 'hi'] }, version: 'v1', topK: undefined });
    expect(await errorOf(json({ text: 'x'.repeat(config.maxTextChars + 1) }))).toMatchObject({ code: 'payload_too_large', details: { limit: config.maxTextChars } });
    // A text batch over the limit keeps its own 413, as the text route answered it.
    expect(await errorOf(json({ texts: ['a', 'b', 'c', 'd', 'e'] }))).toMatchObject({ code: 'payload_too_large', details: { count: 5, limit: 4 } });
  });

  it('takes version and topK from the query or the body, and refuses two different versions', async () => {
    const fromQuery = await readPredictRequest(json({ pixels: [0] }), config, { version: 'v1', topK: 5 });
    expect(fromQuery).toMatchObject({ version: 'v1', topK: 5 });
    const fromBody = await readPredictRequest(json({ pixels: [0], version: 'v2', topK: 2 }), config);
    expect(fromBody).toMatchObject({ version: 'v2', topK: 2 });
    expect((await errorOf(json({ pixels: [0], version: 'v2' }), config, { version: 'v1' })).message).toMatch(/differ/);
    expect((await errorOf(json({ text: 'hi', version: 'v2' }), config, { version: 'v1' })).message).toMatch(/differ/);
  });

  it('refuses JSON that does not parse, NaN included, as invalid_json', async () => {
    expect((await errorOf(post('{"pixels": [NaN]}', 'application/json'))).code).toBe('invalid_json');
    expect((await errorOf(post('{"pixels": [1, 2', 'application/json'))).code).toBe('invalid_json');
  });

  it('refuses JSON of the wrong shape as validation_failed with the issues', async () => {
    for (const body of [{}, { pixels: [1], instances: [{ pixels: [1] }] }, { pixels: ['1'] }, { pixels: [null] }, { pixels: 'abc' }, { pixel: [] }]) {
      const error = await errorOf(json(body));
      expect(error.code).toBe('validation_failed');
      expect(error.details).toHaveProperty('issues');
    }
  });

  it('refuses more images than the batch limit', async () => {
    const instances = Array.from({ length: 5 }, () => ({ pixels: [0] }));
    const error = await errorOf(json({ instances }));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual({ count: 5, limit: 4 });
  });

  it('refuses other or missing content types with unsupported_media_type', async () => {
    expect((await errorOf(post('hello', 'text/plain'))).code).toBe('unsupported_media_type');
    expect((await errorOf(post(PNG_SIGNATURE, 'image/gif'))).code).toBe('unsupported_media_type');
    const bare = new Request('http://x/', { method: 'POST', body: PNG_SIGNATURE });
    expect(bare.headers.get('content-type')).toBeNull();
    expect((await errorOf(bare)).code).toBe('unsupported_media_type');
  });

  it('refuses empty and oversized bodies', async () => {
    expect((await errorOf(post(new Uint8Array(0), 'image/png'))).code).toBe('empty_body');
    expect((await errorOf(post(new Uint8Array(65 * 1024), 'image/png'))).code).toBe('payload_too_large');
  });
});

describe('readPredictRequest: decoding limits from the headers, before any image is decoded', () => {
  const limits: EdgeConfig = { ...DEFAULT_CONFIG, maxBatch: 64, maxImageSide: 2000, maxImagePixels: 2 ** 20, maxRequestPixels: 3 * 2 ** 20 };

  it('refuses images that add up to more than MAX_REQUEST_PIXELS, naming the figure and the limit', async () => {
    // Three 1024×1024 images are exactly the budget; four are over.
    const oneMegapixel = pngHeaderBytes(1024, 1024);
    await expect(readPredictRequest(multipart([oneMegapixel, oneMegapixel, oneMegapixel]), limits)).resolves.toBeDefined();
    const error = await errorOf(multipart([oneMegapixel, oneMegapixel, oneMegapixel, oneMegapixel]), limits);
    expect(error).toMatchObject({ code: 'payload_too_large', details: { requestPixels: 4 * 2 ** 20, limit: { maxRequestPixels: 3 * 2 ** 20 } } });
  });

  it('counts 16-bit PNGs twice', async () => {
    const sixteenBit = pngHeaderBytes(1024, 1024, 16, 6);
    const error = await errorOf(multipart([sixteenBit, sixteenBit]), limits);
    expect(error).toMatchObject({ code: 'payload_too_large', details: { requestPixels: 4 * 2 ** 20 } });
  });

  it('applies MAX_IMAGE_SIDE and MAX_IMAGE_PIXELS to each image, naming which', async () => {
    const error = await errorOf(multipart([PNG, pngHeaderBytes(2001, 10)]), limits);
    expect(error).toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/^image 1: image is 2001×10/), details: { index: 1, width: 2001 } });
    expect((await errorOf(post(pngHeaderBytes(1025, 1024), 'image/png'), limits)).code).toBe('payload_too_large');
    expect((await errorOf(post(PNG_SIGNATURE, 'image/png'), limits)).code).toBe('invalid_image');
  });

  it('refuses a multipart body of more parts than images allowed plus a few, before parsing it', async () => {
    const extra = Object.fromEntries(Array.from({ length: 73 }, (_, i) => [`note${i}`, 'x']));
    const error = await errorOf(multipart([PNG], extra), limits);
    expect(error).toMatchObject({ code: 'validation_failed', details: { parts: 74, limit: 72 } });
    await expect(readPredictRequest(multipart([PNG], Object.fromEntries(Object.entries(extra).slice(0, 71))), limits)).resolves.toBeDefined();
  });
});

describe('readPredictRequest on hostile JSON', () => {
  const limits: EdgeConfig = { ...DEFAULT_CONFIG, maxBodyBytes: 16 * 2 ** 20, maxBatch: 64 };

  it('answers 400,000 strings as pixels with one issue, not one per value (was a stack overflow and a 500)', async () => {
    const error = await errorOf(json({ pixels: Array.from({ length: 400_000 }, () => 'a') }), limits);
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual({ issues: [{ path: 'pixels.0', message: 'expected a finite number, got a string' }] });
  });

  it('refuses more instances than a batch may hold before looking at any of them', async () => {
    const error = await errorOf(json({ instances: Array.from({ length: 200_000 }, () => ({ pixels: 'x' })) }), limits);
    expect(error.details).toEqual({ issues: [{ path: 'instances', message: 'holds 200000 images, over the limit of 64' }] });
  });

  it('lists at most 20 schema issues for a batch of wrong instances', async () => {
    const error = await errorOf(json({ instances: Array.from({ length: 64 }, () => ({ pixels: [1], extra: 1, more: 2 })) }), limits);
    const details = error.details as { issues: unknown[]; moreIssues?: number };
    expect(details.issues).toHaveLength(20);
    expect(details.moreIssues).toBeGreaterThan(0);
  });
});
