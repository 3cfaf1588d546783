import { EdgeApiError } from '@edgeml/client/edge-api-error';
import {
  anyModelManifestSchema,
  datasetSchema,
  trainingJobSchema,
  trainingJobsResponseSchema,
  type AnyModelManifest,
  type Dataset,
  type TrainingEvent,
  type TrainingJob,
} from '@edgeml/shared';
import type { z } from 'zod';
import { TrainerError } from '../errors.ts';
import { toTrainerError } from '../registry/admin-api-client.ts';

export interface RunnerLease {
  owner: string;
  leaseSeconds: number;
}

export type JobCompletion = { owner: string } & (
  | { status: 'succeeded'; result: NonNullable<TrainingJob['result']> }
  | { status: 'failed'; error: NonNullable<TrainingJob['error']> }
);

/**
 * The training API as a runner uses it: jobs (list, read, claim, events, publishing, complete,
 * release) and datasets (summary, content), with a bearer token of the `runner` scope or the admin
 * token. Answers are checked against the shared contract; a failed answer is a TrainerError whose
 * details carry the worker's error code (see `toTrainerError`).
 */
export class TrainingApiClient {
  readonly #base: URL;
  readonly #token: string;
  readonly #fetch: typeof fetch;

  constructor(baseUrl: string | URL, token: string, fetchImpl: typeof fetch = fetch) {
    this.#base = new URL(baseUrl);
    this.#token = token;
    this.#fetch = fetchImpl;
  }

  /** Every job the token may see, oldest first. */
  async jobs(): Promise<TrainingJob[]> {
    const { jobs } = await this.#json('GET', '/v1/training/jobs', trainingJobsResponseSchema);
    return jobs.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  job(id: string): Promise<TrainingJob> {
    return this.#json('GET', `/v1/training/jobs/${id}`, trainingJobSchema);
  }

  /** Takes (or renews) a queued job's lease; a TrainerError `conflict` when another runner has it. */
  claim(id: string, lease: RunnerLease): Promise<TrainingJob> {
    return this.#json('POST', `/v1/training/jobs/${id}/claim`, trainingJobSchema, lease);
  }

  /** Appends events and renews the lease; the answer shows the job's status (a cancel shows here). */
  events(id: string, lease: RunnerLease, events: TrainingEvent[]): Promise<TrainingJob> {
    return this.#json('POST', `/v1/training/jobs/${id}/events`, trainingJobSchema, { ...lease, events });
  }

  /** From here the job cannot be cancelled. */
  startPublishing(id: string, owner: string): Promise<TrainingJob> {
    return this.#json('POST', `/v1/training/jobs/${id}/publishing`, trainingJobSchema, { owner });
  }

  complete(id: string, completion: JobCompletion): Promise<TrainingJob> {
    return this.#json('POST', `/v1/training/jobs/${id}/complete`, trainingJobSchema, completion);
  }

  release(id: string, owner: string, reason?: string): Promise<TrainingJob> {
    return this.#json('POST', `/v1/training/jobs/${id}/release`, trainingJobSchema, { owner, ...(reason ? { reason: reason.slice(0, 300) } : {}) });
  }

  dataset(id: string): Promise<Dataset> {
    return this.#json('GET', `/v1/datasets/${id}`, datasetSchema);
  }

  async datasetContent(id: string): Promise<Uint8Array> {
    const response = await this.#send('GET', `/v1/datasets/${id}/content`);
    return new Uint8Array(await response.arrayBuffer());
  }

  /** The version production serves, or undefined when the model has none yet. */
  async production(name: string): Promise<AnyModelManifest | undefined> {
    try {
      return await this.#json('GET', `/v1/models/${name}`, anyModelManifestSchema);
    } catch (error) {
      if (error instanceof TrainerError && error.code === 'not_found') return undefined;
      throw error;
    }
  }

  /** A prediction of the model, `version` in the body pinning one (a served version: production, canary, shadow or an earlier production). */
  predict<S extends z.ZodType>(name: string, body: Record<string, unknown>, schema: S): Promise<z.infer<S>> {
    return this.#json('POST', `/v1/models/${name}/predict`, schema, body);
  }

  async #json<S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown): Promise<z.infer<S>> {
    const response = await this.#send(method, path, body);
    const parsed = schema.safeParse(await response.json());
    if (!parsed.success) throw new TrainerError('internal', `${method} ${path}: the worker's answer does not match the training API's contract: ${parsed.error.message}`);
    return parsed.data;
  }

  async #send(method: string, path: string, body?: unknown): Promise<Response> {
    // A fresh connection per call: training blocks the event loop for long stretches, and a pooled
    // keep-alive socket the worker closed meanwhile fails the next call ("other side closed").
    const headers: Record<string, string> = { authorization: `Bearer ${this.#token}`, connection: 'close' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const send = () => this.#fetch(new URL(path, this.#base), { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    // A read is safe to send again once when the connection failed; a write is not (it may have landed).
    const response = await send().catch((error: unknown) => {
      if (method !== 'GET') throw error;
      return send();
    });
    if (!response.ok) throw toTrainerError(await EdgeApiError.of(response, `${method} ${path}`));
    return response;
  }
}
