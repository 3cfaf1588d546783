import type { Dataset, DatasetFormat, TrainingJob, TrainingJobRequestInput, TrainingJobStatus } from '@edgeml/shared';
import { EdgeApiError } from './edge-api-error.ts';
import type { EdgeRoutes } from './edge-client.ts';
import { readAnswer as answer } from './read-answer.ts';

/** `POST /v1/datasets`'s options: the format when the bytes' media type does not say it, and a name. */
export interface UploadDatasetOptions {
  format: DatasetFormat;
  name?: string;
}

/** The training API's common calls (a token with the training scope, or the admin token); the runner's are on `routes.v1.training`. */
export function trainingHelpers(routes: EdgeRoutes) {
  const jobs = routes.v1.training.jobs;
  const datasets = routes.v1.datasets;
  return {
    /** Uploads a dataset (CSV, JSONL, zip, tar or IDX bytes) and answers its validated summary. */
    async uploadDataset(bytes: Uint8Array<ArrayBuffer> | string, options: UploadDatasetOptions): Promise<Dataset> {
      const query = { format: options.format, ...(options.name ? { name: options.name } : {}) };
      // The body is raw bytes, which the route documents but hc does not type.
      const response = await routes.v1.datasets.$post({ query }, { headers: { 'content-type': 'application/octet-stream' }, init: { body: bytes } });
      return (await answer(response, 'upload dataset')) as Dataset;
    },
    /** The built-in datasets and the uploads this token may see. */
    async listDatasets(): Promise<Dataset[]> {
      return (await answer(await datasets.$get(), 'list datasets')).datasets as Dataset[];
    },
    /** One dataset's summary (rows, labels, class counts, problems). */
    async dataset(id: string): Promise<Dataset> {
      return (await answer(await datasets[':id'].$get({ param: { id } }), `dataset ${id}`)) as Dataset;
    },
    /** Deletes an upload; refused (409 `invalid_state`) while a job uses it. */
    async deleteDataset(id: string): Promise<void> {
      // 204 has no body to read.
      const response = await datasets[':id'].$delete({ param: { id } });
      if (!response.ok) throw await EdgeApiError.of(response, `delete dataset ${id}`);
    },
    /** Jobs newest first, with their events; `status` keeps one status. */
    async listTrainingJobs(status?: TrainingJobStatus): Promise<TrainingJob[]> {
      return (await answer(await jobs.$get({ query: status ? { status } : {} }), 'list training jobs')).jobs as TrainingJob[];
    },
    /** Queues a training job. */
    async submitTrainingJob(request: TrainingJobRequestInput): Promise<TrainingJob> {
      return (await answer(await jobs.$post({ json: request }), 'submit training job')) as TrainingJob;
    },
    /** A job with its events so far. */
    async trainingJob(id: string): Promise<TrainingJob> {
      return (await answer(await jobs[':id'].$get({ param: { id } }), `training job ${id}`)) as TrainingJob;
    },
    /** Cancels a queued or running job. */
    async cancelTrainingJob(id: string): Promise<TrainingJob> {
      return (await answer(await jobs[':id'].cancel.$post({ param: { id } }), `cancel training job ${id}`)) as TrainingJob;
    },
  };
}
