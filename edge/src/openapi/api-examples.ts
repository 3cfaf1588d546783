import type {
  AdminVersionsResponse,
  Artifact,
  AuditEntry,
  FeedbackRequest,
  FeedbackResponse,
  LegacyPredictResponse,
  ModelChannels,
  ModelManifest,
  ModelsListResponse,
  ModelVersionsResponse,
  PredictResponse,
  ShadowSummaryResponse,
  TextPredictResponse,
  TrainingCurves,
} from '@edgeml/shared';

/**
 * One real example per request and answer of the API, shown in `/openapi.json` and on `/docs`.
 * Each is typed by its wire type, and `api-examples.test.ts` parses each with its schema.
 */
const VERSION = '20261128T120000Z-abcdef12';
const PREVIOUS = '20261120T090000Z-0a1b2c3d';
const CANDIDATE = '20261201T080000Z-9f8e7d6c';
const AT = '2026-12-01T08:00:00.000Z';
const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const SEVEN = [0.001, 0.002, 0.004, 0.003, 0.001, 0.002, 0.0, 0.981, 0.002, 0.004];

const manifest: ModelManifest = {
  schemaVersion: 1,
  name: 'mnist',
  version: VERSION,
  task: 'image-classification',
  labels: DIGITS,
  input: { kind: 'image', name: 'input', shape: [-1, 28, 28, 1], preprocessing: { recipe: 'mnist', size: 28, fitSize: 20, invert: 'auto', mean: 0.1307, std: 0.3081 } },
  output: { name: 'probs', kind: 'probabilities' },
  metrics: { testAccuracy: 0.9871, testLoss: 0.041, testSamples: 10000 },
  artifacts: { model: { key: `models/mnist/versions/${VERSION}/model.onnx`, bytes: 94508, sha256: 'a3f1'.repeat(16), contentType: 'application/octet-stream' } },
  training: { architecture: 'small-cnn', dataset: 'mnist', epochs: 4, batchSize: 64, optimizer: 'adam', learningRate: 0.002, seed: 7, backend: 'wasm' },
  createdAt: '2026-11-28T12:00:00.000Z',
};

const channels: ModelChannels = { schemaVersion: 1, name: 'mnist', production: VERSION, canary: { version: CANDIDATE, percent: 10 }, previous: [PREVIOUS], updatedAt: AT };

export const apiExamples = {
  health: { status: 'ok' as const, isolate: { wasmMemoryBytes: 23_068_672 } },
  models: { models: [{ name: 'mnist', version: VERSION, task: 'image-classification', labels: DIGITS, metrics: manifest.metrics, createdAt: manifest.createdAt }] } satisfies ModelsListResponse,
  manifest,
  versions: {
    name: 'mnist',
    versions: [
      { version: VERSION, createdAt: manifest.createdAt, metrics: manifest.metrics, channels: ['production'], curves: true },
      { version: PREVIOUS, createdAt: '2026-11-20T09:00:00.000Z', metrics: { testAccuracy: 0.9812 }, channels: ['previous'], curves: false },
    ],
  } satisfies ModelVersionsResponse,
  curves: {
    schemaVersion: 1,
    epochs: [
      { epoch: 1, loss: 0.312, accuracy: 0.905, validationLoss: 0.102, validationAccuracy: 0.968, seconds: 41.2 },
      { epoch: 2, loss: 0.088, accuracy: 0.973, validationLoss: 0.061, validationAccuracy: 0.981, seconds: 40.7 },
    ],
  } satisfies TrainingCurves,
  shadowSummary: {
    name: 'mnist',
    shadow: { version: CANDIDATE, percent: 20 },
    agreements: [{ shadowVersion: CANDIDATE, servedVersion: VERSION, requests: 412, failures: 0, compared: 433, top1Agreement: 0.993, meanMaxDelta: 0.012, maxDelta: 0.41, firstAt: '2026-12-01T08:05:00.000Z', lastAt: '2026-12-01T10:40:00.000Z' }],
    truncated: false,
  } satisfies ShadowSummaryResponse,
  pixelsRequest: { pixels: Array.from({ length: 784 }, (_, i) => (Math.abs((i % 28) - 14) < 2 && i > 112 && i < 672 ? 255 : 0)), topK: 3 },
  textRequest: { texts: ['WIN a FREE cruise, reply now', 'are we still on for lunch tomorrow?'] },
  prediction: {
    model: 'mnist',
    version: VERSION,
    predictions: [{ label: '7', index: 7, confidence: 0.981, top: [{ label: '7', index: 7, confidence: 0.981 }, { label: '2', index: 2, confidence: 0.004 }, { label: '9', index: 9, confidence: 0.004 }], probabilities: SEVEN }],
    timing: { preprocessMs: 0.41, inferenceMs: 1.18, totalMs: 1.74 },
  } satisfies PredictResponse,
  textPrediction: {
    model: 'spam',
    version: VERSION,
    predictions: [
      { label: 'spam', confidence: 0.97, probabilities: { ham: 0.03, spam: 0.97 }, tokens: 6, unknownTokens: 1, truncated: false, unknownWords: ['cruise'], truncatedWords: [] },
      { label: 'ham', confidence: 0.94, probabilities: { ham: 0.94, spam: 0.06 }, tokens: 7, unknownTokens: 0, truncated: false, unknownWords: [], truncatedWords: [] },
    ],
    timing: { preprocessMs: 0.08, inferenceMs: 0.9, totalMs: 1.02 },
  } satisfies TextPredictResponse,
  legacyPrediction: { predicted_class: 7, confidence: 0.981, status: 'success' } satisfies LegacyPredictResponse,
  feedbackRequest: { examples: [{ pixels: Array.from({ length: 784 }, (_, i) => (i % 29 === 0 ? 255 : 0)), label: '7' }] } satisfies FeedbackRequest,
  feedbackResponse: { id: '20261201T081500Z-5c2e91', stored: 1, date: '2026-12-01', remainingToday: 1999 } satisfies FeedbackResponse,
  error: { error: { code: 'version_not_found', message: `model "mnist" has no version "${CANDIDATE}"`, details: { model: 'mnist', version: CANDIDATE } } },
  legacyError: { error: 'the image cannot be decoded: not a PNG or JPEG', status: 'error' as const },
  channels,
  adminVersions: { name: 'mnist', versions: [{ version: CANDIDATE, createdAt: AT, channels: ['canary'] }, { version: VERSION, createdAt: manifest.createdAt, channels: ['production'] }, { version: PREVIOUS, createdAt: '2026-11-20T09:00:00.000Z', channels: ['previous'] }] } satisfies AdminVersionsResponse,
  audit: { entries: [{ at: AT, action: 'promote', model: 'mnist', version: CANDIDATE, before: { ...channels, canary: undefined }, after: channels }] satisfies AuditEntry[] },
  promoteRequest: { version: CANDIDATE, channel: 'canary' as const, percent: 10 },
  canaryRequest: { percent: 25 },
  shadowRequest: { version: CANDIDATE, percent: 20 },
  artifact: { key: `models/mnist/versions/${CANDIDATE}/model.onnx`, bytes: 94508 } satisfies Pick<Artifact, 'key' | 'bytes'>,
  sha256: 'a3f1'.repeat(16),
};
