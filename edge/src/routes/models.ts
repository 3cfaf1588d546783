import type { ModelVersionsResponse, ShadowSummaryResponse } from '@edgeml/shared';
import { modelVersionSchema } from '@edgeml/shared';
import { createRoute, z } from '@hono/zod-openapi';
import { isAdminRequest } from '../admin/is-admin-request.ts';
import { clipInput } from '../errors/clip-input.ts';
import { EdgeError } from '../errors/edge-error.ts';
import { chargeRateLimit } from '../middleware/rate-limit/charge-rate-limit.ts';
import { servedModel } from '../middleware/request-log/served-model.ts';
import { clientKey } from '../models/client-key.ts';
import { listModels } from '../models/list-models.ts';
import { listVersionSummaries } from '../models/list-version-summaries.ts';
import type { ModelRegistry } from '../models/model-registry.ts';
import { ReadCache } from '../models/read-cache.ts';
import { readChannels } from '../models/read-channels.ts';
import { readTrainingCurves } from '../models/read-training-curves.ts';
import { apiExamples } from '../openapi/api-examples.ts';
import { errorResponses, jsonResponse } from '../openapi/api-responses.ts';
import { apiSchemas, nameParam, versionParam } from '../openapi/api-schemas.ts';
import { createApiApp } from '../openapi/create-api-app.ts';
import { answerPredictRequest } from '../predict/answer-predict-request.ts';
import { inputCount } from '../predict/predict-input.ts';
import { readPredictRequest } from '../predict/read-predict-request.ts';
import { ShadowRunner } from '../shadow/shadow-runner.ts';
import { summarizeShadow } from '../shadow/summarize-shadow.ts';
import { predictRequestBody } from './predict-request-body.ts';

/**
 * How long an isolate answers `/versions` and `/shadow` from memory: each reads every manifest or
 * up to 20,000 shadow records, so repeating them must not repeat the reads. They stay public (the
 * demo page shows them); a change shows within this. With the admin token they are read fresh.
 */
const LISTING_CACHE_MS = 30_000;

const params = z.object({ name: nameParam });
/** `?version=` stays any string: a version that is not published answers 404 `version_not_found`. */
const versionQuery = z.string().optional().openapi({ param: { name: 'version', in: 'query', description: 'a published version; default: production' }, example: '20261128T120000Z-abcdef12' });

const listRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listModels',
  tags: ['models'],
  summary: 'The published models, each at its production version',
  responses: { 200: jsonResponse('the models', apiSchemas.ModelsListResponse, apiExamples.models), ...errorResponses([429, 500]) },
});

const describeRoute = createRoute({
  method: 'get',
  path: '/{name}',
  operationId: 'getModel',
  tags: ['models'],
  summary: "A model version's manifest (production unless ?version= is given)",
  request: { params, query: z.object({ version: versionQuery }) },
  responses: { 200: jsonResponse('the manifest (image or text model, by task)', apiSchemas.AnyModelManifest, apiExamples.manifest), ...errorResponses([400, 404, 429, 500, 503]) },
});

const versionsRoute = createRoute({
  method: 'get',
  path: '/{name}/versions',
  operationId: 'listModelVersions',
  tags: ['models'],
  summary: 'Every published version of a model, newest first, with its metrics and channels',
  request: { params },
  responses: { 200: jsonResponse('the versions', apiSchemas.ModelVersionsResponse, apiExamples.versions), ...errorResponses([404, 429, 500, 503]) },
});

const curvesRoute = createRoute({
  method: 'get',
  path: '/{name}/versions/{version}/curves',
  operationId: 'getTrainingCurves',
  tags: ['models'],
  summary: "A version's training curves: loss and accuracy per epoch, training and validation",
  request: { params: params.extend({ version: versionParam }) },
  responses: { 200: jsonResponse('the curves', apiSchemas.TrainingCurves, apiExamples.curves), ...errorResponses([404, 429, 500, 503]) },
});

const shadowRoute = createRoute({
  method: 'get',
  path: '/{name}/shadow',
  operationId: 'getShadowSummary',
  tags: ['models'],
  summary: 'Shadow mode: the shadow channel and its agreement with the versions that answered (requests, top-1 agreement, mean and max |Δp|)',
  request: {
    params,
    query: z.object({ version: modelVersionSchema.optional().openapi({ param: { name: 'version', in: 'query', description: 'only this shadow version; default: every one recorded' }, example: '20261201T080000Z-9f8e7d6c' }) }),
  },
  responses: { 200: jsonResponse('the agreement summary', apiSchemas.ShadowSummaryResponse, apiExamples.shadowSummary), ...errorResponses([400, 404, 429, 500]) },
});

