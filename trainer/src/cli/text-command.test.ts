import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { channelsKey, manifestKey, modelChannelsSchema, textModelManifestSchema, textVocabularySchema, type TextModelManifest } from '@edgeml/shared';
import { readRunRecord } from '../pipeline/run-record.ts';
import type { ObjectStore } from '../publish/object-store.ts';
import { openLocalR2Store } from '../publish/open-local-r2-store.ts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from './main.ts';
import { textCommand } from './text-command.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-text-cli-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function productionManifest(store: ObjectStore, name: string): Promise<TextModelManifest> {
  const channels = modelChannelsSchema.parse(JSON.parse(new TextDecoder().decode((await store.get(channelsKey(name)))!)));
  return textModelManifestSchema.parse(JSON.parse(new TextDecoder().decode((await store.get(manifestKey(name, channels.production)))!)));
}

describe('trainer text train', () => {
  it('trains on a user CSV and writes a run folder: run.json, the tfjs model, the vocabulary and the ONNX export', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => (i % 2 ? `"great, lovely film ${i}",pos` : `awful boring film ${i},neg`));
    const csv = path.join(dir, 'reviews.csv');
    await writeFile(csv, `text,label\n${rows.join('\n')}\n`);
    const out = path.join(dir, 'run');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const code = await textCommand.run(['--data', csv, '--epochs', '1', '--batch-size', '8', '--max-length', '8', '--vocab-size', '60', '--out', out]);
    const [warned, written] = [warn.mock.calls.flat().join('\n'), stderr.mock.calls.map((call) => String(call[0])).join('')];
    vi.restoreAllMocks();
    expect(code).toBe(0);
    // A progress bar over the epoch's batches (32 training texts in batches of 8), then the epoch's line; no tfjs banner.
    expect(written).toMatch(/epoch 1\/1 \[.*\] \d+% \| batch \d\/4/);
    expect(written).toMatch(/epoch 1: loss [\d.]+ acc [\d.]+% \| val loss/);
    expect(`${warned}${written}`).not.toContain('TensorFlow.js in Node.js');
    const run = await readRunRecord(out);
    expect(run).toMatchObject({ name: 'reviews', task: 'text-classification', labels: ['neg', 'pos'], maxLength: 8, training: { architecture: 'pooled', epochs: 1 } });
    expect(run.history).toHaveLength(1);
    expect(textVocabularySchema.parse(JSON.parse(await readFile(path.join(out, 'vocabulary.json'), 'utf8'))).tokens).toContain('film');
    expect((await readFile(path.join(out, 'model.onnx'))).length).toBeGreaterThan(0);
    expect(await readFile(path.join(out, 'curves.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('refuses a transformer with more than two blocks before loading any data (exit 1)', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const code = await textCommand.run(['--arch', 'transformer', '--blocks', '3', '--data', path.join(dir, 'missing.csv')]);
    const said = error.mock.calls.map((call) => String(call[0])).join('\n');
    error.mockRestore();
    expect(code).toBe(1);
    expect(said).toMatch(/--blocks must be an integer in \[1, 2\], got "3"/);
  });

  it('reads the backend from EDGEML_TF_BACKEND when --backend is not given, as image training does', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const code = await textCommand.run(['--data', path.join(dir, 'missing.csv')], { EDGEML_TF_BACKEND: 'tensorflow-tpu' });
    const said = error.mock.calls.map((call) => String(call[0])).join('\n');
    error.mockRestore();
    expect(code).toBe(1);
    expect(said).toMatch(/unknown backend "tensorflow-tpu"/);
  });

  it('publishes the run (model and vocabulary) into local R2 with --publish', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => (i % 2 ? `great lovely film ${i},pos` : `awful boring film ${i},neg`));
    const csv = path.join(dir, 'films.csv');
    await writeFile(csv, `text,label\n${rows.join('\n')}\n`);
    const persistTo = path.join(dir, 'state');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    // --vocab: the older spelling of --vocab-size, still accepted; through main, as `trainer text train` runs.
    const code = await main(['text', 'train', '--data', csv, '--epochs', '1', '--max-length', '8', '--vocab', '60', '--out', path.join(dir, 'published'), '--publish', '--persist-to', persistTo]);
    log.mockRestore();
    expect(code).toBe(0);
    const store = await openLocalR2Store({ persistTo });
    try {
      const manifest = await productionManifest(store, 'films');
      expect(manifest).toMatchObject({ task: 'text-classification', input: { maxLength: 8 }, training: { architecture: 'pooled' } });
      expect(Object.keys(manifest.artifacts).sort()).toEqual(['curves', 'golden', 'model', 'vocabulary']);
      for (const artifact of Object.values(manifest.artifacts)) expect(await store.head(artifact.key)).toBeTruthy();
    } finally {
      await store.close();
    }
  });

  it('`trainer publish --run` publishes a text run folder too', async () => {
    const persistTo = path.join(dir, 'state-publish');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const code = await main(['publish', '--run', path.join(dir, 'run'), '--persist-to', persistTo]);
    log.mockRestore();
    expect(code).toBe(0);
    const store = await openLocalR2Store({ persistTo });
    try {
      const manifest = await productionManifest(store, 'reviews');
      expect(manifest.input.vocabulary).toEqual({ key: manifest.artifacts.vocabulary.key, sha256: manifest.artifacts.vocabulary.sha256 });
      expect(await store.head(manifest.artifacts.golden!.key)).toBeTruthy();
    } finally {
      await store.close();
    }
  });

  it('exits 1 naming the line of a malformed file', async () => {
    const bad = path.join(dir, 'bad.jsonl');
    await writeFile(bad, '{"text":"a","label":"x"}\n{"text":"b"}\n');
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const code = await textCommand.run(['--data', bad]);
    const messages = error.mock.calls.map((call) => String(call[0]));
    error.mockRestore();
    expect(code).toBe(1);
    expect(messages.some((m) => m.includes('bad.jsonl:2: label is missing'))).toBe(true);
  });
});
