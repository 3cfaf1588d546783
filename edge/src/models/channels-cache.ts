import type { ModelChannels } from '@edgeml/shared';

/** Model names remembered; beyond this the least recently read is forgotten. */
const MAX_NAMES = 64;

interface Entry {
  channels: ModelChannels;
  readAt: number;
}

/**
 * Each model's channels.json, kept for a few seconds per isolate. Without it every unpinned
 * prediction reads R2 first: a billed Class B operation and a round trip (≈3 ms in local workerd,
 * most of what the worker did besides `session.run`). A change made through this isolate's admin
 * API is seen at once (`forget`); one made elsewhere within `ttlMs`.
 *
 * Only plain values are shared between requests, never a read in flight: workerd cancels a
 * request that waits on I/O another request started.
 */
export class ChannelsCache {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The channels of `name`, from the cache when read less than `ttlMs` ago, else from `read` (0: always). */
  async get(name: string, ttlMs: number, read: () => Promise<ModelChannels>): Promise<ModelChannels> {
    const entry = this.#entries.get(name);
    if (entry && ttlMs > 0 && this.now() - entry.readAt < ttlMs) return entry.channels;
    const readAt = this.now();
    const channels = await read();
    if (ttlMs > 0) this.#remember(name, { channels, readAt });
    return channels;
  }

  /** Drops what is kept for `name`: the next request reads channels.json again. */
  forget(name: string): void {
    this.#entries.delete(name);
  }

  #remember(name: string, entry: Entry): void {
    // A slower read finishing after a newer one must not put older channels back.
    const current = this.#entries.get(name);
    if (current && current.readAt > entry.readAt) return;
    this.#entries.delete(name);
    this.#entries.set(name, entry);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= MAX_NAMES) break;
      this.#entries.delete(oldest);
    }
  }
}
