/**
 * `npm run bench`: the worker's performance, printed as tables and saved to reports/edge-bench-*.json.
 * - `session.run` of the same ONNX in onnxruntime-web (Node), onnxruntime-node (native, one thread)
 *   and the worker's own `timing.inferenceMs` inside workerd, at batch 1 and 64, interleaved round by
 *   round with paired ratios; and what the worker does besides `session.run` (its Server-Timing total
 *   minus the run);
 * - HTTP latency p50/p99 and requests/s at 1, 8 and 32 concurrent clients, batch 1 (PNG) and 64 (JSON);
 * - cold start, median of BENCH_COLD_RUNS (default 5) fresh workers: workerd start, then the first
 *   prediction split by the worker's Server-Timing into R2 read, WASM instantiation, session creation;
 * - load: BENCH_LOAD_ROUNDS (default 3) rounds of 10,000 requests at 32 clients: 5xx count, and workerd's RSS every 1,000 requests
 *   beside the same rounds with the version pinned (no R2 read per request) and against a bare workerd
 *   worker (none of our code) and ours answering only /healthz; at each round's end the worker's JS heap after a full GC (V8 inspector)
 *   and ORT's WASM memory (`/healthz`), which tell a leak of ours from workerd's and Miniflare's own growth;
 * - the upload size from `wrangler deploy --dry-run` and each published artifact's bytes.
 * - abuse (bench/support/measure-abuse.ts): the worst cost per request of each input class at the largest
 *   size the default limits accept, a bomb they refuse, and small predicts' p50/p99 beside heavy senders
 *   (BENCH_ABUSE_REPEATS, BENCH_ABUSE_SECONDS, BENCH_ABUSE_SENDERS). `npm run bench -- --only abuse` runs only it.
 * The worker runs with its rate limit off. BENCH_SCALE (default 1) scales the request counts.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { digitPng, readMnistTestSet } from '@edgeml/test/edge/support/mnist-test-set';
import { ensurePublishedTestModel, REPO_ROOT } from '@edgeml/test/support/published-model';
import { buildWorker, startWorker, type RunningWorker } from '@edgeml/test/support/start-worker';
import { compareSessionRuns, type WorkerTiming } from './support/compare-session-runs.ts';
import { printAbuse } from './support/measure-abuse.ts';
import { ABUSE_SETTINGS, runAbuseSection, saveAbuseReport } from './support/run-abuse-section.ts';
import { measureColdStart } from './support/measure-cold-start.ts';
import { measureUploadSize } from './support/measure-upload-size.ts';
import { openWorkerInspector } from '@edgeml/test/support/open-worker-inspector';
import { parseServerTiming } from '@edgeml/trainer/deploy/parse-server-timing';
import { runConcurrent } from './support/run-concurrent.ts';
import { runLoadRounds, type LoadRounds } from './support/run-load-rounds.ts';
import { startBareWorker } from './support/start-bare-worker.ts';
import { summarizeLatencies } from './support/summarize-latencies.ts';
import { workerdRssMiB } from '@edgeml/trainer/deploy/workerd-rss';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const LOAD_REQUESTS = Math.round(10_000 * SCALE);
// workerd's RSS climbs for ~60k requests before it levels off (allocator and GC high-water): more rounds show where.
const LOAD_ROUNDS = Number(process.env.BENCH_LOAD_ROUNDS ?? 3);
const RSS_SAMPLE_EVERY = Math.max(1, Math.round(LOAD_REQUESTS / 10));
/** A round that grows RSS by less than this (end of round vs end of the round before) counts as flat. */
const FLAT_TOLERANCE_MIB = 16;
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : process.env.BENCH_ONLY;
// Wrangler's own info lines (config warnings, bundling) stay out of the timings' way; Miniflare logs nothing by default (NoOpLog).
process.env.WRANGLER_LOG ??= 'warn';

