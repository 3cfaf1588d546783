import { modelVersionSchema, type AnyModelManifest, type ModelsListResponse, type ModelVersionsResponse, type ShadowSummaryResponse, type TrainingCurves } from '@edgeml/shared';
import { Hono } from 'hono';
import { isAdminRequest } from '../admin/is-admin-request.ts';
import type { AppEnv } from '../app-env.ts';
import { clipInput } from '../errors/clip-input.ts';
import { EdgeError } from '../errors/edge-error.ts';
import { validationFailed } from '../errors/validation-failed.ts';
import { chargeRateLimit } from '../middleware/rate-limit/charge-rate-limit.ts';
import { servedModel } from '../middleware/request-log/served-model.ts';
import { clientKey } from '../models/client-key.ts';
import { listModels } from '../models/list-models.ts';
import { listVersionSummaries } from '../models/list-version-summaries.ts';
import type { ModelRegistry } from '../models/model-registry.ts';
import { ReadCache } from '../models/read-cache.ts';
import { readChannels } from '../models/read-channels.ts';
import { readTrainingCurves } from '../models/read-training-curves.ts';
import { answerPredictRequest } from '../predict/answer-predict-request.ts';
import { inputCount } from '../predict/predict-input.ts';
import { predictQuerySchema, readPredictRequest, type PredictQuery } from '../predict/read-predict-request.ts';
import { ShadowRunner } from '../shadow/shadow-runner.ts';
import { summarizeShadow } from '../shadow/summarize-shadow.ts';

function parseQuery(query: Record<string, string>): PredictQuery {
  const parsed = predictQuerySchema.safeParse(query);
  if (!parsed.success) throw validationFailed('the query does not match the predict parameters', parsed.error.issues);
  return parsed.data;
}

/**
 * How long an isolate answers `/versions` and `/shadow` from memory: each reads every manifest or
 * up to 20,000 shadow records, so repeating them must not repeat the reads. They stay public (the
 * demo page shows them); a change shows within this. With the admin token they are read fresh.
 */
const LISTING_CACHE_MS = 30_000;

/** `/v1/models`: list, describe and predict with the published models. */
export function modelsRoutes(registry: ModelRegistry): Hono<AppEnv> {
  const shadowRunner = new ShadowRunner(registry);
  const versionListings = new ReadCache<ModelVersionsResponse>(LISTING_CACHE_MS);
  const shadowSummaries = new ReadCache<ShadowSummaryResponse>(LISTING_CACHE_MS);
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const body: ModelsListResponse = { models: await listModels(c.env.MODELS) };
      return c.json(body);
    })
    .get('/:name', async (c) => {
      const name = c.req.param('name');
      const version = c.req.query('version');
      await registry.requirePinnable(c.env, name, version, () => isAdminRequest(c));
      const manifest: AnyModelManifest = await registry.manifest(c.env, name, version);
      return c.json(manifest);
    })
    .get('/:name/versions', async (c) => {
      const name = c.req.param('name');
      const read = async (): Promise<ModelVersionsResponse> => ({ name, versions: await listVersionSummaries(c.env.MODELS, name) });
      const body = (await isAdminRequest(c)) ? await read() : await versionListings.get(name, read);
      return c.json(body);
    })
    .get('/:name/versions/:version/curves', async (c) => {
      const body: TrainingCurves = await readTrainingCurves(c.env.MODELS, c.req.param('name'), c.req.param('version'));
      // A published version never changes, so its curves may be cached for long.
      c.header('Cache-Control', 'public, max-age=3600');
      return c.json(body);
    })
    .get('/:name/shadow', async (c) => {
      const name = c.req.param('name');
      const version = c.req.query('version');
      if (version !== undefined && !modelVersionSchema.safeParse(version).success) {
        throw new EdgeError('validation_failed', `"${clipInput(version)}" is not a valid version`);
      }
      const read = async () => summarizeShadow(c.env.MODELS, name, await readChannels(c.env.MODELS, name), version);
      const body: ShadowSummaryResponse = (await isAdminRequest(c)) ? await read() : await shadowSummaries.get(`${name}\u0000${version ?? ''}`, read);
      return c.json(body);
    })
    .post('/:name/predict', async (c) => {
      const { config } = c.var;
      const name = c.req.param('name');
      const request = await readPredictRequest(c.req.raw, config, parseQuery(c.req.query()));
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
        return c.json(served.response);
      } finally {
        release();
      }
    })
    .all('/:name/predict', (c) => {
      throw new EdgeError('method_not_allowed', `${clipInput(c.req.method, 16)} is not allowed here: use POST`);
    });
}
