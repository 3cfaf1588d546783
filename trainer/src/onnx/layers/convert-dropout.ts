import type { LayerConverter } from '../layer-conversion.ts';

/** Dropout and the noise layers are the identity at inference: no node at all. */
export const convertDropout: LayerConverter = ({ input }) => ({ name: input.name, layout: input.layout });
