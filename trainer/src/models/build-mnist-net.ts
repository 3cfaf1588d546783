import { tf, type LayersModel } from '../tf.ts';

/**
 * The primer's MNISTNet: conv 32 → conv 64 → max-pool → dropout .25 → dense 128 → dropout .5 → dense 10.
 * About 1.2 M parameters, nearly all in the first dense layer.
 */
export function buildMnistNet(inputShape: [number, number, number] = [28, 28, 1], classes = 10): LayersModel {
  return tf.sequential({
    name: 'mnist_net',
    layers: [
      tf.layers.conv2d({ inputShape, filters: 32, kernelSize: 3, activation: 'relu', name: 'conv1' }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', name: 'conv2' }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }),
      tf.layers.dropout({ rate: 0.25, name: 'dropout1' }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ units: 128, activation: 'relu', name: 'fc1' }),
      tf.layers.dropout({ rate: 0.5, name: 'dropout2' }),
      tf.layers.dense({ units: classes, activation: 'softmax', name: 'fc2' }),
    ],
  });
}
