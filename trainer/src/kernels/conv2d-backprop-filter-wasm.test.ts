import { describe, expect, it } from 'vitest';
import { selectBackend, tf } from '../tf.ts';

/** Each case is checked against the cpu backend's reference kernel on the same random data. */
const cases = [
  { x: [2, 8, 8, 3], f: [3, 3, 3, 4], strides: 1, pad: 'valid' },
  { x: [2, 9, 7, 2], f: [3, 2, 2, 5], strides: 2, pad: 'valid' },
  { x: [3, 8, 8, 2], f: [3, 3, 2, 3], strides: 1, pad: 'same' },
  { x: [2, 9, 9, 2], f: [3, 3, 2, 4], strides: 2, pad: 'same' },
  { x: [1, 10, 11, 1], f: [5, 4, 1, 2], strides: [2, 3], pad: 'same' },
  { x: [4, 28, 28, 1], f: [3, 3, 1, 8], strides: 1, pad: 'valid' },
] as const;

describe('Conv2DBackpropFilter on wasm', () => {
  it.each(cases)('matches cpu for x=$x f=$f strides=$strides pad=$pad', async (c) => {
    const sel = await selectBackend({ backend: 'wasm' });
    expect(sel.name).toBe('wasm');
    const xShape = [...c.x] as [number, number, number, number];
    const fShape = [...c.f] as [number, number, number, number];
    const strides = (typeof c.strides === 'number' ? c.strides : [...c.strides]) as number | [number, number];
    const xData = tf.randomNormal(xShape, 0, 1, 'float32', 7).dataSync();
    const outShape = tf.conv2d(tf.zeros(xShape) as tf.Tensor4D, tf.zeros(fShape) as tf.Tensor4D, strides, c.pad).shape;
    const dyData = tf.randomNormal(outShape, 0, 1, 'float32', 11).dataSync();

    const grad = () =>
      tf.tidy(() =>
        // Through tf.grad, as training reaches the kernel.
        tf
          .grad((f: tf.Tensor) =>
            tf.sum(tf.mul(tf.conv2d(tf.tensor4d(xData, xShape), f as tf.Tensor4D, strides, c.pad), tf.tensor(dyData, outShape))),
          )(tf.zeros(fShape))
          .dataSync(),
      );
    const onWasm = grad();
    await tf.setBackend('cpu');
    const onCpu = grad();
    await tf.setBackend('wasm');

    let maxDiff = 0;
    for (let i = 0; i < onCpu.length; i++) maxDiff = Math.max(maxDiff, Math.abs(onCpu[i]! - onWasm[i]!));
    expect(onWasm.length).toBe(onCpu.length);
    expect(maxDiff).toBeLessThan(1e-3);
  });
});
