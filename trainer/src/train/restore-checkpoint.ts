import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TrainingCallback, TrainingContext } from '../callbacks/training-callback.ts';
import { TrainerError } from '../errors.ts';
import { tf } from '../tf.ts';
import type { CheckpointJson } from './checkpoint-file.ts';

/** Puts a checkpoint's weights, optimizer state, callback state and history into a fresh training context. */
export async function restoreCheckpoint(
  dir: string,
  checkpoint: CheckpointJson,
  context: TrainingContext,
  callbacks: TrainingCallback[],
): Promise<void> {
  if (checkpoint.optimizerType !== context.optimizer.type) {
    throw new TrainerError('invalid_config', `the checkpoint was saved with the ${checkpoint.optimizerType} optimizer; this run uses ${context.optimizer.type}`);
  }
  const bytes = await readFile(path.join(dir, checkpoint.stateFile)).catch((error: unknown) => {
    throw new TrainerError('not_found', `checkpoint state ${checkpoint.stateFile} is missing in ${dir}: ${(error as Error).message}`);
  });
  const tensors = tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), checkpoint.weightSpecs);
  const group = (prefix: string) =>
    Object.keys(tensors)
      .filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
      .sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)))
      .map((name) => tensors[name]!);

  const modelWeights = group('model/');
  if (modelWeights.length !== context.model.weights.length) {
    tf.dispose(Object.values(tensors));
    throw new TrainerError(
      'invalid_config',
      `the checkpoint holds ${modelWeights.length} weight tensors but the model has ${context.model.weights.length}: it was saved for another architecture`,
    );
  }
  context.model.setWeights(modelWeights);
  tf.dispose(modelWeights);

  const optimizerWeights = group('optimizer/').map((tensor, i) => ({ name: checkpoint.optimizerWeightNames[i] ?? `w${i}`, tensor }));
  await context.optimizer.setWeights(optimizerWeights);
  // setWeights made variables of them (sharing their data); the decoded tensors themselves go.
  tf.dispose(optimizerWeights.map((w) => w.tensor));

  const handedOver = new Set<tf.Tensor>();
  for (const callback of callbacks) {
    const json = checkpoint.callbacks[callback.name];
    if (json === undefined || !callback.setState) continue;
    const callbackTensors = group(`callback/${callback.name}/`);
    callbackTensors.forEach((tensor) => handedOver.add(tensor));
    callback.setState({ json, tensors: callbackTensors });
  }
  // State of callbacks this run does not have (e.g. early stopping switched off on resume).
  tf.dispose(Object.keys(tensors).filter((name) => name.startsWith('callback/') && !handedOver.has(tensors[name]!)).map((name) => tensors[name]!));
  context.history.push(...checkpoint.history);
  context.learningRateScale = checkpoint.learningRateScale;
  context.optimizer.setLearningRate(checkpoint.learningRate);
  context.stopTraining = checkpoint.stopped;
}
