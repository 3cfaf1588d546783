/**
 * `npm start`: makes sure the default digit model is published to the local R2 bucket that
 * `wrangler dev` reads (training it on MNIST and publishing its int8 variant if none is), then serves
 * the worker on :8787.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createTrainingProgress } from '../trainer/src/cli/progress.ts';
import { DEFAULT_MODEL } from '../trainer/src/pipeline/default-model.ts';
import { findPublishedManifest } from '../trainer/src/pipeline/find-published-manifest.ts';
import { publishQuantizedRun } from '../trainer/src/pipeline/publish-quantized-run.ts';
import { trainRun } from '../trainer/src/pipeline/train-run.ts';
import { openLocalR2Store } from '../trainer/src/publish/open-local-r2-store.ts';

const PERSIST_TO = '.wrangler/state';
const PORT = process.env.PORT ?? '8787';

async function ensureDefaultModel(): Promise<void> {
  const store = await openLocalR2Store({ persistTo: PERSIST_TO });
  try {
    const published = await findPublishedManifest(store, DEFAULT_MODEL.name);
    if (published) {
      const accuracy = published.metrics.testAccuracy;
      console.log(
        `Using published ${published.name}@${published.version}` +
          (accuracy === undefined ? '' : ` (test accuracy ${(100 * accuracy).toFixed(2)}%)`),
      );
      return;
    }
    console.log(`No ${DEFAULT_MODEL.name} model is published: training the default model on MNIST.`);
    const outDir = path.join('.artifacts', 'runs', `${DEFAULT_MODEL.name}-default-${Date.now()}`);
    const progress = createTrainingProgress();
    const run = await trainRun({
      ...DEFAULT_MODEL,
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
  } finally {
    await store.close();
  }
}

await ensureDefaultModel();
console.log(`Serving on http://127.0.0.1:${PORT}  (try: curl -F image=@digit.png http://127.0.0.1:${PORT}/v1/models/mnist/predict)`);
const wrangler = spawn(
  process.execPath,
  [path.join('node_modules', 'wrangler', 'bin', 'wrangler.js'), 'dev', '--persist-to', PERSIST_TO, '--ip', '127.0.0.1', '--port', PORT],
  { stdio: 'inherit', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
);
wrangler.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => wrangler.kill(signal));
