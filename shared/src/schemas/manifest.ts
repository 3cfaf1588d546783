import { z } from 'zod';
import { textTokenizerParamsSchema } from '../text/text-tokenizer-params.ts';

/** Lower-case slug used in URLs and R2 keys: `mnist`, `mnist-small`. */
export const modelNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'model names are 1-63 characters of a-z, 0-9 and "-"');

/** Versions sort by time: `20261128T121500Z-3f9a1c`. */
export const modelVersionSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, 'versions are 1-80 characters of A-Z, a-z, 0-9, ".", "_" and "-"');

export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lower-case hex characters');

/** The MNIST recipe, parameterised: the digit found, fitted and centred as MNIST's digits were. */
export const mnistPreprocessingSchema = z.object({
  recipe: z.literal('mnist'),
  /**
   * How the digit is found before the recipe: 2 finds it in a photo (uneven lighting removed,
   * Otsu threshold, only the digit's connected ink kept); absent is 1, one background level for
   * the whole image, as models published before version 2 were trained with.
   */
  version: z.literal(2).optional(),
  /** Side of the square input, 28 for MNIST. */
  size: z.number().int().positive(),
  /** Side of the box the ink's bounding box is scaled to fit (20 in the original recipe). */
  fitSize: z.number().int().positive(),
  /** `auto` inverts images whose background is light, so digits are light on dark as in MNIST. */
  invert: z.enum(['auto', 'always', 'never']),
  /** Applied after scaling pixels to [0, 1]: (x - mean) / std. */
  mean: z.number(),
  std: z.number().positive(),
});

/**
 * The whole image fitted to the input, for pictures that are not digits (fashion-mnist's clothes):
 * grey, inverted as `invert` says, scaled to fit size × size keeping its aspect ratio, centred on black.
 */
export const resizePreprocessingSchema = z.object({
  recipe: z.literal('resize'),
  /** Side of the square input. */
  size: z.number().int().positive(),
  /** `auto` inverts images whose border is light, so the background is dark as in Fashion-MNIST. */
  invert: z.enum(['auto', 'always', 'never']),
  /** Applied after scaling pixels to [0, 1]: (x - mean) / std. */
  mean: z.number(),
  std: z.number().positive(),
});

/** How a raw image becomes the model's input tensor; a manifest names its model's. */
export const imagePreprocessingSchema = z.discriminatedUnion('recipe', [mnistPreprocessingSchema, resizePreprocessingSchema]);
export type ImagePreprocessing = z.infer<typeof imagePreprocessingSchema>;
export type MnistPreprocessing = z.infer<typeof mnistPreprocessingSchema>;
export type ResizePreprocessing = z.infer<typeof resizePreprocessingSchema>;

export const imageInputSpecSchema = z.object({
  kind: z.literal('image'),
  /** Name of the ONNX graph input. */
  name: z.string().min(1),
  /** The image as [batch, height, width, channels]; the ONNX input tensor is laid out as `layout` says. */
  shape: z.tuple([z.literal(-1), z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]),
  /**
   * The ONNX input's layout: `nhwc` [batch, height, width, channels] as tfjs exports (the default),
   * `nchw` [batch, channels, height, width] as PyTorch, or `flat` [batch, height·width·channels].
   */
  layout: z.enum(['nhwc', 'nchw', 'flat']).optional(),
  preprocessing: imagePreprocessingSchema,
});
export type ImageInputSpec = z.infer<typeof imageInputSpecSchema>;

/** The ONNX input dims of `count` images of an image input spec, in its layout. */
export function imageInputDims(spec: Pick<ImageInputSpec, 'shape' | 'layout'>, count: number): number[] {
  const [, height, width, channels] = spec.shape;
  if (spec.layout === 'nchw') return [count, channels, height, width];
  if (spec.layout === 'flat') return [count, height * width * channels];
  return [count, height, width, channels];
}

export const inputSpecSchema = imageInputSpecSchema;
export type InputSpec = z.infer<typeof inputSpecSchema>;

export const outputSpecSchema = z.object({
  /** Name of the ONNX graph output. */
  name: z.string().min(1),
  /** `probabilities` when the graph ends in softmax, else `logits` (the edge applies softmax). */
  kind: z.enum(['probabilities', 'logits']),
  /**
   * Temperature T fitted on the validation split (minimal cross-entropy): the edge answers
   * softmax(logits / T), from log-probabilities for a `probabilities` graph, so the confidence is
   * calibrated. Absent is 1.
   */
  temperature: z.number().positive().optional(),
});
export type OutputSpec = z.infer<typeof outputSpecSchema>;

export const artifactSchema = z.object({
  /** Full R2 key of the object. */
  key: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: sha256HexSchema,
  contentType: z.string().min(1),
});
export type Artifact = z.infer<typeof artifactSchema>;

export const metricsSchema = z
  .object({
    testAccuracy: z.number().min(0).max(1).optional(),
    testLoss: z.number().optional(),
    testSamples: z.number().int().nonnegative().optional(),
    validationAccuracy: z.number().min(0).max(1).optional(),
    trainSeconds: z.number().nonnegative().optional(),
    samplesPerSecond: z.number().nonnegative().optional(),
    parameters: z.number().int().nonnegative().optional(),
  })
  .catchall(z.number());
export type Metrics = z.infer<typeof metricsSchema>;

