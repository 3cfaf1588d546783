import { describe, expect, it } from 'vitest';
import { selectBackend, tf } from '../tf.ts';
import { setNativeKernelsEnabled } from './native/register-native-kernels.ts';

type Shape4 = [number, number, number, number];

/**
 * Runs `compute` on wasm (with the native kernels when they loaded here, and again on the wasm
 * kernels alone) and on the cpu backend's reference kernels; returns the max |Δ| of either wasm run.
 */
async function diffAgainstCpu(compute: () => Float32Array | Int32Array | Uint8Array): Promise<number> {
  const sel = await selectBackend({ backend: 'wasm' });
  expect(sel.name).toBe('wasm');
  const onWasm = compute();
  setNativeKernelsEnabled(false);
  let onWasmAlone: ReturnType<typeof compute>;
  try {
    onWasmAlone = compute();
  } finally {
    setNativeKernelsEnabled(true);
  }
  await tf.setBackend('cpu');
  const onCpu = compute();
  await tf.setBackend('wasm');
  expect(onWasm.length).toBe(onCpu.length);
  expect(onWasmAlone.length).toBe(onCpu.length);
  let max = 0;
  for (let i = 0; i < onCpu.length; i++) max = Math.max(max, Math.abs(onCpu[i]! - onWasm[i]!), Math.abs(onCpu[i]! - onWasmAlone[i]!));
  return max;
}

const random = (shape: number[], seed: number) => tf.tidy(() => tf.randomNormal(shape, 0, 1, 'float32', seed).dataSync());

const convCases = [
  { x: [2, 8, 8, 3], f: [3, 3, 3, 4], strides: 1, pad: 'valid' },
  { x: [2, 9, 7, 2], f: [3, 2, 2, 5], strides: 2, pad: 'valid' },
  { x: [3, 8, 8, 2], f: [3, 3, 2, 3], strides: 1, pad: 'same' },
  { x: [2, 9, 9, 2], f: [3, 3, 2, 4], strides: 2, pad: 'same' },
  { x: [1, 10, 11, 1], f: [5, 4, 1, 2], strides: [2, 3], pad: 'same' },
  { x: [2, 12, 12, 3], f: [4, 4, 3, 2], strides: 1, pad: 'same' },
  { x: [4, 28, 28, 1], f: [5, 5, 1, 8], strides: 1, pad: 'valid' },
  // Sizes off the native GEMM's blocks: 37 output channels (tiles of 32), 3·3·40 = 360 patch
  // columns (K blocks of 256), 3·11·13 pixels (rows not a multiple of the 12-row tile).
  { x: [3, 11, 13, 40], f: [3, 3, 40, 37], strides: 1, pad: 'same' },
  { x: [3, 12, 10, 5], f: [3, 3, 5, 33], strides: 2, pad: 'same' },
  { x: [2, 7, 7, 6], f: [1, 1, 6, 70], strides: 1, pad: 'valid' },
  { x: [2, 9, 8, 3], f: [2, 3, 3, 4], strides: [3, 2], pad: 'valid' },
] as const;

describe('conv2d gradients on wasm', () => {
  it.each(convCases)('match cpu for x=$x f=$f strides=$strides pad=$pad', async (c) => {
    const xShape = [...c.x] as Shape4;
    const fShape = [...c.f] as Shape4;
    const strides = (typeof c.strides === 'number' ? c.strides : [...c.strides]) as number | [number, number];
    const xData = random(xShape, 7);
    const fData = random(fShape, 9);
    await selectBackend({ backend: 'wasm' });
    const outShape = tf.tidy(() => tf.conv2d(tf.zeros(xShape) as tf.Tensor4D, tf.zeros(fShape) as tf.Tensor4D, strides, c.pad).shape);
    const dyData = random(outShape, 11);
    // Both gradients through tf.grads, as training reaches the kernels.
    const gradients = () =>
      tf.tidy(() => {
        const [dx, df] = tf.grads((x: tf.Tensor, f: tf.Tensor) =>
          tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, strides, c.pad), tf.tensor(dyData, outShape))),
        )([tf.tensor(xData, xShape), tf.tensor(fData, fShape)]);
        return tf.concat([dx!.flatten(), df!.flatten()]).dataSync() as Float32Array;
      });
    expect(await diffAgainstCpu(gradients)).toBeLessThan(1e-3);
  });
});

const poolCases = [
  { x: [2, 24, 24, 4], size: 2, strides: 2, pad: 'valid' },
  { x: [2, 9, 9, 3], size: 3, strides: 2, pad: 'same' },
  { x: [1, 7, 6, 2], size: 2, strides: 1, pad: 'valid' },
  { x: [3, 8, 8, 2], size: [3, 2], strides: [2, 1], pad: 'same' },
  // The 2×2 stride-2 fast path: odd sizes, where 'valid' drops the last row and 'same' pads it.
  { x: [2, 9, 7, 3], size: 2, strides: 2, pad: 'valid' },
  { x: [2, 9, 7, 3], size: 2, strides: 2, pad: 'same' },
  { x: [4, 24, 24, 16], size: 2, strides: 2, pad: 'valid' },
] as const;

