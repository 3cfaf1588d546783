import { TrainerError } from '../errors.ts';
import type { TfLayer } from './layer-conversion.ts';

/** `unsupported_layer` for a layer whose class or option the exporter cannot translate. */
export function unsupportedLayerError(layer: TfLayer, reason: string): TrainerError {
  const className = layer.getClassName();
  return new TrainerError('unsupported_layer', `layer "${layer.name}" (${className}) ${reason}`, { layer: layer.name, className });
}
