import { tf } from '../../tf.ts';
import { singleTensor, type LayerArgs } from './single-tensor.ts';
import { tokenMask } from './token-mask.ts';

/** Added to the attention scores of padded keys: softmax gives them exactly 0 weight. */
export const MASKED_SCORE = -1e9;

export interface MaskedSelfAttentionArgs extends LayerArgs {
  heads: number;
}

/**
 * Multi-head self-attention over [batch, length, size] with its residual: x + Wo·concat_h(softmax(q·kᵀ/√d + m)·v).
 * Keys at `<pad>` positions (the Embedding's mask) get MASKED_SCORE before the softmax, so tokens never attend to
 * padding; outputs at padded positions are computed but masked later by the pooling.
 */
export class MaskedSelfAttention extends tf.layers.Layer {
  static readonly className = 'MaskedSelfAttention';
  readonly heads: number;
  private kernels: tf.LayerVariable[] = [];
  private biases: tf.LayerVariable[] = [];

  constructor(args: MaskedSelfAttentionArgs) {
    super(args);
    this.heads = args.heads;
    this.supportsMasking = true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const size = (inputShape as tf.Shape)[2];
    if (typeof size !== 'number' || size % this.heads !== 0) throw new Error(`MaskedSelfAttention: size ${String(size)} is not a multiple of ${this.heads} heads`);
    // Order q, k, v, o: the ONNX converter reads the weights in this order.
    for (const name of ['query', 'key', 'value', 'output']) {
      this.kernels.push(this.addWeight(`${name}_kernel`, [size, size], 'float32', tf.initializers.glorotUniform({})));
      this.biases.push(this.addWeight(`${name}_bias`, [size], 'float32', tf.initializers.zeros()));
    }
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const x = singleTensor(inputs);
      const [batch, length, size] = x.shape as [number, number, number];
      const depth = size / this.heads;
      const flat = x.reshape([batch * length, size]) as tf.Tensor2D;
      const project = (i: number, t: tf.Tensor2D): tf.Tensor2D => tf.add(tf.matMul(t, this.kernels[i]!.read() as tf.Tensor2D), this.biases[i]!.read());
      const split = (t: tf.Tensor2D): tf.Tensor4D => t.reshape([batch, length, this.heads, depth]).transpose([0, 2, 1, 3]);
      const [q, k, v] = [0, 1, 2].map((i) => split(project(i, flat))) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
      const padding = tf.sub(1, tokenMask(kwargs, batch, length)).mul(MASKED_SCORE).reshape([batch, 1, 1, length]);
      const scores = tf.matMul(q, k, false, true).mul(1 / Math.sqrt(depth)).add(padding);
      const context = tf.matMul(tf.softmax(scores), v).transpose([0, 2, 1, 3]).reshape([batch * length, size]) as tf.Tensor2D;
      return tf.add(x, project(3, context).reshape([batch, length, size]));
    });
  }

  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    return mask as tf.Tensor;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heads: this.heads };
  }
}

tf.serialization.registerClass(MaskedSelfAttention);
