import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageSplit } from '../data/dataset.ts';
import { buildSmallCnn } from '../models/build-small-cnn.ts';
import { selectBackend, tf } from '../tf.ts';
import { prunableWeights } from './prunable-weights.ts';
import { pruneModel } from './prune-model.ts';

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

/** Images whose class is the quadrant holding a bright blob: learnable, and small enough for the cpu backend. */
function blobSplit(count: number, seed: number): ImageSplit {
  let state = seed;
  const random = (): number => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const side = 16;
  const images = new Float32Array(count * side * side);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const label = Math.floor(random() * 4);
    labels[n] = label;
    const [cy, cx] = [(label >> 1) * 8 + 4, (label & 1) * 8 + 4];
    for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) {
      images[n * side * side + y * side + x] = Math.exp(-((y - cy) ** 2 + (x - cx) ** 2) / 6) + 0.2 * (random() - 0.5);
    }
  }
  return { images, labels, count, imageShape: [side, side, 1] };
}

describe('pruneModel', () => {
  it.each(['one-shot', 'gradual'] as const)('reaches the target sparsity per layer (%s) and pruned weights stay zero through fine-tuning', async (schedule) => {
    const model = buildSmallCnn([16, 16, 1], 4);
    const split = blobSplit(192, 5);
    const result = await pruneModel(model, split, {
      sparsity: 0.6, scope: 'layer', schedule, pruningEvents: 4, epochs: 2, batchSize: 32, learningRate: 0.003, seed: 1, classes: 4,
    });
    expect(result.layers.map((l) => l.layer)).toEqual(['conv1', 'conv2', 'logits']);
    for (const layer of result.layers) expect(layer.sparsity).toBeCloseTo(0.6, 2);
    expect(result.sparsity).toBeCloseTo(0.6, 2);
    expect(result.history.at(-1)!.loss).toBeLessThan(result.history[0]!.loss);
    model.dispose();
  });

  it('keeps the masked weights at zero after each optimizer step and ends with the same zeros it fine-tuned with', async () => {
    const model = buildSmallCnn([16, 16, 1], 4);
    const split = blobSplit(128, 9);
    const zerosAfterPruning: Set<number>[] = [];
    await pruneModel(model, split, {
      sparsity: 0.5, scope: 'global', schedule: 'one-shot', epochs: 1, batchSize: 32, learningRate: 0.01, seed: 2, classes: 4,
      onProgress: () => {
        // Called between steps: the masks must hold here too.
        const now = prunableWeights(model).map(({ variable }) => zeroSet(variable.dataSync()));
        if (zerosAfterPruning.length === 0) zerosAfterPruning.push(...now);
        now.forEach((zeros, i) => expect(isSuperset(zeros, zerosAfterPruning[i]!)).toBe(true));
      },
      reportEvery: 1,
    });
    expect(zerosAfterPruning.length).toBe(3);
    const final = prunableWeights(model).map(({ variable }) => zeroSet(variable.dataSync()));
    final.forEach((zeros, i) => expect(zeros).toEqual(zerosAfterPruning[i]));
    const total = final.reduce((n, zeros) => n + zeros.size, 0);
    const weights = prunableWeights(model).reduce((n, { variable }) => n + variable.size, 0);
    expect(total / weights).toBeCloseTo(0.5, 3);
    model.dispose();
  });

  it('awaits onBatchEnd after every batch and stops there once the signal aborts, reporting accuracy and rate per epoch', async () => {
    const model = buildSmallCnn([16, 16, 1], 4);
    const split = blobSplit(128, 3);
    const options = { sparsity: 0.5, scope: 'global', schedule: 'one-shot', batchSize: 32, learningRate: 0.003, seed: 4, classes: 4 } as const;
    const epochs: { accuracy: number; learningRate: number }[] = [];
    await pruneModel(model, split, { ...options, epochs: 1, onEpochEnd: (epoch) => epochs.push(epoch) });
    expect(epochs).toEqual([expect.objectContaining({ learningRate: 0.003 })]);
    expect(epochs[0]!.accuracy).toBeGreaterThanOrEqual(0);
    expect(epochs[0]!.accuracy).toBeLessThanOrEqual(1);

    const controller = new AbortController();
    let batches = 0;
    let steps = 0;
    const stopped = pruneModel(model, split, {
      ...options,
      epochs: 3,
      // Asynchronous, as a job's cancel poll is: the loop waits for it before checking the signal.
      onBatchEnd: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (++batches === 2) controller.abort(new Error('cancelled'));
      },
      signal: controller.signal,
      onProgress: () => steps++,
      reportEvery: 1,
    });
    await expect(stopped).rejects.toThrow('cancelled');
    expect(steps).toBe(2);
    model.dispose();
  });
});

function zeroSet(values: ArrayLike<number>): Set<number> {
  const zeros = new Set<number>();
  for (let i = 0; i < values.length; i++) if (values[i] === 0) zeros.add(i);
  return zeros;
}

function isSuperset(set: Set<number>, subset: Set<number>): boolean {
  for (const value of subset) if (!set.has(value)) return false;
  return true;
}
