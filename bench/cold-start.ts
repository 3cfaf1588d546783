/**
 * `npm run bench:cold-start`: where a new isolate's first prediction goes, and what moves it.
 *
 * Part 1, bare workerd (bench/support/cold-start-worker.ts, no Miniflare) started fresh per run:
 * the first `createSession` of the test model split into onnxruntime-web's phases (OrtInit,
 * OrtCreateSession), its first and second `session.run`, and workerd's CPU time (main thread and
 * all threads, /proc schedstat), under V8 flags Workers does not let us set (lazy compilation,
 * Liftoff only, tier-up) and with the module scope warming ORT up (`warmUpOrt`) or not; the warmed-up
 * worker with a second worker set up after it (as Miniflare sets up its own), with and without V8's
 * Liftoff code flushing; and the warmed-up worker once more run by Miniflare, as the real worker is in part 2.
 *
 * Part 2, the real worker (the deploy bundle in Miniflare, test/support/start-worker.ts): `npm run
 * bench`'s cold-start table (first prediction of a fresh worker through Miniflare's entry worker,
 * split by Server-Timing), the same on a direct socket (the worker alone, as Cloudflare runs it), then
 * per model (the default image model, the MNISTNet teacher, and the tiny text model when the text
 * integration test has left its `.artifacts/text-edge-state`) the CPU time of the workerd process
 * at start, on the first request and per steady-state request, and its memory: on a direct socket
 * with a kept connection, and for the image model also with a connection per request and through
 * Miniflare's entry worker and asset router. Saved to reports/.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { workerdProcesses } from '@edgeml/trainer/deploy/workerd-rss';
import { publishRun } from '@edgeml/trainer/pipeline/publish-run';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { digitPng, readMnistTestSet } from '@edgeml/test/edge/support/mnist-test-set';
import { ensurePublishedTestModel, REPO_ROOT } from '@edgeml/test/support/published-model';
import { buildWorker, startWorker, type RunningWorker } from '@edgeml/test/support/start-worker';
import { ensureTeacherRun } from './support/ensure-teacher-run.ts';
import { measureColdStart } from './support/measure-cold-start.ts';
import { measureWorkerCpu, type WorkerCpuRun } from './support/measure-worker-cpu.ts';
import { processCpuMs } from './support/process-cpu-ms.ts';
import { startWorkerd } from './support/start-workerd.ts';

const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);
const ONLY_WORKERD = process.argv.includes('--only-workerd');
const require = createRequire(import.meta.url);
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

const VARIANTS: { label: string; flags: string[]; warm: boolean; laterWorker?: boolean }[] = [
  { label: 'shipped', flags: [], warm: false },
  { label: 'module-scope warm-up', flags: [], warm: true },
  { label: '--liftoff-only', flags: ['--liftoff-only'], warm: false },
  { label: '--no-wasm-lazy-compilation', flags: ['--no-wasm-lazy-compilation'], warm: false },
  { label: '--no-wasm-tier-up', flags: ['--no-wasm-tier-up', '--no-wasm-dynamic-tiering'], warm: false },
  // Miniflare sets its own workers up after ours; one trivial worker after ours is enough to undo the warm-up...
  { label: 'warm-up, then a 2nd worker starts', flags: [], warm: true, laterWorker: true },
  // ...because V8 flushes every Liftoff-compiled WASM function of the process then; without that flush it holds.
  { label: 'warm-up, then a 2nd worker, --no-flush-liftoff-code', flags: ['--no-flush-liftoff-code'], warm: true, laterWorker: true },
];

const STEADY_REQUESTS = Number(process.env.BENCH_STEADY_REQUESTS ?? 200);
process.env.WRANGLER_LOG ??= 'warn';
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/** Median (min–max) of each numeric column over runs. */
function summarize<T extends object>(runs: T[]): Record<string, string> {
  return Object.fromEntries(Object.keys(runs[0]!).map((key) => {
    const values = runs.map((run) => (run as Record<string, number>)[key]!);
    // Two decimals for the small figures (steady-state CPU): one would hide a tenth of the 2 ms target.
    const digits = Math.max(...values) < 10 ? 2 : 1;
    return [key, `${round(median(values), digits)} (${round(Math.min(...values), digits)}–${round(Math.max(...values), digits)})`];
  }));
}

