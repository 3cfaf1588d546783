import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImagePreprocessing, Metrics, TrainingConfig } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { EpochLog } from '../train/epoch-log.ts';

interface RunRecordBase {
  name: string;
  labels: string[];
  training: TrainingConfig;
  metrics: Metrics;
  /** Per-epoch logs; empty when the trainer kept none (shrinking loops keep theirs in variants.json). */
  history: EpochLog[];
  createdAt: string;
}

export interface ImageRunRecord extends RunRecordBase {
  task: 'image-classification';
  preprocessing: ImagePreprocessing;
  imageShape: [number, number, number];
}

/** A text run's vocabulary is `vocabulary.json` beside run.json. */
export interface TextRunRecord extends RunRecordBase {
  task: 'text-classification';
  /** Tokens per text after truncation and padding. */
  maxLength: number;
}

/**
 * What a training run leaves beside its weights (model.json, weights.bin), enough to export,
 * evaluate and publish it later: the same run.json for image and text runs, told apart by `task`.
 */
export type RunRecord = ImageRunRecord | TextRunRecord;

const RUN_FILE = 'run.json';

export async function writeRunRecord(dir: string, record: RunRecord): Promise<void> {
  await writeFile(path.join(dir, RUN_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

export async function readRunRecord(dir: string): Promise<RunRecord> {
  let record: RunRecord;
  try {
    record = JSON.parse(await readFile(path.join(dir, RUN_FILE), 'utf8')) as RunRecord;
  } catch (error) {
    throw new TrainerError('not_found', `${dir} is not a training run (cannot read ${RUN_FILE}): ${(error as Error).message}`);
  }
  if (record.task !== 'image-classification' && record.task !== 'text-classification') {
    throw new TrainerError('invalid_argument', `${path.join(dir, RUN_FILE)} names no task: it was written by an older trainer, train it again`);
  }
  return record;
}
