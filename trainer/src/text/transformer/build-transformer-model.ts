import { TrainerError } from '../../errors.ts';
import { tf, type LayersModel } from '../../tf.ts';
import { FeedForward } from './feed-forward.ts';
import { LayerNormalization } from './layer-normalization.ts';
import { MaskedAveragePooling1D } from './masked-average-pooling1d.ts';
import { MaskedSelfAttention } from './masked-self-attention.ts';
import { PositionEmbedding } from './position-embedding.ts';

export interface TransformerOptions {
  vocabularySize: number;
  maxLength: number;
  classes: number;
  /** d_model (default 32). */
  size?: number;
  /** Attention heads (default 2; `size` must be a multiple). */
  heads?: number;
  /** Feed-forward hidden units (default 64). */
  feedForward?: number;
  /** Encoder blocks, 1 or 2 (default 1). */
  blocks?: number;
}

/**
 * A small post-norm transformer encoder classifier as one layer chain (so the ONNX exporter can walk it):
 * embedding (`<pad>` masked) + learned positions → per block [self-attention + residual → layer norm →
 * feed-forward + residual → layer norm] → mean over the non-pad positions → dense softmax.
 */
export function buildTransformerModel(options: TransformerOptions): LayersModel {
  const size = options.size ?? 32;
  const blocks = options.blocks ?? 1;
  if (blocks !== 1 && blocks !== 2) throw new TrainerError('invalid_argument', `a transformer text model has 1 or 2 encoder blocks, not ${blocks}`);
  const layers: tf.layers.Layer[] = [
    tf.layers.embedding({ inputShape: [options.maxLength], dtype: 'float32', inputDim: options.vocabularySize, outputDim: size, maskZero: true, name: 'embedding' }),
    new PositionEmbedding({ name: 'positions' }),
  ];
  for (let b = 1; b <= blocks; b++) {
    layers.push(
      new MaskedSelfAttention({ heads: options.heads ?? 2, name: `block${b}_attention` }),
      new LayerNormalization({ name: `block${b}_norm1` }),
      new FeedForward({ units: options.feedForward ?? 64, name: `block${b}_feed_forward` }),
      new LayerNormalization({ name: `block${b}_norm2` }),
    );
  }
  layers.push(new MaskedAveragePooling1D({ name: 'pool' }), tf.layers.dense({ units: options.classes, activation: 'softmax', name: 'probabilities' }));
  return tf.sequential({ name: 'transformer_text', layers });
}
