/**
 * `npm run bench:predict`: HTTP latency of `POST /v1/models/mnist/predict` with a 28×28 PNG,
 * one request at a time, against the real worker in workerd serving the test model
 * (trained and published first if needed). Prints median, p90, p99 and the server's timing.
 */
import { ensurePublishedTestModel } from '@edgeml/test/support/published-model';
import { startWorker } from '@edgeml/test/support/start-worker';
import { digitPng, readMnistTestSet } from '@edgeml/test/edge/support/mnist-test-set';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
const WARMUP = 10;

const published = await ensurePublishedTestModel();
const worker = await startWorker({ persistDir: published.persistDir });
try {
  const digits = await readMnistTestSet(REQUESTS + WARMUP);
  const pngs = digits.map((d) => digitPng(d.pixels));
  const wall: number[] = [];
  const server: number[] = [];
  const inference: number[] = [];
  let correct = 0;
  for (let i = 0; i < pngs.length; i++) {
    const start = performance.now();
    const response = await worker.fetch('/v1/models/mnist/predict', { method: 'POST', body: pngs[i], headers: { 'content-type': 'image/png' } });
    const body = (await response.json()) as { predictions: { index: number }[]; timing: { totalMs: number; inferenceMs: number } };
    const elapsed = performance.now() - start;
    if (response.status !== 200) throw new Error(`predict answered ${response.status}: ${JSON.stringify(body)}`);
    if (i < WARMUP) continue;
    wall.push(elapsed);
    server.push(body.timing.totalMs);
    inference.push(body.timing.inferenceMs);
    if (body.predictions[0]!.index === digits[i]!.label) correct++;
  }
  const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
  const row = (name: string, xs: number[]) =>
    console.log(`${name.padEnd(28)} p50 ${q(xs, 0.5).toFixed(2).padStart(7)} ms   p90 ${q(xs, 0.9).toFixed(2).padStart(7)} ms   p99 ${q(xs, 0.99).toFixed(2).padStart(7)} ms`);
  console.log(`${REQUESTS} sequential PNG predictions of ${published.name}@${published.version} (${correct}/${REQUESTS} correct)`);
  row('HTTP round trip (client)', wall);
  row('worker total (timing.totalMs)', server);
  row('session.run (inferenceMs)', inference);
  console.log(JSON.stringify({ requests: REQUESTS, p50Ms: q(wall, 0.5), p90Ms: q(wall, 0.9), p99Ms: q(wall, 0.99), serverP50Ms: q(server, 0.5), inferenceP50Ms: q(inference, 0.5) }));
} finally {
  await worker.dispose();
}