const predictRoute = createRoute({
  method: 'post',
  path: '/{name}/predict',
  operationId: 'predict',
  tags: ['predict'],
  summary: 'Classify one image or a batch (PNG/JPEG body, multipart `image` files, JSON pixels), or for a text model JSON `text`/`texts`',
  request: {
    params,
    query: z.object({
      version: versionQuery,
      topK: z.coerce.number().int().min(1).max(100).optional().openapi({ param: { name: 'topK', in: 'query', description: 'top classes per image, 1-100 (default 3)' }, example: 3 }),
    }),
    // Documented, not validated here: readPredictRequest reads the body once, within the worker's limits.
    body: predictRequestBody('PredictAnyJsonRequest', { pixels: { value: apiExamples.pixelsRequest }, texts: { value: apiExamples.textRequest } }),
  },
  responses: {
    200: {
      description: 'one prediction per image or text',
      content: { 'application/json': { schema: apiSchemas.PredictAnyResponse, examples: { image: { value: apiExamples.prediction }, text: { value: apiExamples.textPrediction } } } },
    },
    ...errorResponses([400, 404, 405, 413, 415, 422, 429, 500, 503]),
  },
});

/** `/v1/models`: list, describe and predict with the published models. */
export function modelsRoutes(registry: ModelRegistry) {
  const shadowRunner = new ShadowRunner(registry);
  const versionListings = new ReadCache<ModelVersionsResponse>(LISTING_CACHE_MS);
  const shadowSummaries = new ReadCache<ShadowSummaryResponse>(LISTING_CACHE_MS);
  const app = createApiApp();
  app.openAPIRegistry.register('PredictAnyJsonRequest', apiSchemas.PredictAnyJsonRequest);
  return app
    .openapi(listRoute, async (c) => c.json({ models: await listModels(c.env.MODELS) }, 200))
    .openapi(describeRoute, async (c) => {
      const { name } = c.req.valid('param');
      const { version } = c.req.valid('query');
      await registry.requirePinnable(c.env, name, version, () => isAdminRequest(c));
      return c.json(await registry.manifest(c.env, name, version), 200);
    })
    .openapi(versionsRoute, async (c) => {
      const { name } = c.req.valid('param');
      const read = async (): Promise<ModelVersionsResponse> => ({ name, versions: await listVersionSummaries(c.env.MODELS, name) });
      return c.json((await isAdminRequest(c)) ? await read() : await versionListings.get(name, read), 200);
    })
    .openapi(curvesRoute, async (c) => {
      const { name, version } = c.req.valid('param');
      const body = await readTrainingCurves(c.env.MODELS, name, version);
      // A published version never changes, so its curves may be cached for long.
      c.header('Cache-Control', 'public, max-age=3600');
      return c.json(body, 200);
    })
    .openapi(shadowRoute, async (c) => {
      const { name } = c.req.valid('param');
      const { version } = c.req.valid('query');
      const read = async () => summarizeShadow(c.env.MODELS, name, await readChannels(c.env.MODELS, name), version);
      return c.json((await isAdminRequest(c)) ? await read() : await shadowSummaries.get(`${name}\u0000${version ?? ''}`, read), 200);
    })
    .openapi(predictRoute, async (c) => {
      const { name } = c.req.valid('param');
      const request = await readPredictRequest(c.req.raw, c.var.config, c.req.valid('query'));
      // The middleware charged the request; each further image or text costs one more unit, charged before any is decoded.
      await chargeRateLimit(c, inputCount(request.input) - 1);
      await registry.requirePinnable(c.env, name, request.version, () => isAdminRequest(c));
      const { model, channels, loadTiming, release } = await registry.resolve(c.env, name, request.version, clientKey(c.req.raw.headers));
      try {
        c.set('served', servedModel(model.manifest, undefined, loadTiming !== undefined));
        const served = await answerPredictRequest(model, request);
        c.set('served', servedModel(model.manifest, served.response, loadTiming !== undefined));
        // Shadow mode: after the answer is computed, in the background; the response is not changed or held back.
        const shadow = shadowRunner.pick(channels, served.response.version);
        if (shadow) c.executionCtx.waitUntil(shadowRunner.run(c.env, name, shadow, request, served));
        // Only the request that loaded the model carries its load's split: the cold start the bench reads.
        if (loadTiming) c.header('Server-Timing', loadTiming);
        return c.json(served.response, 200);
      } finally {
        release();
      }
    })
    .all('/:name/predict', (c) => {
      throw new EdgeError('method_not_allowed', `${clipInput(c.req.method, 16)} is not allowed here: use POST`);
    });
}
