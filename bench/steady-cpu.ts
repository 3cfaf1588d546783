/**
 * `npm run bench:steady`: the CPU time of a steady-state image prediction (a 28×28 MNIST PNG, the
 * default model), as workerd's main thread spends it (/proc schedstat; the worker on a socket of
 * its own and a kept connection, so workerd's HTTP is in it but no Miniflare worker is) and as the
 * V8 inspector's sampling profiler splits the worker's share of it: self time by source file or
 * package (a native function counted for the code that called it), and the request's steps
 * inclusively. `GET /healthz` beside it is the floor: workerd's HTTP and our middleware, no model.
 *
 * `-- --bundle DIR` profiles that build (see below) instead of the current one.
 *
 * `npm run bench:steady -- --ab DIR_A DIR_B [DIR_C ...]` instead compares builds, each a
 * `npx wrangler deploy --dry-run --outdir DIR` folder: their workers run at once and take turns,
 * BENCH_STEADY_ROUNDS rounds (default 8) of BENCH_STEADY_REQUESTS requests (default 400) per build
 * in batches of 20, so that a shared machine's load falls on all alike; reported: each build's CPU
 * per request and each round's difference from the first build, median and range. Saved to reports/.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { digitPng, readMnistTestSet } from '@edgeml/test/edge/support/mnist-test-set';
import { openWorkerInspector } from '@edgeml/test/support/open-worker-inspector';
import { ensurePublishedTestModel, REPO_ROOT } from '@edgeml/test/support/published-model';
import { buildWorker, type RunningWorker } from '@edgeml/test/support/start-worker';
import { startSteadyCpuWorker, type SteadyCpuWorker } from './support/steady-cpu-worker.ts';
import { bundleModuleAt, summarizeCpuProfile, type ProfileStep } from './support/summarize-cpu-profile.ts';

const REQUESTS = Number(process.env.BENCH_STEADY_REQUESTS ?? 400);
const ROUNDS = Number(process.env.BENCH_STEADY_ROUNDS ?? 8);
const BATCH = 20;
const PROFILED_REQUESTS = Number(process.env.BENCH_PROFILED_REQUESTS ?? 1500);
const AB = process.argv.includes('--ab') ? process.argv.slice(process.argv.indexOf('--ab') + 1) : undefined;
process.env.WRANGLER_LOG ??= 'warn';
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The steps of an image prediction, by the function that does each and its source file. */
const STEPS: ProfileStep[] = [
  { label: 'read and check the request (body, headers, limits)', functionName: 'readPredictRequest', module: 'edge/src/predict/read-predict-request.ts' },
  { label: 'resolve the model (channels, cache)', functionName: 'resolve', module: 'edge/src/models/model-registry.ts' },
  { label: 'decode and preprocess', functionName: 'toInputBatch', module: 'edge/src/predict/to-input-batch.ts' },
  { label: '  decode the PNG', functionName: 'decodePng', module: 'shared/src/image/decode-png.ts' },
  { label: '  the MNIST recipe', functionName: 'applyMnistRecipe', module: 'shared/src/image/mnist-recipe.ts' },
  // ORT's run continues after an await, outside this frame: its time is the onnxruntime-web rows of the origins.
  { label: 'session.run until ORT awaits', functionName: 'runSessionFeeds', module: 'edge/src/runtime/ort.ts' },
  { label: 'rank the outputs', functionName: 'toPredictions', module: 'edge/src/predict/to-predictions.ts' },
  // The log line's console.log is counted in the request-log/index.ts row of the origins.
  { label: 'the request log record', functionName: 'requestRecord', module: 'edge/src/middleware/request-log/request-record.ts' },
];

await mkdir(path.join(REPO_ROOT, 'reports'), { recursive: true });
const published = await ensurePublishedTestModel(path.join(REPO_ROOT, '.artifacts', 'steady-state'));
const pngs = (await readMnistTestSet(64)).map((digit) => digitPng(digit.pixels));
const predict = (worker: RunningWorker, i: number) =>
  worker.fetch(`/v1/models/${published.name}/predict`, { method: 'POST', body: pngs[i % pngs.length], headers: { 'content-type': 'image/png' } });
const healthz = (worker: RunningWorker) => worker.fetch('/healthz');
/** Loads the model and lets the isolate's code settle (tier-up, caches) before anything is timed. */
const warm = (worker: SteadyCpuWorker) => worker.cpuPerRequest(REQUESTS, predict);

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const BUNDLE = process.argv.includes('--bundle') ? process.argv[process.argv.indexOf('--bundle') + 1] : undefined;
const report = AB ? await compareBuilds(AB) : await profileBuild(BUNDLE);
const file = path.join(REPO_ROOT, 'reports', `steady-cpu-${stamp}.json`);
await writeFile(file, `${JSON.stringify({ model: `${published.name}@${published.version}`, ...report }, null, 2)}\n`);
console.log(`saved ${path.relative(REPO_ROOT, file)}`);

