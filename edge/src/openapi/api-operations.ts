import { adminOperations } from './admin-operations.ts';
import type { ApiSchemaName } from './api-schemas.ts';

/** One documented operation; `path` in OpenAPI form (`/v1/models/{name}`). */
export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'delete' | 'patch';
  path: string;
  summary: string;
  tag: string;
  pathParams?: { name: string; description: string }[];
  queryParams?: { name: string; description: string; type: 'string' | 'integer' }[];
  /** Request body media types: a component schema, or `binary` for raw bytes. */
  requestBody?: Record<string, ApiSchemaName | 'binary' | 'multipart-images'>;
  /** Response component per status; every JSON answer is documented, errors included. */
  responses: Record<
    number,
    { description: string; schema: ApiSchemaName } | { description: string; mediaType: 'text/html' | 'application/json' } | { description: string; empty: true }
  >;
}

export const errors = (statuses: number[]): ApiOperation['responses'] =>
  Object.fromEntries(statuses.map((status) => [status, { description: ERROR_TEXT[status] ?? 'error', schema: 'ErrorBody' as const }]));

const ERROR_TEXT: Record<number, string> = {
  401: 'unauthorized: no bearer token',
  403: 'forbidden: the token is not valid',
  409: 'conflict',
  400: 'bad input: invalid_json, validation_failed, invalid_image, empty_body or bad_request',
  404: 'model_not_found, version_not_found or not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large: the body is over MAX_BODY_BYTES, an image over MAX_IMAGE_SIDE or MAX_IMAGE_PIXELS, or the images over MAX_REQUEST_PIXELS',
  422: 'no_digit: a readable image with no digit-like ink (blank, uniform, a speck, ink everywhere)',
  415: 'unsupported_media_type',
  429: 'rate_limited: over RATE_LIMIT_REQUESTS units (a request, plus one per further image or text) per RATE_LIMIT_PERIOD_SECONDS; see Retry-After',
  500: 'internal',
  503: 'model_unavailable, model_too_large or golden_mismatch (a generic message; after a failed load, Retry-After)',
};

const IMAGE_PREDICT_BODY = {
  'application/json': 'PredictJsonRequest',
  'image/png': 'binary',
  'image/jpeg': 'binary',
  'multipart/form-data': 'multipart-images',
} as const;

/** `/v1/models/{name}/predict` also takes JSON text for a text model. */
const PREDICT_BODY = { ...IMAGE_PREDICT_BODY, 'application/json': 'PredictAnyJsonRequest' } as const;

/**
 * Every route of the worker. A route added to the app must be added here: test/openapi checks
 * that each of the app's routes is documented.
 */
export const apiOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/healthz',
    summary: 'The worker is up (touches neither R2 nor ONNX Runtime)',
    tag: 'service',
    responses: { 200: { description: 'up', schema: 'Health' } },
  },
  {
    method: 'get',
    path: '/v1/models',
    summary: 'The published models, each at its production version',
    tag: 'models',
    responses: { 200: { description: 'the models', schema: 'ModelsListResponse' }, ...errors([429, 500]) },
  },
  {
    method: 'get',
    path: '/v1/models/{name}',
    summary: "A model version's manifest (production unless ?version= is given)",
    tag: 'models',
    pathParams: [{ name: 'name', description: 'model name, e.g. mnist' }],
    queryParams: [{ name: 'version', description: 'a published version; default: production', type: 'string' }],
    responses: { 200: { description: 'the manifest (image or text model, by task)', schema: 'AnyModelManifest' }, ...errors([400, 404, 429, 500, 503]) },
  },
  {
    method: 'get',
    path: '/v1/models/{name}/versions',
    summary: 'Every published version of a model, newest first, with its metrics and channels',
    tag: 'models',
    pathParams: [{ name: 'name', description: 'model name, e.g. mnist' }],
    responses: { 200: { description: 'the versions', schema: 'ModelVersionsResponse' }, ...errors([404, 429, 500, 503]) },
  },
  {
    method: 'get',
    path: '/v1/models/{name}/versions/{version}/curves',
    summary: "A version's training curves: loss and accuracy per epoch, training and validation",
    tag: 'models',
    pathParams: [
      { name: 'name', description: 'model name, e.g. mnist' },
      { name: 'version', description: 'a published version' },
    ],
    responses: { 200: { description: 'the curves', schema: 'TrainingCurves' }, ...errors([404, 429, 500, 503]) },
  },
  {
    method: 'get',
    path: '/v1/models/{name}/shadow',
    summary: "Shadow mode: the shadow channel and its agreement with the versions that answered (requests, top-1 agreement, mean and max |Δp|)",
    tag: 'models',
    pathParams: [{ name: 'name', description: 'model name, e.g. mnist' }],
    queryParams: [{ name: 'version', description: 'only this shadow version; default: every one recorded', type: 'string' }],
    responses: { 200: { description: 'the agreement summary', schema: 'ShadowSummaryResponse' }, ...errors([400, 404, 429, 500]) },
  },
  {
    method: 'post',
    path: '/v1/models/{name}/predict',
    summary: 'Classify one image or a batch (PNG/JPEG body, multipart `image` files, JSON pixels), or for a text model JSON `text`/`texts`',
    tag: 'predict',
    pathParams: [{ name: 'name', description: 'model name, e.g. mnist' }],
    queryParams: [
      { name: 'version', description: 'a published version; default: production', type: 'string' },
      { name: 'topK', description: 'top classes per image, 1-100 (default 3)', type: 'integer' },
    ],
    requestBody: PREDICT_BODY,
    responses: { 200: { description: 'one prediction per image or text', schema: 'PredictAnyResponse' }, ...errors([400, 404, 405, 413, 415, 422, 429, 500, 503]) },
  },
  {
    method: 'post',
    path: '/v1/models/{name}/feedback',
    summary: 'Labelled examples for retraining, stored in R2 (bearer feedback token, or anonymous where FEEDBACK_ANONYMOUS is on)',
    tag: 'models',
    pathParams: [{ name: 'name', description: 'model name, e.g. mnist' }],
    requestBody: { 'application/json': 'FeedbackRequest' },
    responses: {
      201: { description: 'stored', schema: 'FeedbackResponse' },
      ...errors([400, 404, 405, 413, 415, 429, 500]),
      401: { description: 'unauthorized: no valid feedback token (FEEDBACK_TOKENS) and anonymous feedback is off', schema: 'ErrorBody' },
      429: { description: "rate_limited, or quota_exceeded: the client's daily feedback quota is spent; see Retry-After", schema: 'ErrorBody' },
    },
  },
  {
    method: 'post',
    path: '/predict',
    summary: "The primer's API: one image on the default model",
    tag: 'legacy',
    requestBody: IMAGE_PREDICT_BODY,
    responses: {
      200: { description: 'the best class', schema: 'LegacyPredictResponse' },
      ...Object.fromEntries([400, 404, 405, 413, 415, 422, 500, 503].map((status) => [status, { description: ERROR_TEXT[status]!, schema: 'LegacyErrorResponse' as const }])),
      429: { description: ERROR_TEXT[429]!, schema: 'ErrorBody' },
    },
  },
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    tag: 'service',
    responses: { 200: { description: 'the OpenAPI 3.1 document', mediaType: 'application/json' } },
  },
  {
    method: 'get',
    path: '/docs',
    summary: 'A reference page rendered from this document',
    tag: 'service',
    responses: { 200: { description: 'HTML', mediaType: 'text/html' } },
  },
  ...adminOperations,
];
