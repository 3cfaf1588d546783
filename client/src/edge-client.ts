import type { ModelChannels, ModelSummary, PredictResponse, PromoteRequest, TextPredictResponse } from '@edgeml/shared';
import type { AppType } from '@edgeml/edge/app';
import { hc } from 'hono/client';
import { EdgeApiError } from './edge-api-error.ts';
import { readAnswer as answer } from './read-answer.ts';
import { trainingHelpers } from './training-client.ts';

export { EdgeApiError };
export { readAnswer } from './read-answer.ts';
export type { UploadDatasetOptions } from './training-client.ts';

export interface EdgeClientOptions {
  /** Bearer token: `ADMIN_TOKEN` for the admin API (it also lets a request pin any version). */
  token?: string;
  /** Sent as `x-client-id`: the key that keeps a client on the canary or production. */
  clientId?: string;
  /** A fetch to use instead of the global one (a test's worker, a proxy). */
  fetch?: typeof fetch;
}

/** `?version=` and `?topK=` of a predict. */
export interface PredictOptions {
  version?: string;
  topK?: number;
}

/** The worker's routes, typed from the app itself (`hc<AppType>`): every path, parameter, body and answer. */
export type EdgeRoutes = ReturnType<typeof hc<AppType>>;

/**
 * A typed client of the EdgeML worker: `routes` is Hono's `hc` over the app's own type, and the
 * helpers cover the common calls. A non-2xx answer throws EdgeApiError with the body's `code`.
 */
export function createEdgeClient(baseUrl: string | URL, options: EdgeClientOptions = {}) {
  const headers: Record<string, string> = {
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...(options.clientId ? { 'x-client-id': options.clientId } : {}),
  };
  const routes: EdgeRoutes = hc<AppType>(String(baseUrl).replace(/\/$/, ''), { headers, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const models = routes.v1.models;
  const admin = routes.v1.admin.models[':name'];

  /** A predict of a body the route documents but does not type (bytes, multipart, JSON texts). */
  async function predictBody(name: string, body: BodyInit, contentType: string | undefined, predict: PredictOptions) {
    const query = { ...(predict.version ? { version: predict.version } : {}), ...(predict.topK ? { topK: String(predict.topK) } : {}) };
    return models[':name'].predict.$post({ param: { name }, query }, { headers: contentType ? { 'content-type': contentType } : {}, init: { body } });
  }

  return {
    routes,
    ...trainingHelpers(routes),
    /** Classifies one encoded image (PNG or JPEG bytes), sent as the body. */
    async predictImage(name: string, image: Uint8Array<ArrayBuffer> | ArrayBuffer, predict: PredictOptions = {}): Promise<PredictResponse> {
      const bytes = image instanceof Uint8Array ? image : new Uint8Array(image);
      const contentType = bytes[0] === 0xff && bytes[1] === 0xd8 ? 'image/jpeg' : 'image/png';
      // An image is answered by an image model, or refused.
      return (await answer(await predictBody(name, bytes, contentType, predict), `predict ${name}`)) as PredictResponse;
    },
    /** Classifies image files (a browser `File`, or a `Blob` read from disk), sent as multipart `image` fields. */
    async predictImageFiles(name: string, files: readonly Blob[], predict: PredictOptions = {}): Promise<PredictResponse> {
      const form = new FormData();
      files.forEach((file, i) => form.append('image', file, file instanceof File ? file.name : `image-${i}`));
      // fetch sets the multipart boundary itself.
      return (await answer(await predictBody(name, form, undefined, predict), `predict ${name}`)) as PredictResponse;
    },
    /** Classifies texts with a text model. */
    async predictTexts(name: string, texts: readonly string[], predict: Pick<PredictOptions, 'version'> = {}): Promise<TextPredictResponse> {
      return (await answer(await predictBody(name, JSON.stringify({ texts }), 'application/json', predict), `predict ${name}`)) as TextPredictResponse;
    },
    /** The published models, each at its production version. */
    async listModels(): Promise<ModelSummary[]> {
      return (await answer(await models.$get(), 'list models')).models;
    },
    /** Admin: points production, the canary or the shadow at a version (needs the admin token). */
    async promote(name: string, request: PromoteRequest): Promise<ModelChannels> {
      return answer(await admin.promote.$post({ param: { name }, json: request }), `promote ${name}`);
    },
  };
}

/** The typed client `createEdgeClient` returns. */
export type EdgeClient = ReturnType<typeof createEdgeClient>;
