/**
 * Training samples/s of `step` (one batch of `batch` samples), and the process's CPU milliseconds per
 * step (every thread's: unlike samples/s, barely moved by other jobs on the machine): `warmup` untimed
 * steps, then steps until `seconds` have passed and at least `minSteps` ran. A step slower than the
 * whole budget ends the warm-up and is timed once: a model that slow gains nothing from more.
 */
export async function measureSamplesPerSecond(
  step: () => Promise<unknown>,
  { batch, seconds, minSteps = 3, warmup = 2 }: { batch: number; seconds: number; minSteps?: number; warmup?: number },
): Promise<{ samplesPerSecond: number; cpuMsPerStep: number }> {
  for (let i = 0; i < warmup; i++) {
    const started = performance.now();
    await step();
    if (performance.now() - started > seconds * 1000) {
      minSteps = 1;
      break;
    }
  }
  let steps = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < seconds * 1000 || steps < minSteps) {
    await step();
    steps++;
  }
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  return { samplesPerSecond: (steps * batch) / elapsed, cpuMsPerStep: (cpu.user + cpu.system) / 1000 / steps };
}
