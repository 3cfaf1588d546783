import { tf, type LayersModel } from '../../tf.ts';

/** A dense network on 8×8×1 images (flatten → 16 relu → classes softmax), small enough for the cpu backend. */
export function buildTinyModel(classes = 3, options: { dropout?: number } = {}): LayersModel {
  return tf.sequential({
    name: 'tiny',
    layers: [
      tf.layers.flatten({ inputShape: [8, 8, 1], name: 'flatten' }),
      tf.layers.dense({ units: 16, activation: 'relu', name: 'hidden' }),
      ...(options.dropout ? [tf.layers.dropout({ rate: options.dropout, name: 'dropout' })] : []),
      tf.layers.dense({ units: classes, activation: 'softmax', name: 'logits' }),
    ],
  });
}

/** A copy of every weight value, to compare or to start another model from the same point. */
export function snapshotWeights(model: LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array).map((values) => values.slice());
}

/** Sets a model's weights from a snapshot taken of a model of the same architecture. */
export function loadWeights(model: LayersModel, snapshot: Float32Array[]): void {
  const tensors = model.weights.map((w, i) => tf.tensor(snapshot[i]!, w.shape as number[]));
  model.setWeights(tensors);
  tf.dispose(tensors);
}
