import { type AnyModelManifest, TEXT_ARCHITECTURES, type TextArchitecture } from '@edgeml/shared';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TrainerError } from '../errors.ts';
import { ONNX_FILE } from '../pipeline/export-run.ts';
import type { BuiltVersion } from '../pipeline/build-version.ts';
import type { TextRunRecord } from '../pipeline/run-record.ts';
import { saveRun } from '../pipeline/save-run.ts';
import type { ObjectStore } from '../publish/object-store.ts';
import { publishModelVersion } from '../publish/publish-model-version.ts';
import { selectBackend, type BackendName } from '../tf.ts';
import type { EpochLog, TrainProgress } from '../train/epoch-log.ts';
import { buildTextVersions } from './build-text-versions.ts';
import { exportInt8TextRun, type Int8TextRun } from './export-int8-text-run.ts';
import { loadTextDataset } from './load-text-dataset.ts';
import { measureTextParity } from './measure-text-parity.ts';
import { stratifiedSplit } from './stratified-split.ts';
import type { TextExample, TextSplit } from './text-dataset.ts';
import { textOnnxOpset } from './text-onnx-opset.ts';
import { trainTextModel } from './train-text-model.ts';

export const INT8_ONNX_FILE = 'model-int8.onnx';
/** Adam's rate for text models. */
const LEARNING_RATE = 0.005;

export interface TrainTextRunOptions {
  /** `spam` (SpamAssassin) or a .csv / .jsonl file of text,label rows; with `examples`, their dataset's name. */
  data: string;
  /** Rows already read (an uploaded dataset): split as a file's would be. */
  examples?: readonly TextExample[];
  architecture: TextArchitecture;
  /** Transformer encoder blocks, 1 or 2. */
  blocks: number;
  /** Default `spam`, or the data file's base name. */
  name?: string;
  outDir: string;
  epochs: number;
  batchSize: number;
  vocabularySize: number;
  maxLength: number;
  seed: number;
  /** `auto` picks the fastest that loads; the CLI's default is cpu (faster than wasm for text). */
  backend: BackendName | 'auto';
  /** Also measure the weight-only int8 variant, kept (model-int8.onnx) within 0.3 test-accuracy points. */
  int8?: boolean;
  /** Publish the float version, then the kept int8 one (its lineage naming the float) as production. */
  store?: ObjectStore;
  /** Build those versions without publishing them (`TextRun.versions`); a store implies it. */
  buildVersions?: boolean;
  /** After every epoch; `trainExamples` gives its throughput. */
  onEpochEnd?: (log: EpochLog, data: { trainExamples: number }) => void;
  /** Checked after every batch: an abort stops training there and throws the signal's reason. */
  signal?: AbortSignal;
  /** Awaited after every batch, before the signal is checked (a progress bar; a runner lets its cancel poll land). */
  onBatchEnd?: (progress: TrainProgress) => Promise<void> | void;
  log?: (line: string) => void;
}

export interface TextRun {
  record: TextRunRecord;
  /** Largest |tfjs − onnxruntime-node| over the first 256 test texts. */
  parityMaxAbsDiff: number;
  int8?: Int8TextRun;
  /** With a store: the float version, then the int8 one. */
  published: AnyModelManifest[];
  /** With a store or `buildVersions`: the float version, then the int8 one, as built. */
  versions: BuiltVersion<AnyModelManifest>[];
  /** The test split the metrics were measured on (a training job judges the champion on it too). */
  test: TextSplit;
}

/**
 * Trains a text classifier and saves it as a run folder like image runs (model.json, weights.bin,
 * run.json, vocabulary.json, curves.svg), with its ONNX export (model.onnx) after measuring it
 * against tfjs; `trainer publish --run` publishes the folder.
 */
export async function trainTextRun(options: TrainTextRunOptions): Promise<TextRun> {
  const log = options.log ?? (() => {});
  const { architecture, epochs, batchSize, seed } = options;
  if (!TEXT_ARCHITECTURES.includes(architecture)) throw new TrainerError('invalid_argument', `--arch must be one of ${TEXT_ARCHITECTURES.join(', ')}`);
  if (options.blocks > 2) throw new TrainerError('invalid_argument', `--blocks must be 1 or 2, not ${options.blocks}`);
  const backend = await selectBackend({ backend: options.backend });
  const dataset = options.examples ? stratifiedSplit(options.data, options.examples, { seed }) : await loadTextDataset(options.data, { seed });
  log(`${dataset.name}: ${dataset.train.texts.length} train, ${dataset.validation.texts.length} validation, ${dataset.test.texts.length} test`);
  const trained = await trainTextModel(dataset, {
    architecture,
    epochs,
    batchSize,
    learningRate: LEARNING_RATE,
    vocabularySize: options.vocabularySize,
    maxLength: options.maxLength,
    blocks: options.blocks,
    onEpochEnd: (epoch) => options.onEpochEnd?.(epoch, { trainExamples: dataset.train.texts.length }),
    signal: options.signal,
    onBatchEnd: options.onBatchEnd,
  });
  const { model, tokenizer } = trained;
  try {
    const opset = textOnnxOpset(architecture);
    const parityTexts = dataset.test.texts.slice(0, 256);
    const parity = await measureTextParity(model, tokenizer.encodeBatch(parityTexts), parityTexts.length, { opset });
    log(`ONNX parity with tfjs on ${parityTexts.length} test texts: max |Δ| = ${parity.maxAbsDiff.toExponential(2)}`);
    const record: TextRunRecord = {
      task: 'text-classification',
      name: options.name ?? (options.data === 'spam' ? 'spam' : dataset.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-')),
      labels: trained.labels,
      maxLength: tokenizer.maxLength,
      training: { architecture, dataset: options.data, epochs, batchSize, optimizer: 'adam', learningRate: LEARNING_RATE, seed, backend: backend.name },
      metrics: trained.metrics,
      history: trained.history,
      createdAt: new Date().toISOString(),
    };
    const vocabulary = new TextEncoder().encode(JSON.stringify(tokenizer.vocabulary));
    await saveRun(options.outDir, model, record, vocabulary);
    const float = parity.exported;
    await writeFile(path.join(options.outDir, ONNX_FILE), float.bytes);
    const int8 = options.int8 ? await exportInt8TextRun({ model, tokenizer, float, test: dataset.test, opset }) : undefined;
    if (int8?.kept) await writeFile(path.join(options.outDir, INT8_ONNX_FILE), int8.kept.onnx.bytes);
    const versions = options.store || options.buildVersions ? await buildTextVersions({ model, float, record, vocabulary, ...(int8 ? { int8 } : {}) }) : [];
    const published: AnyModelManifest[] = [];
    const { store } = options;
    if (store) for (const { manifest, artifacts } of versions) published.push((await publishModelVersion({ store, manifest, artifacts })).manifest);
    return { record, parityMaxAbsDiff: parity.maxAbsDiff, ...(int8 ? { int8 } : {}), published, versions, test: dataset.test };
  } finally {
    model.dispose();
  }
}
