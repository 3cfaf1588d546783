import { describe, expect, it } from 'vitest';
import { TrainerError } from './errors.ts';
import { parseBackendName, selectBackend, tf } from './tf.ts';

describe('selectBackend', () => {
  it('falls back past the native backends that are not installed and reports why', async () => {
    const selection = await selectBackend();
    expect(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).toContain(selection.name);
    expect(tf.getBackend()).toBe(selection.tfBackend);
    // Every backend tried before the chosen one is listed with a reason.
    const order = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];
    if (selection.requested === 'auto') {
      expect(selection.skipped.map((s) => s.name)).toEqual(order.slice(0, order.indexOf(selection.name)));
      for (const s of selection.skipped) expect(s.reason.length).toBeGreaterThan(0);
    }
  });

  it('rejects unknown backend names', () => {
    expect(() => parseBackendName('tpu')).toThrow(TrainerError);
    expect(parseBackendName('wasm')).toBe('wasm');
  });
});