async function profileBuild(bundleDir?: string) {
  const dir = bundleDir ?? (await buildWorker());
  const moduleAt = bundleModuleAt(await readFile(path.join(dir, 'index.js'), 'utf8'));
  const worker = await startSteadyCpuWorker(published.persistDir, bundleDir, true);
  try {
    await warm(worker);
    const steadyMs = await worker.cpuPerRequest(REQUESTS, predict);
    const healthzMs = await worker.cpuPerRequest(REQUESTS, healthz);
    const inspector = await openWorkerInspector(worker.worker.inspectorUrl!);
    const profiled = async (request: typeof predict) => {
      let cpuMs = 0;
      const profile = await inspector.cpuProfile(async () => void (cpuMs = await worker.cpuPerRequest(PROFILED_REQUESTS, request)));
      return { cpuMs, profile, summary: summarizeCpuProfile(profile, PROFILED_REQUESTS, moduleAt, (url) => url.endsWith('index.js'), STEPS) };
    };
    const image = await profiled(predict);
    const health = await profiled(healthz);
    inspector.close();
    // For Chrome DevTools' Performance panel (Load profile), which shows each sample's whole stack.
    const profileFile = path.join(REPO_ROOT, 'reports', `steady-cpu-${stamp}.cpuprofile`);
    await writeFile(profileFile, JSON.stringify(image.profile));
    console.log(`saved ${path.relative(REPO_ROOT, profileFile)}`);
    console.log(`workerd main thread CPU ms per request over ${REQUESTS}: image prediction ${round(steadyMs)}, GET /healthz ${round(healthzMs)}; while profiled ${round(image.cpuMs)} and ${round(health.cpuMs)}`);
    console.log(`sampled in the worker's isolate (JavaScript and WASM, every ${image.summary.intervalUs} µs), µs per request over ${PROFILED_REQUESTS}: image prediction ${image.summary.jsUsPerRequest}, GET /healthz ${health.summary.jsUsPerRequest}`);
    console.log('image prediction, self time by origin (µs per request):');
    console.table(image.summary.byOrigin.filter((row) => row.usPerRequest >= 1));
    console.log('image prediction, steps inclusively (µs per request):');
    console.table(image.summary.steps);
    const { steps: _steps, ...healthzSummary } = health.summary;
    return { steadyMs, healthzMs, profiledRequests: PROFILED_REQUESTS, image: { cpuMs: image.cpuMs, ...image.summary }, healthz: { cpuMs: health.cpuMs, ...healthzSummary } };
  } finally {
    await worker.dispose();
  }
}

async function compareBuilds(dirs: string[]) {
  const labels = dirs.map((dir) => path.basename(dir));
  const workers: SteadyCpuWorker[] = [];
  try {
    for (const dir of dirs) workers.push(await startSteadyCpuWorker(published.persistDir, dir));
    for (const worker of workers) await warm(worker);
    // Per round and build, main-thread CPU ms per request: predict, then /healthz.
    const rounds: { predict: number[]; healthz: number[] }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const predictMs = workers.map(() => 0);
      const healthzMs = workers.map(() => 0);
      // Small batches, each build first in turn: a change in the machine's load within the round falls on all builds alike.
      for (let batch = 0; batch * BATCH < REQUESTS; batch++) {
        for (let i = 0; i < workers.length; i++) {
          const w = (i + batch) % workers.length;
          predictMs[w]! += (await workers[w]!.cpuPerRequest(BATCH, predict)) * BATCH;
          healthzMs[w]! += (await workers[w]!.cpuPerRequest(BATCH, healthz)) * BATCH;
        }
      }
      const requests = Math.ceil(REQUESTS / BATCH) * BATCH;
      rounds.push({ predict: predictMs.map((ms) => ms / requests), healthz: healthzMs.map((ms) => ms / requests) });
    }
    const spread = (values: number[]) => `${round(median(values))} (${round(Math.min(...values))} to ${round(Math.max(...values))})`;
    const rows = labels.map((build, w) => ({
      build,
      predict: spread(rounds.map((row) => row.predict[w]!)),
      'predict − first': w === 0 ? '' : spread(rounds.map((row) => row.predict[w]! - row.predict[0]!)),
      healthz: spread(rounds.map((row) => row.healthz[w]!)),
      'healthz − first': w === 0 ? '' : spread(rounds.map((row) => row.healthz[w]! - row.healthz[0]!)),
    }));
    console.log(`workerd main-thread CPU ms per request, median (min to max) of ${ROUNDS} rounds of ${REQUESTS} requests per build, the builds taking turns every ${BATCH}`);
    console.table(rows);
    return { builds: dirs, requests: REQUESTS, batch: BATCH, rounds, summary: rows };
  } finally {
    for (const worker of workers) await worker.dispose();
  }
}
