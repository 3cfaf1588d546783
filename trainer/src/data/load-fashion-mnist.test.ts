import { describe, expect, it } from 'vitest';
import { FASHION_MNIST_PREPROCESSING, loadFashionMnist } from './load-fashion-mnist.ts';

describe('loadFashionMnist', () => {
  it('reads the package\'s 70,000 clothes: 6,000 a class to split by seed, 1,000 a class as test, interleaved so a limit stays balanced', async () => {
    const started = performance.now();
    const data = await loadFashionMnist({ trainLimit: 100, testLimit: 20, validationFraction: 0.01, seed: 3 });
    console.log(`loadFashionMnist: ${(performance.now() - started).toFixed(0)} ms`);
    expect(data.labels).toEqual(['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
    expect(data.preprocessing).toEqual(FASHION_MNIST_PREPROCESSING);
    expect([data.train.count, data.validation.count, data.test.count]).toEqual([100, 600, 20]);
    expect(data.train.imageShape).toEqual([28, 28, 1]);
    expect(Array.from(data.test.labels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Normalised as the manifest says: the black background is (0 − mean) / std.
    expect(Math.min(...data.test.images)).toBeCloseTo(-FASHION_MNIST_PREPROCESSING.mean / FASHION_MNIST_PREPROCESSING.std, 5);
    expect(new Set(data.train.labels).size).toBe(10);
  });
});
