import { modelVersionSchema, type AnyModelManifest, type ModelChannels, type ModelManifest, type ModelsListResponse, type ModelVersionsResponse, type PredictResponse, type ShadowSummaryResponse, type TextPredictResponse, type TrainingCurves } from '@edgeml/shared';
import { Hono } from 'hono';
import { isAdminRequest } from '../admin/is-admin-request.ts';
import type { AppEnv } from '../app-env.ts';
import { readConfig } from '../config/read-config.ts';
import { EdgeError } from '../errors/edge-error.ts';
import { listModels } from '../models/list-models.ts';
import { listVersionSummaries } from '../models/list-version-summaries.ts';
import { readTrainingCurves } from '../models/read-training-curves.ts';
import { clientKey } from '../models/client-key.ts';
import type { LoadedModel } from '../models/load-model.ts';
import type { ModelRegistry } from '../models/model-registry.ts';
import { parsePredictRequest } from '../predict/parse-predict-request.ts';
import { predict } from '../predict/predict.ts';
import type { InputBatch } from '../predict/to-input-batch.ts';
import { takeLoadTiming } from '../models/take-load-timing.ts';
import { requireImageModel } from '../predict/require-image-model.ts';
import { parseTextPredictBody } from '../text/parse-text-predict-body.ts';
import { predictText } from '../text/predict-text.ts';
import { readTextVersion } from '../text/read-text-version.ts';
import { requireTextModel } from '../text/require-text-model.ts';
import { splitTextRequest } from '../text/split-text-request.ts';
import { readChannels } from '../models/read-channels.ts';
import { ReadCache } from '../models/read-cache.ts';
import { chargeRateLimit } from '../middleware/rate-limit/charge-rate-limit.ts';
import { ShadowRunner, type ShadowAnswer } from '../shadow/shadow-runner.ts';
import { summarizeShadow } from '../shadow/summarize-shadow.ts';
import { readPredictOptions } from './read-predict-options.ts';
import { clipInput } from '../errors/clip-input.ts';
import { servedModel } from '../middleware/request-log/served-model.ts';

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
      // What the request log is told (c.var.served), once, at the end: the model in hand, and its answer if it gave one.
      let used: { name: string; version: string } | undefined;
      let answered: PredictResponse | TextPredictResponse | undefined;
      let loadTiming: string | undefined;
      try {
        const config = readConfig(c.env);
        const name = c.req.param('name');
        const split = await splitTextRequest(c.req.raw, config);
        const url = new URL(c.req.url);
        // Set when the request was routed by the channels (not pinned): they name the shadow, if any.
        let channels: ModelChannels | undefined;
        const onChannels = (read: ModelChannels) => (channels = read);
        let served: ShadowAnswer;
        let shadowAnswer: (model: LoadedModel) => Promise<ShadowAnswer>;
        if (split.kind === 'text') {
          const version = readTextVersion(url, split.body.version);
          await registry.requirePinnable(c.env, name, version, () => isAdminRequest(c));
          let texts: readonly string[] = [];
          served = await registry.use(c.env, name, version, async (model) => {
            used = model.manifest;
            const textModel = requireTextModel(model);
            // The tighter of the model's own limit and this worker's MAX_TEXT_CHARS.
            const input = { ...textModel.manifest.input, maxChars: Math.min(textModel.manifest.input.maxChars, config.maxTextChars) };
            texts = parseTextPredictBody(split.body, input, config.maxBatch).texts;
            // The middleware charged the request; each further text costs one more unit.
            await chargeRateLimit(c, texts.length - 1);
            loadTiming = takeLoadTiming(model);
            return { response: await predictText(textModel, texts), labels: textModel.manifest.labels };
          }, clientKey(c.req.raw.headers), onChannels);
          shadowAnswer = async (model) => {
            const textModel = requireTextModel(model);
            return { response: await predictText(textModel, texts), labels: textModel.manifest.labels };
          };
        } else {
          const request = await parsePredictRequest(split.request, config);
          // The middleware charged the request; each further image costs one more unit, charged before any is decoded.
          await chargeRateLimit(c, (request.input.kind === 'images' ? request.input.images.length : request.input.instances.length) - 1);
          const { version, topK } = readPredictOptions(url, request);
          await registry.requirePinnable(c.env, name, version, () => isAdminRequest(c));
          let servedInput: { spec: string; batch: InputBatch } | undefined;
          served = await registry.use(c.env, name, version, async (model) => {
            used = model.manifest;
            const imageModel = requireImageModel(model);
            loadTiming = takeLoadTiming(model);
            const onPreprocessed = (batch: InputBatch) => (servedInput = { spec: inputSpecKey(imageModel.manifest), batch });
            return { response: await predict(imageModel, request.input, topK, { onPreprocessed }), labels: imageModel.manifest.labels };
          }, clientKey(c.req.raw.headers), onChannels);
          shadowAnswer = async (model) => {
            const imageModel = requireImageModel(model);
            // The same preprocessed images when the shadow takes the same input; else its own preprocessing of the request.
            const preprocessed = servedInput?.spec === inputSpecKey(imageModel.manifest) ? servedInput.batch : undefined;
            return { response: await predict(imageModel, request.input, 1, { preprocessed }), labels: imageModel.manifest.labels };
          };
        }
        // Shadow mode: after the answer is computed, in the background; the response is not changed or held back.
        const shadow = shadowRunner.pick(channels, served.response.version);
        if (shadow) c.executionCtx.waitUntil(shadowRunner.run(c.env, name, shadow, served, shadowAnswer));
        // Only the first prediction after a model's load carries it: the cold-start split the bench reads.
        if (loadTiming) c.header('Server-Timing', loadTiming);
        const body: PredictResponse | TextPredictResponse = served.response;
        answered = body;
        return c.json(body);
      } finally {
        if (used) c.set('served', servedModel(used, answered, loadTiming !== undefined));
      }
    })
    .all('/:name/predict', (c) => {
      throw new EdgeError('method_not_allowed', `${clipInput(c.req.method, 16)} is not allowed here: use POST`);
    });
}

/** What decides an image model's input batch: its spec but the graph input's name. */
function inputSpecKey(manifest: ModelManifest): string {
  const { name: _name, ...spec } = manifest.input;
  return JSON.stringify(spec);
}
