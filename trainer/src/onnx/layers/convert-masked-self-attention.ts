import { MASKED_SCORE } from '../../text/transformer/masked-self-attention.ts';
import type { LayerConverter } from '../layer-conversion.ts';
import { layerWeights } from '../layer-weights.ts';
import { tokenFlags } from '../token-flags.ts';
import { unsupportedLayerError } from '../unsupported-layer-error.ts';

/**
 * MaskedSelfAttention (our custom layer) on [batch, length, size]: q/k/v projections (MatMul + Add) split into
 * heads (Reshape + Transpose), scores q·kᵀ·(1/√d) plus MASKED_SCORE at padded keys (from the Embedding's ids),
 * Softmax, ·v, heads merged back, output projection, residual Add.
 */
export const convertMaskedSelfAttention: LayerConverter = ({ graph, layer, config, input }) => {
  const [, length, size] = input.shape;
  if (input.shape.length !== 3 || typeof length !== 'number' || typeof size !== 'number') throw unsupportedLayerError(layer, 'needs a fixed [batch, length, size] input');
  const heads = Number(config.heads);
  const depth = size / heads;
  const weights = layerWeights(layer, 8).map((w, i) => graph.addFloatInitializer(`${layer.name}/w${i}`, w.shape, w.values));
  const project = (i: number, x: string, label: string): string =>
    graph.addOp('Add', [graph.addOp('MatMul', [x, weights[2 * i]!], undefined, `${layer.name}/${label}_matmul`), weights[2 * i + 1]!], undefined, `${layer.name}/${label}`);
  // Reshape's 0 copies the batch size from the input.
  const headsShape = graph.addInt64Initializer(`${layer.name}/heads_shape`, [4], [0, 0, heads, depth]);
  const split = (x: string, perm: number[], label: string): string =>
    graph.addOp('Transpose', [graph.addOp('Reshape', [x, headsShape], undefined, `${layer.name}/${label}_split`)], { perm: { ints: perm } }, `${layer.name}/${label}_heads`);
  const q = split(project(0, input.name, 'query'), [0, 2, 1, 3], 'query');
  const kT = split(project(1, input.name, 'key'), [0, 2, 3, 1], 'key');
  const v = split(project(2, input.name, 'value'), [0, 2, 1, 3], 'value');
  const scaled = graph.addOp('Mul', [graph.addOp('MatMul', [q, kT], undefined, `${layer.name}/scores`), graph.addFloatInitializer(`${layer.name}/scale`, [], [1 / Math.sqrt(depth)])], undefined, `${layer.name}/scaled`);
  // (1 - flags) · MASKED_SCORE as [batch, 1, 1, length], broadcast over heads and queries.
  const flags = tokenFlags(graph, layer, input.name);
  const padPenalty = graph.addOp('Mul', [graph.addOp('Sub', [graph.addFloatInitializer(`${layer.name}/one`, [], [1]), flags], undefined, `${layer.name}/is_pad_f`), graph.addFloatInitializer(`${layer.name}/masked_score`, [], [MASKED_SCORE])], undefined, `${layer.name}/pad_penalty`);
  const penalty4d = graph.addOp('Reshape', [padPenalty, graph.addInt64Initializer(`${layer.name}/penalty_shape`, [4], [-1, 1, 1, length])], undefined, `${layer.name}/pad_penalty4d`);
  const attention = graph.addOp('Softmax', [graph.addOp('Add', [scaled, penalty4d], undefined, `${layer.name}/masked_scores`)], { axis: { int: -1 } }, `${layer.name}/weights`);
  const context = graph.addOp('Transpose', [graph.addOp('MatMul', [attention, v], undefined, `${layer.name}/context_heads`)], { perm: { ints: [0, 2, 1, 3] } }, `${layer.name}/context_t`);
  const merged = graph.addOp('Reshape', [context, graph.addInt64Initializer(`${layer.name}/merge_shape`, [3], [0, 0, size])], undefined, `${layer.name}/context`);
  return { name: graph.addOp('Add', [input.name, project(3, merged, 'output')], undefined, `${layer.name}/residual`), layout: 'tfjs' };
};
