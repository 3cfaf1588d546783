import { runConcurrent } from './run-concurrent.ts';

export interface RssSample {
  round: number;
  /** Requests sent so far, all rounds together. */
  requests: number;
  rssMiB: number;
}

export interface LoadRounds<T> {
  results: T[];
  wallMs: number;
  latencies: number[];
  /** RSS before the first request, then after every `sampleEvery` requests. */
  series: RssSample[];
  /** RSS at the end of each round. */
  roundEndMiB: number[];
  /** Growth of the last round (end of last vs end of the one before): a leak grows by about as much every round. */
  lastRoundGrowthMiB: number;
  /** The last round grew by less than `flatToleranceMiB`: a plateau after warm-up, not a leak. */
  flat: boolean;
  /** `probe()` before the first request and after each round (after that round's RSS sample). */
  probes: Record<string, number>[];
}

/**
 * `rounds` rounds of `requests` calls at `concurrency`, sampling `rss()` every `sampleEvery`
 * requests: memory that rises while the first round warms up and then stays is allocator and GC
 * high-water; memory that rises again by a similar step each round is a leak.
 */
export async function runLoadRounds<T>(params: {
  rounds: number;
  requests: number;
  concurrency: number;
  sampleEvery: number;
  flatToleranceMiB: number;
  task: (index: number) => Promise<T>;
  rss: () => number;
  /** Readings taken at round ends only (a heap snapshot allocates in workerd, so not at every RSS sample). */
  probe?: () => Promise<Record<string, number>>;
}): Promise<LoadRounds<T>> {
  const { rounds, requests, concurrency, sampleEvery } = params;
  const results: T[] = [];
  const latencies: number[] = [];
  const series: RssSample[] = [{ round: 0, requests: 0, rssMiB: params.rss() }];
  const roundEndMiB: number[] = [];
  const probes: Record<string, number>[] = [];
  if (params.probe) probes.push(await params.probe());
  let wallMs = 0;
  for (let round = 1; round <= rounds; round++) {
    for (let sent = 0; sent < requests; sent += sampleEvery) {
      const offset = results.length;
      const chunk = await runConcurrent(Math.min(sampleEvery, requests - sent), concurrency, (i) => params.task(offset + i));
      results.push(...chunk.results);
      latencies.push(...chunk.latencies);
      wallMs += chunk.wallMs;
      series.push({ round, requests: results.length, rssMiB: params.rss() });
    }
    roundEndMiB.push(series.at(-1)!.rssMiB);
    if (params.probe) probes.push(await params.probe());
  }
  const lastRoundGrowthMiB = rounds > 1 ? Math.round((roundEndMiB.at(-1)! - roundEndMiB.at(-2)!) * 10) / 10 : Number.NaN;
  return { results, wallMs, latencies, series, roundEndMiB, lastRoundGrowthMiB, flat: Math.abs(lastRoundGrowthMiB) < params.flatToleranceMiB, probes };
}
