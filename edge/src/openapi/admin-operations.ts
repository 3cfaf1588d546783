import type { ApiOperation } from './api-operations.ts';

const NAME = { name: 'name', description: 'model name, e.g. mnist' };
const VERSION = { name: 'version', description: 'a model version' };
const JOB = { name: 'id', description: 'retrain job id' };
const ADMIN_ERRORS = [400, 401, 403, 404, 409, 429, 500] as const;

/** `/v1/admin/…`, the registry's admin API (bearer `ADMIN_TOKEN`). A new admin route goes here too. */
export const adminOperations: ApiOperation[] = [
  admin('get', '/models/{name}/versions', 'The versions of a model and the channels each serves on', [NAME], { 200: { description: 'versions', schema: 'AdminVersionsResponse' } }),
  admin('get', '/models/{name}/channels', "A model's channels (production, canary, shadow, previous)", [NAME], { 200: { description: 'channels', schema: 'ModelChannels' } }),
  admin('get', '/models/{name}/audit', "A model's audit log", [NAME], { 200: { description: 'audit entries', schema: 'AuditResponse' } }),
  admin('post', '/models/{name}/promote', 'Point production, the canary or the shadow at a version (loaded here first: 409 if it cannot serve, unless "force": true)', [NAME], { 200: { description: 'channels after', schema: 'ModelChannels' } }, {
    'application/json': 'PromoteRequest',
  }),
  admin('get', '/models/{name}/jobs', "A model's retrain jobs", [NAME], { 200: { description: 'jobs', schema: 'RetrainJobsResponse' } }),
  admin('post', '/models/{name}/jobs/{id}/claim', "Take or renew a retrain job's lease", [NAME, JOB], { 200: { description: 'the job', schema: 'RetrainJob' } }, {
    'application/json': 'ClaimJobRequest',
  }),
  admin('post', '/models/{name}/jobs/{id}/complete', "Record a retrain job's outcome (lease holder only)", [NAME, JOB], { 200: { description: 'the job', schema: 'RetrainJob' } }, {
    'application/json': 'CompleteJobRequest',
  }),
  admin('post', '/models/{name}/jobs/{id}/release', 'Give a running retrain job back to the queue unfinished (lease holder only)', [NAME, JOB], { 200: { description: 'the job', schema: 'RetrainJob' } }, {
    'application/json': 'ReleaseJobRequest',
  }),
  admin('post', '/models/{name}/rollback', 'Production back to the newest previous version still published', [NAME], { 200: { description: 'channels after', schema: 'ModelChannels' } }),
  admin('put', '/models/{name}/canary', "Change the canary's share of traffic, or drop it with 0", [NAME], { 200: { description: 'channels after', schema: 'ModelChannels' } }, {
    'application/json': 'CanaryShareRequest',
  }),
  admin('put', '/models/{name}/shadow', 'Point the shadow at a version with a share of traffic, change its share, or clear it with 0', [NAME], { 200: { description: 'channels after', schema: 'ModelChannels' } }, {
    'application/json': 'ShadowRequest',
  }),
  admin('delete', '/models/{name}/shadow', 'Clear the shadow', [NAME], { 200: { description: 'channels after', schema: 'ModelChannels' } }),
  admin('delete', '/models/{name}/versions/{version}', 'Delete a version that serves on no channel', [NAME, VERSION], { 204: { description: 'deleted', empty: true } }),
  admin('put', '/models/{name}/versions/{version}/artifacts/{file}', 'Upload one artifact of a version (checked against X-Content-SHA256)', [NAME, VERSION, { name: 'file', description: 'artifact file name, e.g. model.onnx' }], {
    201: { description: 'the stored artifact', schema: 'Artifact' },
    413: { description: 'model_too_large', schema: 'ErrorBody' },
  }, { 'application/octet-stream': 'binary' }),
  admin('put', '/models/{name}/versions/{version}/manifest', 'Commit a version (image or text model) by writing its manifest, last', [NAME, VERSION], { 201: { description: 'the manifest', schema: 'AnyModelManifest' } }, {
    'application/json': 'AnyModelManifest',
  }),
];

function admin(
  method: ApiOperation['method'],
  path: string,
  summary: string,
  pathParams: ApiOperation['pathParams'],
  responses: ApiOperation['responses'],
  requestBody?: ApiOperation['requestBody'],
): ApiOperation {
  const errorResponses = Object.fromEntries(ADMIN_ERRORS.map((status) => [status, { description: `error (${status})`, schema: 'ErrorBody' as const }]));
  return { method, path: `/v1/admin${path}`, summary, tag: 'admin', pathParams, requestBody, responses: { ...errorResponses, ...responses } };
}
