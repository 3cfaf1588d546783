import { describe, expect, it } from 'vitest';
import { MicroBatcher } from './micro-batcher.ts';

/** A real batch computation: each sample of 2 values → [sum, product]; records the batch sizes it ran. */
function sumAndProduct() {
  const batches: number[] = [];
  const key = {};
  const batcher = new MicroBatcher<object>(async (_key, data, dims) => {
    batches.push(dims[0]!);
    const output = new Float32Array(dims[0]! * 2);
    for (let i = 0; i < dims[0]!; i++) output.set([data[2 * i]! + data[2 * i + 1]!, data[2 * i]! * data[2 * i + 1]!], 2 * i);
    return output;
  });
  return { batches, key, batcher };
}

describe('MicroBatcher', () => {
  it('runs concurrent requests as one batch and gives each its own outputs', async () => {
    const { batches, key, batcher } = sumAndProduct();
    const answers = await Promise.all([
      batcher.run(key, Float32Array.of(1, 2), [1, 2], { waitMs: 5, maxBatch: 64 }),
      batcher.run(key, Float32Array.of(3, 4, 5, 6), [2, 2], { waitMs: 5, maxBatch: 64 }),
      batcher.run(key, Float32Array.of(7, 8), [1, 2], { waitMs: 5, maxBatch: 64 }),
    ]);
    expect(batches).toEqual([4]);
    expect(answers.map((answer) => Array.from(answer))).toEqual([[3, 2], [7, 12, 11, 30], [15, 56]]);
  });

  it('never exceeds maxBatch, and runs at once with waitMs 0', async () => {
    const { batches, key, batcher } = sumAndProduct();
    await Promise.all(Array.from({ length: 5 }, (_, i) => batcher.run(key, Float32Array.of(i, 1), [1, 2], { waitMs: 1000, maxBatch: 2 })));
    expect(batches).toEqual([2, 2, 1]);
    const off = sumAndProduct();
    await Promise.all([off.batcher.run(off.key, Float32Array.of(1, 1), [1, 2], { waitMs: 0, maxBatch: 64 }), off.batcher.run(off.key, Float32Array.of(1, 1), [1, 2], { waitMs: 0, maxBatch: 64 })]);
    expect(off.batches).toEqual([1, 1]);
  });

  it('passes a failed batch on to each of its requests', async () => {
    const batcher = new MicroBatcher<object>(async () => {
      throw new Error('session failed');
    });
    const key = {};
    const results = await Promise.allSettled([batcher.run(key, Float32Array.of(1), [1, 1], { waitMs: 1, maxBatch: 8 }), batcher.run(key, Float32Array.of(2), [1, 1], { waitMs: 1, maxBatch: 8 })]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });
});
