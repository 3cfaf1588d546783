import type { LegacyPredictResponse, PredictResponse } from '@edgeml/shared';
import { Hono } from 'hono';
import { isAdminRequest } from '../admin/is-admin-request.ts';
import type { AppEnv } from '../app-env.ts';
import { readConfig } from '../config/read-config.ts';
import { EdgeError } from '../errors/edge-error.ts';
import { legacyErrorHandler } from '../middleware/legacy-error-handler/index.ts';
import type { ModelRegistry } from '../models/model-registry.ts';
import { parsePredictRequest } from '../predict/parse-predict-request.ts';
import { requireImageModel } from '../predict/require-image-model.ts';
import { predict } from '../predict/predict.ts';
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
      // What the request log is told (c.var.served), once, at the end: the model in hand, and its answer if it gave one.
      let used: { name: string; version: string } | undefined;
      let answered: PredictResponse | undefined;
      try {
        const config = readConfig(c.env);
        const request = await parsePredictRequest(c.req.raw, config);
        const count = request.input.kind === 'images' ? request.input.images.length : request.input.instances.length;
        if (count !== 1) throw new EdgeError('validation_failed', `send one image, not ${count}`);
        await registry.requirePinnable(c.env, config.defaultModel, request.version, () => isAdminRequest(c));
        answered = await registry.use(c.env, config.defaultModel, request.version, (model) => {
          used = model.manifest;
          return predict(requireImageModel(model), request.input, 1);
        });
        const best = answered.predictions[0]!;
        const body: LegacyPredictResponse = { predicted_class: best.index, confidence: best.confidence, status: 'success' };
        return c.json(body);
      } finally {
        if (used) c.set('served', servedModel(used, answered));
      }
    })
    .all('/', (c) => {
      throw new EdgeError('method_not_allowed', `${clipInput(c.req.method, 16)} is not allowed here: use POST`);
    })
    .onError(legacyErrorHandler);
}
