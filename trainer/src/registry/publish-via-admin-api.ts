import { anyModelManifestSchema, sha256Hex, type AnyModelManifest, type ModelChannels } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { AdminApiClient } from './admin-api-client.ts';

export type AdminPublishStep = { kind: 'artifact'; name: string } | { kind: 'manifest' } | { kind: 'promote' };

/**
 * Publishes a version through the worker's admin API, with no object store: each artifact
 * (sha256-checked by R2 on write), then the manifest (which the worker writes only after checking
 * every artifact it names), then, when asked, the promotion. Until the manifest is in, the
 * version does not exist for readers.
 */
export async function publishViaAdminApi(params: {
  client: AdminApiClient;
  manifest: AnyModelManifest;
  artifacts: Record<string, Uint8Array>;
  promote?: 'production' | { channel: 'canary' | 'shadow'; percent: number };
  onStep?: (step: AdminPublishStep) => void | Promise<void>;
}): Promise<{ manifest: AnyModelManifest; channels?: ModelChannels }> {
  const { client, artifacts, onStep } = params;
  const manifest = anyModelManifestSchema.parse(params.manifest);
  for (const [artifactName, artifact] of Object.entries(manifest.artifacts)) {
    const bytes = artifacts[artifactName];
    if (!bytes) throw new TrainerError('invalid_argument', `no bytes given for artifact "${artifactName}"`);
    if ((await sha256Hex(bytes)) !== artifact.sha256) throw new TrainerError('integrity_mismatch', `artifact "${artifactName}" does not match its sha256`);
    const file = artifact.key.slice(artifact.key.lastIndexOf('/') + 1);
    await onStep?.({ kind: 'artifact', name: artifactName });
    await client.uploadArtifact(manifest.name, manifest.version, file, bytes, artifact);
  }
  await onStep?.({ kind: 'manifest' });
  await client.commitManifest(manifest);
  if (!params.promote) return { manifest };
  await onStep?.({ kind: 'promote' });
  const request = params.promote === 'production' ? { version: manifest.version, channel: 'production' as const } : { version: manifest.version, ...params.promote };
  return { manifest, channels: await client.promote(manifest.name, request) };
}
