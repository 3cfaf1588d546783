import { tf } from '../../tf.ts';
import { singleTensor, type LayerArgs } from './single-tensor.ts';

export interface FeedForwardArgs extends LayerArgs {
  units: number;
}

/** Position-wise feed-forward with its residual over [batch, length, size]: x + W2·relu(W1·x + b1) + b2. */
export class FeedForward extends tf.layers.Layer {
  static readonly className = 'FeedForward';
  readonly units: number;
  private weightsInOrder: tf.LayerVariable[] = [];

  constructor(args: FeedForwardArgs) {
    super(args);
    this.units = args.units;
    this.supportsMasking = true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const size = (inputShape as tf.Shape)[2];
    if (typeof size !== 'number') throw new Error('FeedForward needs a fixed [batch, length, size] input');
    // Order kernel1, bias1, kernel2, bias2: the ONNX converter reads the weights in this order.
    this.weightsInOrder = [
      this.addWeight('kernel1', [size, this.units], 'float32', tf.initializers.glorotUniform({})),
      this.addWeight('bias1', [this.units], 'float32', tf.initializers.zeros()),
      this.addWeight('kernel2', [this.units, size], 'float32', tf.initializers.glorotUniform({})),
      this.addWeight('bias2', [size], 'float32', tf.initializers.zeros()),
    ];
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = singleTensor(inputs);
      const [batch, length, size] = x.shape as [number, number, number];
      const [kernel1, bias1, kernel2, bias2] = this.weightsInOrder.map((w) => w.read()) as [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D];
      const hidden = tf.relu(tf.add(tf.matMul(x.reshape([batch * length, size]) as tf.Tensor2D, kernel1), bias1));
      return tf.add(x, tf.add(tf.matMul(hidden as tf.Tensor2D, kernel2), bias2).reshape([batch, length, size]));
    });
  }

  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    return mask as tf.Tensor;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units };
  }
}

tf.serialization.registerClass(FeedForward);
