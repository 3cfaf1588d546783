import { feedbackBatchKey } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { memoryBucket } from '../feedback/testdata/memory-bucket.ts';
import { readRecentFeedback } from './read-recent-feedback.ts';

const NOW = new Date('2026-05-10T08:00:00Z');

function batch(receivedAt: string, label: string): string {
  return JSON.stringify({ schemaVersion: 1, model: 'm', receivedAt, examples: [{ pixels: [0], scale: 255, label }] });
}

describe('readRecentFeedback', () => {
  it('reads only the recent days, newest batches first within the limit, skipping the old flat layout', async () => {
    const { bucket, objects } = memoryBucket();
    const put = (at: string, label: string) => objects.set(feedbackBatchKey('m', at, label), { text: batch(at, label), etag: label });
    put('2026-05-10T07:00:00.000Z', 'today-2');
    put('2026-05-10T01:00:00.000Z', 'today-1');
    put('2026-05-09T23:00:00.000Z', 'yesterday');
    put('2026-05-01T12:00:00.000Z', 'too-old');
    objects.set('feedback/m/20260510T060000000Z-flat.json', { text: batch('2026-05-10T06:00:00.000Z', 'flat'), etag: 'f' });
    objects.set('feedback/m/2026-05-10/broken.json', { text: '{', etag: 'b' });

    const labels = async (options: { maxBatches: number; days: number }) => (await readRecentFeedback(bucket, 'm', { ...options, now: NOW })).map((e) => e.label);
    expect(await labels({ maxBatches: 50, days: 7 })).toEqual(['yesterday', 'today-1', 'today-2']);
    expect(await labels({ maxBatches: 2, days: 7 })).toEqual(['today-2']);
    expect(await labels({ maxBatches: 3, days: 7 })).toEqual(['today-1', 'today-2']);
    expect(await labels({ maxBatches: 50, days: 1 })).toEqual(['today-1', 'today-2']);
    expect(await labels({ maxBatches: 50, days: 30 })).toEqual(['too-old', 'yesterday', 'today-1', 'today-2']);
  });
});
