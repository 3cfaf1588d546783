import { z } from '@hono/zod-openapi';
import { errorResponses, jsonResponse } from '../openapi/api-responses.ts';
import { trainingExamples } from '../openapi/training-examples.ts';
import { trainingSchemas } from '../openapi/training-schemas.ts';
import { tokenRoute } from '../tokens/token-route.ts';
import { UPLOAD_MEDIA_TYPES } from './upload-format.ts';

const ERRORS = [400, 401, 403, 404, 409, 429, 500] as const;
const idParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path', description: 'a built-in dataset name or an uploaded dataset id' }, example: trainingExamples.dataset.id }) });
const binary = { schema: { type: 'string' as const, format: 'binary' }, example: '(the dataset bytes)' };

/** `/v1/datasets/…`: each route's definition, from which it is validated and documented. */
export const datasetRouteDefinitions = {
  upload: tokenRoute(['training'], {
    method: 'post',
    path: '/',
    operationId: 'uploadDataset',
    tags: ['datasets'],
    summary: 'Upload a dataset as the raw body: text CSV (text,label) or JSONL, a zip or tar of label/name.png|jpg folders, or IDX (a zip or tar holding one idx3 images file and one idx1 labels file)',
    request: {
      query: z.object({
        format: z.enum(['csv', 'jsonl', 'zip', 'tar', 'idx']).optional().openapi({ description: 'the format, when the Content-Type does not say it (IDX always needs it)', example: 'csv' }),
        name: z.string().min(1).max(200).optional().openapi({ description: "the dataset's name (default upload.<format>)", example: 'support-tickets.csv' }),
      }),
      body: {
        required: true,
        content: {
          ...Object.fromEntries(Object.keys(UPLOAD_MEDIA_TYPES).map((type) => [type, type === 'text/csv' ? { schema: { type: 'string' as const }, example: trainingExamples.datasetCsv } : binary])),
          'application/octet-stream': binary,
        },
      },
    },
    responses: {
      201: jsonResponse('the stored dataset with its summary (rows, labels, class counts, the problems found with their line or entry)', trainingSchemas.Dataset, trainingExamples.dataset),
      ...errorResponses([...ERRORS, 413, 415], {
        400: 'validation_failed: nothing usable, fewer than 2 labels (details: the problems), or an unreadable file',
        413: 'payload_too_large: the body is over MAX_DATASET_BYTES, or an archive over its entry or uncompressed-size limits',
        429: "limit_exceeded: the token's dataset bytes would pass its maxDatasetBytes; or rate_limited",
      }),
    },
  }),
  list: tokenRoute(['training', 'runner'], {
    method: 'get',
    path: '/',
    operationId: 'listDatasets',
    tags: ['datasets'],
    summary: "The built-in datasets and the uploaded ones (a training token's own; every one for the admin and runners)",
    responses: { 200: jsonResponse('datasets', trainingSchemas.DatasetsResponse, trainingExamples.datasets), ...errorResponses(ERRORS) },
  }),
  get: tokenRoute(['training', 'runner'], {
    method: 'get',
    path: '/{id}',
    operationId: 'getDataset',
    tags: ['datasets'],
    summary: 'One dataset and its summary',
    request: { params: idParam },
    responses: { 200: jsonResponse('the dataset', trainingSchemas.Dataset, trainingExamples.dataset), ...errorResponses(ERRORS, { 404: 'dataset_not_found' }) },
  }),
  content: tokenRoute(['training', 'runner'], {
    method: 'get',
    path: '/{id}/content',
    operationId: 'getDatasetContent',
    tags: ['datasets'],
    summary: "An uploaded dataset's bytes, as uploaded (a built-in has none: every runner ships it)",
    request: { params: idParam },
    responses: { 200: { description: 'the bytes', content: { 'application/octet-stream': binary } }, ...errorResponses(ERRORS, { 404: 'dataset_not_found' }) },
  }),
  delete: tokenRoute(['training'], {
    method: 'delete',
    path: '/{id}',
    operationId: 'deleteDataset',
    tags: ['datasets'],
    summary: 'Delete an uploaded dataset (its owner or the admin); 409 invalid_state while a queued or running job uses it',
    request: { params: idParam },
    responses: { 204: { description: 'deleted' }, ...errorResponses(ERRORS, { 404: 'dataset_not_found', 409: 'invalid_state: a queued or running job uses it' }) },
  }),
};
