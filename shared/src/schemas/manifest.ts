import { z } from 'zod';

/** Lower-case slug used in URLs and R2 keys: `mnist`, `mnist-small`. */
export const modelNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'model names are 1-63 characters of a-z, 0-9 and "-"');

/** Versions sort by time: `20261128T121500Z-3f9a1c`. */
export const modelVersionSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, 'versions are 1-80 characters of A-Z, a-z, 0-9, ".", "_" and "-"');

export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lower-case hex characters');

/** How a raw image becomes the model's input tensor: the MNIST recipe, parameterised. */
export const imagePreprocessingSchema = z.object({
  recipe: z.literal('mnist'),
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
export type ImagePreprocessing = z.infer<typeof imagePreprocessingSchema>;

export const imageInputSpecSchema = z.object({
  kind: z.literal('image'),
  /** Name of the ONNX graph input. */
  name: z.string().min(1),
  /** The ONNX input is NHWC, as tfjs: [batch, height, width, channels]. */
  shape: z.tuple([z.literal(-1), z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]),
  preprocessing: imagePreprocessingSchema,
});
export type ImageInputSpec = z.infer<typeof imageInputSpecSchema>;

export const inputSpecSchema = imageInputSpecSchema;
export type InputSpec = z.infer<typeof inputSpecSchema>;

export const outputSpecSchema = z.object({
  /** Name of the ONNX graph output. */
  name: z.string().min(1),
  /** `probabilities` when the graph ends in softmax, else `logits` (the edge applies softmax). */
  kind: z.enum(['probabilities', 'logits']),
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
});
export type ModelManifest = z.infer<typeof modelManifestSchema>;
