import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { TrainerError } from '../errors.ts';
import { selectBackend, tf, wasmThreadCount } from '../tf.ts';

/** Emscripten's pthread bookkeeping on the wasm module (not in tfjs's types). */
interface WasmModuleThreads {
  PThread?: { runningWorkers: unknown[] };
}

describe('wasm backend with XNNPACK threads', () => {
  const before = process.env.EDGEML_WASM_THREADS;
  afterAll(() => {
    if (before === undefined) delete process.env.EDGEML_WASM_THREADS;
    else process.env.EDGEML_WASM_THREADS = before;
  });

  it('parses EDGEML_WASM_THREADS', () => {
    expect(wasmThreadCount({})).toBe(1);
    expect(wasmThreadCount({ EDGEML_WASM_THREADS: '3' })).toBe(3);
    expect(() => wasmThreadCount({ EDGEML_WASM_THREADS: '0' })).toThrow(TrainerError);
    expect(() => wasmThreadCount({ EDGEML_WASM_THREADS: 'two' })).toThrow(TrainerError);
  });

  it('starts a pthread worker, restores the patched globals and computes what cpu does', async () => {
    process.env.EDGEML_WASM_THREADS = '2';
    const cpusBefore = os.cpus().length;
    const selection = await selectBackend({ backend: 'wasm' });
    expect(selection.name).toBe('wasm');
    // One worker besides the main thread, which XNNPACK's pool also computes on.
    const module = (tf.backend() as unknown as { wasm: WasmModuleThreads }).wasm;
    expect(module.PThread?.runningWorkers.length).toBe(1);
    expect(os.cpus().length).toBe(cpusBefore);
    expect(URL.createObjectURL(new Blob(['x']))).toMatch(/^blob:/);

    const x = tf.randomNormal([8, 20, 20, 8], 0, 1, 'float32', 3);
    const f = tf.randomNormal([3, 3, 8, 16], 0, 1, 'float32', 4);
    const [xData, fData] = [x.dataSync().slice(), f.dataSync().slice()];
    const gradients = () =>
      tf.tidy(() => {
        const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'))))([
          tf.tensor(xData, x.shape),
          tf.tensor(fData, f.shape),
        ]);
        return tf.concat([dx!.flatten(), df!.flatten()]).dataSync().slice();
      });
    const onWasm = gradients();
    await tf.setBackend('cpu');
    const onCpu = gradients();
    await tf.setBackend('wasm');
    let max = 0;
    for (let i = 0; i < onCpu.length; i++) max = Math.max(max, Math.abs(onCpu[i]! - onWasm[i]!) / (1 + Math.abs(onCpu[i]!)));
    expect(max).toBeLessThan(1e-3);
  });
});
