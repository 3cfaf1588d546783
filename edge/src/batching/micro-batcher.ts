/** Runs one batch: `data` holds `dims[0]` samples; the answer holds the same number of outputs, in order. */
export type BatchRunner<Key> = (key: Key, data: Float32Array, dims: readonly number[]) => Promise<Float32Array>;

interface Pending {
  data: Float32Array;
  count: number;
  outcome?: { output: Float32Array } | { error: unknown };
}

/** How often a waiting request looks for its batch's outcome, in ms. */
const POLL_MS = 1;

interface Queue {
  pending: Pending[];
  count: number;
  sampleDims: readonly number[];
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * Dynamic micro-batching: requests for the same key (an ONNX session) that arrive within `waitMs`
 * of the first are run as one batch of at most `maxBatch` samples, and each gets its own slice of
 * the output. A small CNN's batch 64 costs several times less per sample than batch 1, so under
 * concurrency this trades at most `waitMs` of latency for throughput.
 */
export class MicroBatcher<Key extends object> {
  private readonly queues = new WeakMap<Key, Queue>();

  constructor(private readonly runBatch: BatchRunner<Key>) {}

  /** `dims` is `[count, ...sampleDims]`; requests with other sample dims are never mixed. */
  run(key: Key, data: Float32Array, dims: readonly number[], options: { waitMs: number; maxBatch: number }): Promise<Float32Array> {
    const [count, ...sampleDims] = dims;
    if (options.waitMs <= 0 || count === undefined || count >= options.maxBatch) return this.runBatch(key, data, dims);
    let queue = this.queues.get(key);
    if (queue && (queue.count + count > options.maxBatch || !sameDims(queue.sampleDims, sampleDims))) {
      this.flush(key, queue);
      queue = undefined;
    }
    if (!queue) {
      queue = { pending: [], count: 0, sampleDims };
      this.queues.set(key, queue);
    }
    const current = queue;
    const item: Pending = { data, count };
    current.pending.push(item);
    current.count += count;
    if (current.count >= options.maxBatch) this.flush(key, current);
    else current.timer ??= setTimeout(() => this.flush(key, current), options.waitMs);
    return waitFor(item);
  }

  private flush(key: Key, queue: Queue): void {
    if (queue.timer !== undefined) clearTimeout(queue.timer);
    if (this.queues.get(key) === queue) this.queues.delete(key);
    const { pending, count, sampleDims } = queue;
    const data = new Float32Array(pending.reduce((sum, item) => sum + item.data.length, 0));
    let offset = 0;
    for (const item of pending) {
      data.set(item.data, offset);
      offset += item.data.length;
    }
    this.runBatch(key, data, [count, ...sampleDims]).then(
      (output) => {
        const perSample = output.length / count;
        let sample = 0;
        for (const item of pending) {
          item.outcome = { output: output.slice(sample * perSample, (sample + item.count) * perSample) };
          sample += item.count;
        }
      },
      (error: unknown) => {
        for (const item of pending) item.outcome = { error };
      },
    );
  }
}

/**
 * Each request polls its own slot with its own timers rather than awaiting a promise that the
 * batch's runner settles: workerd cannot settle a promise created by another request, that
 * request then hangs and is cancelled (https://developers.cloudflare.com/workers/observability/errors/#cannot-perform-io-on-behalf-of-a-different-request).
 */
async function waitFor(item: Pending): Promise<Float32Array> {
  while (item.outcome === undefined) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  if ('error' in item.outcome) throw item.outcome.error;
  return item.outcome.output;
}

function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
