import { describe, expect, it } from 'vitest';
import { pngHeaderBytes } from './testdata/png-header-bytes.ts';
import { gateHeavyDecode, HEAVY_DECODE_PIXELS } from './heavy-decode-gate.ts';

/** Blocks the thread as a synchronous decode does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('gateHeavyDecode', () => {
  it('lets a light request that arrived during a heavy decode run before the next heavy one', async () => {
    const heavy = { kind: 'images' as const, images: [pngHeaderBytes(1024, 1024)] };
    const light = { kind: 'images' as const, images: [pngHeaderBytes(28, 28)] };
    const order: string[] = [];
    const first = gateHeavyDecode(heavy, () => {
      busy(20);
      order.push('heavy 1');
      // Arrives while the first heavy decode holds the thread, as a request's I/O callback would.
      setTimeout(() => void gateHeavyDecode(light, () => order.push('light')), 0);
    });
    const second = gateHeavyDecode(heavy, () => order.push('heavy 2'));
    await Promise.all([first, second]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(order).toEqual(['heavy 1', 'light', 'heavy 2']);
  });

  it('runs heavy decodes one at a time, even when one throws', async () => {
    const heavy = { kind: 'images' as const, images: [pngHeaderBytes(1024, 1024)] };
    let running = 0;
    let most = 0;
    const run = (fail: boolean) =>
      gateHeavyDecode(heavy, () => {
        running++;
        most = Math.max(most, running);
        busy(2);
        running--;
        if (fail) throw new Error('corrupt');
      });
    const results = await Promise.allSettled([run(false), run(true), run(false)]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(most).toBe(1);
  });

  it('does not gate JSON pixels or images under the threshold', async () => {
    expect(512 * 512).toBe(HEAVY_DECODE_PIXELS);
    const calls: string[] = [];
    const pending = gateHeavyDecode({ kind: 'images', images: [pngHeaderBytes(1024, 1024)] }, () => calls.push('heavy'));
    // Light work runs synchronously within the call, before the heavy one's macrotask turn.
    void gateHeavyDecode({ kind: 'pixels', instances: [[0]], scale: 255 }, () => calls.push('pixels'));
    void gateHeavyDecode({ kind: 'images', images: [pngHeaderBytes(511, 511)] }, () => calls.push('light'));
    await pending;
    expect(calls).toEqual(['pixels', 'light', 'heavy']);
  });
});
