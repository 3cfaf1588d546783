import { compareGoldenOutputs, decodeFloat32Base64, goldenVectorsSchema, type AnyModelManifest } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { runSession, type OrtSession } from '../runtime/ort.ts';
import { readVerifiedArtifact } from '../storage/read-verified-artifact.ts';

/** Golden files hold a few inputs; anything larger is not one the trainer wrote. */
const MAX_GOLDEN_BYTES = 8 * 2 ** 20;

/**
 * Runs a version's golden inputs through its new session and throws `golden_mismatch` (503, with
 * the largest |Δ|) when any output differs from the trainer's reference beyond the published
 * tolerance: the model would answer differently here than where it was validated. A version
 * without a `golden` artifact (published before golden vectors existed) passes unchecked; a
 * missing, altered or malformed golden file makes the version `model_unavailable`.
 */
export async function checkGoldenVectors(bucket: R2Bucket, manifest: AnyModelManifest, session: OrtSession): Promise<void> {
  const artifact = manifest.artifacts.golden;
  if (!artifact) return;
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
  let actual: Float32Array;
  try {
    actual = await runSession(session, golden.input.name, input, golden.input.dims, golden.output.name);
  } catch (error) {
    console.error(`running the golden inputs of ${label} failed:`, error);
    throw new EdgeError('model_unavailable', `model ${label} failed to run its golden inputs`);
  }
  const result = compareGoldenOutputs(expected, actual, golden.tolerance);
  if (!result.ok) {
    throw new EdgeError(
      'golden_mismatch',
      `model ${label} is not served: ${result.mismatches} of its golden outputs differ from the ${golden.reference} reference beyond tolerance (max |Δ| ${result.maxAbsDiff})`,
      { model: manifest.name, version: manifest.version, reference: golden.reference, maxAbsDiff: finite(result.maxAbsDiff), tolerance: golden.tolerance, mismatches: result.mismatches, values: expected.length },
    );
  }
}

/** JSON has no Infinity: a NaN output or a length mismatch reports null. */
function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
