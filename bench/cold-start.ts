/**
 * `npm run bench:cold-start`: where a new isolate's first prediction goes, and what moves it.
 *
 * Part 1, bare workerd (bench/support/cold-start-worker.ts, no Miniflare) started fresh per run:
 * the first `createSession` of the test model split into onnxruntime-web's phases (OrtInit,
 * OrtCreateSession), its first and second `session.run`, and workerd's CPU time (main thread and
 * all threads, /proc schedstat), under V8 flags Workers does not let us set (lazy compilation,
 * Liftoff only, tier-up) and with the module scope warming ORT up (`warmUpOrt`) or not.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { ensurePublishedTestModel } from '../test/support/published-model.ts';
import { processCpuMs } from './support/process-cpu-ms.ts';
import { startWorkerd } from './support/start-workerd.ts';

const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);
const require = createRequire(import.meta.url);
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

const VARIANTS: { label: string; flags: string[]; warm: boolean }[] = [
  { label: 'shipped', flags: [], warm: false },
  { label: 'module-scope warm-up', flags: [], warm: true },
  { label: '--liftoff-only', flags: ['--liftoff-only'], warm: false },
  { label: '--no-wasm-lazy-compilation', flags: ['--no-wasm-lazy-compilation'], warm: false },
  { label: '--no-wasm-tier-up', flags: ['--no-wasm-tier-up', '--no-wasm-dynamic-tiering'], warm: false },
];

const published = await ensurePublishedTestModel();
const { manifest } = published;
const onnx = await readFile(path.join(published.runDir, 'model.onnx'));
const dims = [1, ...manifest.input.shape.slice(1)].join(',');
const dir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-cold-start-'));
try {
  await build({ entryPoints: [path.join(import.meta.dirname, 'support', 'cold-start-worker.ts')], bundle: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], conditions: ['workerd', 'worker', 'browser'], external: ['*.wasm', 'cold-config.json'], outfile: path.join(dir, 'index.js'), logLevel: 'error' });
  await writeFile(path.join(dir, 'ort-wasm-simd-threaded.wasm'), await readFile(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm')));
  const samples = VARIANTS.map(() => [] as Record<string, number>[]);
  for (let run = 0; run < RUNS; run++) {
    for (const [v, variant] of VARIANTS.entries()) {
      const worker = await startWorkerd(dir, [
        { name: 'index.js', kind: 'esModule', file: 'index.js' },
        { name: 'onnxruntime-web/ort-wasm-simd-threaded.wasm', kind: 'wasm', file: 'ort-wasm-simd-threaded.wasm' },
        { name: 'cold-config.json', kind: 'json', text: JSON.stringify({ warm: variant.warm }) },
      ], variant.flags);
      try {
        const pid = worker.process.pid!;
        const ready = processCpuMs(pid);
        const startup = (await (await fetch(`${worker.url}/startup`)).json()) as Record<string, number>;
        const before = processCpuMs(pid);
        const response = await fetch(`${worker.url}/session?dims=${dims}&input=${manifest.input.name}&output=${manifest.output.name}`, { method: 'PUT', body: onnx });
        if (response.status !== 200) throw new Error(`${variant.label}: ${response.status} ${await response.text()}`);
        const first = (await response.json()) as Record<string, number>;
        const after = processCpuMs(pid);
        samples[v]!.push({
          readyMs: worker.readyMs,
          startCpuMainMs: ready.main,
          moduleWarmMs: startup.moduleWarmMs!,
          ...first,
          requestCpuMainMs: after.main - before.main,
          requestCpuAllMs: after.all - before.all,
        });
      } finally {
        worker.process.kill();
      }
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const rows = VARIANTS.map((variant, v) => {
    const runs = samples[v]!;
    const keys = Object.keys(runs[0]!);
    return { variant: variant.label, ...Object.fromEntries(keys.map((key) => {
      const values = runs.map((run) => run[key]!);
      return [key, `${round(median(values))} (${round(Math.min(...values))}–${round(Math.max(...values))})`];
    })) };
  });
  console.log(`bare workerd, model ${manifest.name}@${manifest.version}: median of ${RUNS} fresh processes (min–max), ms`);
  console.table(rows);
} finally {
  await rm(dir, { recursive: true, force: true });
}
