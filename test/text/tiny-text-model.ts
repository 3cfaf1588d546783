/**
 * Test support: a tiny spam classifier trained once on a slice of SpamAssassin and cached under
 * `.artifacts/text-test/<config hash>/`, with the tfjs outputs on its held-out texts so tests can
 * check the ONNX export and the tokenizer without training again.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { textVocabularySchema, type TextVocabulary } from '@edgeml/shared/text/index';
import { exportOnnx } from '@edgeml/trainer/onnx/export-onnx';
import { selectBackend, tf } from '@edgeml/trainer/tf';
import type { TextArchitecture } from '@edgeml/shared';
import { loadSpamAssassin } from '@edgeml/trainer/text/load-spam-assassin';
import { stratifiedSplit } from '@edgeml/trainer/text/stratified-split';
import { trainTextModel } from '@edgeml/trainer/text/train-text-model';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export const TINY_TEXT_CONFIG = {
  architecture: 'pooled' as TextArchitecture,
  perLabel: 400,
  maxLength: 64,
  vocabularySize: 2000,
  embeddingSize: 16,
  units: 16,
  epochs: 4,
  batchSize: 32,
  seed: 3,
  heldOut: 64,
};

export interface TinyTextModel {
  onnx: Uint8Array;
  vocabulary: TextVocabulary;
  labels: string[];
  maxLength: number;
  testAccuracy: number;
  heldOutTexts: string[];
  /** tfjs's probabilities on `heldOutTexts`, row-major [texts, labels]. */
  tfjsOutputs: number[];
}

let loaded: Promise<TinyTextModel> | undefined;

/** The tiny model, trained at most once per checkout and read from its cache at most once per test file. */
export function tinyTextModel(): Promise<TinyTextModel> {
  loaded ??= trainOrReadCached();
  return loaded;
}

async function trainOrReadCached(): Promise<TinyTextModel> {
  const hash = createHash('sha256').update(JSON.stringify(TINY_TEXT_CONFIG)).digest('hex').slice(0, 12);
  const dir = path.join(REPO_ROOT, '.artifacts', 'text-test', hash);
  try {
    const result = JSON.parse(await readFile(path.join(dir, 'result.json'), 'utf8')) as Omit<TinyTextModel, 'onnx'>;
    return { ...result, vocabulary: textVocabularySchema.parse(result.vocabulary), onnx: new Uint8Array(await readFile(path.join(dir, 'model.onnx'))) };
  } catch {
    // Not cached yet: train below.
  }
  await selectBackend({ backend: 'cpu' });
  const all = loadSpamAssassin();
  const slice = ['ham', 'spam'].flatMap((label) => all.filter((e) => e.label === label).slice(0, TINY_TEXT_CONFIG.perLabel));
  const dataset = stratifiedSplit('spam-slice', slice, { testFraction: 0.2, seed: TINY_TEXT_CONFIG.seed });
  const trained = await trainTextModel(dataset, TINY_TEXT_CONFIG);
  const heldOutTexts = dataset.test.texts.slice(0, TINY_TEXT_CONFIG.heldOut);
  const ids = trained.tokenizer.encodeBatch(heldOutTexts);
  const tfjsOutputs = tf.tidy(() => [...(trained.model.predict(tf.tensor2d(ids, [heldOutTexts.length, TINY_TEXT_CONFIG.maxLength])) as tf.Tensor).dataSync()]);
  const onnx = exportOnnx(trained.model).bytes;
  trained.model.dispose();
  const result: Omit<TinyTextModel, 'onnx'> = {
    vocabulary: trained.tokenizer.vocabulary,
    labels: trained.labels,
    maxLength: TINY_TEXT_CONFIG.maxLength,
    testAccuracy: trained.metrics.testAccuracy,
    heldOutTexts,
    tfjsOutputs,
  };
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'model.onnx'), onnx);
  await writeFile(path.join(dir, 'result.json'), JSON.stringify(result));
  return { ...result, onnx };
}
