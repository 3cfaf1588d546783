import type { LayersModel } from '../tf.ts';
import { prunableWeights } from './prunable-weights.ts';

export interface LayerSparsity {
  layer: string;
  weights: number;
  zeros: number;
  sparsity: number;
}

/** Exact zeros in each prunable kernel, and over all of them. */
export function layerSparsity(model: LayersModel): { layers: LayerSparsity[]; overall: number } {
  const layers = prunableWeights(model).map(({ layer, variable }) => {
    const values = variable.dataSync();
    let zeros = 0;
    for (let i = 0; i < values.length; i++) if (values[i] === 0) zeros++;
    return { layer, weights: values.length, zeros, sparsity: zeros / values.length };
  });
  const weights = layers.reduce((sum, l) => sum + l.weights, 0);
  const zeros = layers.reduce((sum, l) => sum + l.zeros, 0);
  return { layers, overall: weights ? zeros / weights : 0 };
}
