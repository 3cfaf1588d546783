import { describe, expect, it } from 'vitest';
import { AdminApiClient } from '../registry/admin-api-client.ts';
import { runTrainingJobs } from './run-training-jobs.ts';
import { TrainingApiClient } from './training-api-client.ts';

describe('runTrainingJobs --watch while no job comes', () => {
  it('looks again after the interval, then twice as long each time up to the longest', async () => {
    const looks: number[] = [];
    // Only the loop's pacing is under test: the worker's answer to a runner with nothing to do.
    const idleWorker: typeof fetch = async () => {
      looks.push(performance.now());
      return Response.json({ jobs: [] });
    };
    const stop = new AbortController();
    const running = runTrainingJobs({
      client: new TrainingApiClient('http://127.0.0.1:1', 'token', idleWorker),
      admin: new AdminApiClient('http://127.0.0.1:1', 'token'),
      lease: { owner: 'test', leaseSeconds: 60 },
      watch: true,
      intervalSeconds: 0.05,
      maxIntervalSeconds: 0.2,
      signal: stop.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    stop.abort();
    expect(await running).toEqual([]);
    const gaps = looks.slice(1).map((at, i) => at - looks[i]!);
    // 50, 100, 200, 200, … ms: without the back-off a look every 50 ms would be ~26 looks.
    expect(looks.length, gaps.join(', ')).toBeGreaterThanOrEqual(4);
    expect(looks.length, gaps.join(', ')).toBeLessThanOrEqual(9);
    expect(Math.min(...gaps.slice(3))).toBeGreaterThanOrEqual(190);
  });
});
