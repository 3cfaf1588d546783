import type { ApiToken, Dataset, TrainingJob, TrainingJobRequest, TrainingJobRequestInput } from '@edgeml/shared';

/**
 * The training API's examples (datasets, jobs, runner calls, tokens), shown in `/openapi.json` and
 * on `/docs`; `training-examples.test.ts` parses each with its schema.
 */
const AT = '2026-12-01T08:00:00.000Z';
const RUNNER = 'gpu-node-1/4821';
const DATASET_ID = 'ds-20261201080000-k3v9q2';
const JOB_ID = 'tj-20261201080500-m4x8p1qz';

const dataset: Dataset = {
  schemaVersion: 1,
  id: DATASET_ID,
  name: 'support-tickets.csv',
  builtin: false,
  task: 'text-classification',
  format: 'csv',
  bytes: 48213,
  sha256: '5e1c'.repeat(16),
  rows: 412,
  labels: ['ham', 'spam'],
  classCounts: { ham: 301, spam: 111 },
  problems: [{ line: 37, message: 'missing label' }],
  problemCount: 1,
  owner: 'alice',
  createdAt: AT,
};

const jobRequest = {
  task: 'text-classification',
  model: 'spam',
  dataset: DATASET_ID,
  run: { architecture: 'transformer', epochs: 3 },
  after: { int8: true, publish: { channel: 'canary', percent: 10 } },
} satisfies TrainingJobRequestInput;

const parsedRequest: TrainingJobRequest = {
  ...jobRequest,
  run: { architecture: 'transformer', blocks: 1, epochs: 3, batchSize: 64, vocabularySize: 8000, maxLength: 200, seed: 42 },
  after: { int8: true, publish: { channel: 'canary', percent: 10 } },
};

const job: TrainingJob = {
  schemaVersion: 1,
  id: JOB_ID,
  request: parsedRequest,
  status: 'running',
  owner: 'alice',
  lease: { owner: RUNNER, expiresAt: '2026-12-01T08:10:00.000Z' },
  events: [
    { type: 'log', at: '2026-12-01T08:05:02.000Z', message: 'training on tensorflow (CUDA), 412 texts' },
    {
      type: 'epoch',
      at: '2026-12-01T08:05:09.000Z',
      phase: 'train',
      epoch: 1,
      epochs: 3,
      loss: 0.412,
      accuracy: 0.861,
      validationLoss: 0.298,
      validationAccuracy: 0.902,
      learningRate: 0.001,
      samplesPerSecond: 1840,
      etaSeconds: 14,
    },
  ],
  createdAt: '2026-12-01T08:05:00.000Z',
  startedAt: '2026-12-01T08:05:01.000Z',
  updatedAt: '2026-12-01T08:05:09.000Z',
};

const token: ApiToken = { schemaVersion: 1, name: 'alice', scopes: ['training'], limits: { maxRunningJobs: 2, maxDatasetBytes: 268435456 }, createdAt: AT };

export const trainingExamples = {
  dataset,
  datasets: { datasets: [dataset] },
  datasetCsv: 'text,label\n"WIN a FREE cruise, reply now",spam\nare we still on for lunch tomorrow?,ham\n',
  jobRequest,
  job,
  jobs: { jobs: [job] },
  claimRequest: { owner: RUNNER, leaseSeconds: 300 },
  eventsRequest: { owner: RUNNER, leaseSeconds: 300, events: [job.events[1]!] },
  publishingRequest: { owner: RUNNER },
  completeRequest: { owner: RUNNER, status: 'succeeded' as const, result: { version: '20261201T081000Z-77aa33cc', channel: 'canary' as const, metrics: { testAccuracy: 0.957 }, report: { int8: { accuracyDrop: 0.002 } } } },
  releaseRequest: { owner: RUNNER, reason: 'told to stop: the job was cancelled' },
  tokenRequest: { name: 'alice', scopes: ['training'] as ApiToken['scopes'] },
  token,
  createdToken: { ...token, token: 'edgeml_Qm9vLXRoaXMtaXMtYW4tZXhhbXBsZS10b2tlbg' },
  tokens: { tokens: [token] },
};
