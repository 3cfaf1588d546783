import { tf } from '../../tf.ts';
import { singleTensor, type LayerArgs } from './single-tensor.ts';
import { tokenMask } from './token-mask.ts';

/**
 * Mean over the non-pad positions of [batch, length, size] → [batch, size] (tfjs's GlobalAveragePooling1D
 * ignores the mask). A row of padding only gives zeros. Consumes the mask.
 */
export class MaskedAveragePooling1D extends tf.layers.Layer {
  static readonly className = 'MaskedAveragePooling1D';

  constructor(args: LayerArgs = {}) {
    super(args);
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = inputShape as tf.Shape;
    return [shape[0]!, shape[2]!];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const x = singleTensor(inputs);
      const [batch, length] = x.shape as [number, number, number];
      const mask = tokenMask(kwargs, batch, length);
      const sum = tf.sum(tf.mul(x, mask.expandDims(2)), 1);
      return tf.div(sum, tf.maximum(tf.sum(mask, 1, true), 1));
    });
  }

  // tfjs's types say Tensor, but null is how a layer ends the mask (as GlobalPooling does in Keras).
  override computeMask(): tf.Tensor {
    return null as unknown as tf.Tensor;
  }
}

tf.serialization.registerClass(MaskedAveragePooling1D);
