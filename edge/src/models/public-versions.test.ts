import type { ModelChannels } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { publicVersions } from './public-versions.ts';

describe('publicVersions', () => {
  it('names production, canary, shadow and the rollback history, nothing else', () => {
    const channels: ModelChannels = {
      schemaVersion: 1,
      name: 'mnist',
      production: 'p',
      canary: { version: 'c', percent: 0 },
      shadow: { version: 's', percent: 10 },
      previous: ['p1', 'p0'],
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    expect([...publicVersions(channels)].sort()).toEqual(['c', 'p', 'p0', 'p1', 's']);
    expect([...publicVersions({ ...channels, canary: undefined, shadow: undefined, previous: undefined })]).toEqual(['p']);
  });
});
