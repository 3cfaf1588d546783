import { beforeAll, describe, expect, it } from 'vitest';
import { buildMnistNet } from '../models/build-mnist-net.ts';
import { selectBackend, tf, type LayersModel } from '../tf.ts';
import { measureOnnxParity, randomizeBiasesAndStatistics } from './testing/measure-onnx-parity.ts';

const TOLERANCE = 1e-4;
type DenseActivation = NonNullable<Parameters<typeof tf.layers.dense>[0]['activation']>;

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

async function expectParity(model: LayersModel, expectedKind: 'probabilities' | 'logits'): Promise<number> {
  randomizeBiasesAndStatistics(model);
  const parity = await measureOnnxParity(model, { batch: 5 });
  console.log(`ONNX parity ${model.name}: max |Δ| = ${parity.maxAbsDiff.toExponential(2)}`);
  expect(parity.exported.outputKind).toBe(expectedKind);
  expect(parity.exported.outputName).toBe(expectedKind);
  expect([...parity.outputDims]).toEqual(parity.tfjsShape);
  expect(parity.maxAbsDiff).toBeLessThanOrEqual(TOLERANCE);
  model.dispose();
  return parity.maxAbsDiff;
}

describe('exportOnnx parity with tfjs (onnxruntime-node, optimisations on)', () => {
  it("matches the primer's MNISTNet", async () => {
    const model = buildMnistNet();
    const parity = await measureOnnxParity(model, { batch: 4 });
    expect(parity.exported.inputName).toBe('input');
    expect(parity.exported.inputShape).toEqual([-1, 28, 28, 1]);
    model.dispose();
    expect(parity.maxAbsDiff).toBeLessThanOrEqual(TOLERANCE);
    expect(await expectParity(buildMnistNet(), 'probabilities')).toBeLessThanOrEqual(TOLERANCE);
  });

  it("matches convs and pools with 'same' padding on odd sizes, stride 2, dilation, batch norm and leaky relu", async () => {
    const model = tf.sequential({
      name: 'same_padding_net',
      layers: [
        tf.layers.conv2d({ inputShape: [12, 11, 3], filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'conv_s2' }),
        tf.layers.conv2d({ filters: 6, kernelSize: 3, dilationRate: 2, padding: 'same', useBias: false, activation: 'tanh', name: 'conv_dil' }),
        tf.layers.batchNormalization({ name: 'bn_nchw', epsilon: 0.01 }),
        tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'max_same' }),
        tf.layers.conv2d({ filters: 5, kernelSize: [2, 3], strides: [1, 2], padding: 'same', activation: 'elu', name: 'conv_rect' }),
        tf.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'avg_same' }),
        tf.layers.leakyReLU({ alpha: 0.1, name: 'leaky' }),
        tf.layers.flatten({ name: 'flatten' }),
        tf.layers.dense({ units: 7, activation: 'sigmoid', name: 'fc1' }),
        tf.layers.dense({ units: 3, name: 'fc2' }),
      ],
    });
    await expectParity(model, 'logits');
  });

  it('matches a functional chain with valid pooling, global pooling, capped ReLU and a Softmax layer', async () => {
    const input = tf.input({ shape: [12, 10, 2], name: 'pixels' });
    let x = tf.layers.conv2d({ filters: 6, kernelSize: [2, 3], strides: [1, 2], activation: 'sigmoid', name: 'conv_valid' }).apply(input) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ center: false, name: 'bn_no_center' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU({ maxValue: 0.8, name: 'relu_cap' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.averagePooling2d({ poolSize: [2, 2], strides: [1, 1], name: 'avg_valid' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.conv2d({ filters: 4, kernelSize: 1, name: 'conv_1x1' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU({ name: 'relu' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.dense({ units: 4, name: 'fc' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.softmax({ name: 'softmax' }).apply(x) as tf.SymbolicTensor;
    await expectParity(tf.model({ name: 'functional_chain', inputs: input, outputs: x }), 'probabilities');
  });

  it('matches dense-only models with batch norm, the ELU layer, noise layers and a softmax Activation layer', async () => {
    const model = tf.sequential({
      name: 'dense_only',
      layers: [
        tf.layers.dense({ inputShape: [6], units: 8, activation: 'selu', name: 'fc1' }),
        tf.layers.batchNormalization({ scale: false, name: 'bn_no_scale' }),
        tf.layers.dropout({ rate: 0.5, name: 'drop' }),
        tf.layers.gaussianNoise({ stddev: 0.3, name: 'noise' }),
        tf.layers.gaussianDropout({ rate: 0.2, name: 'gauss_drop' }),
        tf.layers.alphaDropout({ rate: 0.2, name: 'alpha_drop' }),
        tf.layers.elu({ name: 'elu' }),
        tf.layers.dense({ units: 4, useBias: false, name: 'fc2' }),
        tf.layers.activation({ activation: 'softmax', name: 'probs' }),
      ],
    });
    await expectParity(model, 'probabilities');
  });

  it('matches global max pooling, batch norm right after the input and a rank-4 softmax output (NHWC at the output)', async () => {
    const trunk = tf.sequential({
      name: 'rank4_out',
      layers: [
        tf.layers.batchNormalization({ inputShape: [6, 5, 3], name: 'bn_input' }),
        tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'softmax', name: 'conv_softmax' }),
      ],
    });
    await expectParity(trunk, 'probabilities');
    const pooled = tf.sequential({
      name: 'global_max',
      layers: [
        tf.layers.conv2d({ inputShape: [7, 7, 2], filters: 3, kernelSize: 3, name: 'conv' }),
        tf.layers.globalMaxPooling2d({ name: 'gmp' }),
        tf.layers.dense({ units: 2, activation: 'linear', name: 'fc' }),
      ],
    });
    await expectParity(pooled, 'logits');
  });

  it("matches 'same' convs on an input of unknown height and width (ONNX auto_pad SAME_UPPER)", async () => {
    const model = tf.sequential({
      name: 'any_size',
      layers: [
        tf.layers.conv2d({ inputShape: [null, null, 2], filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'conv_same' }),
        tf.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'same', name: 'pool_same' }),
        tf.layers.globalAveragePooling2d({ name: 'gap' }),
        tf.layers.dense({ units: 3, name: 'fc' }),
      ],
    });
    randomizeBiasesAndStatistics(model);
    const parity = await measureOnnxParity(model, { batch: 3, unknownSizes: [10, 9] });
    model.dispose();
    expect(parity.exported.inputShape).toEqual([-1, -1, -1, 2]);
    expect(parity.maxAbsDiff).toBeLessThanOrEqual(TOLERANCE);
  });

  it.each(['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh', 'softplus', 'softsign', 'swish', 'mish', 'logSoftmax'])(
    'matches the fused %s activation',
    async (activation) => {
      const model = tf.sequential({
        name: `act_${activation}`,
        // logSoftmax is registered in tfjs-layers but missing from its ActivationIdentifier type.
        layers: [tf.layers.dense({ inputShape: [5], units: 6, activation: activation as DenseActivation, kernelInitializer: 'randomNormal', name: 'fc' })],
      });
      await expectParity(model, 'logits');
    },
  );

  it('writes an Identity when the model passes its input through', async () => {
    const model = tf.sequential({ name: 'passthrough', layers: [tf.layers.dropout({ inputShape: [3], rate: 0.5, name: 'drop' })] });
    const parity = await measureOnnxParity(model, { batch: 2 });
    model.dispose();
    expect(parity.maxAbsDiff).toBe(0);
    expect(parity.exported.outputName).toBe('logits');
  });

  it('honours the input and output names and a later opset', async () => {
    const model = buildMnistNet([12, 12, 1], 3);
    const parity = await measureOnnxParity(model, { batch: 3, exportOptions: { inputName: 'image', outputName: 'scores', opset: 17 } });
    model.dispose();
    expect(parity.exported).toMatchObject({ inputName: 'image', outputName: 'scores', outputKind: 'probabilities', inputShape: [-1, 12, 12, 1] });
    expect(parity.maxAbsDiff).toBeLessThanOrEqual(TOLERANCE);
  });

  it('gives the same outputs with onnxruntime graph optimisations off and on', async () => {
    const model = buildMnistNet([16, 16, 1], 4);
    randomizeBiasesAndStatistics(model);
    const off = await measureOnnxParity(model, { batch: 3, graphOptimizationLevel: 'disabled' });
    const on = await measureOnnxParity(model, { batch: 3, graphOptimizationLevel: 'all' });
    model.dispose();
    expect(off.maxAbsDiff).toBeLessThanOrEqual(TOLERANCE);
    expect(on.maxAbsDiff).toBeLessThanOrEqual(TOLERANCE);
  });
});
