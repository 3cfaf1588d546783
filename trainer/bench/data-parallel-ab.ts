/**
 * A/B of data-parallel training on the wasm backend, in one process: training samples/s (batch 64,
 * Adam, random MNIST-shaped data) of one instance on the full batch against `createDataParallelStep`
 * (this thread + worker threads), the variants alternating, medians of the rounds.
 *   node --import tsx trainer/bench/data-parallel-ab.ts [small-cnn|mnist-net]
 * Environment: BENCH_ROUNDS (default 5), BENCH_ROUND_SECONDS (default 3), BENCH_INSTANCES (default 2).
 */
import os from 'node:os';
import { buildModel, type Architecture } from '../src/models/build-model.ts';
import { createOptimizer } from '../src/optimizers/create-optimizer.ts';
import { batchGradients } from '../src/parallel/batch-gradients.ts';
import { createDataParallelStep } from '../src/parallel/create-data-parallel-step.ts';
import { selectBackend, tf } from '../src/tf.ts';
import { measureSamplesPerSecond } from './measure-samples-per-second.ts';

const BATCH = 64;
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const roundSeconds = Number(process.env.BENCH_ROUND_SECONDS ?? 3);
const instances = Number(process.env.BENCH_INSTANCES ?? 2);
await selectBackend({ backend: 'wasm' });

/** One round's samples/s (no warm-up here: each variant ran a step before the rounds). */
const rate = (step: () => Promise<unknown>) => measureSamplesPerSecond(step, { batch: BATCH, seconds: roundSeconds, minSteps: 2, warmup: 0 });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

const architectures = (process.argv[2] ? [process.argv[2]] : ['small-cnn', 'mnist-net']) as Architecture[];
console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const architecture of architectures) {
  const x = tf.randomNormal([BATCH, 28, 28, 1]);
  const y = tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32'), 10).toFloat();
  const singleModel = buildModel(architecture, [28, 28, 1], 10);
  const singleOptimizer = createOptimizer({ type: 'adam' });
  const variables = singleModel.trainableWeights.map((w) => w.read() as tf.Variable);
  const single = async () =>
    tf.tidy(() => {
      const { loss, accuracy, grads } = batchGradients(singleModel, x, y, true);
      accuracy.dispose();
      singleOptimizer.applyGradients(Object.fromEntries(variables.map((v, i) => [v.name, grads[i]!])));
      return loss.dataSync()[0];
    });
  const parallelModel = buildModel(architecture, [28, 28, 1], 10);
  const parallel = await createDataParallelStep(parallelModel, createOptimizer({ type: 'adam' }), {
    backend: 'wasm',
    instances,
  });
  await single();
  await parallel.step(x, y);
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    a.push(await rate(single));
    b.push(await rate(() => parallel.step(x, y)));
  }
  const fmt = (v: number[]) => v.map((s) => s.toFixed(0)).join(' ');
  console.log(`${architecture}: single ${fmt(a)} → median ${median(a).toFixed(0)} samples/s`);
  console.log(`${architecture}: data-parallel ×${instances} ${fmt(b)} → median ${median(b).toFixed(0)} samples/s (${(median(b) / median(a)).toFixed(2)}×)`);
  await parallel.close();
  tf.dispose([x, y]);
  singleModel.dispose();
  parallelModel.dispose();
}
console.log(`load average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
