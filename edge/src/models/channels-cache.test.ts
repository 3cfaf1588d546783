import type { ModelChannels } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { ChannelsCache } from './channels-cache.ts';

const channels = (production: string): ModelChannels => ({ schemaVersion: 1, name: 'mnist', production, updatedAt: '2026-11-29T00:00:00.000Z' });

describe('ChannelsCache', () => {
  it('reads once per ttl, then again once it has passed', async () => {
    let now = 1000;
    const cache = new ChannelsCache(() => now);
    let reads = 0;
    const read = async () => channels(`v${++reads}`);
    expect((await cache.get('mnist', 2000, read)).production).toBe('v1');
    now += 1999;
    expect((await cache.get('mnist', 2000, read)).production).toBe('v1');
    now += 1;
    expect((await cache.get('mnist', 2000, read)).production).toBe('v2');
    expect(reads).toBe(2);
  });

  it('reads every time with a ttl of 0, and after forget', async () => {
    const cache = new ChannelsCache(() => 0);
    let reads = 0;
    const read = async () => channels(`v${++reads}`);
    await cache.get('mnist', 0, read);
    await cache.get('mnist', 0, read);
    expect(reads).toBe(2);
    await cache.get('mnist', 60_000, read);
    cache.forget('mnist');
    expect((await cache.get('mnist', 60_000, read)).production).toBe('v4');
  });

  it('keeps nothing from a failed read, and never lets an older read replace a newer one', async () => {
    let now = 0;
    const cache = new ChannelsCache(() => now);
    await expect(cache.get('mnist', 1000, async () => Promise.reject(new Error('R2 down')))).rejects.toThrow('R2 down');
    let releaseSlow!: () => void;
    const slow = cache.get('mnist', 1000, () => new Promise<ModelChannels>((resolve) => (releaseSlow = () => resolve(channels('old')))));
    now = 1;
    expect((await cache.get('mnist', 1000, async () => channels('new'))).production).toBe('new');
    releaseSlow();
    expect((await slow).production).toBe('old');
    expect((await cache.get('mnist', 1000, async () => channels('unused'))).production).toBe('new');
  });

  it('forgets the least recently read names beyond 64', async () => {
    const cache = new ChannelsCache(() => 0);
    for (let i = 0; i < 65; i++) await cache.get(`m${i}`, 1000, async () => channels(`m${i}`));
    let reread = false;
    await cache.get('m0', 1000, async () => ((reread = true), channels('again')));
    expect(reread).toBe(true);
  });
});
