import { createRoute, z } from '@hono/zod-openapi';
import { apiExamples } from '../../openapi/api-examples.ts';
import { errorResponses, json, jsonResponse } from '../../openapi/api-responses.ts';
import { adminVersionParam, apiSchemas, nameParam } from '../../openapi/api-schemas.ts';
import { adminJsonBody } from './admin-json-body.ts';

const name = z.object({ name: nameParam });
const version = name.extend({ version: adminVersionParam });
const ERRORS = [400, 401, 403, 404, 409, 429, 500] as const;
const channelsAfter = { 200: jsonResponse('the channels after', apiSchemas.ModelChannels, apiExamples.channels), ...errorResponses(ERRORS) };

/** An admin operation: bearer `ADMIN_TOKEN`, and a JSON body read within the admin limit before its schema checks it. */
function adminRoute<const R extends Parameters<typeof createRoute>[0]>(route: R) {
  const withBody = route.request?.body !== undefined && 'application/json' in (route.request.body.content ?? {});
  return createRoute({ ...route, tags: ['admin'], security: [{ adminToken: [] }], ...(withBody ? { middleware: [adminJsonBody] as const } : {}) });
}

/** A read of one model's admin state: `GET` with the model's name. */
function adminRead<const P extends string, const I extends string, const A extends ReturnType<typeof jsonResponse>>(path: P, operationId: I, summary: string, answer: A) {
  return adminRoute({ method: 'get', path, operationId, summary, request: { params: name }, responses: { 200: answer, ...errorResponses(ERRORS) } });
}

/** `/v1/admin/…`, the registry's admin API: each route's definition, from which it is validated and documented. */
export const adminRouteDefinitions = {
  versions: adminRead('/models/{name}/versions', 'adminListVersions', 'The versions of a model and the channels each serves on', jsonResponse('versions', apiSchemas.AdminVersionsResponse, apiExamples.adminVersions)),
  channels: adminRead('/models/{name}/channels', 'adminGetChannels', "A model's channels (production, canary, shadow, previous)", jsonResponse('channels', apiSchemas.ModelChannels, apiExamples.channels)),
  audit: adminRead('/models/{name}/audit', 'adminGetAudit', "A model's audit log", jsonResponse('audit entries', apiSchemas.AuditResponse, apiExamples.audit)),
  promote: adminRoute({
    method: 'post',
    path: '/models/{name}/promote',
    operationId: 'adminPromote',
    summary: 'Point production, the canary or the shadow at a version (loaded here first: 409 if it cannot serve, unless "force": true)',
    request: { params: name, body: { required: true, content: json(apiSchemas.PromoteRequest, apiExamples.promoteRequest) } },
    responses: channelsAfter,
  }),
  rollback: adminRoute({
    method: 'post',
    path: '/models/{name}/rollback',
    operationId: 'adminRollback',
    summary: 'Production back to the newest previous version still published',
    request: { params: name },
    responses: channelsAfter,
  }),
  canary: adminRoute({
    method: 'put',
    path: '/models/{name}/canary',
    operationId: 'adminSetCanary',
    summary: "Change the canary's share of traffic, or drop it with 0",
    request: { params: name, body: { required: true, content: json(apiSchemas.CanaryShareRequest, apiExamples.canaryRequest) } },
    responses: channelsAfter,
  }),
  setShadow: adminRoute({
    method: 'put',
    path: '/models/{name}/shadow',
    operationId: 'adminSetShadow',
    summary: 'Point the shadow at a version with a share of traffic, change its share, or clear it with 0',
    request: { params: name, body: { required: true, content: json(apiSchemas.ShadowRequest, apiExamples.shadowRequest) } },
    responses: channelsAfter,
  }),
  clearShadow: adminRoute({
    method: 'delete',
    path: '/models/{name}/shadow',
    operationId: 'adminClearShadow',
    summary: 'Clear the shadow',
    request: { params: name },
    responses: channelsAfter,
  }),
  deleteVersion: adminRoute({
    method: 'delete',
    path: '/models/{name}/versions/{version}',
    operationId: 'adminDeleteVersion',
    summary: 'Delete a version that serves on no channel',
    request: { params: version },
    responses: { 204: { description: 'deleted' }, ...errorResponses(ERRORS) },
  }),
  uploadArtifact: adminRoute({
    method: 'put',
    path: '/models/{name}/versions/{version}/artifacts/{file}',
    operationId: 'adminUploadArtifact',
    summary: 'Upload one artifact of a version (checked against X-Content-SHA256)',
    request: {
      params: version.extend({ file: z.string().openapi({ param: { name: 'file', in: 'path', description: 'artifact file name' }, example: 'model.onnx' }) }),
      headers: z.object({ 'x-content-sha256': z.string().optional().openapi({ description: 'sha256 of the body, lower-case hex', example: apiExamples.sha256 }) }),
      body: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' }, example: '(the artifact bytes)' } } },
    },
    responses: { 201: jsonResponse('the stored artifact', apiSchemas.StoredArtifact, apiExamples.artifact), ...errorResponses([...ERRORS, 413], { 413: 'model_too_large: over MAX_MODEL_BYTES' }) },
  }),
  commitManifest: adminRoute({
    method: 'put',
    path: '/models/{name}/versions/{version}/manifest',
    operationId: 'adminCommitManifest',
    summary: 'Commit a version (image or text model) by writing its manifest, last',
    // Documented, not validated here: commitManifest checks the manifest against the uploaded artifacts and stores it as sent.
    request: { params: version, body: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/AnyModelManifest' }, example: apiExamples.manifest } } } },
    responses: { 201: jsonResponse('the manifest', apiSchemas.AnyModelManifest, apiExamples.manifest), ...errorResponses(ERRORS) },
  }),
};
