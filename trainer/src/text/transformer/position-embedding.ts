import { tf } from '../../tf.ts';
import { singleTensor, type LayerArgs } from './single-tensor.ts';

/**
 * Learned positional embedding: adds a trained [maxLength, size] table to a [batch, maxLength, size]
 * input. Passes the padding mask on unchanged (padded positions are masked further down).
 */
export class PositionEmbedding extends tf.layers.Layer {
  static readonly className = 'PositionEmbedding';
  private positions?: tf.LayerVariable;

  constructor(args: LayerArgs = {}) {
    super(args);
    this.supportsMasking = true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [, length, size] = inputShape as tf.Shape;
    if (typeof length !== 'number' || typeof size !== 'number') throw new Error(`PositionEmbedding needs a fixed [batch, length, size] input, got [${String(inputShape)}]`);
    this.positions = this.addWeight('positions', [length, size], 'float32', tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05 }));
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.add(singleTensor(inputs), this.positions!.read()));
  }

  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    return mask as tf.Tensor;
  }
}

tf.serialization.registerClass(PositionEmbedding);
