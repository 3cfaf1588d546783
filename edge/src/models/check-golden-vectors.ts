import { compareGoldenOutputs, type AnyModelManifest } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { runSession, type OrtSession } from '../runtime/ort.ts';
import type { ReadGoldenVectors } from './read-golden-vectors.ts';

/**
 * Runs a version's golden inputs (`readGoldenVectors`) through its new session and throws
 * `golden_mismatch` (503, with the largest |Δ|) when any output differs from the trainer's
 * reference beyond the published tolerance: the model would answer differently here than where it
 * was validated. A version without golden vectors (published before they existed) passes unchecked.
 */
export async function checkGoldenVectors(read: ReadGoldenVectors | undefined, manifest: AnyModelManifest, session: OrtSession): Promise<void> {
  if (!read) return;
  const { golden, input, expected } = read;
  const label = `${manifest.name}@${manifest.version}`;
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
