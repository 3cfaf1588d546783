import { TrainerError } from '../errors.ts';
import { tf, type LayersModel } from '../tf.ts';

/** A classifier's pre-softmax outputs for a batch; `training` turns dropout on. */
export type LogitsFunction = (x: tf.Tensor, training: boolean) => tf.Tensor2D;

/**
 * The logits of a classifier that ends in softmax: a Dense with a softmax activation (our
 * architectures) or a Softmax / Activation('softmax') layer. It runs the model's layers in order,
 * as the ONNX exporter does for chains, and applies the last Dense's kernel and bias without the
 * activation. Those are the model's own variables, so gradients reach every weight.
 */
export function modelLogits(model: LayersModel): LogitsFunction {
  const layers = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
  const last = layers.at(-1);
  if (!last) throw new TrainerError('invalid_argument', `model "${model.name}" has no layers`);
  const config = last.getConfig() as { activation?: unknown };
  const className = last.getClassName();
  if (className === 'Softmax' || (className === 'Activation' && config.activation === 'softmax')) {
    const body = layers.slice(0, -1);
    return (x, training) => applyLayers(body, x, training) as tf.Tensor2D;
  }
  if (className !== 'Dense' || config.activation !== 'softmax') {
    throw new TrainerError('invalid_argument', `model "${model.name}" does not end in softmax (last layer ${className}); distillation needs its logits`);
  }
  const body = layers.slice(0, -1);
  // LayerVariable.read() returns the tf.Variable itself, typed as a Tensor.
  const [kernel, bias] = last.weights.map((weight) => weight.read());
  return (x, training) => {
    const features = applyLayers(body, x, training);
    const product = tf.matMul(features as tf.Tensor2D, kernel as tf.Tensor2D);
    return (bias ? tf.add(product, bias) : product) as tf.Tensor2D;
  };
}

function applyLayers(layers: readonly tf.layers.Layer[], x: tf.Tensor, training: boolean): tf.Tensor {
  let value = x;
  for (const layer of layers) value = layer.apply(value, { training }) as tf.Tensor;
  return value;
}
