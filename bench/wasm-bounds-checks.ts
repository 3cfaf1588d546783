/**
 * `npm run bench:wasm-bounds`: where workerd's extra `session.run` time goes. The same ONNX runs
 * through edge/src/runtime/ort.ts in onnxruntime-web in Node and in two bare workerd processes,
 * one as shipped and one started with V8's `--no-wasm-bounds-checks`, interleaved round by round.
 *
 * Node installs V8's WebAssembly trap handler, so out-of-bounds memory accesses are caught by
 * guard pages and compiled code carries no bounds checks
 * (https://github.com/nodejs/node/issues/14927); an embedder that does not gets an explicit
 * check on every load and store (https://github.com/Kong/ngx_wasm_module/issues/113). If
 * dropping the checks closes the gap, the gap is the runtime's and not our worker's. The flag is
 * unsafe and only a diagnosis: Workers' V8 flags are not ours to set.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { createSession, runSession } from '@edgeml/edge/runtime/ort';
import { ortWasmModule } from '@edgeml/trainer/deploy/ort-wasm-module';
import { ensurePublishedTestModel, REPO_ROOT } from '@edgeml/test/support/published-model';
import { pairedRatio } from '@edgeml/trainer/variants-report/paired-ratio';
import { startWorkerd } from './support/start-workerd.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const RUNS = { 1: 100, 64: 5 } as const;
const require = createRequire(import.meta.url);
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

const published = await ensurePublishedTestModel();
const { manifest } = published;
const side = manifest.input.shape[1];
const onnx = await readFile(path.join(published.runDir, 'model.onnx'));
const dir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-wasm-bounds-'));
const workers: { label: string; url: string; process: ChildProcess }[] = [];
try {
  await build({ entryPoints: [path.join(import.meta.dirname, 'support', 'session-loop-worker.ts')], bundle: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], conditions: ['workerd', 'worker', 'browser'], external: ['*.wasm'], outfile: path.join(dir, 'index.js'), logLevel: 'error' });
  await writeFile(path.join(dir, 'ort-wasm-simd-threaded.wasm'), await readFile(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm')));
  for (const [label, flags] of [['workerd', []], ['workerd --no-wasm-bounds-checks', ['--no-wasm-bounds-checks']]] as const) {
    const started = await startWorkerd(dir, [
      { name: 'index.js', kind: 'esModule', file: 'index.js' },
      { name: 'onnxruntime-web/ort-wasm-simd-threaded.wasm', kind: 'wasm', file: 'ort-wasm-simd-threaded.wasm' },
    ], { v8Flags: flags });
    workers.push({ label, url: started.url, process: started.process });
    const created = await fetch(`${started.url}/session?input=${manifest.input.name}&output=${manifest.output.name}`, { method: 'PUT', body: onnx });
    if (created.status !== 204) throw new Error(`${label}: creating the session answered ${created.status}: ${await created.text()}`);
  }
  const web = await createSession(new Uint8Array(onnx), await ortWasmModule());
  const rows = [];
  for (const batch of [1, 64] as const) {
    const runs = RUNS[batch];
    const data = Float32Array.from({ length: batch * side * side }, (_, i) => ((i * 7919) % 255) / 255);
    const dims = [batch, side, side, 1];
    const node: number[] = [];
    const inWorkerd = workers.map(() => [] as number[]);
    for (let r = -2; r < ROUNDS; r++) {
      const started = performance.now();
      for (let i = 0; i < runs; i++) await runSession(web, manifest.input.name, data, dims, manifest.output.name);
      const nodeMs = (performance.now() - started) / runs;
      const workerdMs: number[] = [];
      for (const worker of workers) {
        workerdMs.push(((await (await fetch(`${worker.url}/run?batch=${batch}&side=${side}&runs=${runs}`)).json()) as { meanMs: number }).meanMs);
      }
      // Two warm-up rounds: V8's optimizing tier and ORT's arenas on every side.
      if (r < 0) continue;
      node.push(nodeMs);
      workerdMs.forEach((ms, w) => inWorkerd[w]!.push(ms));
    }
    const mean = (values: number[]) => round(values.reduce((sum, value) => sum + value, 0) / values.length);
    const ratio = (a: number[]) => {
      const paired = pairedRatio(a, node);
      return `${round(paired.median)} (${round(paired.low)}–${round(paired.high)})`;
    };
    rows.push({ batch, rounds: `${ROUNDS}×${runs}`, ortWebNodeMs: mean(node), ...Object.fromEntries(workers.flatMap((worker, w) => [[`${worker.label} ms`, mean(inWorkerd[w]!)], [`${worker.label} ÷ Node`, ratio(inWorkerd[w]!)]])) });
  }
  await web.release();
  console.log('session.run, mean ms per run; ratios: median of per-round ratios (95% bootstrap interval)');
  console.table(rows);
  await mkdir(path.join(REPO_ROOT, 'reports'), { recursive: true });
  const file = path.join(REPO_ROOT, 'reports', `wasm-bounds-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify({ model: `${manifest.name}@${manifest.version}`, rows }, null, 2)}\n`);
  console.log(`saved ${path.relative(REPO_ROOT, file)}`);
} finally {
  for (const worker of workers) worker.process.kill();
  await rm(dir, { recursive: true, force: true });
}
