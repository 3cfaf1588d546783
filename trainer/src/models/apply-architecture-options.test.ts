import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, tf } from '../tf.ts';
import { applyArchitectureOptions } from './apply-architecture-options.ts';
import { buildModel } from './build-model.ts';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
});

const layerSummary = (model: tf.LayersModel) => model.layers.map((layer) => `${layer.getClassName()}:${layer.name}`);

describe('applyArchitectureOptions', () => {
  it('returns the model itself when no option is set', async () => {
    const model = buildModel('small-cnn', [28, 28, 1], 10);
    expect(await applyArchitectureOptions(model, {})).toBe(model);
    model.dispose();
  });

  it('puts batch norm before the activation of every hidden conv/dense layer, not the classifier', async () => {
    const model = await applyArchitectureOptions(buildModel('small-cnn', [28, 28, 1], 10), { batchNorm: true });
    expect(layerSummary(model)).toEqual([
      'Conv2D:conv1', 'BatchNormalization:conv1_bn', 'Activation:conv1_relu', 'MaxPooling2D:pool1',
      'Conv2D:conv2', 'BatchNormalization:conv2_bn', 'Activation:conv2_relu', 'MaxPooling2D:pool2',
      'Flatten:flatten', 'Dropout:dropout', 'Dense:logits',
    ]);
    expect((model.getLayer('conv1').getConfig() as { activation: string }).activation).toBe('linear');
    expect((model.getLayer('logits').getConfig() as { activation: string }).activation).toBe('softmax');
    expect(model.outputs[0]!.shape).toEqual([null, 10]);
    model.dispose();
  });

  it('sets the rate of every dropout layer', async () => {
    const model = await applyArchitectureOptions(buildModel('mnist-net', [28, 28, 1], 10), { dropout: 0.1 });
    const rates = model.layers.filter((layer) => layer.getClassName() === 'Dropout').map((layer) => (layer.getConfig() as { rate: number }).rate);
    expect(rates).toEqual([0.1, 0.1]);
    model.dispose();
  });

  it('seeds the initialisers: the same seed gives the same weights, another seed others', async () => {
    const weights = async (seed: number) => {
      const model = await applyArchitectureOptions(buildModel('small-cnn', [28, 28, 1], 10), { seed });
      const values = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return values;
    };
    const first = await weights(7);
    expect(await weights(7)).toEqual(first);
    expect((await weights(8))[0]).not.toEqual(first[0]);
    // Layers do not share a seed: conv2's kernel is not a copy of a slice of conv1's draw.
    expect(first[2]!.slice(0, 10)).not.toEqual(first[0]!.slice(0, 10));
  });

  it('batch norm normalises with batch statistics in training and its moving averages in inference', async () => {
    const model = await applyArchitectureOptions(buildModel('small-cnn', [28, 28, 1], 10), { batchNorm: true });
    const bn = model.getLayer('conv1_bn');
    const x = tf.randomNormal([8, 28, 28, 1], 3, 2);
    const before = bn.getWeights().map((w) => w.dataSync().slice());
    const training = model.apply(x, { training: true }) as tf.Tensor;
    const after = bn.getWeights().map((w) => w.dataSync().slice());
    // gamma, beta unchanged; the moving mean and variance moved towards the batch's.
    expect(Array.from(after[0]!)).toEqual(Array.from(before[0]!));
    expect(Array.from(after[2]!)).not.toEqual(Array.from(before[2]!));
    const inference = model.predict(x) as tf.Tensor;
    expect(Array.from(inference.dataSync())).not.toEqual(Array.from(training.dataSync()));
    tf.dispose([x, training, inference]);
    model.dispose();
  });
});
