/**
 * Request bodies no well-behaved client sends, against the real worker in workerd: lying
 * Content-Length (over raw sockets), chunked bodies past the limit, thousands of multipart parts
 * and giant JSON arrays, on every public POST endpoint that reads a body.
 */
import { predictResponseSchema } from '@edgeml/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digitPng, readMnistTestSet, type MnistTestDigit } from '../edge/support/mnist-test-set.ts';
import { expectLegacy4xx, expectOkOrTyped4xx, expectTyped4xx, type Answer } from './support/expect-answer.ts';
import { chunkedFraming, postOnce, sendRawHttp, type RawAnswer } from './support/send-raw-http.ts';
import { startHostileWorker, type HostileWorker } from './support/start-hostile-worker.ts';

/** wrangler.toml's default MAX_BODY_BYTES: the limit a hostile client meets. */
const MAX_BODY_BYTES = 4 * 2 ** 20;
const MAX_BATCH = 64;

let hostile: HostileWorker;
let digits: MnistTestDigit[];
let pngs: Uint8Array<ArrayBuffer>[];

beforeAll(async () => {
  hostile = await startHostileWorker();
  digits = await readMnistTestSet(MAX_BATCH + 1);
  pngs = digits.map((digit) => digitPng(digit.pixels));
});

afterAll(async () => {
  await hostile?.dispose();
});

const encoder = new TextEncoder();
/** Raw answers are checked like fetched ones; none at all (the connection closed) is allowed where noted. */
const asAnswer = (raw: RawAnswer): Answer => ({ status: raw.status, text: raw.text });

/**
 * Each request on its own connection: a route that answers from the headers (feedback's 413 over its byte limit) does
 * so before reading the body, and workerd then closes with the body unread, which resets the connection. When the
 * reset reaches this busy client before it has read the answer, the kernel drops the answer with it (the TCP reset
 * race lingering close exists for), so such a request is sent once more; the worker answered it either way.
 */
async function post(path: string, body: Uint8Array | string, contentType: string): Promise<Answer> {
  const send = () => postOnce(hostile.worker.url, path, body, contentType, path === hostile.feedbackPath ? hostile.feedbackAuth : []);
  return asAnswer(await send().catch((error: unknown) => (path === hostile.feedbackPath && String(error).includes('closed without an answer') ? send() : Promise.reject(error))));
}

function multipart(parts: { name: string; filename?: string; bytes: Uint8Array }[], boundary = 'b'): { body: Uint8Array<ArrayBuffer>; type: string } {
  const pieces: Uint8Array[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}`;
    pieces.push(encoder.encode(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`), part.bytes, encoder.encode('\r\n'));
  }
  pieces.push(encoder.encode(`--${boundary}--\r\n`));
  return { body: new Uint8Array(Buffer.concat(pieces)), type: `multipart/form-data; boundary=${boundary}` };
}


describe('lying Content-Length over raw sockets (workerd)', () => {
  const postHead = (path: string, type: string, length: number) => [`POST ${path} HTTP/1.1`, `Content-Type: ${type}`, `Content-Length: ${length}`, ...(path === hostile.feedbackPath ? hostile.feedbackAuth : [])];

  it('reads only the declared bytes of a longer body, and answers a typed 4xx', async () => {
    const png = pngs[0]!;
    for (const declared of [1, 8, 40, Math.floor(png.length / 2)]) {
      const raw = await sendRawHttp(hostile.worker.url, { head: postHead(hostile.predictPath, 'image/png', declared), body: png });
      expect(raw, `Content-Length ${declared} of ${png.length}`).toBeDefined();
      expectTyped4xx(asAnswer(raw!), ['invalid_image']);
    }
    const json = encoder.encode(JSON.stringify({ pixels: Array.from(digits[0]!.pixels) }));
    const raw = await sendRawHttp(hostile.worker.url, { head: postHead(hostile.predictPath, 'application/json', 100), body: json });
    expectTyped4xx(asAnswer(raw!), ['invalid_json', 'validation_failed']);
  });

  it('answers a body shorter than its Content-Length, then a closed connection, with a typed 4xx or not at all', async () => {
    for (const [path, type, body] of [
      [hostile.predictPath, 'image/png', pngs[0]!],
      [hostile.predictPath, 'application/json', encoder.encode('{"pixels": [0, 0')],
      [hostile.feedbackPath, 'application/json', encoder.encode('{"examples": [')],
    ] as const) {
      const raw = await sendRawHttp(hostile.worker.url, { head: postHead(path, type, body.length + 1000), body });
      // The client hung up mid-body: no one is left to answer, but an answer must not be a 5xx.
      if (raw) expectTyped4xx(asAnswer(raw));
    }
    expect((await post(hostile.predictPath, pngs[0]!, 'image/png')).status, 'the worker still answers').toBe(200);
  });

  it('refuses a declared Content-Length over the limit from the header, without waiting for the body', async () => {
    for (const path of [hostile.predictPath, hostile.feedbackPath]) {
      // The body never comes (no half-close either): only the header can decide.
      const raw = await sendRawHttp(hostile.worker.url, { head: postHead(path, path === hostile.predictPath ? 'image/png' : 'application/json', MAX_BODY_BYTES + 1), body: pngs[0]!, endAfterWrite: false });
      expect(raw, path).toBeDefined();
      expectTyped4xx(asAnswer(raw!), ['payload_too_large']);
    }
  });
});

