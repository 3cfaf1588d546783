import type { LayersModel, tf } from '../tf.ts';

export interface PrunableWeight {
  layer: string;
  /** The kernel's variable (LayerVariable.read() returns it, typed as a Tensor). */
  variable: tf.Variable;
}

/** The kernels of a model's Conv2D and Dense layers: where the parameters are. Biases stay dense. */
export function prunableWeights(model: LayersModel): PrunableWeight[] {
  return model.layers
    .filter((layer) => ['Conv2D', 'Dense'].includes(layer.getClassName()))
    .map((layer) => {
      const kernel = layer.weights.find((weight) => /kernel$/.test(weight.originalName ?? weight.name));
      return kernel ? { layer: layer.name, variable: kernel.read() as tf.Variable } : undefined;
    })
    .filter((weight): weight is PrunableWeight => weight !== undefined);
}
