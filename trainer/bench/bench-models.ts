/**
 * The models `npm run bench:train` and `bench:train-profile` train, by the names PyTorch's script
 * (torch/torch-train-throughput.py) uses too: the two image models on MNIST-shaped noise, and the text
 * models as `text train` builds them on random token ids (vocabulary 8,000, no padding) at two lengths.
 */
import { type Architecture, type TextArchitecture } from '@edgeml/shared';
import { FusedAdam } from '../src/kernels/fused-adam.ts';
import { buildModel } from '../src/models/build-model.ts';
import { buildTextModel } from '../src/text/build-text-model.ts';
import { tf } from '../src/tf.ts';

export const BENCH_BATCH = 64;
const TEXT_VOCABULARY = 8000;

export interface BenchModel {
  name: string;
  /** The compiled model and one batch of inputs and labels. */
  build(): { model: tf.LayersModel; x: tf.Tensor; y: tf.Tensor };
}

const imageModel = (architecture: Architecture): BenchModel => ({
  name: architecture,
  build() {
    const model = buildModel(architecture, [28, 28, 1], 10);
    model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
    return { model, x: tf.randomNormal([BENCH_BATCH, 28, 28, 1]), y: tf.tidy(() => tf.oneHot(tf.randomUniform([BENCH_BATCH], 0, 10, 'int32'), 10).toFloat()) };
  },
});

/** As `text train` builds and compiles it: d_model 32, LSTM 32 units, transformer 1 block of 2 heads and FF 64. */
const textModel = (architecture: TextArchitecture, length: number): BenchModel => ({
  name: `${architecture}-${length}`,
  build() {
    const model = buildTextModel({ architecture, vocabularySize: TEXT_VOCABULARY, maxLength: length, classes: 2 });
    model.compile({ optimizer: new FusedAdam(0.005, 0.9, 0.999), loss: 'sparseCategoricalCrossentropy' });
    const x = tf.tidy(() => tf.randomUniform([BENCH_BATCH, length], 1, TEXT_VOCABULARY, 'int32').toFloat());
    return { model, x, y: tf.tidy(() => tf.randomUniform([BENCH_BATCH], 0, 2, 'int32').toFloat()) };
  },
});

const IMAGE_MODELS = [imageModel('small-cnn'), imageModel('mnist-net')];
const TEXT_MODELS = [100, 200].flatMap((length) => (['pooled', 'lstm', 'transformer'] as const).map((a) => textModel(a, length)));

/** The models a comma-separated list names (`image` and `text` stand for their groups), in bench order. */
export function benchModels(list: string): BenchModel[] {
  const names = new Set(list.split(',').flatMap((name) => (name === 'image' ? IMAGE_MODELS : name === 'text' ? TEXT_MODELS : [{ name }]).map((m) => m.name)));
  const known = [...IMAGE_MODELS, ...TEXT_MODELS];
  const unknown = [...names].filter((name) => !known.some((m) => m.name === name));
  if (unknown.length) throw new Error(`unknown bench model(s) ${unknown.join(', ')}: use image, text or ${known.map((m) => m.name).join(', ')}`);
  return known.filter((m) => names.has(m.name));
}
