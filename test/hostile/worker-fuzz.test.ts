import { errorBodySchema, predictResponseSchema } from '@edgeml/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digitJpeg, digitPng, readMnistTestSet, type MnistTestDigit } from '../edge/support/mnist-test-set.ts';
import { postPastLimit } from '../support/post-past-limit.ts';
import type { RunningWorker } from '../support/start-worker.ts';
import { jpegWithDimensions } from './support/craft-jpeg.ts';
import { pngWithDimensions } from './support/craft-png.ts';
import { expectTyped4xx as expectTypedAnswer, readAnswer } from './support/expect-answer.ts';
import { startHostileWorker, type HostileWorker } from './support/start-hostile-worker.ts';

/** Runs per property (FUZZ_RUNS): the whole file stays well under a minute on 2 cores. */
const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 100);
/** A smaller body limit than the default, so the over-limit cases stay quick. */
const MAX_BODY_BYTES = 256 * 1024;
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);

let hostile: HostileWorker;
let worker: RunningWorker;
let digit: MnistTestDigit;
let png: Uint8Array<ArrayBuffer>;
let jpeg: Uint8Array<ArrayBuffer>;
let path: string;

beforeAll(async () => {
  hostile = await startHostileWorker({ vars: { MAX_BODY_BYTES: String(MAX_BODY_BYTES) } });
  ({ worker, predictPath: path } = hostile);
  [digit] = await readMnistTestSet(1);
  png = digitPng(digit!.pixels);
  jpeg = digitJpeg(digit!.pixels);
});

afterAll(async () => {
  await hostile?.dispose();
});

/** Posts the body and asserts a typed 4xx: a status under 500, a small `{ error: { code, message } }` body. */
async function expectTyped4xx(body: BodyInit, contentType: string, allowed?: string[]): Promise<void> {
  const response = await worker.fetch(path, { method: 'POST', body, headers: { 'content-type': contentType }, duplex: 'half' } as RequestInit);
  expectTypedAnswer(await readAnswer(response), allowed);
}


function property<T>(arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<void>): Promise<void> {
  return fc.assert(fc.asyncProperty(arbitrary, check), { numRuns: NUM_RUNS, seed: SEED });
}

const IMAGE_ERRORS = ['invalid_image', 'empty_body', 'payload_too_large'];
/** A bit flip can leave a decodable image with its ink gone. */
const DECODED_IMAGE_ERRORS = [...IMAGE_ERRORS, 'no_digit'];

