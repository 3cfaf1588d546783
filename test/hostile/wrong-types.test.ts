/**
 * Wrong types everywhere: fast-check JSON values (anything, and the real keys holding anything)
 * sent to every public POST endpoint of the real worker in workerd: image predict, the legacy
 * /predict, feedback and a published text model's predict.
 */
import { legacyPredictResponseSchema, predictResponseSchema, textPredictResponseSchema } from '@edgeml/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectLegacy4xx, expectOkOrTyped4xx, expectTyped4xx, readAnswer, type Answer } from './support/expect-answer.ts';
import { postOnce } from './support/send-raw-http.ts';
import { publishTinyTextModel } from './support/publish-tiny-text-model.ts';
import { startHostileWorker, type HostileWorker } from './support/start-hostile-worker.ts';

/** Runs per property (FUZZ_RUNS), each sent to every endpoint. */
const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const TEXT_MODEL = 'spam-hostile';

let hostile: HostileWorker;

beforeAll(async () => {
  hostile = await startHostileWorker({ beforeStart: (store) => publishTinyTextModel(store.persistDir, TEXT_MODEL) });
}, 300_000);

afterAll(async () => {
  await hostile?.dispose();
});

type Check = (answer: Answer) => void;

/** Each public POST endpoint and what it may answer to JSON of any shape. */
function endpoints(): { name: string; path: string; check: Check }[] {
  return [
    { name: 'image predict', path: hostile.predictPath, check: (answer) => void expectOkOrTyped4xx(answer, predictResponseSchema) },
    {
      name: 'legacy /predict',
      path: '/predict',
      check: (answer) => (answer.status === 200 ? void legacyPredictResponseSchema.parse(JSON.parse(answer.text)) : expectLegacy4xx(answer)),
    },
    // With a client's credential, so the body is parsed; no generated body is 784 pixels and a label: always a typed 4xx.
    { name: 'feedback', path: hostile.feedbackPath, check: (answer) => void expectTyped4xx(answer) },
    { name: 'text predict', path: `/v1/models/${TEXT_MODEL}/predict`, check: (answer) => void expectOkOrTyped4xx(answer, textPredictResponseSchema) },
  ];
}

async function sendToAll(body: string, contentType = 'application/json'): Promise<void> {
  for (const { name, path, check } of endpoints()) {
    // Its own connection: feedback answers 401 unread, and workerd then resets the connection.
    const answer: Answer = await postOnce(hostile.worker.url, path, body, contentType, path === hostile.feedbackPath ? hostile.feedbackAuth : []);
    try {
      check(answer);
    } catch (error) {
      throw new Error(`${name} (${path}) answered ${answer.status} to ${body.slice(0, 200)}: ${(error as Error).message}`);
    }
  }
}

/** JSON text of a value; `undefined` (a possible fc.anything) is sent as the empty body it would be. */
const json = (value: unknown) => JSON.stringify(value) ?? '';

/** The keys the endpoints read, holding values of any type. */
const realKeys = fc.record(
  {
    pixels: fc.anything(),
    instances: fc.oneof(fc.anything(), fc.array(fc.record({ pixels: fc.anything(), scale: fc.anything() }, { requiredKeys: [] }), { maxLength: 70 })),
    scale: fc.anything(),
    topK: fc.anything(),
    version: fc.anything(),
    text: fc.anything(),
    texts: fc.oneof(fc.anything(), fc.array(fc.oneof(fc.string(), fc.anything()), { maxLength: 70 })),
    examples: fc.oneof(fc.anything(), fc.array(fc.record({ pixels: fc.anything(), label: fc.anything(), scale: fc.anything(), version: fc.anything() }, { requiredKeys: [] }), { maxLength: 70 })),
  },
  { requiredKeys: [] },
);

describe('JSON of any type to every public POST endpoint (fast-check, in workerd)', () => {
  it('answers fc.anything() with a 200 of the right shape or a small typed 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything({ maxDepth: 4 }), fc.constantFrom('application/json', 'application/vnd.hostile+json'), (value, type) => sendToAll(json(value), type)),
      { numRuns: NUM_RUNS, seed: SEED },
    );
  });

  it('answers the real keys holding wrong types the same way', async () => {
    await fc.assert(fc.asyncProperty(realKeys, (value) => sendToAll(json(value))), { numRuns: NUM_RUNS, seed: SEED });
  });

  it('answers a text model a valid text with 200, and an image model the same body with a typed 4xx', async () => {
    const body = JSON.stringify({ text: 'win a free prize now' });
    const text = await readAnswer(await hostile.worker.fetch(`/v1/models/${TEXT_MODEL}/predict`, { method: 'POST', body, headers: { 'content-type': 'application/json' } }));
    expect(text.status, text.text).toBe(200);
    textPredictResponseSchema.parse(JSON.parse(text.text));
    expectTyped4xx(await readAnswer(await hostile.worker.fetch(hostile.predictPath, { method: 'POST', body, headers: { 'content-type': 'application/json' } })));
  });

  it('reads feedback bodies (the credential is accepted): a wrong body is a 400, not a 401', async () => {
    const answer = await postOnce(hostile.worker.url, hostile.feedbackPath, '{"examples": 1}', 'application/json', hostile.feedbackAuth);
    expect(expectTyped4xx(answer).code, answer.text).toBe('validation_failed');
  });

  it('answers giant text batches with a small typed 4xx', async () => {
    for (const texts of [new Array<string>(300_000).fill('a'), [new Array(1_000_000).fill('x').join('')], new Array<number>(100_000).fill(0)]) {
      const answer = await readAnswer(await hostile.worker.fetch(`/v1/models/${TEXT_MODEL}/predict`, { method: 'POST', body: JSON.stringify({ texts }), headers: { 'content-type': 'application/json' } }));
      expectTyped4xx(answer);
    }
  });
});
