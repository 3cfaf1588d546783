import type { GoldenVectors, ImagePreprocessing } from '@edgeml/shared';
import { goldenImageInputs } from './golden-image-inputs.ts';
import { servingGoldenVectors, type GoldenSource } from './serving-golden-vectors.ts';

/** Golden vectors of an image model on `goldenImageInputs` (see servingGoldenVectors). */
export async function imageGoldenVectors(
  source: GoldenSource,
  run: { imageShape: readonly [number, number, number]; preprocessing: ImagePreprocessing },
): Promise<GoldenVectors> {
  const { data, dims } = await goldenImageInputs(run.imageShape, run.preprocessing);
  return servingGoldenVectors(source, data, dims);
}
