interface Entry<T> {
  value: Promise<T>;
  /** Callers between getting the value and finishing with it. */
  leases: number;
  evicted: boolean;
}

export interface ModelCacheOptions<T> {
  /** Most values kept; the least recently used beyond that are evicted. */
  maxEntries: number;
  /** Frees an evicted value once no caller uses it any more (an ORT session holds WASM memory). */
  release: (value: T) => void | Promise<void>;
}

/**
 * Per-isolate cache of loaded models by key. Concurrent cold callers share one in-flight load;
 * a failed load is forgotten so the next caller tries again; an evicted value is released only
 * after the last caller using it is done.
 */
export class ModelCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  constructor(private readonly options: ModelCacheOptions<T>) {}

  get size(): number {
    return this.#entries.size;
  }

  /** Whether `key` is cached or loading. */
  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** Runs `use` with the value for `key`, calling `load` only when no value is cached or loading. */
  async use<R>(key: string, load: () => Promise<T>, use: (value: T) => Promise<R>): Promise<R> {
    let entry = this.#entries.get(key);
    if (entry) {
      // Re-inserting keeps the Map in least-recently-used order.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    } else {
      const created: Entry<T> = { value: load(), leases: 0, evicted: false };
      this.#entries.set(key, created);
      created.value.catch(() => {
        if (this.#entries.get(key) === created) this.#entries.delete(key);
      });
      this.#evictOverflow();
      entry = created;
    }
    entry.leases++;
    try {
      return await use(await entry.value);
    } finally {
      entry.leases--;
      if (entry.evicted && entry.leases === 0) this.#release(entry);
    }
  }

  #evictOverflow(): void {
    for (const [key, entry] of this.#entries) {
      if (this.#entries.size <= this.options.maxEntries) return;
      this.#entries.delete(key);
      entry.evicted = true;
      if (entry.leases === 0) this.#release(entry);
    }
  }

  #release(entry: Entry<T>): void {
    entry.value.then((value) => this.options.release(value)).catch(() => {});
  }
}
