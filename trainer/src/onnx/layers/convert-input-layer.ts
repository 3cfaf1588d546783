import type { LayerConverter } from '../layer-conversion.ts';

/** An InputLayer passes its value on (the exporter binds the model input to the graph input). */
export const convertInputLayer: LayerConverter = ({ input }) => ({ name: input.name, layout: input.layout });
