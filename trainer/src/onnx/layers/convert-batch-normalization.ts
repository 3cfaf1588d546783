import type { LayerConverter } from '../layer-conversion.ts';
import { layerWeights } from '../layer-weights.ts';
import { toNchw } from '../layout.ts';
import { unsupportedLayerError } from '../unsupported-layer-error.ts';

/**
 * BatchNormalization at inference → BatchNormalization on the moving statistics. ONNX normalises
 * axis 1, which is the channel axis of an NCHW image or of [batch, features].
 */
export const convertBatchNormalization: LayerConverter = ({ graph, layer, config, input }) => {
  const rank = input.shape.length;
  const axis: unknown = Array.isArray(config.axis) && config.axis.length === 1 ? config.axis[0] : config.axis;
  const normalisesLastAxis = typeof axis === 'number' && (axis === -1 || axis === rank - 1);
  if (!normalisesLastAxis || (rank !== 2 && rank !== 4)) {
    throw unsupportedLayerError(
      layer,
      `normalises axis ${JSON.stringify(config.axis)} of a rank-${rank} input; the ONNX exporter supports the last (channel) axis of rank-2 or rank-4 inputs`,
    );
  }
  const scale = config.scale !== false;
  const center = config.center !== false;
  const weights = layerWeights(layer, 2 + Number(scale) + Number(center));
  const [movingMean, movingVariance] = weights.slice(-2) as [(typeof weights)[0], (typeof weights)[0]];
  const channels = movingMean.values.length;
  const gamma = scale ? weights[0]!.values : new Float32Array(channels).fill(1);
  const beta = center ? weights[Number(scale)]!.values : new Float32Array(channels);
  const x = rank === 4 ? toNchw(graph, input) : input.name;
  const layout = rank === 4 ? ('nchw' as const) : ('tfjs' as const);
  const name = graph.addOp(
    'BatchNormalization',
    [
      x,
      graph.addFloatInitializer(`${layer.name}/gamma`, [channels], gamma),
      graph.addFloatInitializer(`${layer.name}/beta`, [channels], beta),
      graph.addFloatInitializer(`${layer.name}/moving_mean`, [channels], movingMean.values),
      graph.addFloatInitializer(`${layer.name}/moving_variance`, [channels], movingVariance.values),
    ],
    { epsilon: { float: typeof config.epsilon === 'number' ? config.epsilon : 1e-3 } },
    `${layer.name}/batchnorm`,
  );
  return { name, layout };
};
