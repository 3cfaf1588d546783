import {
  anyModelManifestSchema,
  artifactKey,
  DEFAULT_TEXT_TOKENIZER_PARAMS,
  sha256Hex,
  type TextTokenizer,
  type AnyModelManifest,
  type ForeignManifest,
  type ModelLineage,
  type ModelManifest,
  type ModelVariant,
} from '@edgeml/shared';
import { toTrainingCurves } from '../curves/to-training-curves.ts';
import { goldenInputs, type GoldenInputSpec } from '../golden/golden-inputs.ts';
import { servingGoldenVectors } from '../golden/serving-golden-vectors.ts';
import { exportOnnx, type ExportOnnxOptions } from '../onnx/export-onnx.ts';
import { readVocabulary, type VocabularyInput } from '../text/read-vocabulary.ts';
import type { LayersModel } from '../tf.ts';
import type { ImageRunRecord, RunRecord } from './run-record.ts';

/** Longest text the edge accepts, in characters: far more than `maxLength` words, bounded so a request cannot stall an isolate. */
export const DEFAULT_MAX_TEXT_CHARS = 20_000;

/** An ONNX graph and the names and kind of its input and output. */
export interface OnnxGraph {
  bytes: Uint8Array;
  inputName: string;
  outputName: string;
  outputKind: 'probabilities' | 'logits';
}

/**
 * What the version serves. A tfjs model is exported here. ONNX bytes are published as given; `model`,
 * the tfjs model they were exported from, cross-checks the golden outputs, else (int8, foreign ONNX)
 * onnxruntime-node does.
 */
export type VersionSource = { model: LayersModel; exportOptions?: ExportOnnxOptions } | { onnx: OnnxGraph; model?: LayersModel };

export type BuildVersionParams = {
  source: VersionSource;
  /** Default: the run's or the foreign manifest's name. */
  name?: string;
  /** Default: the foreign manifest's, else `<time>-<model sha256>`. */
  version?: string;
  now?: Date;
  variant?: ModelVariant;
  lineage?: ModelLineage;
  /** A text model's vocabulary.json. */
  vocabulary?: Uint8Array;
} & ({ run: RunRecord } | { foreign: ForeignManifest });

export interface BuiltVersion<M extends AnyModelManifest> {
  manifest: M;
  /** The bytes of each artifact the manifest names. */
  artifacts: Record<string, Uint8Array>;
  onnx: OnnxGraph;
}

/**
 * The one place a version is made: its manifest and every artifact, the ONNX model, a text model's
 * vocabulary, golden vectors always (see servingGoldenVectors) and the training curves when the run
 * has any. Every publisher (image and text runs, int8, shrink variants, retrain challengers,
 * foreign ONNX) comes through here.
 */
export async function buildVersion(params: BuildVersionParams & { run: ImageRunRecord }): Promise<BuiltVersion<ModelManifest>>;
export async function buildVersion(params: BuildVersionParams): Promise<BuiltVersion<AnyModelManifest>>;
export async function buildVersion(params: BuildVersionParams): Promise<BuiltVersion<AnyModelManifest>> {
  const onnx = 'onnx' in params.source ? params.source.onnx : exportOnnx(params.source.model, params.source.exportOptions);
  const vocabularyInput: VocabularyInput = 'run' in params ? (params.run.task === 'text-classification' ? { kind: 'text', maxLength: params.run.maxLength } : { kind: 'image' }) : params.foreign.input;
  const tokenizer = readVocabulary(vocabularyInput, params.vocabulary);
  const draft = 'run' in params ? runDraft(params.run, onnx, tokenizer) : params.foreign;

  const now = params.now ?? new Date();
  const name = params.name ?? draft.name;
  const modelSha = await sha256Hex(onnx.bytes);
  const version = params.version ?? draft.version ?? makeVersion(now, modelSha);
  const artifacts: Record<string, Uint8Array> = { model: onnx.bytes };
  const entries: AnyModelManifest['artifacts'] = { model: { key: artifactKey(name, version, 'model.onnx'), bytes: onnx.bytes.length, sha256: modelSha, contentType: 'application/octet-stream' } };
  const add = async (artifact: string, file: string, bytes: Uint8Array): Promise<void> => {
    artifacts[artifact] = bytes;
    entries[artifact] = { key: artifactKey(name, version, file), bytes: bytes.length, sha256: await sha256Hex(bytes), contentType: 'application/json' };
  };
  if (params.vocabulary) await add('vocabulary', 'vocabulary.json', params.vocabulary);
  // Runs made without per-epoch logs (shrinking steps, foreign ONNX) publish no curves.
  if ('run' in params && params.run.history.length > 0) await add('curves', 'curves.json', json(toTrainingCurves(params.run.history)));
  const input: GoldenInputSpec = draft.task === 'text-classification' ? { kind: 'text', tokenizer: tokenizer! } : { kind: 'image', spec: draft.input };
  await add('golden', 'golden.json', json(await goldenVectors(params.source, onnx, input, params.variant)));

  const manifest = anyModelManifestSchema.parse({
    ...draft,
    name,
    version,
    ...(draft.task === 'text-classification' ? { input: { ...draft.input, vocabulary: { key: entries.vocabulary!.key, sha256: entries.vocabulary!.sha256 } } } : {}),
    artifacts: entries,
    createdAt: now.toISOString(),
    ...(params.variant ? { variant: params.variant } : {}),
    ...(params.lineage ? { lineage: params.lineage } : {}),
  });
  return { manifest, artifacts, onnx };
}

/** A sortable, content-addressed version: `20261128T121500Z-3f9a1c2b`. */
function makeVersion(createdAt: Date, sha256: string): string {
  const stamp = createdAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${sha256.slice(0, 8)}`;
}

/** A run's manifest fields, as a foreign model's author writes them. */
function runDraft(run: RunRecord, onnx: OnnxGraph, tokenizer: TextTokenizer | undefined): ForeignManifest {
  const common = { schemaVersion: 1 as const, name: run.name, labels: run.labels, output: { name: onnx.outputName, kind: onnx.outputKind, ...(run.metrics.temperature ? { temperature: run.metrics.temperature } : {}) }, metrics: run.metrics, training: run.training };
  if (run.task === 'text-classification') {
    const input = { kind: 'text' as const, name: onnx.inputName, maxLength: run.maxLength, vocabularySize: tokenizer!.vocabularySize, tokenizer: DEFAULT_TEXT_TOKENIZER_PARAMS, maxChars: DEFAULT_MAX_TEXT_CHARS };
    return { ...common, task: run.task, input };
  }
  const [height, width, channels] = run.imageShape;
  return { ...common, task: run.task, input: { kind: 'image', name: onnx.inputName, shape: [-1, height, width, channels], preprocessing: run.preprocessing } };
}

async function goldenVectors(source: VersionSource, onnx: OnnxGraph, input: GoldenInputSpec, variant: ModelVariant | undefined) {
  const { data, dims } = await goldenInputs(input);
  return servingGoldenVectors({ onnx, variant, model: source.model }, data, dims);
}

function json(value: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(value)}\n`);
}
