import { anyModelManifestSchema, listAll, manifestKey, versionsPrefix, type AnyModelManifest } from '@edgeml/shared';
import { readJson } from '../storage/read-json.ts';

/**
 * The manifest of every version of `name`, image or text, newest first. A version without a
 * readable manifest is half-published or half-deleted: not listed (an unreadable one is logged).
 */
export async function listVersionManifests(bucket: R2Bucket, name: string): Promise<AnyModelManifest[]> {
  const { folders } = await listAll(bucket, versionsPrefix(name), { delimiter: '/' });
  const manifests = await Promise.all(folders.map((version) => readJson(bucket, manifestKey(name, version), anyModelManifestSchema, { onInvalid: 'skip' })));
  return manifests.filter((manifest) => manifest !== null).sort((a, b) => b.version.localeCompare(a.version));
}
