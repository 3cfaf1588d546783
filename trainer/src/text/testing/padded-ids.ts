import { createRandom } from '../../data/shuffled-indices.ts';

/**
 * Test support: `rows` rows of random token ids in [1, vocabulary) followed by padding (id 0), with
 * lengths from 1 to `length`; the first `emptyRows` rows are padding only.
 */
export function paddedIds(rows: number, length: number, vocabulary: number, seed: number, emptyRows = 0): Float32Array {
  const random = createRandom(seed);
  const ids = new Float32Array(rows * length);
  for (let r = emptyRows; r < rows; r++) {
    const tokens = 1 + Math.floor(random() * length);
    for (let t = 0; t < tokens; t++) ids[r * length + t] = 1 + Math.floor(random() * (vocabulary - 1));
  }
  return ids;
}
