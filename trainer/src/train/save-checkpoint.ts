import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TrainingCallback, TrainingContext } from '../callbacks/training-callback.ts';
import { tf } from '../tf.ts';
import { checkpointJsonPath, type CheckpointJson } from './checkpoint-file.ts';

/**
 * Writes the state a run needs to continue after `context.history.length` epochs: model weights
 * (batch-norm statistics included), optimizer step and moments, callback state, history. The state
 * file goes first and checkpoint.json, which names it, last (each by rename), so an interruption at
 * any point leaves the previous checkpoint readable.
 */
export async function saveCheckpoint(dir: string, context: TrainingContext, callbacks: TrainingCallback[], meta?: unknown): Promise<void> {
  await mkdir(dir, { recursive: true });
  const epoch = context.history.length;
  const optimizerWeights = await context.optimizer.getWeights();
  const named: { name: string; tensor: tf.Tensor }[] = [
    ...context.model.getWeights().map((tensor, i) => ({ name: `model/${i}`, tensor })),
    ...optimizerWeights.map((w, i) => ({ name: `optimizer/${i}`, tensor: w.tensor })),
  ];
  const callbackJson: Record<string, unknown> = {};
  for (const callback of callbacks) {
    const state = callback.getState?.();
    if (!state) continue;
    callbackJson[callback.name] = state.json;
    state.tensors?.forEach((tensor, i) => named.push({ name: `callback/${callback.name}/${i}`, tensor }));
  }
  const encoded = await tf.io.encodeWeights(named);
  // The step counter is a fresh scalar tfjs made for getWeights; the moments are live variables.
  optimizerWeights[0]?.tensor.dispose();
  const stateFile = `state-${epoch}.bin`;
  await writeAtomically(path.join(dir, stateFile), new Uint8Array(encoded.data));
  const json: CheckpointJson = {
    format: 'edgeml-checkpoint',
    version: 1,
    epoch,
    stopped: context.stopTraining,
    optimizerType: context.optimizer.type,
    optimizerStep: context.optimizer.iterations,
    learningRate: context.optimizer.getLearningRate(),
    learningRateScale: context.learningRateScale,
    history: context.history,
    meta,
    callbacks: callbackJson,
    stateFile,
    optimizerWeightNames: optimizerWeights.map((w) => w.name),
    weightSpecs: encoded.specs,
    savedAt: new Date().toISOString(),
  };
  await writeAtomically(checkpointJsonPath(dir), `${JSON.stringify(json, null, 2)}\n`);
  for (const file of await readdir(dir)) {
    if (/^state-\d+\.bin$/.test(file) && file !== stateFile) await rm(path.join(dir, file), { force: true });
  }
}

async function writeAtomically(file: string, data: Uint8Array | string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, file);
}
