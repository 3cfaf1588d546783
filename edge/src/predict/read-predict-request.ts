import { checkRequestPixels, MAX_PREDICT_BATCH, predictJsonRequestSchema } from '@edgeml/shared';
import type { EdgeConfig } from '../config/read-config.ts';
import { checkNumberArrays } from '../errors/check-number-arrays.ts';
import { clipInput } from '../errors/clip-input.ts';
import { EdgeError } from '../errors/edge-error.ts';
import { validationFailed } from '../errors/validation-failed.ts';
import { readBody } from '../http/read-body.ts';
import { parseTextPredictBody } from '../text/parse-text-predict-body.ts';
import { countMultipartParts } from './count-multipart-parts.ts';
import { inputCount, type PredictInput, type PredictRequest } from './predict-input.ts';

/** Most values one image's `pixels` may hold (a 1024×1024 image): the model's own size is checked later. */
export const MAX_PIXEL_VALUES = 1 << 20;
const SCHEMA_MESSAGE = 'the JSON body does not match the predict request schema';
/** Parts a multipart body may have besides its images (a note, a client's own fields). */
const EXTRA_MULTIPART_PARTS = 8;

/** Bodies taken as an encoded image; the decoder checks the signature, so octet-stream is fine too. */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/jpg', 'application/octet-stream']);

/** What the query may add to a body (`?version=`, `?topK=`), as the route validated it. */
export interface PredictQuery {
  version?: string;
  topK?: number;
}

/**
 * A predict request, its body read once within the size limit: a PNG or JPEG body,
 * `multipart/form-data` with one or more `image` files, JSON `{ pixels }` / `{ instances }`, or
 * JSON `{ text }` / `{ texts }` (within MAX_TEXT_CHARS; the model's own limit is checked once it
 * is known). Version and top-k come from the query or the body; both given and different is
 * `validation_failed`. Images are weighed from their headers against the worker's decoding limits
 * before any is decoded. Throws EdgeError `unsupported_media_type`, `invalid_json`,
 * `validation_failed`, `bad_request`, `empty_body` or `payload_too_large`; InputError
 * `invalid_image` or `payload_too_large`.
 */
export async function readPredictRequest(request: Request, config: EdgeConfig, query: PredictQuery = {}): Promise<PredictRequest> {
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const isJson = mediaType === 'application/json' || mediaType.endsWith('+json');
  const isMultipart = mediaType === 'multipart/form-data';
  if (!isJson && !isMultipart && !IMAGE_TYPES.has(mediaType)) {
    throw new EdgeError(
      'unsupported_media_type',
      mediaType
        ? `cannot predict from ${mediaType}: send image/png, image/jpeg, multipart/form-data or application/json`
        : 'the request has no Content-Type: send image/png, image/jpeg, multipart/form-data or application/json',
    );
  }
  const body = await readBody(request, config.maxBodyBytes);
  // The body's own input, and the version and top-k a JSON body may pin.
  const parsed: PredictRequest = isJson
    ? parseJson(body, config)
    : { input: { kind: 'images', images: isMultipart ? await parseMultipart(body, request.headers, config.maxBatch) : [body] } };
  checkBatch(parsed.input, config.maxBatch);
  if (parsed.input.kind === 'images') {
    const limits = { maxSide: config.maxImageSide, maxPixels: config.maxImagePixels, maxRequestPixels: config.maxRequestPixels };
    checkRequestPixels(parsed.input.images, limits);
    parsed.input.limits = limits;
  }
  if (query.version !== undefined && parsed.version !== undefined && query.version !== parsed.version) {
    throw new EdgeError('validation_failed', `version ${clipInput(query.version)} in the query and ${clipInput(parsed.version)} in the body differ`);
  }
  return { input: parsed.input, version: query.version ?? parsed.version, topK: query.topK ?? parsed.topK };
}

function parseJson(body: Uint8Array, config: EdgeConfig): PredictRequest {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body));
  } catch (error) {
    throw new EdgeError('invalid_json', `the body is not valid JSON: ${clipInput((error as Error).message, 200)}`);
  }
  // A text model's body is told from an image one by its keys.
  if (isRecord(json) && ('text' in json || 'texts' in json)) {
    const { texts, version } = parseTextPredictBody(json, config.maxTextChars, config.maxBatch);
    return { input: { kind: 'texts', texts }, version };
  }
  checkNumberArrays(pixelArrays(json), MAX_PIXEL_VALUES, SCHEMA_MESSAGE);
  const result = predictJsonRequestSchema.safeParse(json);
  if (!result.success) throw validationFailed(SCHEMA_MESSAGE, result.error.issues);
  const { pixels, instances, scale, topK, version } = result.data;
  const rows = pixels ? [pixels] : instances!.map((instance) => instance.pixels);
  return { input: { kind: 'pixels', instances: rows, scale: scale ?? 255 }, topK, version };
}

/** Where a predict body holds pixel arrays, for checkNumberArrays; a batch over the schema's limit is refused first. */
function pixelArrays(json: unknown): [PropertyKey[], unknown][] {
  if (!isRecord(json)) return [];
  const arrays: [PropertyKey[], unknown][] = [[['pixels'], json.pixels]];
  if (Array.isArray(json.instances)) {
    if (json.instances.length > MAX_PREDICT_BATCH) throw validationFailed(SCHEMA_MESSAGE, [{ path: ['instances'], message: `holds ${json.instances.length} images, over the limit of ${MAX_PREDICT_BATCH}` }]);
    json.instances.forEach((instance: unknown, i) => {
      if (isRecord(instance)) arrays.push([['instances', i, 'pixels'], instance.pixels]);
    });
  }
  return arrays;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

async function parseMultipart(body: Uint8Array, headers: Headers, maxBatch: number): Promise<Uint8Array[]> {
  const parts = countMultipartParts(body, headers.get('content-type')!);
  const maxParts = maxBatch + EXTRA_MULTIPART_PARTS;
  if (parts !== undefined && parts > maxParts) {
    throw new EdgeError('validation_failed', `the multipart body has ${parts} parts, over the limit of ${maxParts}`, { parts, limit: maxParts });
  }
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': headers.get('content-type')! } }).formData();
  } catch (error) {
    throw new EdgeError('bad_request', `the multipart body cannot be parsed: ${(error as Error).message}`);
  }
  const fields = form.getAll('image');
  if (fields.length === 0) throw new EdgeError('validation_failed', 'the multipart body has no "image" field');
  const images: Uint8Array[] = [];
  for (const field of fields) {
    if (typeof field === 'string') throw new EdgeError('validation_failed', 'the "image" field must be a file, not text');
    const bytes = new Uint8Array(await field.arrayBuffer());
    if (bytes.length === 0) throw new EdgeError('empty_body', 'the "image" file is empty');
    images.push(bytes);
  }
  return images;
}

function checkBatch(input: PredictInput, maxBatch: number): void {
  const count = inputCount(input);
  if (count > maxBatch) {
    throw new EdgeError('validation_failed', `${count} images in one request, over the limit of ${maxBatch}`, { count, limit: maxBatch });
  }
}