// Its own local R2, so that a test run's global setup (which republishes .artifacts/test-state) cannot pull it away mid-bench.
const published = await ensurePublishedTestModel(path.join(REPO_ROOT, '.artifacts', 'bench-state'));
const { manifest } = published;
const side = manifest.input.shape[1];
const onnxPath = path.join(published.runDir, 'model.onnx');
console.log(`model ${manifest.name}@${manifest.version}: ${manifest.artifacts.model.bytes} bytes ONNX`);


// Bundling is deploy work, not isolate start: build once before any timing.
await buildWorker();
const digits = await readMnistTestSet(64);
const pngs = digits.map((digit) => digitPng(digit.pixels));
const batchJson = JSON.stringify({ instances: digits.map((digit) => ({ pixels: Array.from(digit.pixels) })) });
const predictPath = `/v1/models/${manifest.name}/predict`;
type Target = { fetch: (path: string, init?: RequestInit) => Promise<Response> };
const postPng = (target: Target, i: number, to = predictPath) =>
  target.fetch(to, { method: 'POST', body: pngs[i % pngs.length], headers: { 'content-type': 'image/png' } });
/** Posts a PNG and reads the whole answer: its status. */
const pngStatus = (target: Target, i: number, to = predictPath) => postPng(target, i, to).then(async (response) => (await response.arrayBuffer(), response.status));

const runAbuse = () => runAbuseSection({ repoRoot: REPO_ROOT, persistDir: published.persistDir, predictPath, digits: digits.map((digit) => digit.pixels), smallPngs: pngs });
if (ONLY === 'abuse') {
  const abuse = await runAbuse();
  printAbuse(abuse, ABUSE_SETTINGS);
  console.log(`saved ${await saveAbuseReport(REPO_ROOT, manifest, abuse)}`);
  process.exit(abuse.failures.length > 0 ? 1 : 0);
} else if (ONLY !== undefined) {
  throw new Error(`--only ${ONLY}: the only section that runs alone is "abuse"`);
}

const cold = await measureColdStart(COLD_RUNS, () => startWorker({ persistDir: published.persistDir, vars: { RATE_LIMIT_REQUESTS: '0' } }), (fresh) => postPng(fresh, 0));
const worker = await startWorker({ persistDir: published.persistDir, vars: { RATE_LIMIT_REQUESTS: '0' } });
let workerDisposed = false;

interface Answer extends WorkerTiming {
  status: number;
  totalMs: number;
}
async function predict(batch: number, index: number): Promise<Answer> {
  const init: RequestInit =
    batch === 1
      ? { method: 'POST', body: pngs[index % pngs.length], headers: { 'content-type': 'image/png' } }
      : { method: 'POST', body: batchJson, headers: { 'content-type': 'application/json' } };
  const response = await worker.fetch(predictPath, init);
  const body = (await response.json()) as { timing?: { inferenceMs: number; totalMs: number } };
  const handlerMs = parseServerTiming(response.headers.get('server-timing')).total ?? Number.NaN;
  return { status: response.status, inferenceMs: body.timing?.inferenceMs ?? Number.NaN, totalMs: body.timing?.totalMs ?? Number.NaN, handlerMs };
}

/** Round-end readings of a worker: its JS heap after a full GC and ORT's WASM memory. */
async function openMemoryProbe(running: RunningWorker): Promise<{ probe: () => Promise<Record<string, number>>; close: () => void }> {
  const inspector = await openWorkerInspector(running.inspectorUrl!);
  // Miniflare's entry worker proxies every request in the same workerd: its heap is read too.
  const entry = await openWorkerInspector(running.inspectorUrl!, (id) => id === 'core:entry');
  return {
    probe: async () => {
      const health = (await (await running.fetch('/healthz')).json()) as { isolate: { wasmMemoryBytes: number } };
      const heap = await inspector.heapAfterGc();
      const entryHeap = await entry.heapAfterGc();
      return { jsHeapMiB: heap.usedMiB, arrayBuffersMiB: heap.arrayBuffersMiB, wasmMemoryMiB: round(health.isolate.wasmMemoryBytes / 2 ** 20, 1), entryJsHeapMiB: entryHeap.usedMiB };
    },
    close: () => (inspector.close(), entry.close()),
  };
}

