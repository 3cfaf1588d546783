import { feedbackRequestSchema, type FeedbackBatch, type ModelManifest } from '@edgeml/shared';
import { checkNumberArrays } from '../errors/check-number-arrays.ts';
import { EdgeError } from '../errors/edge-error.ts';
import { validationFailed } from '../errors/validation-failed.ts';
import { MAX_PIXEL_VALUES } from '../predict/read-predict-request.ts';

const SCHEMA_MESSAGE = 'the JSON body does not match the feedback request schema';

/**
 * Validates one feedback body against the model it is for (labels it has, pixel count of its
 * input) and at most `maxExamples` examples; returns the examples with pixels normalised to 0-255.
 * Throws EdgeError `invalid_json` or `validation_failed`.
 */
export function parseFeedbackRequest(manifest: ModelManifest, body: Uint8Array, maxExamples: number): FeedbackBatch['examples'] {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body));
  } catch (error) {
    throw new EdgeError('invalid_json', `the body is not valid JSON: ${(error as Error).message.slice(0, 200)}`);
  }
  checkNumberArrays(examplePixels(json, maxExamples), MAX_PIXEL_VALUES, SCHEMA_MESSAGE);
  const parsed = feedbackRequestSchema.safeParse(json);
  if (!parsed.success) throw validationFailed(SCHEMA_MESSAGE, parsed.error.issues);
  const [, height, width] = manifest.input.shape;
  return parsed.data.examples.map((example, index) => {
    if (!manifest.labels.includes(example.label)) {
      throw new EdgeError('validation_failed', `examples.${index}.label "${example.label.slice(0, 64)}" is not a label of ${manifest.name}`, { labels: manifest.labels });
    }
    if (example.pixels.length !== height * width) {
      throw new EdgeError('validation_failed', `examples.${index}.pixels has ${example.pixels.length} values; ${manifest.name} takes ${height}×${width}`);
    }
    const scale = example.scale ?? 255;
    if (example.pixels.some((p) => p < 0 || p > scale)) throw new EdgeError('validation_failed', `examples.${index}.pixels must be within [0, ${scale}]`);
    const pixels = scale === 255 ? example.pixels : example.pixels.map((p) => p * 255);
    return { ...example, pixels, scale: 255 as const };
  });
}

/** Where a feedback body holds pixel arrays, for checkNumberArrays; more examples than allowed are refused first. */
function examplePixels(json: unknown, maxExamples: number): [PropertyKey[], unknown][] {
  const examples = typeof json === 'object' && json !== null ? (json as { examples?: unknown }).examples : undefined;
  if (!Array.isArray(examples)) return [];
  if (examples.length > maxExamples) throw validationFailed(SCHEMA_MESSAGE, [{ path: ['examples'], message: `holds ${examples.length} examples, over the limit of ${maxExamples} per request` }]);
  return examples.map((example: unknown, i): [PropertyKey[], unknown] => [['examples', i, 'pixels'], typeof example === 'object' && example !== null ? (example as { pixels?: unknown }).pixels : undefined]);
}
