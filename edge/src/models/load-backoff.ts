/** The first wait after a failed load; each further failure doubles it, up to MAX_DELAY_MS. */
const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 5 * 60_000;
/** Keys remembered; beyond this the oldest failure is forgotten (and loaded again when asked for). */
const MAX_KEYS = 256;

interface Failure<R> {
  failures: number;
  retryAtMs: number;
  reason: R;
}

/**
 * Failed model loads, per isolate, with exponential back-off: while a version's wait runs, asking
 * for it answers at once instead of downloading and checking a corrupt or oversized artifact
 * again on every request. A success forgets the failures.
 */
export class LoadBackoff<R> {
  readonly #failures = new Map<string, Failure<R>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Seconds until `key` may be loaded again, with the last failure's reason; undefined when it may be now. */
  waiting(key: string): { seconds: number; reason: R } | undefined {
    const failure = this.#failures.get(key);
    const waitMs = failure ? failure.retryAtMs - this.now() : 0;
    return failure && waitMs > 0 ? { seconds: Math.ceil(waitMs / 1000), reason: failure.reason } : undefined;
  }

  /** Records a failed load of `key` and why; returns the seconds to wait before the next try. */
  failed(key: string, reason: R): number {
    const failures = (this.#failures.get(key)?.failures ?? 0) + 1;
    const delayMs = Math.min(BASE_DELAY_MS * 2 ** (failures - 1), MAX_DELAY_MS);
    this.#failures.delete(key);
    this.#failures.set(key, { failures, retryAtMs: this.now() + delayMs, reason });
    for (const oldest of this.#failures.keys()) {
      if (this.#failures.size <= MAX_KEYS) break;
      this.#failures.delete(oldest);
    }
    return Math.ceil(delayMs / 1000);
  }

  succeeded(key: string): void {
    this.#failures.delete(key);
  }
}