describe('max-pool gradient on wasm', () => {
  it.each(poolCases)('matches cpu for x=$x size=$size strides=$strides pad=$pad', async (c) => {
    const xShape = [...c.x] as Shape4;
    const size = (typeof c.size === 'number' ? c.size : [...c.size]) as number | [number, number];
    const strides = (typeof c.strides === 'number' ? c.strides : [...c.strides]) as number | [number, number];
    // Quantised values make ties, where the gradient must go to the first maximum only.
    const xData = random(xShape, 5).map((v) => Math.round(v * 2) / 2);
    const gradient = () =>
      tf.tidy(() => {
        const grad = tf.grad((x: tf.Tensor) => {
          const y = tf.maxPool(x as tf.Tensor4D, size, strides, c.pad);
          return tf.sum(tf.mul(y, tf.range(1, y.size + 1).reshape(y.shape)));
        });
        return grad(tf.tensor(xData, xShape)).dataSync() as Float32Array;
      });
    expect(await diffAgainstCpu(gradient)).toBeLessThan(1e-4);
  });
});

const matMulCases = [
  { a: [5, 7], b: [7, 3], transposeA: false, transposeB: false },
  { a: [7, 5], b: [7, 3], transposeA: true, transposeB: false },
  { a: [5, 7], b: [3, 7], transposeA: false, transposeB: true },
  { a: [2, 7, 5], b: [2, 3, 7], transposeA: true, transposeB: true },
  // Batch broadcasting: one b for every a.
  { a: [3, 6, 4], b: [1, 6, 9], transposeA: true, transposeB: false },
  { a: [64, 300], b: [64, 33], transposeA: true, transposeB: false },
  // Past one packed panel of B (1,024 columns) and one K block (256), several batches.
  { a: [3, 13, 300], b: [3, 300, 1030], transposeA: false, transposeB: false },
  { a: [2, 300, 13], b: [1030, 300], transposeA: true, transposeB: true },
] as const;

describe('batch matmul on wasm', () => {
  it.each(matMulCases)('matches cpu for a=$a b=$b transposeA=$transposeA transposeB=$transposeB', async (c) => {
    const aData = random([...c.a], 3);
    const bData = random([...c.b], 4);
    const product = () =>
      tf.tidy(() => tf.matMul(tf.tensor(aData, [...c.a]), tf.tensor(bData, [...c.b]), c.transposeA, c.transposeB).dataSync() as Float32Array);
    expect(await diffAgainstCpu(product)).toBeLessThan(1e-3);
  });

  it('gives a dense layer the gradients cpu gives', async () => {
    const xData = random([16, 40], 1);
    const wData = random([40, 12], 2);
    const gradients = () =>
      tf.tidy(() => {
        const [dx, dw] = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.square(tf.relu(tf.matMul(x, w)))))([
          tf.tensor(xData, [16, 40]),
          tf.tensor(wData, [40, 12]),
        ]);
        return tf.concat([dx!.flatten(), dw!.flatten()]).dataSync() as Float32Array;
      });
    expect(await diffAgainstCpu(gradients)).toBeLessThan(1e-3);
  });
});

describe('fused conv2d forward on wasm', () => {
  it.each([
    { x: [3, 11, 13, 40], f: [3, 3, 40, 37], strides: 1, pad: 'same', activation: 'relu' },
    { x: [2, 9, 9, 2], f: [3, 3, 2, 4], strides: 2, pad: 'valid', activation: 'linear' },
    { x: [2, 8, 8, 3], f: [3, 3, 3, 5], strides: 1, pad: 'valid', activation: 'elu' },
  ] as const)('matches cpu for x=$x f=$f strides=$strides pad=$pad activation=$activation', async (c) => {
    const xShape = [...c.x] as Shape4;
    const fShape = [...c.f] as Shape4;
    const xData = random(xShape, 21);
    const fData = random(fShape, 22);
    const biasData = random([c.f[3]], 23);
    const forward = () =>
      tf.tidy(() =>
        tf.fused
          .conv2d({
            x: tf.tensor(xData, xShape) as tf.Tensor4D,
            filter: tf.tensor(fData, fShape) as tf.Tensor4D,
            bias: tf.tensor(biasData, [c.f[3]]),
            strides: c.strides,
            pad: c.pad,
            activation: c.activation,
          })
          .dataSync() as Float32Array,
      );
    expect(await diffAgainstCpu(forward)).toBeLessThan(1e-3);
  });
});

