import { createEdgeClient, EdgeApiError, readAnswer, type EdgeRoutes } from '@edgeml/client';
import type { AnyModelManifest, ModelChannels, PromoteRequest } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';

/**
 * The worker's admin API, for a trainer that has no R2 credentials: only the worker's URL and the
 * `ADMIN_TOKEN` bearer token. Calls go through @edgeml/client, typed by the worker's own routes;
 * a non-2xx answer becomes a TrainerError carrying the worker's error body.
 */
export class AdminApiClient {
  readonly #models: EdgeRoutes['v1']['admin']['models'][':name'];
  constructor(baseUrl: string | URL, token: string) {
    this.#models = createEdgeClient(baseUrl, { token }).routes.v1.admin.models[':name'];
  }

  promote(name: string, request: PromoteRequest): Promise<ModelChannels> {
    return call(`POST ${name}/promote`, this.#models.promote.$post({ param: { name }, json: request }));
  }

  rollback(name: string): Promise<ModelChannels> {
    return call(`POST ${name}/rollback`, this.#models.rollback.$post({ param: { name } }));
  }

  channels(name: string): Promise<ModelChannels> {
    return call(`GET ${name}/channels`, this.#models.channels.$get({ param: { name } }));
  }

  /** Uploads one artifact of a version; the worker checks it against `sha256`. */
  async uploadArtifact(name: string, version: string, file: string, bytes: Uint8Array, artifact: { contentType: string; sha256: string }): Promise<void> {
    const upload = this.#models.versions[':version'].artifacts[':file'].$put(
      { param: { name, version, file }, header: { 'x-content-sha256': artifact.sha256 } },
      // A copy on a plain ArrayBuffer: fetch's BodyInit types refuse a possibly shared buffer.
      { headers: { 'content-type': artifact.contentType }, init: { body: new Uint8Array(bytes) } },
    );
    await call(`PUT ${name}/versions/${version}/artifacts/${file}`, upload);
  }

  /** Commits a version by writing its manifest, after its artifacts. */
  async commitManifest(manifest: AnyModelManifest): Promise<void> {
    const { name, version } = manifest;
    const commit = this.#models.versions[':version'].manifest.$put({ param: { name, version } }, { headers: { 'content-type': 'application/json' }, init: { body: JSON.stringify(manifest) } });
    await call(`PUT ${name}/versions/${version}/manifest`, commit);
  }
}

/** The answer of one admin call, or the TrainerError its failure maps to (see `toTrainerError`). */
async function call<R extends Parameters<typeof readAnswer>[0]>(operation: string, pending: Promise<R>) {
  try {
    return await readAnswer(await pending, operation);
  } catch (error) {
    throw toTrainerError(error);
  }
}

/** What the worker's error body says, kept on a TrainerError's details (`edgeCode` is the worker's stable code). */
export interface WorkerErrorDetails {
  status: number;
  edgeCode: string;
  body: string;
}

/** A worker's failed answer as a TrainerError, its code by status as the trainer's exit rules expect; other errors pass through. */
export function toTrainerError(error: unknown): unknown {
  if (!(error instanceof EdgeApiError)) return error;
  const code = error.status === 409 ? 'conflict' : error.status === 404 ? 'not_found' : error.status < 500 ? 'invalid_argument' : 'storage_failed';
  const details: WorkerErrorDetails = { status: error.status, edgeCode: error.code, body: error.body };
  return new TrainerError(code, `worker API ${error.message}`, details);
}
