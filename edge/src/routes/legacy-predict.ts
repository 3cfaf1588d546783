import type { PredictResponse } from '@edgeml/shared';
import { createRoute } from '@hono/zod-openapi';
import { isAdminRequest } from '../admin/is-admin-request.ts';
import { clipInput } from '../errors/clip-input.ts';
import { EdgeError } from '../errors/edge-error.ts';
import { legacyErrorHandler } from '../middleware/legacy-error-handler/index.ts';
import { servedModel } from '../middleware/request-log/served-model.ts';
import type { ModelRegistry } from '../models/model-registry.ts';
import { apiExamples } from '../openapi/api-examples.ts';
import { errorResponses, jsonResponse, legacyErrorResponses } from '../openapi/api-responses.ts';
import { apiSchemas } from '../openapi/api-schemas.ts';
import { createApiApp } from '../openapi/create-api-app.ts';
import { answerPredictRequest } from '../predict/answer-predict-request.ts';
import { inputCount } from '../predict/predict-input.ts';
import { readPredictRequest } from '../predict/read-predict-request.ts';
import { predictRequestBody } from './predict-request-body.ts';

const legacyPredictRoute = createRoute({
  method: 'post',
  path: '/',
  operationId: 'legacyPredict',
  tags: ['legacy'],
  summary: "The primer's API: one image on the default model",
  request: { body: predictRequestBody('PredictJsonRequest', { pixels: { value: { pixels: apiExamples.pixelsRequest.pixels } } }) },
  responses: {
    200: jsonResponse('the best class', apiSchemas.LegacyPredictResponse, apiExamples.legacyPrediction),
    ...legacyErrorResponses([400, 404, 405, 413, 415, 422, 500, 503]),
    ...errorResponses([429]),
  },
});

/**
 * `POST /predict`, the primer's API on the default model: one image (multipart field `image` or
 * a raw image body) in, `{ predicted_class, confidence, status: "success" }` out, and errors as
 * `{ error: "<message>", status: "error" }`.
 */
export function legacyPredictRoutes(registry: ModelRegistry) {
  const app = createApiApp();
  app.openAPIRegistry.register('PredictJsonRequest', apiSchemas.PredictJsonRequest);
  return app
    .openapi(legacyPredictRoute, async (c) => {
      const { config } = c.var;
      const request = await readPredictRequest(c.req.raw, config);
      const count = inputCount(request.input);
      if (request.input.kind === 'texts' || count !== 1) throw new EdgeError('validation_failed', `send one image, not ${request.input.kind === 'texts' ? 'text' : count}`);
      await registry.requirePinnable(c.env, config.defaultModel, request.version, () => isAdminRequest(c));
      const { model, release } = await registry.resolve(c.env, config.defaultModel, request.version);
      try {
        c.set('served', servedModel(model.manifest));
        // An image input is answered by an image model, or refused with 415.
        const response = (await answerPredictRequest(model, { ...request, topK: 1 })).response as PredictResponse;
        c.set('served', servedModel(model.manifest, response));
        const best = response.predictions[0]!;
        return c.json({ predicted_class: best.index, confidence: best.confidence, status: 'success' as const }, 200);
      } finally {
        release();
      }
    })
    .all('/', (c) => {
      throw new EdgeError('method_not_allowed', `${clipInput(c.req.method, 16)} is not allowed here: use POST`);
    })
    .onError(legacyErrorHandler);
}
