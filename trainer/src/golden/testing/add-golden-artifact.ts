import { artifactKey, sha256Hex, type AnyModelManifest, type GoldenVectors } from '@edgeml/shared';

/** Test support: the manifest with its `golden` artifact replaced by `golden` (wrong ones, say), and that artifact's bytes. Versions get theirs from buildVersion. */
export async function addGoldenArtifact<M extends AnyModelManifest>(manifest: M, golden: GoldenVectors): Promise<{ manifest: M; bytes: Uint8Array }> {
  const bytes = new TextEncoder().encode(`${JSON.stringify(golden)}\n`);
  const artifact = { key: artifactKey(manifest.name, manifest.version, 'golden.json'), bytes: bytes.length, sha256: await sha256Hex(bytes), contentType: 'application/json' };
  return { manifest: { ...manifest, artifacts: { ...manifest.artifacts, golden: artifact } }, bytes };
}
