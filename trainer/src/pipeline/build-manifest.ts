import { artifactKey, modelManifestSchema, sha256Hex, type ModelManifest } from '@edgeml/shared';
import type { ExportedRun } from './export-run.ts';
import type { RunRecord } from './run-record.ts';

/** A sortable, content-addressed version: `20261128T121500Z-3f9a1c2b`. */
export function makeVersion(createdAt: Date, sha256: string): string {
  const stamp = createdAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${sha256.slice(0, 8)}`;
}

/**
 * The manifest published with a run's ONNX export; with `curves` (the bytes of its curves.json),
 * an optional `curves` artifact that older readers ignore.
 */
export async function buildManifest(params: { run: RunRecord; onnx: ExportedRun; name?: string; version?: string; now?: Date; curves?: Uint8Array }): Promise<ModelManifest> {
  const { run, onnx } = params;
  const name = params.name ?? run.name;
  const now = params.now ?? new Date();
  const sha256 = await sha256Hex(onnx.bytes);
  const version = params.version ?? makeVersion(now, sha256);
  const [height, width, channels] = run.imageShape;
  return modelManifestSchema.parse({
    schemaVersion: 1,
    name,
    version,
    task: 'image-classification',
    labels: run.labels,
    input: { kind: 'image', name: onnx.inputName, shape: [-1, height, width, channels], preprocessing: run.preprocessing },
    output: { name: onnx.outputName, kind: onnx.outputKind, ...(run.metrics.temperature ? { temperature: run.metrics.temperature } : {}) },
    metrics: run.metrics,
    artifacts: {
      model: {
        key: artifactKey(name, version, 'model.onnx'),
        bytes: onnx.bytes.length,
        sha256,
        contentType: 'application/octet-stream',
      },
      ...(params.curves
        ? { curves: { key: artifactKey(name, version, 'curves.json'), bytes: params.curves.length, sha256: await sha256Hex(params.curves), contentType: 'application/json' } }
        : {}),
    },
    training: run.training,
    createdAt: now.toISOString(),
  });
}
