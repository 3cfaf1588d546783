import type { LegacyPredictResponse, PredictResponse } from '@edgeml/shared';
import { Hono } from 'hono';
import { isAdminRequest } from '../admin/is-admin-request.ts';
import type { AppEnv } from '../app-env.ts';
import { EdgeError } from '../errors/edge-error.ts';
import { legacyErrorHandler } from '../middleware/legacy-error-handler/index.ts';
import type { ModelRegistry } from '../models/model-registry.ts';
import { answerPredictRequest } from '../predict/answer-predict-request.ts';
import { inputCount } from '../predict/predict-input.ts';
import { readPredictRequest } from '../predict/read-predict-request.ts';
import { clipInput } from '../errors/clip-input.ts';
import { servedModel } from '../middleware/request-log/served-model.ts';

/**
 * `POST /predict`, the primer's API on the default model: one image (multipart field `image` or
 * a raw image body) in, `{ predicted_class, confidence, status: "success" }` out, and errors as
 * `{ error: "<message>", status: "error" }`.
 */
export function legacyPredictRoute(registry: ModelRegistry): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .post('/', async (c) => {
      const { config } = c.var;
      const request = await readPredictRequest(c.req.raw, config);
      const count = inputCount(request.input);
      if (request.input.kind === 'texts' || count !== 1) throw new EdgeError('validation_failed', `send one image, not ${request.input.kind === 'texts' ? 'text' : count}`);
      await registry.requirePinnable(c.env, config.defaultModel, request.version, () => isAdminRequest(c));
      const { model, release } = await registry.resolve(c.env, config.defaultModel, request.version);
      try {
        c.set('served', servedModel(model.manifest));
        const { response } = await answerPredictRequest(model, { ...request, topK: 1 });
        c.set('served', servedModel(model.manifest, response));
        const best = (response as PredictResponse).predictions[0]!;
        const body: LegacyPredictResponse = { predicted_class: best.index, confidence: best.confidence, status: 'success' };
        return c.json(body);
      } finally {
        release();
      }
    })
    .all('/', (c) => {
      throw new EdgeError('method_not_allowed', `${clipInput(c.req.method, 16)} is not allowed here: use POST`);
    })
    .onError(legacyErrorHandler);
}
