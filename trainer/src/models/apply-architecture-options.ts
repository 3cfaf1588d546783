import { TrainerError } from '../errors.ts';
import { tf, type LayersModel } from '../tf.ts';

export interface ArchitectureOptions {
  /** Batch normalisation after every hidden convolution and dense layer, before its activation. */
  batchNorm?: boolean;
  /** Rate of every dropout layer. */
  dropout?: number;
  /**
   * Seeds every weight initialiser (each its own seed derived from this), so the same seed gives
   * the same initial weights. Dropout masks stay random: a seeded tfjs dropout repeats its mask.
   */
  seed?: number;
}

interface LayerJson {
  class_name: string;
  config: Record<string, unknown>;
}

/**
 * A sequential model rebuilt from its topology with batch norm inserted, dropout rates changed and
 * initialisers seeded, so every architecture gets the options without changing its builder. The
 * new model has fresh weights from the same initialisers; with no options the model itself is
 * returned.
 */
export async function applyArchitectureOptions(model: LayersModel, options: ArchitectureOptions): Promise<LayersModel> {
  if (!options.batchNorm && options.dropout === undefined && options.seed === undefined) return model;
  // toJSON(…, false) returns the Keras-style topology object rather than its string.
  const topology = model.toJSON(undefined, false) as unknown as { class_name: string; config: { name: string; layers: LayerJson[] } };
  if (topology.class_name !== 'Sequential') throw new TrainerError('invalid_config', `batchNorm and dropout options need a Sequential model, got ${topology.class_name}`);
  const layers = topology.config.layers;
  const rebuilt: LayerJson[] = [];
  layers.forEach((layer, index) => {
    const config = { ...layer.config };
    if (layer.class_name === 'Dropout' && options.dropout !== undefined) config.rate = options.dropout;
    const hidden = (layer.class_name === 'Conv2D' || layer.class_name === 'Dense') && index < layers.length - 1;
    if (!(options.batchNorm && hidden)) {
      rebuilt.push({ class_name: layer.class_name, config });
      return;
    }
    const activation = config.activation ?? 'linear';
    rebuilt.push({ class_name: layer.class_name, config: { ...config, activation: 'linear' } });
    rebuilt.push({ class_name: 'BatchNormalization', config: { name: `${config.name}_bn`, axis: -1 } });
    if (activation !== 'linear') rebuilt.push({ class_name: 'Activation', config: { name: `${config.name}_${activation}`, activation } });
  });
  if (options.seed !== undefined) seedInitializers(rebuilt, options.seed);
  const json = { ...topology, config: { ...topology.config, layers: rebuilt } };
  // modelFromJSON takes the Keras topology as a plain JSON dict; its type (PyJsonDict) is not exported.
  const result = await tf.models.modelFromJSON({ modelTopology: json } as unknown as Parameters<typeof tf.models.modelFromJSON>[0]);
  model.dispose();
  return result;
}

/** Gives every `*_initializer` that takes a seed its own, derived from `seed` in layer order. */
function seedInitializers(layers: LayerJson[], seed: number): void {
  let next = 0;
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer.config)) {
      const initializer = value as { config?: Record<string, unknown> } | null;
      if (!key.endsWith('_initializer') || !initializer?.config || !('seed' in initializer.config)) continue;
      layer.config[key] = { ...initializer, config: { ...initializer.config, seed: (Math.imul(seed + 1, 7919) + 104729 * ++next) >>> 0 } };
    }
  }
}
