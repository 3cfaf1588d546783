import { beforeAll, describe, expect, it } from 'vitest';
import { TrainerError } from '../errors.ts';
import { buildMnistNet } from '../models/build-mnist-net.ts';
import { selectBackend, tf, type LayersModel } from '../tf.ts';
import { exportOnnx } from './export-onnx.ts';

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

function exportError(model: LayersModel, options?: Parameters<typeof exportOnnx>[1]): TrainerError {
  try {
    exportOnnx(model, options);
  } catch (error) {
    expect(error).toBeInstanceOf(TrainerError);
    return error as TrainerError;
  } finally {
    model.dispose();
  }
  throw new Error('exportOnnx did not throw');
}

describe('exportOnnx rejects what it cannot translate', () => {
  it('names an unsupported layer and its class, and lists the supported ones', () => {
    // LSTM is supported since the text models; GRU is not.
    const model = tf.sequential({ layers: [tf.layers.gru({ inputShape: [5, 3], units: 4, name: 'gru_1' }), tf.layers.dense({ units: 2 })] });
    const error = exportError(model);
    expect(error.code).toBe('unsupported_layer');
    expect(error.message).toContain('layer "gru_1" (GRU) is not supported by the ONNX exporter; supported:');
    expect(error.message).toContain('Conv2D');
    expect(error.details).toEqual({ layer: 'gru_1', className: 'GRU' });
  });

  it('rejects a channelsFirst Conv2D', () => {
    const model = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [1, 8, 8], filters: 2, kernelSize: 3, dataFormat: 'channelsFirst', name: 'conv_cf' })] });
    const error = exportError(model);
    expect(error.code).toBe('unsupported_layer');
    expect(error.message).toMatch(/^layer "conv_cf" \(Conv2D\) has dataFormat "channelsFirst"/);
  });

  it('rejects an unsupported activation', () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2, activation: 'gelu', name: 'fc_gelu' })] });
    const error = exportError(model);
    expect(error.code).toBe('unsupported_layer');
    expect(error.message).toContain('layer "fc_gelu" (Dense) has activation "gelu"');
  });

  it('rejects Dense on a rank-3 input', () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3, 4], units: 2, name: 'fc_3d' })] });
    const error = exportError(model);
    expect(error.code).toBe('unsupported_layer');
    expect(error.message).toContain('layer "fc_3d" (Dense) gets a rank-3 input');
  });

  it('rejects merges (not a single-input chain)', () => {
    const input = tf.input({ shape: [4] });
    const a = tf.layers.dense({ units: 3, name: 'a' }).apply(input) as tf.SymbolicTensor;
    const b = tf.layers.dense({ units: 3, name: 'b' }).apply(input) as tf.SymbolicTensor;
    const sum = tf.layers.add({ name: 'sum' }).apply([a, b]) as tf.SymbolicTensor;
    const error = exportError(tf.model({ inputs: input, outputs: sum }));
    expect(error.code).toBe('unsupported_layer');
    expect(error.message).toContain('layer "sum" (Add)');
  });

  it('rejects opsets it was not written for', () => {
    const error = exportError(buildMnistNet([8, 8, 1], 2), { opset: 12 });
    expect(error.code).toBe('invalid_argument');
    expect(error.message).toContain('opset 12');
  });
});
