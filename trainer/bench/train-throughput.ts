/**
 * `npm run bench:train`: training samples/s of each architecture on each backend that loads here, and
 * PyTorch's for the same models in the same run. Random inputs: MNIST's shape for the image models,
 * token ids (vocabulary 8,000, no padding) at two lengths for the text models; the first steps are
 * warm-up and not counted. `BENCH_MODELS` (comma-separated names, or `image` / `text`) picks rows.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setNativeKernelsEnabled } from '../src/kernels/native/register-native-kernels.ts';
import { registerSegmentSumKernel } from '../src/text/register-segment-sum-kernel.ts';
import { selectBackend, tf, wasmThreadCount } from '../src/tf.ts';
import { BENCH_BATCH as BATCH, benchModels, type BenchModel } from './bench-models.ts';
import { measureSamplesPerSecond } from './measure-samples-per-second.ts';
import { measureTorchThroughput } from './torch/measure-torch-throughput.ts';

const budgetSeconds = Number(process.env.BENCH_SECONDS ?? 10);
// PyTorch runs with as many threads as this machine's two cores; the issue's reference figure.
const torchThreads = Number(process.env.BENCH_TORCH_THREADS ?? 2);
const reportDir = process.env.BENCH_REPORT_DIR ?? 'reports';

const models = benchModels(process.env.BENCH_MODELS ?? 'image,text');

async function measure(bench: BenchModel): Promise<{ samplesPerSecond: number; cpuMsPerStep: number }> {
  const { model, x, y } = bench.build();
  try {
    return await measureSamplesPerSecond(() => model.trainOnBatch(x, y), { batch: BATCH, seconds: budgetSeconds });
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}

const selection = await selectBackend();
// Embedding's gradient on the cpu backend (as `text train` registers it).
registerSegmentSumKernel();
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

const rows: { backend: string; model: string; samplesPerSecond: number; cpuMsPerStep: number }[] = [];
for (const backend of backends) {
  await tf.setBackend(backend.tfBackend);
  setNativeKernelsEnabled(backend.native ?? true);
  for (const bench of models) {
    const { samplesPerSecond, cpuMsPerStep } = await measure(bench);
    rows.push({ backend: backend.name, model: bench.name, samplesPerSecond: Math.round(samplesPerSecond), cpuMsPerStep: Number(cpuMsPerStep.toFixed(1)) });
    console.log(`${backend.name.padEnd(18)} ${bench.name.padEnd(15)} ${samplesPerSecond.toFixed(0).padStart(7)} samples/s (batch ${BATCH}), ${cpuMsPerStep.toFixed(1)} CPU ms a step`);
  }
}

const torch = measureTorchThroughput({ threads: torchThreads, batch: BATCH, seconds: budgetSeconds, models: models.map((m) => m.name) });
// oursOverTorch: samples/s over PyTorch's; cpuOursOverTorch: PyTorch's CPU ms a step over ours (the same sense).
const ratios: { backend: string; model: string; oursOverTorch: number; cpuOursOverTorch: number }[] = [];
if (torch.available) {
  const t = torch.result;
  console.log(`pytorch ${t.torch} on ${t.threads} threads, BLAS ${t.blas} (${t.blasLibraries.join(', ') || 'no BLAS library mapped'})`);
  for (const row of t.rows) {
    console.log(`${'pytorch'.padEnd(18)} ${row.model.padEnd(15)} ${String(row.samplesPerSecond).padStart(7)} samples/s (batch ${t.batch}), ${row.cpuMsPerStep} CPU ms a step`);
  }
  for (const row of rows) {
    const reference = t.rows.find((r) => r.model === row.model);
    if (!reference) continue;
    const ratio = row.samplesPerSecond / reference.samplesPerSecond;
    const cpuRatio = reference.cpuMsPerStep / row.cpuMsPerStep;
    ratios.push({ backend: row.backend, model: row.model, oursOverTorch: Number(ratio.toFixed(3)), cpuOursOverTorch: Number(cpuRatio.toFixed(3)) });
    console.log(`ours/pytorch       ${row.model.padEnd(15)} ${row.backend.padEnd(18)} ${ratio.toFixed(3)}× (CPU time ${cpuRatio.toFixed(3)}×)`);
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
