import { TEXT_ARCHITECTURES, type TextArchitecture } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import { tf, type LayersModel } from '../tf.ts';
import { FusedAveragePooling1D } from './fused-average-pooling1d.ts';
import { FusedLstm } from './fused-lstm.ts';
import { buildTransformerModel } from './transformer/build-transformer-model.ts';

export interface TextModelOptions {
  architecture: TextArchitecture;
  vocabularySize: number;
  maxLength: number;
  classes: number;
  /** Default 32. */
  embeddingSize?: number;
  /** LSTM units, the pooled model's hidden dense units or the transformer's feed-forward units (default 32; transformer 64). */
  units?: number;
  /** Transformer: attention heads (default 2) and encoder blocks (1 or 2, default 1). */
  heads?: number;
  blocks?: number;
}

/**
 * Text classifiers over `[batch, maxLength]` float token ids (float so the ONNX export keeps a float input):
 * `pooled` averages word embeddings (fast on CPU); `lstm` is the primer's TextClassifier, embedding → LSTM → dense,
 * with `<pad>` (id 0) masked so padding does not reach the LSTM state; `transformer` is a small encoder
 * (see buildTransformerModel), embeddingSize its d_model.
 */
export function buildTextModel(options: TextModelOptions): LayersModel {
  const embeddingSize = options.embeddingSize ?? 32;
  const units = options.units ?? 32;
  const input = { inputShape: [options.maxLength], dtype: 'float32' as const };
  switch (options.architecture) {
    case 'pooled':
      return tf.sequential({
        name: 'pooled_text',
        layers: [
          tf.layers.embedding({ ...input, inputDim: options.vocabularySize, outputDim: embeddingSize, name: 'embedding' }),
          new FusedAveragePooling1D({ name: 'pool' }),
          tf.layers.dense({ units, activation: 'relu', name: 'hidden' }),
          tf.layers.dense({ units: options.classes, activation: 'softmax', name: 'probabilities' }),
        ],
      });
    case 'lstm':
      return tf.sequential({
        name: 'lstm_text',
        layers: [
          tf.layers.embedding({ ...input, inputDim: options.vocabularySize, outputDim: embeddingSize, maskZero: true, name: 'embedding' }),
          new FusedLstm({ units, recurrentActivation: 'sigmoid', name: 'lstm' }),
          tf.layers.dense({ units: options.classes, activation: 'softmax', name: 'probabilities' }),
        ],
      });
    case 'transformer':
      return buildTransformerModel({
        vocabularySize: options.vocabularySize,
        maxLength: options.maxLength,
        classes: options.classes,
        size: embeddingSize,
        heads: options.heads,
        feedForward: options.units ?? 64,
        blocks: options.blocks,
      });
    default:
      throw new TrainerError('invalid_argument', `unknown text architecture "${String(options.architecture)}": use ${TEXT_ARCHITECTURES.join(', ')}`);
  }
}
