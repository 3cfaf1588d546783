import { beforeAll, describe, expect, it } from 'vitest';
import { checkOperators } from '../../deploy/check-operators.ts';
import * as ort from 'onnxruntime-node';
import { exportOnnx } from '../../onnx/export-onnx.ts';
import { exportQuantizedOnnx } from '../../onnx/quantize/export-quantized-onnx.ts';
import { selectBackend, tf } from '../../tf.ts';
import { measureTextParity } from '../measure-text-parity.ts';
import { buildTransformerModel } from './build-transformer-model.ts';
import { paddedIds } from '../testing/padded-ids.ts';

const TOLERANCE = 1e-4;

beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
});

describe('transformer ONNX export parity with tfjs (onnxruntime-node)', () => {
  for (const [blocks, opset] of [[1, 13], [1, 17], [2, 17]] as const) {
    it(`${blocks} block(s), opset ${opset}: 256 padded rows within ${TOLERANCE}`, async () => {
      const model = buildTransformerModel({ vocabularySize: 300, maxLength: 24, classes: 2, size: 16, heads: 2, feedForward: 24, blocks });
      // Random weights everywhere (zero biases and unit layer-norm scales would hide mistakes).
      model.setWeights(model.getWeights().map((w, i) => tf.randomUniform(w.shape, -0.5, 0.5, 'float32', 40 + i)));
      const { maxAbsDiff, exported } = await measureTextParity(model, paddedIds(256, 24, 300, blocks, 1), 256, { opset });
      console.log(`transformer ONNX parity (${blocks} block(s), opset ${opset}): max |Δ| = ${maxAbsDiff.toExponential(2)}`);
      expect(exported.inputShape).toEqual([-1, 24]);
      expect(exported.outputKind).toBe('probabilities');
      expect(maxAbsDiff).toBeLessThanOrEqual(TOLERANCE);
      model.dispose();
    });
  }

  it('uses only operators onnxruntime-web (wasm) runs, LayerNormalization at opset 17 included', async () => {
    const model = buildTransformerModel({ vocabularySize: 50, maxLength: 8, classes: 2, size: 8, heads: 2, feedForward: 8, blocks: 1 });
    const check = await checkOperators(exportOnnx(model, { opset: 17 }).bytes);
    const opTypes = check.operators.map((op) => op.opType);
    expect(opTypes).toContain('LayerNormalization');
    expect(check.ok).toBe(true);
    expect(check.operators.filter((op) => !op.supported)).toEqual([]);
    model.dispose();
  });

  it('weight-only int8 stores the embedding table and every projection as int8, close to float', async () => {
    const model = buildTransformerModel({ vocabularySize: 3000, maxLength: 16, classes: 2, size: 16, heads: 2, feedForward: 24, blocks: 1 });
    model.setWeights(model.getWeights().map((w, i) => tf.randomUniform(w.shape, -0.5, 0.5, 'float32', 70 + i)));
    const float = exportOnnx(model, { opset: 17 });
    const int8 = await exportQuantizedOnnx(model, { mode: 'weights', opset: 17 });
    // The table is most of the bytes, as in a real vocabulary: int8 with per-row scales keeps about 36%.
    expect(int8.bytes.length).toBeLessThan(float.bytes.length * 0.4);
    const ids = paddedIds(64, 16, 3000, 5, 1);
    const run = async (bytes: Uint8Array): Promise<Float32Array> => {
      const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
      try {
        return (await session.run({ input: new ort.Tensor('float32', ids, [64, 16]) })).probabilities!.data as Float32Array;
      } finally {
        await session.release();
      }
    };
    const [a, b] = [await run(float.bytes), await run(int8.bytes)];
    const maxAbsDiff = a.reduce((max, value, i) => Math.max(max, Math.abs(value - b[i]!)), 0);
    console.log(`transformer int8 (weights) vs float: max |Δp| = ${maxAbsDiff.toExponential(2)}, ${int8.bytes.length} vs ${float.bytes.length} bytes`);
    expect(maxAbsDiff).toBeLessThan(0.05);
    expect(maxAbsDiff).toBeGreaterThan(0);
    model.dispose();
  });
});