try {
  const first = await predict(1, 0);
  if (first.status !== 200) throw new Error(`the first prediction answered ${first.status}`);
  const warmStart = performance.now();
  await predict(1, 1);
  const warmPredictionMs = round(performance.now() - warmStart);

  const http: Record<string, unknown>[] = [];
  for (const batch of [1, 64]) {
    for (const concurrency of [1, 8, 32]) {
      const total = Math.max(concurrency * 2, Math.round((batch === 1 ? 400 : 64) * SCALE));
      await runConcurrent(concurrency, concurrency, (i) => predict(batch, i));
      const run = await runConcurrent(total, concurrency, (i) => predict(batch, i));
      const failed = run.results.filter((answer) => answer.status !== 200).length;
      if (failed > 0) throw new Error(`${failed} of ${total} predictions failed at batch ${batch}, ${concurrency} clients`);
      const latency = summarizeLatencies(run.latencies);
      const server = summarizeLatencies(run.results.map((answer) => answer.totalMs));
      http.push({ batch, clients: concurrency, requests: total, p50Ms: latency.p50, p99Ms: latency.p99, workerTotalP50Ms: server.p50, requestsPerS: round((total / run.wallMs) * 1000, 1), imagesPerS: round(((total * batch) / run.wallMs) * 1000, 1) });
    }
  }

  // One round: RUNS images through ort-web in Node, then native, then the worker; at batch 1 more runs, since workerd's clock ticks in ms.
  const sessionRuns = [];
  for (const batch of [1, 64]) {
    const dims = [batch, side, side, 1];
    const data = new Float32Array(batch * side * side);
    // The model's input is pixels scaled to [0, 1]; the worker decodes the same digits from PNG (batch 1) or JSON.
    for (let i = 0; i < batch; i++) data.set(Float32Array.from(digits[i]!.pixels, (value) => value / 255), i * side * side);
    sessionRuns.push(await compareSessionRuns({ onnxPath, inputName: manifest.input.name, outputName: manifest.output.name, data, dims, rounds: Math.max(5, Math.round(30 * SCALE)), runsPerRound: batch === 1 ? 40 : 5, requestWorker: (i) => predict(batch, batch === 1 ? 0 : i) }));
  }

  // Load runs on fresh workers with the V8 inspector open (for the heap readings), each alone so
  // that only its workerd is measured: ours, ours with the version pinned (no channels read at
  // all: Miniflare's R2 runs in the same workerd), then a bare worker.
  await worker.dispose();
  workerDisposed = true;
  const loadWorker = await startWorker({ persistDir: published.persistDir, vars: { RATE_LIMIT_REQUESTS: '0' }, inspectorPort: 0 });
  let load: LoadRounds<number>;
  const loadProbe = await openMemoryProbe(loadWorker);
  try {
    load = await runLoadRounds({ rounds: LOAD_ROUNDS, requests: LOAD_REQUESTS, concurrency: 32, sampleEvery: RSS_SAMPLE_EVERY, flatToleranceMiB: FLAT_TOLERANCE_MIB, task: (i) => pngStatus(loadWorker, i), rss: workerdRssMiB, probe: loadProbe.probe });
  } finally {
    loadProbe.close();
    await loadWorker.dispose();
  }
  const pinnedWorker = await startWorker({ persistDir: published.persistDir, vars: { RATE_LIMIT_REQUESTS: '0' }, inspectorPort: 0 });
  let pinnedLoad: LoadRounds<number>;
  const pinnedProbe = await openMemoryProbe(pinnedWorker);
  try {
    const pinnedPath = `${predictPath}?version=${manifest.version}`;
    pinnedLoad = await runLoadRounds({ rounds: LOAD_ROUNDS, requests: LOAD_REQUESTS, concurrency: 32, sampleEvery: RSS_SAMPLE_EVERY, flatToleranceMiB: FLAT_TOLERANCE_MIB, task: (i) => pngStatus(pinnedWorker, i, pinnedPath), rss: workerdRssMiB, probe: pinnedProbe.probe });
  } finally {
    pinnedProbe.close();
    await pinnedWorker.dispose();
  }
  // Our worker answering only GET /healthz (no body, R2, decode or ORT): the same workerd and
  // Miniflare plumbing (entry worker, assets router) per request, none of the predict path.
  const healthzWorker = await startWorker({ persistDir: published.persistDir, vars: { RATE_LIMIT_REQUESTS: '0' } });
  let healthzLoad: LoadRounds<number>;
  try {
    healthzLoad = await runLoadRounds({ rounds: LOAD_ROUNDS, requests: LOAD_REQUESTS, concurrency: 32, sampleEvery: RSS_SAMPLE_EVERY, flatToleranceMiB: FLAT_TOLERANCE_MIB, task: () => healthzWorker.fetch('/healthz').then(async (response) => (await response.arrayBuffer(), response.status)), rss: workerdRssMiB });
  } finally {
    await healthzWorker.dispose();
  }
  const bare = await startBareWorker();
  let bareLoad: LoadRounds<number>;
  try {
    bareLoad = await runLoadRounds({ rounds: LOAD_ROUNDS, requests: LOAD_REQUESTS, concurrency: 32, sampleEvery: RSS_SAMPLE_EVERY, flatToleranceMiB: FLAT_TOLERANCE_MIB, task: (i) => bare.fetch(i % 2 ? '/a' : '/b').then(async (response) => (await response.arrayBuffer(), response.status)), rss: workerdRssMiB });
  } finally {
    await bare.dispose();
  }
  const statuses: Record<number, number> = {};
  for (const status of load.results) statuses[status] = (statuses[status] ?? 0) + 1;
  const total = LOAD_ROUNDS * LOAD_REQUESTS;
  /** A reading at each round's end (index 0: before the first request), and its last round's growth. */
  const probeSeries = (rounds: LoadRounds<unknown>, key: string) => {
    const values = rounds.probes.map((probe) => probe[key]!);
    return { values, lastRoundGrowth: round(values.at(-1)! - values.at(-2)!, 1) };
  };
  const isolateMemory = (rounds: LoadRounds<unknown>) => {
    const jsHeap = probeSeries(rounds, 'jsHeapMiB');
    const wasm = probeSeries(rounds, 'wasmMemoryMiB');
    return {
      jsHeapAfterGcMiB: jsHeap.values,
      arrayBuffersAfterGcMiB: probeSeries(rounds, 'arrayBuffersMiB').values,
      wasmMemoryMiB: wasm.values,
      miniflareEntryJsHeapAfterGcMiB: probeSeries(rounds, 'entryJsHeapMiB').values,
      /** The isolate holds no more after the last round than before it: under 1 MiB of JS heap, no WASM growth. */
      isolateFlat: Math.abs(jsHeap.lastRoundGrowth) < 1 && wasm.lastRoundGrowth === 0,
    };
  };
  const roundGrowth = (rounds: LoadRounds<unknown>) => rounds.roundEndMiB.map((end, i) => round(end - (i === 0 ? rounds.series[0]!.rssMiB : rounds.roundEndMiB[i - 1]!), 1));
  const loadResult = {
    requests: total,
    rounds: LOAD_ROUNDS,
    clients: 32,
    statuses,
    serverErrors: load.results.filter((status) => status >= 500).length,
    requestsPerS: round((total / load.wallMs) * 1000, 1),
    ...Object.fromEntries(Object.entries(summarizeLatencies(load.latencies)).map(([key, value]) => [`${key}Ms`, value])),
  };
  const memory = {
    sampleEvery: RSS_SAMPLE_EVERY,
    flatToleranceMiB: FLAT_TOLERANCE_MIB,
    worker: { startMiB: load.series[0]!.rssMiB, roundEndMiB: load.roundEndMiB, growthPerRoundMiB: roundGrowth(load), flat: load.flat, ...isolateMemory(load), series: load.series.map((sample) => sample.rssMiB) },
    pinnedWorker: { startMiB: pinnedLoad.series[0]!.rssMiB, roundEndMiB: pinnedLoad.roundEndMiB, growthPerRoundMiB: roundGrowth(pinnedLoad), flat: pinnedLoad.flat, ...isolateMemory(pinnedLoad), non200: pinnedLoad.results.filter((status) => status !== 200).length, series: pinnedLoad.series.map((sample) => sample.rssMiB) },
    healthzOnly: { startMiB: healthzLoad.series[0]!.rssMiB, roundEndMiB: healthzLoad.roundEndMiB, growthPerRoundMiB: roundGrowth(healthzLoad), flat: healthzLoad.flat, series: healthzLoad.series.map((sample) => sample.rssMiB) },
    bareWorkerd: { startMiB: bareLoad.series[0]!.rssMiB, roundEndMiB: bareLoad.roundEndMiB, growthPerRoundMiB: roundGrowth(bareLoad), flat: bareLoad.flat, series: bareLoad.series.map((sample) => sample.rssMiB) },
    /** Last-round growth of our worker beyond the bare worker's: what our code would be leaking. */
    lastRoundExcessMiB: round(load.lastRoundGrowthMiB - bareLoad.lastRoundGrowthMiB, 1),
    /** The same beyond our worker answering /healthz only: what the predict path adds to workerd's growth. */
    lastRoundExcessOverHealthzMiB: round(load.lastRoundGrowthMiB - healthzLoad.lastRoundGrowthMiB, 1),
  };
  const interval = (ratio: { median: number; low: number; high: number }) => `${ratio.median} (${ratio.low}–${ratio.high})`;
  const inference = sessionRuns.map((run) => ({
    batch: run.batch,
    rounds: `${run.rounds}×${run.runsPerRound}`,
    ortWebNodeMs: run.ortWebNodeMeanMs,
    ortNodeNativeMs: run.ortNodeNativeMeanMs,
    workerdMs: run.workerdMeanMs,
    webOverNative: interval(run.webOverNative),
    workerdOverWebNode: interval(run.workerdOverWebNode),
    besidesRunMeanMs: run.besidesRunMeanMs,
    besidesRunP50Ms: run.besidesRunP50Ms,
    besidesRunP90Ms: run.besidesRunP90Ms,
  }));
  const abuse = await runAbuse();
  const upload = await measureUploadSize(REPO_ROOT);
  const artifacts = Object.entries(manifest.artifacts).map(([artifact, entry]) => ({ model: `${manifest.name}@${manifest.version}`, artifact, key: entry.key, bytes: entry.bytes }));

  console.log('\nsession.run, mean ms per run, interleaved rounds (same ONNX; workerd = the worker\'s timing.inferenceMs at 1 client); ratios: median of per-round ratios (95% bootstrap interval)');
  console.log('besidesRun: the worker\'s Server-Timing total minus its inferenceMs (read, parse, decode, preprocess, rank, respond), batch 1 = a 28×28 PNG, batch 64 = JSON');
  console.table(inference);
  console.log('HTTP against the local worker (workerd)');
  console.table(http);
  console.log(`cold start: median of ${COLD_RUNS} fresh workers (workerd start, then the first prediction split by its Server-Timing); warm prediction ${warmPredictionMs} ms`);
  console.table([...cold.runs.map((run, i) => ({ run: String(i + 1), ...run })), { run: 'median', ...cold.median }]);
  console.log(`load: ${LOAD_ROUNDS} rounds of ${LOAD_REQUESTS} requests at 32 clients`);
  console.table([loadResult]);
  console.log(`workerd RSS (MiB) every ${RSS_SAMPLE_EVERY} requests; flat = last round grew < ${FLAT_TOLERANCE_MIB} MiB`);
  console.table([
    { worker: 'ours (predict)', startMiB: memory.worker.startMiB, roundEndMiB: memory.worker.roundEndMiB.join(' → '), growthPerRoundMiB: memory.worker.growthPerRoundMiB.join(', '), flat: memory.worker.flat },
    { worker: 'ours (predict, pinned version)', startMiB: memory.pinnedWorker.startMiB, roundEndMiB: memory.pinnedWorker.roundEndMiB.join(' → '), growthPerRoundMiB: memory.pinnedWorker.growthPerRoundMiB.join(', '), flat: memory.pinnedWorker.flat },
    { worker: 'ours (GET /healthz only)', startMiB: memory.healthzOnly.startMiB, roundEndMiB: memory.healthzOnly.roundEndMiB.join(' → '), growthPerRoundMiB: memory.healthzOnly.growthPerRoundMiB.join(', '), flat: memory.healthzOnly.flat },
    { worker: 'bare workerd', startMiB: memory.bareWorkerd.startMiB, roundEndMiB: memory.bareWorkerd.roundEndMiB.join(' → '), growthPerRoundMiB: memory.bareWorkerd.growthPerRoundMiB.join(', '), flat: memory.bareWorkerd.flat },
  ]);
  console.log(`ours:  ${memory.worker.series.join(' ')}`);
  console.log(`pinned: ${memory.pinnedWorker.series.join(' ')}`);
  console.log(`healthz: ${memory.healthzOnly.series.join(' ')}`);
  console.log(`bare:  ${memory.bareWorkerd.series.join(' ')}`);
  console.log('the isolate at each round end (first: before the load), MiB: JS heap after a full GC, ArrayBuffers after it, ORT WASM memory; and the JS heap of Miniflare\'s entry worker');
  console.table([
    { worker: 'ours (predict)', jsHeapAfterGcMiB: memory.worker.jsHeapAfterGcMiB.join(' → '), arrayBuffersMiB: memory.worker.arrayBuffersAfterGcMiB.join(' → '), wasmMemoryMiB: memory.worker.wasmMemoryMiB.join(' → '), isolateFlat: memory.worker.isolateFlat, miniflareEntryJsHeapMiB: memory.worker.miniflareEntryJsHeapAfterGcMiB.join(' → ') },
    { worker: 'ours (pinned version)', jsHeapAfterGcMiB: memory.pinnedWorker.jsHeapAfterGcMiB.join(' → '), arrayBuffersMiB: memory.pinnedWorker.arrayBuffersAfterGcMiB.join(' → '), wasmMemoryMiB: memory.pinnedWorker.wasmMemoryMiB.join(' → '), isolateFlat: memory.pinnedWorker.isolateFlat, miniflareEntryJsHeapMiB: memory.pinnedWorker.miniflareEntryJsHeapAfterGcMiB.join(' → ') },
  ]);
  console.log(`the worker's isolate ${memory.worker.isolateFlat ? 'is flat' : 'is NOT flat'} (JS heap after GC and WASM memory); workerd's RSS ${memory.worker.flat ? 'is flat' : 'is NOT flat'}: our worker's last round grew ${load.lastRoundGrowthMiB} MiB, our worker answering /healthz only ${healthzLoad.lastRoundGrowthMiB} MiB (excess ${memory.lastRoundExcessOverHealthzMiB} MiB), a bare worker ${bareLoad.lastRoundGrowthMiB} MiB (excess ${memory.lastRoundExcessMiB} MiB)`);
  printAbuse(abuse, ABUSE_SETTINGS);
  console.log(`upload: ${upload.line}`);
  console.table(artifacts);

  const report = { at: new Date().toISOString(), model: { name: manifest.name, version: manifest.version, bytes: manifest.artifacts.model.bytes }, inference, http, cold: { ...cold, warmPredictionMs }, load: loadResult, memory, abuse, upload, artifacts, sessionRuns };
  await mkdir(path.join(REPO_ROOT, 'reports'), { recursive: true });
  const file = path.join(REPO_ROOT, 'reports', `edge-bench-${report.at.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`saved ${path.relative(REPO_ROOT, file)}`);
  if (loadResult.serverErrors > 0 || memory.pinnedWorker.non200 > 0 || !memory.worker.isolateFlat || abuse.failures.length > 0) process.exitCode = 1;
} finally {
  if (!workerDisposed) await worker.dispose();
}
