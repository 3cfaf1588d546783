import { tf } from '../../tf.ts';
import { singleTensor, type LayerArgs } from './single-tensor.ts';

export interface LayerNormalizationArgs extends LayerArgs {
  /** Added to the variance (default 1e-3, as tfjs's and Keras's). */
  epsilon?: number;
}

/**
 * Layer normalization over the last axis, `gamma·(x − mean)/√(var + ε) + beta`, in place of tfjs's
 * LayerNormalization (same class name, weights and config, so saved models and the ONNX exporter read it
 * alike). tfjs's tiles gamma and beta to the input's shape and Tile's gradient is one Slice and Add per
 * tile: 6,400 of each per layer at batch 64 × length 100, 30 s a transformer step. This one broadcasts,
 * and its gradient is the closed form (one pass per tensor instead of autodiff's chain).
 */
export class LayerNormalization extends tf.layers.Layer {
  static readonly className = 'LayerNormalization';
  readonly epsilon: number;
  private gamma?: tf.LayerVariable;
  private beta?: tf.LayerVariable;

  constructor(args: LayerNormalizationArgs = {}) {
    super(args);
    this.epsilon = args.epsilon ?? 1e-3;
    this.supportsMasking = true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const size = (inputShape as tf.Shape).at(-1);
    if (typeof size !== 'number') throw new Error('LayerNormalization needs a fixed last dimension');
    // Order gamma, beta: the ONNX converter and tfjs's LayerNormalization read them in this order.
    this.gamma = this.addWeight('gamma', [size], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [size], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => layerNorm(this.epsilon)(singleTensor(inputs), this.gamma!.read(), this.beta!.read()));
  }

  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    return mask as tf.Tensor;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), axis: -1, epsilon: this.epsilon, center: true, scale: true };
  }
}
tf.serialization.registerClass(LayerNormalization);

const layerNorms = new Map<number, (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => tf.Tensor>();

/** The normalisation as one differentiable op per ε: x̂ = (x − mean)·rstd; y = γ·x̂ + β. */
function layerNorm(epsilon: number): (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => tf.Tensor {
  let op = layerNorms.get(epsilon);
  if (op) return op;
  op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, gamma, beta, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const centered = tf.sub(x, tf.mean(x, -1, true));
    const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(centered), -1, true), epsilon));
    const normalized = tf.mul(centered, rstd);
    save([normalized, rstd, gamma]);
    return {
      value: tf.add(tf.mul(normalized, gamma), beta),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xHat, r, g] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const size = g.shape[0]!;
        const rows = dy.size / size;
        const dyFlat = dy.reshape([rows, size]);
        const dGamma = tf.sum(tf.mul(dyFlat, xHat.reshape([rows, size])), 0);
        const dBeta = tf.sum(dyFlat, 0);
        // dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with ĝ = dy·γ.
        const gHat = tf.mul(dy, g);
        const dx = tf.mul(r, tf.sub(tf.sub(gHat, tf.mean(gHat, -1, true)), tf.mul(xHat, tf.mean(tf.mul(gHat, xHat), -1, true))));
        return [dx, dGamma, dBeta];
      },
    };
  }) as (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => tf.Tensor;
  layerNorms.set(epsilon, op);
  return op;
}
