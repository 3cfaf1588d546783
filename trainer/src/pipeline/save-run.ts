import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderCurvesSvg } from '../curves/render-curves-svg.ts';
import { saveLayersModel } from '../io/save-layers-model.ts';
import type { LayersModel } from '../tf.ts';
import { VOCABULARY_FILE } from './load-run.ts';
import { writeRunRecord, type RunRecord } from './run-record.ts';

export const CURVES_FILE = 'curves.svg';

/**
 * Writes a run folder, the one format of image and text runs that `loadRun` reads: the tfjs model
 * (model.json, weights.bin), run.json, a text run's vocabulary.json, and curves.svg when the run
 * has per-epoch logs.
 */
export async function saveRun(dir: string, model: LayersModel, record: RunRecord, vocabulary?: Uint8Array): Promise<void> {
  await mkdir(dir, { recursive: true });
  await saveLayersModel(model, dir);
  await writeRunRecord(dir, record);
  if (vocabulary) await writeFile(path.join(dir, VOCABULARY_FILE), vocabulary);
  if (record.history.length > 0) {
    await writeFile(path.join(dir, CURVES_FILE), renderCurvesSvg(record.history, `${record.name}: ${record.training.architecture}, ${record.training.optimizer}`));
  }
}
