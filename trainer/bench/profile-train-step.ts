/**
 * Milliseconds per kernel in one training step (batch 64) of each bench model (bench-models.ts) on one
 * backend (`EDGEML_TF_BACKEND`, default wasm), the slowest first: where the time goes.
 *   npm run bench:train-profile [small-cnn,mnist-net,text,…]
 */
import { registerSegmentSumKernel } from '../src/text/register-segment-sum-kernel.ts';
import { parseBackendName, selectBackend, tf } from '../src/tf.ts';
import { benchModels } from './bench-models.ts';

const selection = await selectBackend({ backend: parseBackendName(process.env.EDGEML_TF_BACKEND ?? 'wasm') });
registerSegmentSumKernel();
console.log(`backend: ${selection.name}${selection.kernels ? `; kernels: ${selection.kernels}` : ''}`);
for (const bench of benchModels(process.argv[2] ?? 'image')) {
  const { model, x, y } = bench.build();
  const step = () => model.trainOnBatch(x, y);
  await step();
  const totals = new Map<string, { ms: number; calls: number }>();
  const rounds = 2;
  const start = performance.now();
  for (let i = 0; i < rounds; i++) {
    const profile = await tf.profile(step);
    for (const k of profile.kernels) {
      const total = totals.get(k.name) ?? { ms: 0, calls: 0 };
      totals.set(k.name, { ms: total.ms + Number(k.kernelTimeMs) / rounds, calls: total.calls + 1 / rounds });
    }
  }
  const wall = (performance.now() - start) / rounds;
  const kernelMs = [...totals.values()].reduce((sum, t) => sum + t.ms, 0);
  console.log(`${bench.name}: ${wall.toFixed(0)} ms a profiled step, ${kernelMs.toFixed(0)} ms in kernels (profiling adds read-backs)`);
  for (const [name, { ms, calls }] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) {
    console.log(`  ${name.padEnd(24)} ${ms.toFixed(1).padStart(8)} ms  ${calls.toFixed(0).padStart(5)} calls`);
  }
  tf.dispose([x, y]);
  model.dispose();
}
