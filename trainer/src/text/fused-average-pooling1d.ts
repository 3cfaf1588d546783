import { nativeKernelRuns } from '../kernels/native/register-native-kernels.ts';
import { SPREAD_MEAN, type SpreadMeanAttrs } from '../kernels/native/spread-mean-native.ts';
import { tf } from '../tf.ts';
import { singleTensor } from './transformer/single-tensor.ts';

type TfPoolingArgs = Parameters<typeof tf.layers.globalAveragePooling1d>[0];
const TfGlobalAveragePooling1D = tf.serialization.SerializationMap.getMap().classNameMap.GlobalAveragePooling1D![0] as unknown as new (
  args?: TfPoolingArgs,
) => tf.layers.Layer;

/** mean(x, 1) whose gradient is one native kernel. */
const meanOverSteps = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor;
  const attrs: SpreadMeanAttrs = { steps: x.shape[1]! };
  return { value: tf.mean(x, 1), gradFunc: (dy: tf.Tensor) => tf.engine().runKernel(SPREAD_MEAN, { dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor };
});

/**
 * tfjs's GlobalAveragePooling1D (same class name, config and no weights: saved models and the ONNX exporter see no
 * difference) whose gradient, where the native kernels run, is one pass writing dy/steps to every position. tfjs's
 * own fills a tensor of ones in JS and multiplies and divides the embedded batch: the pooled text model's largest
 * cost after the embedding's gather and scatter.
 */
export class FusedAveragePooling1D extends TfGlobalAveragePooling1D {
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const x = singleTensor(inputs);
    if (x.rank !== 3 || x.dtype !== 'float32' || !nativeKernelRuns(SPREAD_MEAN)) return super.call(inputs, kwargs);
    return tf.tidy(() => meanOverSteps(x));
  }
}
// Inherits tfjs's static className ('GlobalAveragePooling1D') and fromConfig, which the cast constructor type does not show.
tf.serialization.registerClass(FusedAveragePooling1D as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>);
