import { datasetDataKey } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { readBody } from '../http/read-body.ts';
import { createApiApp } from '../openapi/create-api-app.ts';
import { API_TOKEN_SCHEME } from '../tokens/token-route.ts';
import { principalOf } from '../tokens/require-scope.ts';
import { ACTIVE_STATUSES } from '../training/job-transitions.ts';
import { listTrainingJobs } from '../training/training-job-store.ts';
import { acceptDatasetUpload } from './accept-dataset-upload.ts';
import { builtinDatasets } from './builtin-datasets.ts';
import { canSee, datasetNotFound, deleteDataset, listUploadedDatasets, readDataset } from './dataset-store.ts';
import { datasetRouteDefinitions as route } from './dataset-route-definitions.ts';
import { uploadFormat } from './upload-format.ts';

/** `/v1/datasets`: upload, list, read and delete the datasets training jobs train on. */
export function datasetRoutes() {
  const app = createApiApp();
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiToken', API_TOKEN_SCHEME);
  return app
    .openapi(route.upload, async (c) => {
      const query = c.req.valid('query');
      const format = uploadFormat(query.format, c.req.header('content-type'));
      // Refused by Content-Length, or while streaming in, before more than the limit is held.
      const bytes = await readBody(c.req.raw, c.var.config.maxDatasetBytes);
      const contentType = c.req.header('content-type') ?? 'application/octet-stream';
      return c.json(await acceptDatasetUpload(c.env.MODELS, principalOf(c), { format, name: query.name, bytes, contentType }), 201);
    })
    .openapi(route.list, async (c) => {
      const principal = principalOf(c);
      const uploaded = (await listUploadedDatasets(c.env.MODELS)).filter((dataset) => canSee(principal, dataset));
      return c.json({ datasets: [...builtinDatasets, ...uploaded] }, 200);
    })
    .openapi(route.get, async (c) => c.json(await readDataset(c.env.MODELS, c.req.valid('param').id, principalOf(c)), 200))
    .openapi(route.content, async (c) => {
      const dataset = await readDataset(c.env.MODELS, c.req.valid('param').id, principalOf(c));
      if (dataset.builtin) throw new EdgeError('dataset_not_found', `"${dataset.id}" is built in: it has no uploaded bytes (every runner ships it)`, { dataset: dataset.id });
      const object = await c.env.MODELS.get(datasetDataKey(dataset.id));
      if (!object) throw datasetNotFound(dataset.id);
      return c.body(object.body, 200, { 'content-type': 'application/octet-stream', 'content-length': String(object.size), 'x-content-sha256': dataset.sha256 ?? '' });
    })
    .openapi(route.delete, async (c) => {
      const principal = principalOf(c);
      const dataset = await readDataset(c.env.MODELS, c.req.valid('param').id, principal);
      if (dataset.builtin) throw new EdgeError('invalid_state', `"${dataset.id}" is built in; it cannot be deleted`, { dataset: dataset.id });
      if (!principal.admin && dataset.owner !== principal.name) throw new EdgeError('forbidden', `dataset "${dataset.id}" belongs to another token`, { dataset: dataset.id });
      const users = (await listTrainingJobs(c.env.MODELS)).filter((job) => job.request.dataset === dataset.id && ACTIVE_STATUSES.includes(job.status));
      if (users.length > 0) {
        throw new EdgeError('invalid_state', `dataset "${dataset.id}" is in use by ${users.map((job) => `${job.id} (${job.status})`).join(', ')}`, { dataset: dataset.id, jobs: users.map((job) => job.id) });
      }
      await deleteDataset(c.env.MODELS, dataset.id);
      return c.body(null, 204);
    });
}
