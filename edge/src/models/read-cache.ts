/** Keys remembered; beyond this the least recently stored is forgotten. */
const MAX_KEYS = 64;

interface Entry<T> {
  value: T;
  readAtMs: number;
}

/**
 * Answers of costly public reads (a listing of every version's manifest, a summary over thousands
 * of shadow records) kept per isolate for `ttlMs`, so a client repeating the request is answered
 * from memory. Only plain values are kept, never a read in flight: workerd cancels a request that
 * waits on I/O another request started. Failures are not kept.
 */
export class ReadCache<T> {
  readonly #entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string, read: () => Promise<T>): Promise<T> {
    const entry = this.#entries.get(key);
    if (entry && this.now() - entry.readAtMs < this.ttlMs) return entry.value;
    const readAtMs = this.now();
    const value = await read();
    this.#entries.delete(key);
    this.#entries.set(key, { value, readAtMs });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= MAX_KEYS) break;
      this.#entries.delete(oldest);
    }
    return value;
  }
}
