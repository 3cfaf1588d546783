/**
 * Training samples/s of `step` (one batch of `batch` samples): `warmup` untimed steps, then steps
 * until `seconds` have passed and at least `minSteps` ran. Shared by the training benchmarks.
 */
export async function measureSamplesPerSecond(
  step: () => Promise<unknown>,
  { batch, seconds, minSteps = 3, warmup = 2 }: { batch: number; seconds: number; minSteps?: number; warmup?: number },
): Promise<number> {
  for (let i = 0; i < warmup; i++) await step();
  let steps = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000 || steps < minSteps) {
    await step();
    steps++;
  }
  return (steps * batch) / ((performance.now() - start) / 1000);
}