describe('sum on wasm', () => {
  it.each([
    { shape: [64, 12, 12, 37], axis: [0, 1, 2], keepDims: false },
    { shape: [5, 7, 300], axis: [2], keepDims: true },
    { shape: [3, 1000], axis: [0, 1], keepDims: false },
    // Middle axes (a mean over a text's positions), and axes not adjacent (the wasm kernel's case).
    { shape: [4, 6, 5], axis: [1], keepDims: false },
    { shape: [3, 4, 6, 5], axis: [1, 2], keepDims: true },
    { shape: [4, 6, 5], axis: [0, 2], keepDims: false },
  ] as const)('matches cpu for shape=$shape axis=$axis keepDims=$keepDims, as a sum and a mean', async (c) => {
    const data = random([...c.shape], 31);
    const summed = () => tf.tidy(() => {
      const x = tf.tensor(data, [...c.shape]);
      const [s, mean] = [tf.sum(x, [...c.axis], c.keepDims), tf.mean(x, [...c.axis], c.keepDims)];
      expect(mean.shape).toEqual(s.shape);
      return tf.concat([tf.tensor1d(s.shape), s.flatten(), mean.flatten()]).dataSync() as Float32Array;
    });
    expect(await diffAgainstCpu(summed)).toBeLessThan(1e-3);
  });
});

describe('unsorted segment sum on wasm (embedding gradient)', () => {
  it('matches cpu, dropping ids outside the segments', async () => {
    const rows = 50;
    const data = random([rows, 7], 41);
    const ids = Int32Array.from({ length: rows }, (_, i) => ((i * 7919) % 23) - 1);
    const summed = () => tf.tidy(() => tf.unsortedSegmentSum(tf.tensor2d(data, [rows, 7]), tf.tensor1d(ids, 'int32'), 20).dataSync() as Float32Array);
    expect(await diffAgainstCpu(summed)).toBeLessThan(1e-5);
  });

  it('trains an embedding on wasm: the gathered rows, and only they, move', async () => {
    await selectBackend({ backend: 'wasm' });
    const table = tf.variable(tf.ones([6, 3]));
    const ids = tf.tensor1d([1, 4, 1], 'int32');
    const grads = tf.variableGrads(() => tf.sum(tf.gather(table, ids)), [table]);
    const g = grads.grads[table.name]!.arraySync() as number[][];
    expect(g).toEqual([[0, 0, 0], [2, 2, 2], [0, 0, 0], [0, 0, 0], [1, 1, 1], [0, 0, 0]]);
    tf.dispose([table, ids, grads.value, ...Object.values(grads.grads)]);
  });
});

describe('gather on wasm (embedding lookup)', () => {
  it.each([
    { table: [30, 8], ids: [4, 7], axis: 0 },
    { table: [30, 2, 3], ids: [11], axis: 0 },
    { table: [30], ids: [2, 5], axis: 0 },
    // Not rows of a table: the builtin kernel.
    { table: [6, 30], ids: [9], axis: 1 },
  ])('matches cpu for table=$table ids=$ids axis=$axis', async (c) => {
    const data = random(c.table, 43);
    const size = c.table[c.axis]!;
    const ids = Int32Array.from({ length: c.ids.reduce((a, b) => a * b, 1) }, (_, i) => (i * 7919) % size);
    const gathered = () => tf.tidy(() => tf.gather(tf.tensor(data, c.table), tf.tensor(ids, c.ids, 'int32'), c.axis).dataSync() as Float32Array);
    expect(await diffAgainstCpu(gathered)).toBe(0);
  });

  it('refuses an id outside the table, as cpu does', async () => {
    await selectBackend({ backend: 'wasm' });
    const before = tf.memory().numTensors;
    expect(() => tf.tidy(() => tf.gather(tf.ones([4, 2]), tf.tensor1d([1, 4], 'int32')))).toThrow(/index value 4 is not in \[0, 3\]/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('identity on wasm', () => {
  it('shares the buffer: a clone allocates nothing, outlives its source, and the buffer goes with the last', async () => {
    await selectBackend({ backend: 'wasm' });
    const buffers = () => tf.backend().numDataIds();
    const source = tf.tensor([1.5, -2, 3], [3]);
    const before = buffers();
    const clone = tf.clone(source);
    expect(buffers()).toBe(before);
    source.dispose();
    expect(buffers()).toBe(before);
    expect(Array.from(clone.dataSync())).toEqual([1.5, -2, 3]);
    clone.dispose();
    expect(buffers()).toBe(before - 1);
  });
});

describe('transpose on wasm', () => {
  it('shares the buffer for the identity permutation and matches cpu for the others', async () => {
    await selectBackend({ backend: 'wasm' });
    const source = tf.tensor(random([4, 3, 5], 47), [4, 3, 5]);
    const buffers = tf.backend().numDataIds();
    const same = tf.transpose(source, [0, 1, 2]);
    expect(tf.backend().numDataIds()).toBe(buffers);
    expect(Array.from(same.dataSync())).toEqual(Array.from(source.dataSync()));
    tf.dispose([source, same]);
    const data = random([4, 3, 5], 53);
    const permuted = () => tf.tidy(() => tf.concat([[2, 0, 1], [1, 0, 2], [0, 2, 1]].map((perm) => tf.transpose(tf.tensor(data, [4, 3, 5]), perm).flatten())).dataSync() as Float32Array);
    expect(await diffAgainstCpu(permuted)).toBe(0);
  });
});
