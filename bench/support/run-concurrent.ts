/**
 * Runs `total` calls of `task` with `concurrency` in flight, and returns each call's latency
 * and the wall time of the whole run.
 */
export async function runConcurrent<T>(total: number, concurrency: number, task: (index: number) => Promise<T>): Promise<{ latencies: number[]; results: T[]; wallMs: number }> {
  const latencies: number[] = [];
  const results: T[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) {
        const index = next++;
        const begin = performance.now();
        results[index] = await task(index);
        latencies[index] = performance.now() - begin;
      }
    }),
  );
  return { latencies, results, wallMs: performance.now() - start };
}
