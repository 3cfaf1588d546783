/** The tfjs layer classes the exporter translates, by `layer.getClassName()`. */
import type { LayerConverter } from './layer-conversion.ts';
import { convertActivation } from './layers/convert-activation.ts';
import { convertAveragePooling2d } from './layers/convert-average-pooling2d.ts';
import { convertBatchNormalization } from './layers/convert-batch-normalization.ts';
import { convertConv2d } from './layers/convert-conv2d.ts';
import { convertDense } from './layers/convert-dense.ts';
import { convertDropout } from './layers/convert-dropout.ts';
import { convertElu } from './layers/convert-elu.ts';
import { convertEmbedding } from './layers/convert-embedding.ts';
import { convertFlatten } from './layers/convert-flatten.ts';
import { convertGlobalPooling1d } from './layers/convert-global-pooling1d.ts';
import { convertGlobalPooling2d } from './layers/convert-global-pooling2d.ts';
import { convertInputLayer } from './layers/convert-input-layer.ts';
import { convertLeakyRelu } from './layers/convert-leaky-relu.ts';
import { convertFeedForward } from './layers/convert-feed-forward.ts';
import { convertLayerNormalization } from './layers/convert-layer-normalization.ts';
import { convertLstm } from './layers/convert-lstm.ts';
import { convertMaskedAveragePooling1d } from './layers/convert-masked-average-pooling1d.ts';
import { convertMaskedSelfAttention } from './layers/convert-masked-self-attention.ts';
import { convertMaxPooling2d } from './layers/convert-max-pooling2d.ts';
import { convertPositionEmbedding } from './layers/convert-position-embedding.ts';
import { convertRelu } from './layers/convert-relu.ts';
import { convertSoftmax } from './layers/convert-softmax.ts';

export const LAYER_CONVERTERS: Readonly<Record<string, LayerConverter>> = {
  InputLayer: convertInputLayer,
  Conv2D: convertConv2d,
  Dense: convertDense,
  MaxPooling2D: convertMaxPooling2d,
  AveragePooling2D: convertAveragePooling2d,
  GlobalAveragePooling2D: convertGlobalPooling2d('GlobalAveragePool'),
  GlobalMaxPooling2D: convertGlobalPooling2d('GlobalMaxPool'),
  Flatten: convertFlatten,
  Dropout: convertDropout,
  GaussianNoise: convertDropout,
  GaussianDropout: convertDropout,
  AlphaDropout: convertDropout,
  BatchNormalization: convertBatchNormalization,
  Activation: convertActivation,
  ReLU: convertRelu,
  LeakyReLU: convertLeakyRelu,
  ELU: convertElu,
  Softmax: convertSoftmax,
  Embedding: convertEmbedding,
  GlobalAveragePooling1D: convertGlobalPooling1d('ReduceMean'),
  GlobalMaxPooling1D: convertGlobalPooling1d('ReduceMax'),
  LSTM: convertLstm,
  LayerNormalization: convertLayerNormalization,
  // Our transformer's custom layers (trainer/src/text/transformer/).
  PositionEmbedding: convertPositionEmbedding,
  MaskedSelfAttention: convertMaskedSelfAttention,
  FeedForward: convertFeedForward,
  MaskedAveragePooling1D: convertMaskedAveragePooling1d,
};

export const SUPPORTED_LAYER_CLASSES = Object.keys(LAYER_CONVERTERS);
