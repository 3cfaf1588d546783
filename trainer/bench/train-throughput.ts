/**
 * `npm run bench:train`: training samples/s of each architecture on each backend that loads here.
 * Random inputs of MNIST's shape; the first steps are warm-up and not counted.
 */
import { buildModel, type Architecture } from '../src/models/build-model.ts';
import { selectBackend, tf, type BackendName } from '../src/tf.ts';

const BATCH = 64;
const budgetSeconds = Number(process.env.BENCH_SECONDS ?? 10);

async function samplesPerSecond(architecture: Architecture): Promise<number> {
  const model = buildModel(architecture, [28, 28, 1], 10);
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const x = tf.randomNormal([BATCH, 28, 28, 1]);
  const y = tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32'), 10).toFloat();
  try {
    for (let i = 0; i < 2; i++) await model.trainOnBatch(x, y);
    let steps = 0;
    const start = performance.now();
    while (performance.now() - start < budgetSeconds * 1000 || steps < 3) {
      await model.trainOnBatch(x, y);
      steps++;
    }
    return (steps * BATCH) / ((performance.now() - start) / 1000);
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}

const selection = await selectBackend();
const backends: { name: BackendName; tfBackend: string }[] = [{ name: selection.name, tfBackend: selection.tfBackend }];
// The cpu backend is always there; it is the floor the others are compared with.
if (selection.name !== 'cpu') backends.push({ name: 'cpu', tfBackend: 'cpu' });
console.log(`backend chosen: ${selection.name}; skipped: ${selection.skipped.map((s) => `${s.name} (${s.reason})`).join('; ') || 'none'}`);

const rows: { backend: string; model: string; samplesPerSecond: number }[] = [];
for (const backend of backends) {
  await tf.setBackend(backend.tfBackend);
  for (const architecture of ['small-cnn', 'mnist-net'] as const) {
    const rate = await samplesPerSecond(architecture);
    rows.push({ backend: backend.name, model: architecture, samplesPerSecond: Math.round(rate) });
    console.log(`${backend.name.padEnd(16)} ${architecture.padEnd(10)} ${rate.toFixed(0).padStart(7)} samples/s (batch ${BATCH})`);
  }
}
console.log(JSON.stringify({ batch: BATCH, rows }));
