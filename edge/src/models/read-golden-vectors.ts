import { decodeFloat32Base64, goldenVectorsSchema, type AnyModelManifest, type GoldenVectors } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { readVerifiedArtifact } from '../storage/read-verified-artifact.ts';

/** Golden files hold a few inputs; anything larger is not one the trainer wrote. */
const MAX_GOLDEN_BYTES = 8 * 2 ** 20;

/** A version's golden vectors, read, verified and decoded, ready for `checkGoldenVectors`. */
export interface ReadGoldenVectors {
  golden: GoldenVectors;
  input: Float32Array;
  expected: Float32Array;
}

/**
 * Reads a version's golden vectors (sha256-verified, schema-checked) and decodes them; undefined for
 * a version published before golden vectors existed. A missing, altered or malformed golden file,
 * or one for other input or output names than the manifest's, makes the version `model_unavailable`.
 */
export async function readGoldenVectors(bucket: R2Bucket, manifest: AnyModelManifest): Promise<ReadGoldenVectors | undefined> {
  const artifact = manifest.artifacts.golden;
  if (!artifact) return undefined;
  const label = `${manifest.name}@${manifest.version}`;
  const golden = await readVerifiedArtifact(bucket, artifact, `the golden vectors of ${label}`, { maxBytes: MAX_GOLDEN_BYTES, schema: goldenVectorsSchema });
  if (golden.input.name !== manifest.input.name || golden.output.name !== manifest.output.name) {
    throw new EdgeError('model_unavailable', `the golden vectors of ${label} are for "${golden.input.name}" → "${golden.output.name}", not the manifest's "${manifest.input.name}" → "${manifest.output.name}"`);
  }
  let input: Float32Array;
  let expected: Float32Array;
  try {
    input = decodeFloat32Base64(golden.input.float32Base64);
    expected = decodeFloat32Base64(golden.output.float32Base64);
  } catch (error) {
    throw new EdgeError('model_unavailable', `the golden vectors of ${label} are not float32 base64: ${(error as Error).message}`);
  }
  if (input.length !== golden.input.dims.reduce((product, dim) => product * dim, 1)) {
    throw new EdgeError('model_unavailable', `the golden input of ${label} has ${input.length} values, not [${golden.input.dims.join(', ')}]`);
  }
  return { golden, input, expected };
}
