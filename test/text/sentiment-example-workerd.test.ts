import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { modelsListResponseSchema, textPredictResponseSchema } from '@edgeml/shared';
import { main } from '@edgeml/trainer/cli/main';
import { REPO_ROOT } from '../support/published-model.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';

/** The README's sentiment command, published to a scratch local R2 instead of `.wrangler/state`. */
const README_FLAGS = ['--data', path.join(REPO_ROOT, 'examples', 'sentiment.csv'), '--epochs', '20', '--batch-size', '16', '--max-length', '32', '--publish'];

let dir: string;
let worker: RunningWorker;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-sentiment-'));
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  // The progress bars.
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const code = await main(['text', 'train', ...README_FLAGS, '--out', path.join(dir, 'run'), '--persist-to', path.join(dir, 'state')]);
  const said = error.mock.calls.flat().join('\n');
  vi.restoreAllMocks();
  expect(code, said).toBe(0);
  expect(log.mock.calls.flat().join('\n')).toMatch(/published sentiment@/);
  worker = await startWorker({ persistDir: path.join(dir, 'state') });
});

afterAll(async () => {
  await worker?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('examples/sentiment.csv, trained and published as the README says, served by the worker (workerd)', () => {
  it('lists the model by the file name with its two labels, and reads plain reviews right', async () => {
    const { models } = modelsListResponseSchema.parse(await (await worker.fetch('/v1/models')).json());
    expect(models.find((model) => model.name === 'sentiment')).toMatchObject({ task: 'text-classification', labels: ['negative', 'positive'] });

    const texts = ['Great quality, I love it, excellent service.', 'Terrible, it broke after a day, a waste of money.', 'Great gizmoflux'];
    const response = await worker.fetch('/v1/models/sentiment/predict', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ texts }) });
    expect(response.status).toBe(200);
    const { predictions } = textPredictResponseSchema.parse(await response.json());
    expect(predictions.map((prediction) => prediction.label).slice(0, 2)).toEqual(['positive', 'negative']);
    expect(predictions[2]!.unknownWords).toEqual(['gizmoflux']);
  });
});
