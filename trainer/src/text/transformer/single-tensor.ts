import { tf } from '../../tf.ts';

/** tfjs's LayerArgs (name, inputShape, trainable, …), which tfjs's public types do not export by name. */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** The one tensor a single-input layer is called on. */
export function singleTensor(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  const tensor = Array.isArray(inputs) ? inputs[0] : inputs;
  if (!tensor || (Array.isArray(inputs) && inputs.length !== 1)) throw new Error(`expected one input tensor, got ${Array.isArray(inputs) ? inputs.length : 0}`);
  return tensor;
}
