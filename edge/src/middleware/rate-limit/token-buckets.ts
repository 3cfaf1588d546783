/** Most clients tracked at once; past it, the longest-idle buckets are dropped (they would be full again). */
const MAX_CLIENTS = 10_000;

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * One token bucket per client: `capacity` requests at once, refilled at `capacity / periodSeconds`
 * per second. In-isolate state: each isolate limits on its own, so the effective limit of a worker
 * spread over N isolates is up to N times this (the Workers rate-limiting binding has the same
 * per-location looseness and needs an account namespace to deploy).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  /** Takes a token for `client`: 0 when allowed, else the seconds until one is available. */
  take(client: string, capacity: number, periodSeconds: number, nowMs: number): number {
    const ratePerMs = capacity / (periodSeconds * 1000);
    const bucket = this.buckets.get(client) ?? { tokens: capacity, updatedMs: nowMs };
    bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, nowMs - bucket.updatedMs) * ratePerMs);
    bucket.updatedMs = nowMs;
    // Re-inserting keeps the Map in least-recently-used order for pruning.
    this.buckets.delete(client);
    this.buckets.set(client, bucket);
    this.prune();
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000));
  }

  get size(): number {
    return this.buckets.size;
  }

  private prune(): void {
    for (const client of this.buckets.keys()) {
      if (this.buckets.size <= MAX_CLIENTS) return;
      this.buckets.delete(client);
    }
  }
}
