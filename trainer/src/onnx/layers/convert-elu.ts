import type { LayerConverter } from '../layer-conversion.ts';

/** ELU layer → Elu. */
export const convertElu: LayerConverter = ({ graph, layer, config, input }) => {
  const alpha = typeof config.alpha === 'number' ? config.alpha : 1;
  return { name: graph.addOp('Elu', [input.name], { alpha: { float: alpha } }, `${layer.name}/elu`), layout: input.layout };
};
