import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImagePreprocessing, Metrics, TrainingConfig } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { EpochLog } from '../train/train-model.ts';

/** What a training run leaves beside its weights, enough to export, evaluate and publish it later. */
export interface RunRecord {
  name: string;
  labels: string[];
  preprocessing: ImagePreprocessing;
  imageShape: [number, number, number];
  training: TrainingConfig;
  metrics: Metrics;
  history: EpochLog[];
  createdAt: string;
}

const RUN_FILE = 'run.json';

export async function writeRunRecord(dir: string, record: RunRecord): Promise<void> {
  await writeFile(path.join(dir, RUN_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

export async function readRunRecord(dir: string): Promise<RunRecord> {
  try {
    return JSON.parse(await readFile(path.join(dir, RUN_FILE), 'utf8')) as RunRecord;
  } catch (error) {
    throw new TrainerError('not_found', `${dir} is not a training run (cannot read ${RUN_FILE}): ${(error as Error).message}`);
  }
}
