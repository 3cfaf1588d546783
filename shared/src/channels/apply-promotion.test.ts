import type { ModelChannels } from '../schemas/channels.ts';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { MAX_PREVIOUS } from '../schemas/channels.ts';
import { applyCanaryShare, applyPromotion, applyRollback, firstPromotion } from './apply-promotion.ts';

const base: ModelChannels = { schemaVersion: 1, name: 'mnist', production: 'v1', updatedAt: '2026-11-28T00:00:00.000Z' };

describe('applyPromotion', () => {
  it('moves production to the new version and remembers the old one first', () => {
    const once = applyPromotion(base, { version: 'v2', channel: 'production' });
    const twice = applyPromotion(once, { version: 'v3', channel: 'production' });
    expect(twice.production).toBe('v3');
    expect(twice.previous).toEqual(['v2', 'v1']);
  });

  it('takes a promoted canary off the canary channel', () => {
    const withCanary = applyPromotion(base, { version: 'v2', channel: 'canary', percent: 10 });
    expect(withCanary.canary).toEqual({ version: 'v2', percent: 10 });
    expect(applyPromotion(withCanary, { version: 'v2', channel: 'production' }).canary).toBeUndefined();
  });

  it('keeps the canary and shadow of other versions and at most MAX_PREVIOUS earlier productions', () => {
    let channels: ModelChannels = { ...firstPromotion('mnist', 'v0'), canary: { version: 'c', percent: 5 }, shadow: { version: 's', percent: 1 } };
    for (let i = 1; i <= MAX_PREVIOUS + 5; i++) channels = applyPromotion(channels, { version: `v${i}`, channel: 'production' });
    expect(channels.previous).toHaveLength(MAX_PREVIOUS);
    expect(channels.previous![0]).toBe(`v${MAX_PREVIOUS + 4}`);
    expect(channels).toMatchObject({ canary: { version: 'c', percent: 5 }, shadow: { version: 's', percent: 1 } });
  });

  it('refuses to make the production version its own canary', () => {
    expect(() => applyPromotion(base, { version: 'v1', channel: 'canary', percent: 5 })).toThrow(InputError);
  });
});

describe('applyRollback', () => {
  it('returns production to the given previous version and drops the canary', () => {
    const channels = { ...base, production: 'v3', previous: ['v2', 'v1'], canary: { version: 'v4', percent: 5 } };
    const rolled = applyRollback(channels, 'v2');
    expect(rolled.production).toBe('v2');
    expect(rolled.previous).toEqual(['v1']);
    expect(rolled.canary).toBeUndefined();
  });
});

describe('applyCanaryShare', () => {
  it('changes the share, removes the canary at 0 and refuses without one', () => {
    const channels = { ...base, canary: { version: 'v2', percent: 5 } };
    expect(applyCanaryShare(channels, 50).canary).toEqual({ version: 'v2', percent: 50 });
    expect(applyCanaryShare(channels, 0).canary).toBeUndefined();
    expect(() => applyCanaryShare(base, 10)).toThrow(/no canary/);
  });
});
