import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { textModelManifestSchema, type TextModelManifest } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import { GOLDEN_FILE } from '../golden/add-golden-artifact.ts';
import type { ObjectStore } from '../publish/object-store.ts';
import { publishModelVersion } from '../publish/publish-model-version.ts';

/**
 * Publishes a `trainer text train` run folder (manifest.json, model.onnx, vocabulary.json, golden.json) as the
 * production version. The manifest on disk is published as written: its artifact keys name the model,
 * so a different name needs a new run (`--name`), not a rename here.
 */
export async function publishTextRun(params: { dir: string; store: ObjectStore }): Promise<TextModelManifest> {
  const { manifest, artifacts } = await readTextRunVersion(params.dir);
  await publishModelVersion({ store: params.store, manifest, artifacts });
  return manifest;
}

/** A text run folder's manifest and the bytes of each artifact it names. */
export async function readTextRunVersion(dir: string): Promise<{ manifest: TextModelManifest; artifacts: Record<string, Uint8Array> }> {
  const params = { dir };
  const read = async (file: string): Promise<Buffer> => {
    try {
      return await readFile(path.join(params.dir, file));
    } catch {
      throw new TrainerError('invalid_argument', `${params.dir} has no readable ${file}: is it a \`trainer text train\` run folder?`);
    }
  };
  const parsed = textModelManifestSchema.safeParse(JSON.parse((await read('manifest.json')).toString('utf8')));
  if (!parsed.success) throw new TrainerError('invalid_argument', `${path.join(params.dir, 'manifest.json')} is not a text model manifest: ${parsed.error.message}`);
  const artifacts: Record<string, Uint8Array> = { model: new Uint8Array(await read('model.onnx')), vocabulary: new Uint8Array(await read('vocabulary.json')) };
  // Runs trained before golden vectors were published have none; newer manifests name golden.json.
  if (parsed.data.artifacts.golden) artifacts.golden = new Uint8Array(await read(GOLDEN_FILE));
  return { manifest: parsed.data, artifacts };
}
