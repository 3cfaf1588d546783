import { feedbackQuotaKey, utcDay } from '@edgeml/shared';
import { z } from 'zod';

const counterSchema = z.object({ examples: z.number().int().nonnegative() });

/** Conditional writes tried before giving up on a counter other requests keep changing. */
const MAX_ATTEMPTS = 5;

export type QuotaCharge =
  | { allowed: true; remaining: number }
  | { allowed: false; used: number; limit: number; retryAfterSeconds: number; reason: 'spent' | 'busy' };

/**
 * Counts `examples` against a client's allowance for the UTC day of `now`, in one small R2
 * object per client and day (`feedback-quota/{day}/{client}.json`), durable across isolates. The
 * write is conditional on the etag read (or on absence), so concurrent requests cannot both
 * spend the last of a quota; a lost race reads again. A request that would pass the limit is
 * refused whole, until the next UTC midnight.
 */
export async function chargeFeedbackQuota(bucket: R2Bucket, client: string, examples: number, limit: number, now = new Date()): Promise<QuotaCharge> {
  const key = feedbackQuotaKey(utcDay(now), client);
  const untilMidnight = Math.max(1, Math.ceil((Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) - now.getTime()) / 1000));
  let used = 0;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const object = await bucket.get(key);
    const parsed = object ? counterSchema.safeParse(await object.json().catch(() => null)) : undefined;
    // An unreadable counter counts as spent: fail closed rather than reset a client's quota.
    used = parsed === undefined ? 0 : parsed.success ? parsed.data.examples : limit;
    if (used + examples > limit) return { allowed: false, used, limit, retryAfterSeconds: untilMidnight, reason: 'spent' };
    const written = await bucket.put(key, JSON.stringify({ examples: used + examples, updatedAt: now.toISOString() }), {
      httpMetadata: { contentType: 'application/json' },
      onlyIf: object ? { etagMatches: object.etag } : { etagDoesNotMatch: '*' },
    });
    if (written) return { allowed: true, remaining: limit - used - examples };
  }
  return { allowed: false, used, limit, retryAfterSeconds: 1, reason: 'busy' };
}
