import type { ModelChannels } from '../schemas/channels.ts';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { applyShadow } from './apply-shadow.ts';

const channels: ModelChannels = { schemaVersion: 1, name: 'mnist', production: 'v1', canary: { version: 'v2', percent: 10 }, updatedAt: '2026-11-28T00:00:00.000Z' };

describe('applyShadow', () => {
  it('sets, re-shares and clears the shadow, leaving the other channels alone', () => {
    const set = applyShadow(channels, { version: 'v3', percent: 25 });
    expect(set).toEqual({ ...channels, shadow: { version: 'v3', percent: 25 } });
    expect(applyShadow(set, { percent: 100 }).shadow).toEqual({ version: 'v3', percent: 100 });
    expect(applyShadow(set, { version: 'v2', percent: 5 }).shadow).toEqual({ version: 'v2', percent: 5 });
    const cleared = applyShadow(set, { percent: 0 });
    expect(cleared.shadow).toBeUndefined();
    expect(cleared.canary).toEqual(channels.canary);
  });

  it('refuses a share without a shadow, and production as its own shadow', () => {
    const conflict = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof InputError ? error.code : 'other';
      }
      return 'none';
    };
    expect(conflict(() => applyShadow(channels, { percent: 50 }))).toBe('conflict');
    expect(conflict(() => applyShadow(channels, { version: 'v1', percent: 50 }))).toBe('conflict');
  });
});
