import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { TrainerError } from '../errors.ts';
import { loadLayersModel } from '../io/load-layers-model.ts';
import type { ExportOnnxOptions } from '../onnx/export-onnx.ts';
// Registers the transformer's custom layers, so a text run's model.json loads.
import '../text/build-text-model.ts';
import { textOnnxOpset } from '../text/text-onnx-opset.ts';
import { selectBackend, type LayersModel } from '../tf.ts';
import { readRunRecord, type RunRecord } from './run-record.ts';

export const VOCABULARY_FILE = 'vocabulary.json';

export interface LoadedRun {
  run: RunRecord;
  /** The caller disposes it. */
  model: LayersModel;
  exportOptions: ExportOnnxOptions;
  /** A text run's vocabulary.json. */
  vocabulary?: Uint8Array;
}

/** A run folder (image or text) as `buildVersion` takes it: run.json, the trained model (loaded once) and a text run's vocabulary. */
export async function loadRun(dir: string): Promise<LoadedRun> {
  const run = await readRunRecord(dir);
  let vocabulary: Uint8Array | undefined;
  if (run.task === 'text-classification') {
    try {
      vocabulary = new Uint8Array(await readFile(path.join(dir, VOCABULARY_FILE)));
    } catch (error) {
      throw new TrainerError('not_found', `the text run ${dir} has no readable ${VOCABULARY_FILE}: ${(error as Error).message}`);
    }
  }
  await selectBackend();
  const model = await loadLayersModel(dir);
  const exportOptions = run.task === 'text-classification' ? { opset: textOnnxOpset(run.training.architecture) } : {};
  return { run, model, exportOptions, ...(vocabulary ? { vocabulary } : {}) };
}