const published = await ensurePublishedTestModel(path.join(REPO_ROOT, '.artifacts', 'cold-start-state'));
const { manifest } = published;
const onnx = await readFile(path.join(published.runDir, 'model.onnx'));
const dims = [1, ...manifest.input.shape.slice(1)].join(',');
const report: Record<string, unknown> = {};
const dir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-cold-start-'));
try {
  await build({ entryPoints: [path.join(import.meta.dirname, 'support', 'cold-start-worker.ts')], bundle: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], conditions: ['workerd', 'worker', 'browser'], external: ['*.wasm', 'cold-config.json'], outfile: path.join(dir, 'index.js'), logLevel: 'error' });
  await writeFile(path.join(dir, 'ort-wasm-simd-threaded.wasm'), await readFile(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm')));
  const samples = VARIANTS.map(() => [] as Record<string, number>[]);
  // The same worker and warm-up run by Miniflare (as the real worker is below): its request pays more.
  const inMiniflare: Record<string, number>[] = [];
  const wasmBytes = await readFile(path.join(dir, 'ort-wasm-simd-threaded.wasm'));
  for (let run = 0; run < RUNS; run++) {
    for (const [v, variant] of VARIANTS.entries()) {
      const worker = await startWorkerd(dir, [
        { name: 'index.js', kind: 'esModule', file: 'index.js' },
        { name: 'onnxruntime-web/ort-wasm-simd-threaded.wasm', kind: 'wasm', file: 'ort-wasm-simd-threaded.wasm' },
        { name: 'cold-config.json', kind: 'json', text: JSON.stringify({ warm: variant.warm }) },
      ], { v8Flags: variant.flags, laterWorker: variant.laterWorker });
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
    const known = new Set(workerdProcesses().map((process) => process.pid));
    const miniflare = new Miniflare({ compatibilityDate: '2026-04-20', modulesRoot: dir, host: '127.0.0.1', port: 0, modules: [
      { type: 'ESModule', path: path.join(dir, 'index.js') },
      { type: 'CompiledWasm', path: path.join(dir, 'onnxruntime-web/ort-wasm-simd-threaded.wasm'), contents: wasmBytes },
      { type: 'ESModule', path: path.join(dir, 'cold-config.json'), contents: 'export default { warm: true };' },
    ] });
    try {
      const url = await miniflare.ready;
      const pid = workerdProcesses().find((process) => !known.has(process.pid))!.pid;
      const before = processCpuMs(pid);
      const response = await fetch(new URL(`/session?dims=${dims}&input=${manifest.input.name}&output=${manifest.output.name}`, url), { method: 'PUT', body: onnx });
      if (response.status !== 200) throw new Error(`in Miniflare: ${response.status} ${await response.text()}`);
      const first = (await response.json()) as Record<string, number>;
      const after = processCpuMs(pid);
      inMiniflare.push({ ...first, requestCpuMainMs: after.main - before.main, requestCpuAllMs: after.all - before.all });
    } finally {
      await miniflare.dispose();
    }
  }
  const rows = [...VARIANTS.map((variant, v) => ({ variant: variant.label, ...summarize(samples[v]!) })), { variant: 'module-scope warm-up, in Miniflare', ...summarize(inMiniflare) }];
  console.log(`bare workerd, model ${manifest.name}@${manifest.version}: median of ${RUNS} fresh processes (min–max), ms`);
  console.table(rows);
  report.workerd = rows;
} finally {
  await rm(dir, { recursive: true, force: true });
}

// Part 2: the real worker.
if (ONLY_WORKERD) process.exit(0);
await buildWorker();
const [digit] = await readMnistTestSet(1);
const png = digitPng(digit!.pixels);
const postPng = (model: string) => (worker: RunningWorker) => worker.fetch(`/v1/models/${model}/predict`, { method: 'POST', body: png, headers: { 'content-type': 'image/png' } });
const startIn = (persistDir: string) => () => startWorker({ persistDir, vars: { RATE_LIMIT_REQUESTS: '0' } });
/**
 * The worker on a socket of its own, as Cloudflare runs it: no Miniflare entry worker and no asset
 * router in front (Cloudflare serves the demo page's assets before, and outside, the worker), and
 * by default a client that keeps its connection, as Cloudflare's front line does; `fresh`: a new
 * TCP connection per request, which workerd's own HTTP pays for.
 */
const startDirect = (persistDir: string, fresh = false) => () =>
  startWorker({ persistDir, vars: { RATE_LIMIT_REQUESTS: '0' }, direct: true, freshConnections: fresh });

const cold = await measureColdStart(RUNS, startIn(published.persistDir), postPng(manifest.name));
console.log(`\nthe real worker's cold start (npm run bench's table): median of ${RUNS} fresh workers, ms`);
console.table([...cold.runs.map((run, i) => ({ run: String(i + 1), ...run })), { run: 'median', ...cold.median }]);
report.coldStart = cold;
const coldDirect = await measureColdStart(RUNS, startDirect(published.persistDir), postPng(manifest.name));
console.log(`\nthe same on a direct socket (no Miniflare entry worker or asset router, as on Cloudflare): median of ${RUNS} fresh workers, ms`);
console.table([...coldDirect.runs.map((run, i) => ({ run: String(i + 1), ...run })), { run: 'median', ...coldDirect.median }]);
report.coldStartDirect = coldDirect;

const store = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: published.persistDir });
const teacher = await publishRun({ dir: await ensureTeacherRun(), store }).finally(() => store.close());
const textState = path.join(REPO_ROOT, '.artifacts', 'text-edge-state');
const models: { label: string; start: () => Promise<RunningWorker>; request: (worker: RunningWorker) => Promise<Response> }[] = [
  { label: `image ${manifest.name} (${manifest.training.architecture}, ${manifest.artifacts.model.bytes} B)`, start: startDirect(published.persistDir), request: postPng(manifest.name) },
  { label: `image ${manifest.name}, a connection per request`, start: startDirect(published.persistDir, true), request: postPng(manifest.name) },
  // Through Miniflare's entry worker and asset router (which pass the request on by RPC): local overhead, not the worker's.
  { label: `image ${manifest.name}, through Miniflare's entry`, start: startIn(published.persistDir), request: postPng(manifest.name) },
  { label: `teacher ${teacher.name} (${teacher.training.architecture}, ${teacher.artifacts.model.bytes} B)`, start: startDirect(published.persistDir), request: postPng(teacher.name) },
];
if (existsSync(textState)) {
  const body = JSON.stringify({ text: 'Congratulations, you have won a free prize: reply now to claim it' });
  models.push({ label: 'text spam-tiny (pooled)', start: startDirect(textState), request: (worker) => worker.fetch('/v1/models/spam-tiny/predict', { method: 'POST', body, headers: { 'content-type': 'application/json' } }) });
} else {
  console.log('no .artifacts/text-edge-state (written by test/text/text-predict-workerd.test.ts): the text model is not measured');
}
const cpuRows = [];
for (const model of models) {
  const runs: WorkerCpuRun[] = [];
  for (let run = 0; run < RUNS; run++) runs.push(await measureWorkerCpu(model.start, model.request, STEADY_REQUESTS));
  cpuRows.push({ model: model.label, ...summarize(runs) });
}
console.log(`\nworkerd CPU time (ms) and memory (MiB) per model, on a direct socket with a kept connection unless the row says otherwise: median of ${RUNS} fresh workers (min–max), steady state over ${STEADY_REQUESTS} requests`);
console.table(cpuRows);
report.cpu = cpuRows;
await mkdir(path.join(REPO_ROOT, 'reports'), { recursive: true });
const file = path.join(REPO_ROOT, 'reports', `cold-start-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
await writeFile(file, `${JSON.stringify({ model: `${manifest.name}@${manifest.version}`, ...report }, null, 2)}\n`);
console.log(`saved ${path.relative(REPO_ROOT, file)}`);
