/**
 * `npm start`: makes sure the default digit model is published to the local R2 bucket that
 * `wrangler dev` reads (training it on MNIST and publishing its int8 variant if none is) and that
 * `.dev.vars` holds an ADMIN_TOKEN (a random one is written the first time), then serves the worker
 * on :8787, with a local runner training the training API's jobs in the background. The default text
 * model (spam) trains in a background process meanwhile when none is published, and is served once it is.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createTrainingProgress } from '@edgeml/trainer/cli/progress';
import { DEFAULT_MODEL, DEFAULT_MODEL_CONFIG } from '@edgeml/shared';
import { findPublishedManifest } from '@edgeml/trainer/pipeline/find-published-manifest';
import { publishQuantizedRun } from '@edgeml/trainer/pipeline/publish-quantized-run';
import { trainRun } from '@edgeml/trainer/pipeline/train-run';
import type { ObjectStore } from '@edgeml/trainer/publish/object-store';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import type { AnyModelManifest } from '@edgeml/shared';
import { ensureDevVars } from './lib/ensure-dev-vars.ts';
import { startLocalRunner } from './lib/start-local-runner.ts';
import { DEFAULT_TEXT_MODEL, trainTextModelInBackground, type BackgroundTextTraining } from './lib/train-text-model-in-background.ts';

const PERSIST_TO = '.wrangler/state';
const DEV_VARS = path.resolve(import.meta.dirname, '..', '.dev.vars');
const PORT = process.env.PORT ?? '8787';

function logPublished(published: AnyModelManifest): void {
  const accuracy = published.metrics.testAccuracy;
  console.log(`Using published ${published.name}@${published.version}` + (accuracy === undefined ? '' : ` (test accuracy ${(100 * accuracy).toFixed(2)}%)`));
}

/** Starts training the default text model in the background when none is published (it starts first: it waits for no digit model). */
async function ensureDefaultTextModel(store: ObjectStore): Promise<BackgroundTextTraining | undefined> {
  const published = await findPublishedManifest(store, DEFAULT_TEXT_MODEL.name);
  if (published) {
    logPublished(published);
    return undefined;
  }
  return trainTextModelInBackground({
    persistTo: PERSIST_TO,
    outDir: path.join('.artifacts', 'text', `${DEFAULT_TEXT_MODEL.name}-default-${Date.now()}`),
    baseUrl: `http://127.0.0.1:${PORT}`,
    log: (line) => console.log(line),
  });
}

async function ensureDefaultModel(store: ObjectStore): Promise<void> {
  const published = await findPublishedManifest(store, DEFAULT_MODEL.name);
  if (published) return logPublished(published);
  console.log(`No ${DEFAULT_MODEL.name} model is published: training the default model on MNIST.`);
  const outDir = path.join('.artifacts', 'runs', `${DEFAULT_MODEL.name}-default-${Date.now()}`);
  const progress = createTrainingProgress();
  // The run config's defaults are the default model; npm start adds its augmentation and schedule.
  const run = await trainRun({
    config: DEFAULT_MODEL_CONFIG,
    outDir,
    onBatchEnd: progress.onBatchEnd,
    onEpochEnd: progress.onEpochEnd,
    log: (line) => console.log(line),
  });
  progress.stop();
  console.log(
    `Test accuracy ${(100 * (run.metrics.testAccuracy ?? 0)).toFixed(2)}% on ${run.metrics.testSamples} images ` +
      `after ${(run.metrics.trainSeconds ?? 0).toFixed(0)} s`,
  );
  // The edge serves the best small variant: int8 (static QDQ) when it keeps the float accuracy.
  const { manifest, quantized } = await publishQuantizedRun({ dir: outDir, store, log: (line) => console.log(line) });
  console.log(`Published ${manifest.name}@${manifest.version} (${quantized ? 'int8' : 'float'}) to ${store.description}`);
}

/** The admin API needs ADMIN_TOKEN; says where it is and how to use it, without printing it. */
async function ensureAdminToken(): Promise<void> {
  const { created } = await ensureDevVars(DEV_VARS);
  const where = path.relative(process.cwd(), DEV_VARS) || DEV_VARS;
  console.log(
    created.length > 0
      ? `Wrote a random ${created.join(', ')} to ${where} (mode 0600; .dev.vars.example lists every secret).`
      : `Admin token: ADMIN_TOKEN in ${where}.`,
  );
  console.log(
    `  Admin API: export ADMIN_TOKEN="$(sed -n 's/^ADMIN_TOKEN=//p' ${where})"; ` +
      `curl -H "authorization: Bearer $ADMIN_TOKEN" http://127.0.0.1:${PORT}/v1/admin/models/mnist/versions`,
  );
}

const store = await openLocalR2Store({ persistTo: PERSIST_TO });
let textTraining: BackgroundTextTraining | undefined;
try {
  textTraining = await ensureDefaultTextModel(store);
  await ensureDefaultModel(store);
} finally {
  await store.close();
}
await ensureAdminToken();
console.log(`Serving on http://127.0.0.1:${PORT}  (try: curl -F image=@digit.png http://127.0.0.1:${PORT}/v1/models/mnist/predict)`);
console.log(`  The retrain cron runs on request here: curl "http://127.0.0.1:${PORT}/__scheduled?cron=*/30+*+*+*+*"`);
// --test-scheduled serves /__scheduled (so wrangler does not warn that crons do not fire locally);
// CLOUDFLARE_CF_FETCH_ENABLED=false: the worker reads no `request.cf` field, so wrangler need not
// fetch Cloudflare's sample `cf` object (which warns when offline); a user's own setting wins.
const wrangler = spawn(
  process.execPath,
  [path.join('node_modules', 'wrangler', 'bin', 'wrangler.js'), 'dev', '--persist-to', PERSIST_TO, '--ip', '127.0.0.1', '--port', PORT, '--test-scheduled'],
  { stdio: 'inherit', env: { CLOUDFLARE_CF_FETCH_ENABLED: 'false', ...process.env, WRANGLER_SEND_METRICS: 'false' } },
);
wrangler.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    textTraining?.stop();
    wrangler.kill(signal);
  });
}
// The local R2 store's Miniflare leaves an exit hook that may end this process on a signal before
// the handlers above run; without this, `wrangler dev` would outlive `npm start` and hold the port.
process.on('exit', () => {
  textTraining?.stop();
  if (wrangler.exitCode === null && wrangler.signalCode === null) wrangler.kill('SIGTERM');
});

// The local training runner: jobs submitted to POST /v1/training/jobs train here, on this machine's CPU.
const runnerStop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => runnerStop.abort(signal));
void startLocalRunner({ endpoint: `http://127.0.0.1:${PORT}`, devVars: DEV_VARS, persistTo: PERSIST_TO, signal: runnerStop.signal, log: (line) => console.log(`[runner] ${line}`) }).catch((error: unknown) =>
  console.error(`[runner] stopped: ${error instanceof Error ? error.message : String(error)}`),
);