describe('chunked bodies without Content-Length past the limit (workerd)', () => {
  it('answers 413 payload_too_large on predict (image, JSON, multipart), the legacy route and feedback', async () => {
    // One byte past the limit, then the client waits: a server counting bytes answers then (see post-past-limit.ts).
    const oversized = chunkedFraming(new Uint8Array(MAX_BODY_BYTES + 1).fill(0x30));
    const cases = [
      { path: hostile.predictPath, type: 'image/png' },
      { path: hostile.predictPath, type: 'application/json' },
      { path: hostile.predictPath, type: 'multipart/form-data; boundary=x' },
      { path: '/predict', type: 'image/png' },
      { path: hostile.feedbackPath, type: 'application/json' },
    ];
    for (const { path, type } of cases) {
      const auth = path === hostile.feedbackPath ? hostile.feedbackAuth : [];
      const raw = await sendRawHttp(hostile.worker.url, { head: [`POST ${path} HTTP/1.1`, `Content-Type: ${type}`, 'Transfer-Encoding: chunked', ...auth], body: oversized, endAfterWrite: false });
      expect(raw, `${path} ${type}`).toBeDefined();
      const answer = asAnswer(raw!);
      if (path === '/predict') {
        expect(answer.status, answer.text.slice(0, 200)).toBe(413);
        expectLegacy4xx(answer);
      } else {
        expect(expectTyped4xx(answer).code, `${type}: ${answer.text.slice(0, 200)}`).toBe('payload_too_large');
      }
    }
  });
});

describe('thousands of multipart parts (workerd)', () => {
  it(`answers ${MAX_BATCH} digit parts with ${MAX_BATCH} predictions, and ${MAX_BATCH + 1} with a typed 4xx`, async () => {
    const full = multipart(pngs.slice(0, MAX_BATCH).map((bytes, i) => ({ name: 'image', filename: `${i}.png`, bytes })));
    const answer = await post(hostile.predictPath, full.body, full.type);
    expect(answer.status, answer.text.slice(0, 300)).toBe(200);
    expect(predictResponseSchema.parse(JSON.parse(answer.text)).predictions).toHaveLength(MAX_BATCH);
    const over = multipart(pngs.map((bytes, i) => ({ name: 'image', filename: `${i}.png`, bytes })));
    expectTyped4xx(await post(hostile.predictPath, over.body, over.type), ['validation_failed', 'payload_too_large']);
  });

  it('answers 40,000 one-byte image parts, and 20,000 empty fields around one digit, typed and small', async () => {
    const tiny = multipart(Array.from({ length: 40_000 }, (_, i) => ({ name: 'image', filename: `${i}.png`, bytes: new Uint8Array([0x89]) })));
    expect(tiny.body.length).toBeLessThan(MAX_BODY_BYTES);
    expectTyped4xx(await post(hostile.predictPath, tiny.body, tiny.type), ['validation_failed', 'payload_too_large', 'bad_request', 'invalid_image']);
    const noise = multipart([...Array.from({ length: 20_000 }, (_, i) => ({ name: `field${i}`, bytes: new Uint8Array(0) })), { name: 'image', filename: 'd.png', bytes: pngs[0]! }]);
    expectOkOrTyped4xx(await post(hostile.predictPath, noise.body, noise.type), predictResponseSchema, ['validation_failed', 'payload_too_large', 'bad_request']);
    const legacy = await post('/predict', tiny.body, tiny.type);
    expectLegacy4xx(legacy);
  });
});

describe('giant JSON arrays (workerd)', () => {
  const strings = (count: number) => `[${new Array<string>(count).fill('"a"').join(',')}]`;
  const zeros = (count: number) => `[${new Array<string>(count).fill('0').join(',')}]`;
  const bodies: { name: string; json: () => string }[] = [
    { name: '100k strings as pixels', json: () => `{"pixels": ${strings(100_000)}}` },
    { name: '400k strings as pixels', json: () => `{"pixels": ${strings(400_000)}}` },
    { name: '1M + 1 zeros as pixels', json: () => `{"pixels": ${zeros(2 ** 20 + 1)}}` },
    { name: '200k empty instances', json: () => `{"instances": [${new Array<string>(200_000).fill('{}').join(',')}]}` },
    { name: 'a bare array of 1M zeros', json: () => zeros(1_000_000) },
    { name: '100k examples of strings', json: () => `{"examples": [${new Array<string>(100_000).fill('{"pixels":"a","label":1}').join(',')}]}` },
    { name: '300k texts', json: () => `{"texts": ${strings(300_000)}}` },
  ];

  it.each(bodies)('answers $name with a small typed 4xx on predict, feedback and the legacy route', async ({ json }) => {
    const body = json();
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expectTyped4xx(await post(hostile.predictPath, body, 'application/json'));
    expectTyped4xx(await post(hostile.feedbackPath, body, 'application/json'));
    expectLegacy4xx(await post('/predict', body, 'application/json'));
  });
});
