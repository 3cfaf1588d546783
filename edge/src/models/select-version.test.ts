import type { ModelChannels } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { selectVersion, trafficBucket } from './select-version.ts';

const base: ModelChannels = { schemaVersion: 1, name: 'mnist', production: 'v1', updatedAt: '2026-11-28T00:00:00.000Z' };
const clients = Array.from({ length: 4000 }, (_, i) => `client-${i}`);

describe('selectVersion', () => {
  it('serves production when there is no canary or its share is 0', () => {
    expect(selectVersion(base, 'a')).toBe('v1');
    expect(selectVersion({ ...base, canary: { version: 'v2', percent: 0 } }, 'a')).toBe('v1');
  });

  it('sends about `percent` of clients to the canary, each one always to the same version', () => {
    const channels = { ...base, canary: { version: 'v2', percent: 25 } };
    const onCanary = clients.filter((c) => selectVersion(channels, c) === 'v2');
    expect(onCanary.length / clients.length).toBeGreaterThan(0.22);
    expect(onCanary.length / clients.length).toBeLessThan(0.28);
    for (const c of clients.slice(0, 200)) expect(selectVersion(channels, c)).toBe(selectVersion(channels, c));
  });

  it('only moves clients from production to the canary when the share grows', () => {
    const at10 = { ...base, canary: { version: 'v2', percent: 10 } };
    const at50 = { ...base, canary: { version: 'v2', percent: 50 } };
    for (const c of clients) if (selectVersion(at10, c) === 'v2') expect(selectVersion(at50, c)).toBe('v2');
    expect(selectVersion({ ...base, canary: { version: 'v2', percent: 100 } }, 'x')).toBe('v2');
  });

  it('spreads keys over 0-9999', () => {
    const buckets = clients.map(trafficBucket);
    expect(Math.min(...buckets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...buckets)).toBeLessThan(10_000);
    // 4000 keys in 10000 buckets: about 3300 distinct when spread evenly.
    expect(new Set(buckets).size).toBeGreaterThan(3100);
  });
});
