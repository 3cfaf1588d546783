import { emitActivation } from '../emit-activation.ts';
import type { LayerConverter } from '../layer-conversion.ts';

/** Activation layer → the nodes of its activation. */
export const convertActivation: LayerConverter = ({ graph, layer, config, input }) => emitActivation(graph, layer, config.activation, input);