describe('the worker under hostile input (fast-check, in workerd)', () => {
  it('answers random bytes sent as PNG, JPEG or octet-stream with a typed 4xx', async () => {
    const prefixes = [new Uint8Array(0), png.subarray(0, 8), jpeg.subarray(0, 4), png.subarray(0, 33)];
    await property(
      fc.tuple(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 4096 }), fc.constantFrom('image/png', 'image/jpeg', 'application/octet-stream')),
      ([prefix, bytes, type]) => expectTyped4xx(new Uint8Array([...prefix, ...bytes]), type, IMAGE_ERRORS),
    );
  });

  it('answers truncated or bit-flipped real images with a typed 4xx or a prediction, never a 5xx', async () => {
    await property(
      fc.tuple(fc.constantFrom('png', 'jpeg'), fc.double({ min: 0, max: 1, noNaN: true }), fc.array(fc.nat(), { maxLength: 8 })),
      async ([kind, cut, flips]) => {
        const source = kind === 'png' ? png : jpeg;
        const bytes = source.slice(0, Math.floor(cut * (source.length - 1)));
        for (const flip of flips) if (bytes.length > 0) bytes[flip % bytes.length]! ^= 0x5a;
        const response = await worker.fetch(path, { method: 'POST', body: bytes, headers: { 'content-type': `image/${kind}` } });
        const answer = await readAnswer(response);
        // A flip in ancillary bytes can leave a decodable image: then it must be a real prediction.
        if (answer.status === 200) predictResponseSchema.parse(JSON.parse(answer.text));
        else expectTypedAnswer(answer, DECODED_IMAGE_ERRORS);
      },
    );
  });

  it('refuses huge declared dimensions (decompression bombs) without decoding them', async () => {
    await property(
      fc.tuple(fc.constantFrom('png', 'jpeg'), fc.integer({ min: 4097, max: 65535 }), fc.integer({ min: 1, max: 65535 }), fc.boolean()),
      async ([kind, big, other, swap]) => {
        const [width, height] = swap ? [other, big] : [big, other];
        const bytes = kind === 'png' ? pngWithDimensions(png, width, height) : jpegWithDimensions(jpeg, width, height);
        await expectTyped4xx(bytes, `image/${kind}`, IMAGE_ERRORS);
      },
    );
    // PNG allows up to 2^31 - 1 per side.
    await expectTyped4xx(pngWithDimensions(png, 2 ** 31 - 1, 2 ** 31 - 1), 'image/png', ['payload_too_large', 'invalid_image']);
  });

  it('answers multipart bodies with wrong or missing boundaries with a typed 4xx', async () => {
    const boundary = fc.stringMatching(/^[A-Za-z0-9'()+_,-./:=?]{1,70}$/);
    await property(fc.tuple(boundary, boundary, fc.boolean()), async ([declared, used, closed]) => {
      fc.pre(declared !== used);
      const body = new Uint8Array([
        ...new TextEncoder().encode(`--${used}\r\nContent-Disposition: form-data; name="image"; filename="d.png"\r\nContent-Type: image/png\r\n\r\n`),
        ...png,
        ...new TextEncoder().encode(closed ? `\r\n--${used}--\r\n` : '\r\n'),
      ]);
      await expectTyped4xx(body, `multipart/form-data; boundary=${declared}`, ['bad_request', 'validation_failed']);
    });
    await expectTyped4xx(png, 'multipart/form-data', ['bad_request', 'validation_failed']);
  });

  it('answers arbitrary JSON values, wrong types included, with a typed 4xx', async () => {
    await property(fc.jsonValue({ maxDepth: 6 }), (value) => expectTyped4xx(JSON.stringify(value), 'application/json', ['validation_failed']));
    const pixels = fc.array(fc.oneof(fc.double(), fc.string(), fc.constant(null), fc.boolean()), { minLength: 1, maxLength: 900 });
    await property(pixels, (values) => {
      fc.pre(!(values.length === 784 && values.every((v) => typeof v === 'number' && v >= 0 && v <= 255)));
      return expectTyped4xx(JSON.stringify({ pixels: values }), 'application/json', ['validation_failed']);
    });
  });

  it('answers NaN, Infinity, deep and huge JSON with a typed 4xx', async () => {
    const literal = fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e999', '-1e999', 'undefined', '0x10');
    await property(fc.tuple(literal, fc.nat({ max: 783 })), ([value, at]) => {
      const row = new Array<string>(784).fill('0');
      row[at] = value;
      return expectTyped4xx(`{"pixels": [${row.join(',')}]}`, 'application/json', ['invalid_json', 'validation_failed']);
    });
    await property(fc.integer({ min: 1000, max: 100_000 }), (depth) =>
      expectTyped4xx(`${'['.repeat(depth)}${']'.repeat(depth)}`, 'application/json', ['invalid_json', 'validation_failed', 'payload_too_large']),
    );
    const huge = await postPastLimit(new URL(path, worker.url), { 'content-type': 'application/json' }, new TextEncoder().encode(`{"pixels": [${'0,'.repeat(MAX_BODY_BYTES)}0]}`), MAX_BODY_BYTES);
    expect(huge.status, huge.text.slice(0, 300)).toBe(413);
    expect(errorBodySchema.parse(JSON.parse(huge.text)).error.code).toBe('payload_too_large');
    await expectTyped4xx(`{"instances": [${new Array(65).fill(`{"pixels": [${new Array(784).fill(0).join(',')}]}`).join(',')}]}`, 'application/json', ['validation_failed', 'payload_too_large']);
  });

  it('keeps answering correctly after all of it', async () => {
    expect((await worker.fetch('/healthz')).status).toBe(200);
    const response = await worker.fetch(path, { method: 'POST', body: png, headers: { 'content-type': 'image/png' } });
    expect(response.status).toBe(200);
    expect(predictResponseSchema.parse(await response.json()).predictions[0]!.index).toBe(digit!.label);
  });
});
