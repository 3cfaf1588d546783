import { artifactKey, sha256Hex, type AnyModelManifest, type GoldenVectors } from '@edgeml/shared';

export const GOLDEN_FILE = 'golden.json';

/** The manifest with a `golden` artifact (golden.json beside model.onnx) and that artifact's bytes. */
export async function addGoldenArtifact<M extends AnyModelManifest>(manifest: M, golden: GoldenVectors): Promise<{ manifest: M; bytes: Uint8Array }> {
  const bytes = new TextEncoder().encode(`${JSON.stringify(golden)}\n`);
  const artifact = { key: artifactKey(manifest.name, manifest.version, GOLDEN_FILE), bytes: bytes.length, sha256: await sha256Hex(bytes), contentType: 'application/json' };
  return { manifest: { ...manifest, artifacts: { ...manifest.artifacts, golden: artifact } }, bytes };
}
