import { describe, expect, it } from 'vitest';
import type { VariantReportRow } from './build-variants-report.ts';
import { checkTargets } from './render-variants-report.ts';

/** Per-round times sharing a load that varies between rounds, scaled by `factor`. */
function times(factor: number, count = 40): number[] {
  return Array.from({ length: count }, (_, r) => (20 + ((r * 37) % 17)) * factor * (1 + ((r * 13) % 7) / 1000));
}

function row(kind: string, factor: number, overrides: Partial<VariantReportRow> = {}): VariantReportRow {
  const batches = [1, 64].map((batch) => {
    const t = times(factor * batch);
    const sorted = [...t].sort((a, b) => a - b);
    return { batch, runs: t.length, medianMs: sorted[t.length >> 1]!, p10Ms: sorted[4]!, p90Ms: sorted[36]!, timesMs: t };
  });
  return { id: kind, kind, published: true, parameters: 18_000, onnxBytes: 75_000, gzipBytes: 41_000, testAccuracy: 0.99, testSamples: 10_000, latency: { id: kind, sessionCreateMs: 5, batches }, ...overrides };
}

const speedChecks = (int8Factor: number) =>
  checkTargets([row('pruned', 1), row('quantized', int8Factor, { onnxBytes: 20_000 })]).filter(([, text]) => text.startsWith('int8 no slower'));

describe('checkTargets: int8 no slower than float', () => {
  it('passes the same speed measured round by round', () => {
    expect(speedChecks(1).map(([met]) => met)).toEqual([true, true]);
  });

  it('fails a 3% slowdown, with the paired interval in the text', () => {
    const checks = speedChecks(1.03);
    expect(checks.map(([met]) => met)).toEqual([false, false]);
    expect(checks[1]![1]).toMatch(/int8\/float 1\.03\d× \(95% interval 1\.0\d\d–1\.0\d\d over 40 paired rounds\)/);
  });
});
