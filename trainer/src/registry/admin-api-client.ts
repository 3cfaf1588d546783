import { modelChannelsSchema, retrainJobSchema, type ModelChannels, type PromoteRequest, type RetrainJob } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';

/**
 * The worker's admin API, for a trainer that has no R2 credentials: only the worker's URL and the
 * `ADMIN_TOKEN` bearer token.
 */
export class AdminApiClient {
  readonly #base: URL;
  constructor(
    baseUrl: string | URL,
    private readonly token: string,
  ) {
    this.#base = new URL('/v1/admin/', baseUrl);
  }

  /** Sends one admin request; a non-2xx answer becomes a TrainerError carrying the worker's error body. */
  async request(path: string, init: { method: string; body?: BodyInit; headers?: Record<string, string> }): Promise<Response> {
    const response = await fetch(new URL(path, this.#base), {
      method: init.method,
      body: init.body,
      headers: { authorization: `Bearer ${this.token}`, ...init.headers },
    });
    if (response.ok) return response;
    const text = await response.text();
    const code = response.status === 409 ? 'conflict' : response.status === 404 ? 'not_found' : response.status < 500 ? 'invalid_argument' : 'storage_failed';
    throw new TrainerError(code, `admin API ${init.method} ${path} answered ${response.status}: ${text}`, { status: response.status, body: text });
  }

  async promote(name: string, request: PromoteRequest): Promise<ModelChannels> {
    const response = await this.request(`models/${name}/promote`, jsonInit('POST', request));
    return modelChannelsSchema.parse(await response.json());
  }

  async rollback(name: string): Promise<ModelChannels> {
    return modelChannelsSchema.parse(await (await this.request(`models/${name}/rollback`, { method: 'POST' })).json());
  }

  async jobs(name: string): Promise<RetrainJob[]> {
    const body = (await (await this.request(`models/${name}/jobs`, { method: 'GET' })).json()) as { jobs: unknown[] };
    return body.jobs.map((job) => retrainJobSchema.parse(job));
  }

  /** Takes (or renews) a job's lease; throws TrainerError `conflict` when another runner holds it. */
  async claimJob(name: string, id: string, lease: { owner: string; leaseSeconds: number }): Promise<RetrainJob> {
    return retrainJobSchema.parse(await (await this.request(`models/${name}/jobs/${id}/claim`, jsonInit('POST', lease))).json());
  }

  async completeJob(name: string, id: string, result: { owner: string; status: 'succeeded' | 'failed'; outcome: Record<string, unknown> }): Promise<RetrainJob> {
    return retrainJobSchema.parse(await (await this.request(`models/${name}/jobs/${id}/complete`, jsonInit('POST', result))).json());
  }

  /** Gives a job this runner leases back to the queue unfinished (pending, claimable at once). */
  async releaseJob(name: string, id: string, release: { owner: string; reason?: string }): Promise<RetrainJob> {
    return retrainJobSchema.parse(await (await this.request(`models/${name}/jobs/${id}/release`, jsonInit('POST', release))).json());
  }

  async channels(name: string): Promise<ModelChannels> {
    return modelChannelsSchema.parse(await (await this.request(`models/${name}/channels`, { method: 'GET' })).json());
  }
}

export function jsonInit(method: string, body: unknown): { method: string; body: string; headers: Record<string, string> } {
  return { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
}
