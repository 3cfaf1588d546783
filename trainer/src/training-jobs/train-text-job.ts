import path from 'node:path';
import { parseDataset, type TrainingJobRequest } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { TextExample } from '../text/text-dataset.ts';
import { trainTextRun } from '../text/train-text-run.ts';
import { downloadDataset } from './download-dataset.ts';
import type { TaskJobParams, TrainedJob } from './trained-job.ts';
import type { TrainingApiClient } from './training-api-client.ts';

export type TextJobRequest = Extract<TrainingJobRequest, { task: 'text-classification' }>;

/**
 * Trains a text job as `trainer text train` does (same split, tokenizer, ONNX export
 * and int8 check): on the built-in `spam` corpus, or an uploaded CSV/JSONL read as the worker read it
 * when it was uploaded (rows with problems left out).
 */
export async function trainTextJob(params: TaskJobParams<TextJobRequest>): Promise<TrainedJob> {
  const { request, workDir } = params;
  if (request.limits) params.log('limits apply to image datasets; a text job trains on the whole dataset');
  const examples = request.dataset === 'spam' ? undefined : await downloadTextRows(params.client, request.dataset, params.log);
  const { run } = request;
  const trained = await trainTextRun({
    data: request.dataset,
    ...(examples ? { examples } : {}),
    architecture: run.architecture,
    blocks: run.blocks,
    name: request.model,
    outDir: path.join(workDir, 'run'),
    epochs: run.epochs,
    batchSize: run.batchSize,
    vocabularySize: run.vocabularySize,
    maxLength: run.maxLength,
    seed: run.seed,
    backend: params.backend,
    int8: request.after.int8,
    buildVersions: true,
    signal: params.signal,
    onBatchEnd: params.onBatchEnd,
    onEpochEnd: (log, { trainExamples }) => params.onEpoch(log, { name: 'train', epochs: run.epochs, examples: trainExamples }),
    log: params.log,
  });
  const { record, int8, test } = trained;
  return {
    test: { kind: 'texts', texts: { texts: test.texts, labels: test.labelIds.map((id) => record.labels[id]!) } },
    versions: trained.versions,
    metrics: { ...record.metrics, ...(int8 ? { int8TestAccuracy: int8.int8.accuracy, int8Bytes: int8.int8.bytes, floatBytes: int8.float.bytes } : {}) },
    report: {
      parityMaxAbsDiff: trained.parityMaxAbsDiff,
      ...(int8 ? { int8: { kept: int8.kept !== undefined, lostPoints: int8.lostPoints, floatBytes: int8.float.bytes, int8Bytes: int8.int8.bytes } } : {}),
    },
  };
}

/** An uploaded dataset's usable rows. */
async function downloadTextRows(client: TrainingApiClient, id: string, log: (line: string) => void): Promise<TextExample[]> {
  const { summary, bytes } = await downloadDataset(client, id, 'text-classification');
  if (summary.format !== 'csv' && summary.format !== 'jsonl') throw new TrainerError('invalid_argument', `dataset ${id} is ${summary.format ?? 'of no format'}: text jobs read csv or jsonl`);
  const examples: TextExample[] = [];
  let problems = 0;
  for (const item of parseDataset(summary.format, bytes)) {
    if ('row' in item) examples.push({ text: item.row.text, label: item.row.label });
    else problems++;
  }
  log(`dataset ${id} (${summary.name}): ${examples.length} rows${problems ? `, ${problems} with problems left out` : ''}`);
  return examples;
}
