/**
 * `npm run bench:train`: training samples/s of each architecture on each backend that loads here.
 * Random inputs of MNIST's shape; the first steps are warm-up and not counted.
 */
import { type Architecture } from '@edgeml/shared';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildModel } from '../src/models/build-model.ts';
import { setNativeKernelsEnabled } from '../src/kernels/native/register-native-kernels.ts';
import { selectBackend, tf, wasmThreadCount } from '../src/tf.ts';
import { measureSamplesPerSecond } from './measure-samples-per-second.ts';
import { measureTorchThroughput } from './torch/measure-torch-throughput.ts';

const BATCH = 64;
const budgetSeconds = Number(process.env.BENCH_SECONDS ?? 10);
// PyTorch runs with as many threads as this machine's two cores; the issue's reference figure.
const torchThreads = Number(process.env.BENCH_TORCH_THREADS ?? 2);
const reportDir = process.env.BENCH_REPORT_DIR ?? 'reports';

async function samplesPerSecond(architecture: Architecture): Promise<number> {
  const model = buildModel(architecture, [28, 28, 1], 10);
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const x = tf.randomNormal([BATCH, 28, 28, 1]);
  const y = tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32'), 10).toFloat();
  try {
    return await measureSamplesPerSecond(() => model.trainOnBatch(x, y), { batch: BATCH, seconds: budgetSeconds });
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}

const selection = await selectBackend();
// `native` rows: the wasm backend with the native addon's kernels; the plain `wasm` row turns them off.
type Row = { name: string; tfBackend: string; native?: boolean };
const nativeLoaded = selection.kernels?.startsWith('native') ?? false;
const backends: Row[] = nativeLoaded
  ? [{ name: 'wasm+native', tfBackend: 'wasm', native: true }, { name: 'wasm', tfBackend: 'wasm', native: false }]
  : [{ name: selection.name, tfBackend: selection.tfBackend }];
// The cpu backend is always there; it is the floor the others are compared with (BENCH_CPU=0 skips it:
// MNISTNet takes about 30 s a step there).
if (selection.name !== 'cpu' && process.env.BENCH_CPU !== '0') backends.push({ name: 'cpu', tfBackend: 'cpu' });
const threads = selection.tfBackend === 'wasm' ? ` (${wasmThreadCount()} XNNPACK threads)` : '';
console.log(`backend chosen: ${selection.name}${threads}${selection.kernels ? `; kernels: ${selection.kernels}` : ''}; skipped: ${selection.skipped.map((s) => `${s.name} (${s.reason})`).join('; ') || 'none'}`);

const rows: { backend: string; model: string; samplesPerSecond: number }[] = [];
for (const backend of backends) {
  await tf.setBackend(backend.tfBackend);
  setNativeKernelsEnabled(backend.native ?? true);
  for (const architecture of ['small-cnn', 'mnist-net'] as const) {
    const rate = await samplesPerSecond(architecture);
    rows.push({ backend: backend.name, model: architecture, samplesPerSecond: Math.round(rate) });
    console.log(`${backend.name.padEnd(18)} ${architecture.padEnd(10)} ${rate.toFixed(0).padStart(7)} samples/s (batch ${BATCH})`);
  }
}

const torch = measureTorchThroughput({ threads: torchThreads, batch: BATCH, seconds: budgetSeconds });
const ratios: { backend: string; model: string; oursOverTorch: number }[] = [];
if (torch.available) {
  const t = torch.result;
  console.log(`pytorch ${t.torch} on ${t.threads} threads, BLAS ${t.blas} (${t.blasLibraries.join(', ') || 'no BLAS library mapped'})`);
  for (const row of t.rows) {
    console.log(`${'pytorch'.padEnd(18)} ${row.model.padEnd(10)} ${String(row.samplesPerSecond).padStart(7)} samples/s (batch ${t.batch})`);
  }
  for (const row of rows) {
    const reference = t.rows.find((r) => r.model === row.model);
    if (!reference) continue;
    const ratio = row.samplesPerSecond / reference.samplesPerSecond;
    ratios.push({ backend: row.backend, model: row.model, oursOverTorch: Number(ratio.toFixed(3)) });
    console.log(`ours/pytorch       ${row.model.padEnd(10)} ${row.backend.padEnd(18)} ${ratio.toFixed(3)}×`);
  }
} else {
  console.log(`pytorch unavailable: ${torch.reason}`);
}
const report = {
  date: new Date().toISOString(),
  batch: BATCH,
  seconds: budgetSeconds,
  rows,
  pytorch: torch.available ? torch.result : { unavailable: torch.reason },
  ratios,
};
await mkdir(reportDir, { recursive: true });
const reportPath = path.join(reportDir, `train-throughput-${report.date.replace(/[:.]/g, '-')}.json`);
await writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify({ batch: BATCH, rows, ratios }));
console.log(`wrote ${reportPath}`);
