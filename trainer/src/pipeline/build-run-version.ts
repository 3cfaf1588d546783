import type { AnyModelManifest } from '@edgeml/shared';
import { buildVersion, type BuiltVersion } from './build-version.ts';
import { loadRun } from './load-run.ts';

/**
 * The version a run folder (image or text) publishes as. It exports the saved weights rather than
 * trusting a `model.onnx` on disk, so the ONNX always matches them.
 */
export async function buildRunVersion(params: { dir: string; name?: string; version?: string }): Promise<BuiltVersion<AnyModelManifest>> {
  const { run, model, exportOptions, vocabulary } = await loadRun(params.dir);
  try {
    return await buildVersion({ source: { model, exportOptions }, run, vocabulary, name: params.name, version: params.version });
  } finally {
    model.dispose();
  }
}
