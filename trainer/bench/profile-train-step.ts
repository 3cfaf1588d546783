import type { Architecture } from '@edgeml/shared';
/**
 * Milliseconds per kernel in one training step (batch 64) of each model on the wasm backend, the
 * slowest first: where the time goes.
 *   node --import { type Architecture } from '@edgeml/shared';
import tsx trainer/bench/profile-train-step.ts [small-cnn|mnist-net]
 */
import { buildModel } from '../src/models/build-model.ts';
import { selectBackend, tf } from '../src/tf.ts';

const BATCH = 64;
await selectBackend({ backend: 'wasm' });
const architectures = (process.argv[2] ? [process.argv[2]] : ['small-cnn', 'mnist-net']) as Architecture[];
for (const architecture of architectures) {
  const model = buildModel(architecture, [28, 28, 1], 10);
  const optimizer = tf.train.adam(1e-3);
  const x = tf.randomNormal([BATCH, 28, 28, 1]);
  const y = tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32'), 10).toFloat();
  const step = () =>
    optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, true)!.dispose();
  step();
  const totals = new Map<string, number>();
  const rounds = 3;
  const start = performance.now();
  for (let i = 0; i < rounds; i++) {
    const profile = await tf.profile(step);
    for (const k of profile.kernels) totals.set(k.name, (totals.get(k.name) ?? 0) + Number(k.kernelTimeMs) / rounds);
  }
  const wall = (performance.now() - start) / rounds;
  const rows = [...totals].sort((a, b) => b[1] - a[1]).slice(0, 10);
  console.log(`${architecture}: ${wall.toFixed(0)} ms a profiled step (profiling adds read-backs)`);
  for (const [name, ms] of rows) console.log(`  ${name.padEnd(24)} ${ms.toFixed(1).padStart(7)} ms`);
  tf.dispose([x, y]);
  model.dispose();
}