export const trainingConfigSchema = z
  .object({
    architecture: z.string(),
    dataset: z.string(),
    epochs: z.number().int().nonnegative(),
    batchSize: z.number().int().positive(),
    optimizer: z.string(),
    learningRate: z.number().positive(),
    seed: z.number().int().optional(),
    backend: z.string(),
  })
  .catchall(z.unknown());
export type TrainingConfig = z.infer<typeof trainingConfigSchema>;

/** A published model version: `name@version`. */
export const modelRefSchema = z.object({ name: modelNameSchema, version: modelVersionSchema });
export type ModelRef = z.infer<typeof modelRefSchema>;

/** Where a shrunk variant came from: its source version and, for a distilled student, its teacher and loss settings. */
export const modelLineageSchema = z.object({
  /** The version this one was derived from (the pruned student of an int8 model, the student of a pruned one). */
  parent: modelRefSchema.optional(),
  /** The teacher a student was distilled from. */
  teacher: modelRefSchema.optional(),
  /** Distillation temperature T (soft targets are softmax(logits / T)). */
  temperature: z.number().positive().optional(),
  /** Weight of the distillation term; 1 - alpha weighs the hard-label cross-entropy. */
  alpha: z.number().min(0).max(1).optional(),
});
export type ModelLineage = z.infer<typeof modelLineageSchema>;

export const layerSparsitySchema = z.object({
  layer: z.string().min(1),
  weights: z.number().int().nonnegative(),
  zeros: z.number().int().nonnegative(),
  sparsity: z.number().min(0).max(1),
});

/** Magnitude pruning: the share of prunable weights (conv and dense kernels) that are zero. */
export const sparsitySchema = z.object({
  target: z.number().min(0).max(1),
  achieved: z.number().min(0).max(1),
  /** `layer`: each layer pruned to the target; `global`: one magnitude threshold across layers. */
  scope: z.enum(['layer', 'global']),
  schedule: z.enum(['one-shot', 'gradual']),
  layers: z.array(layerSparsitySchema),
});
export type Sparsity = z.infer<typeof sparsitySchema>;

/** How an int8 model computes: `weights` dequantizes int8 weights to float, `dynamic` and `static` run integer kernels. */
export const quantizationSchema = z.object({
  mode: z.enum(['weights', 'dynamic', 'static']),
  /** Always per-output-channel symmetric int8 weights. */
  weights: z.literal('int8-per-channel-symmetric'),
  activations: z.enum(['float', 'uint8-dynamic', 'uint8-static']),
  /** Training images the static activation ranges were calibrated on. */
  calibrationSamples: z.number().int().positive().optional(),
});
export type Quantization = z.infer<typeof quantizationSchema>;

/** What a shrunk variant is: the role it plays in teacher → student → pruned → int8. */
export const modelVariantSchema = z.object({
  kind: z.enum(['teacher', 'student', 'pruned', 'quantized']),
  sparsity: sparsitySchema.optional(),
  quantization: quantizationSchema.optional(),
});
export type ModelVariant = z.infer<typeof modelVariantSchema>;

export const modelManifestSchema = z.object({
  schemaVersion: z.literal(1),
  name: modelNameSchema,
  version: modelVersionSchema,
  task: z.literal('image-classification'),
  labels: z.array(z.string().min(1)).min(2),
  input: inputSpecSchema,
  output: outputSpecSchema,
  metrics: metricsSchema,
  artifacts: z.object({ model: artifactSchema }).catchall(artifactSchema),
  training: trainingConfigSchema,
  createdAt: z.iso.datetime(),
  /** Set on models made by `trainer optimize`; absent on plain training runs. */
  variant: modelVariantSchema.optional(),
  lineage: modelLineageSchema.optional(),
});
export type ModelManifest = z.infer<typeof modelManifestSchema>;

/** A text model's input: token ids from the shared tokenizer, `[batch, maxLength]` float32 (the graph casts to int64). */
export const textInputSpecSchema = z.object({
  kind: z.literal('text'),
  /** Name of the ONNX graph input. */
  name: z.string().min(1),
  /** Tokens per text after truncation and padding. */
  maxLength: z.number().int().positive(),
  /** Ids in the vocabulary, `<pad>` and `<unk>` included. */
  vocabularySize: z.number().int().min(2),
  /** The vocabulary artifact: `artifacts.vocabulary` holds the same key and sha256. */
  vocabulary: z.object({ key: z.string().min(1), sha256: sha256HexSchema }),
  tokenizer: textTokenizerParamsSchema,
  /** Longest text, in characters, the edge accepts before tokenising. */
  maxChars: z.number().int().positive(),
});
export type TextInputSpec = z.infer<typeof textInputSpecSchema>;

/** A text classifier: same envelope as an image model, a text input, and the vocabulary as a second artifact. */
export const textModelManifestSchema = modelManifestSchema.extend({
  task: z.literal('text-classification'),
  input: textInputSpecSchema,
  artifacts: z.object({ model: artifactSchema, vocabulary: artifactSchema }).catchall(artifactSchema),
});
export type TextModelManifest = z.infer<typeof textModelManifestSchema>;

/** Any published model: narrow on `task` (`image-classification` is `ModelManifest`). */
export const anyModelManifestSchema = z.discriminatedUnion('task', [modelManifestSchema, textModelManifestSchema]);
export type AnyModelManifest = z.infer<typeof anyModelManifestSchema>;
