import { apiTokenSchema, listAll, sha256Hex, tokenKey, TOKENS_PREFIX, type ApiToken } from '@edgeml/shared';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAdminToken } from '../admin/require-admin-token.ts';
import { EdgeError } from '../errors/edge-error.ts';
import { errorResponses, json, jsonResponse } from '../openapi/api-responses.ts';
import { createApiApp } from '../openapi/create-api-app.ts';
import { trainingExamples } from '../openapi/training-examples.ts';
import { trainingSchemas } from '../openapi/training-schemas.ts';
import { adminJsonBody } from '../routes/admin/admin-json-body.ts';
import { readJson } from '../storage/read-json.ts';

const ERRORS = [400, 401, 403, 404, 409, 429, 500] as const;
const admin = { tags: ['admin'], security: [{ adminToken: [] }] };
const nameParam = z.object({ name: z.string().openapi({ param: { name: 'name', in: 'path', description: 'token name' }, example: 'alice' }) });

const route = {
  create: createRoute({
    ...admin,
    method: 'post',
    path: '/',
    operationId: 'adminCreateToken',
    summary: 'Make a scoped token (training: datasets and jobs; runner: run jobs) with its limits; the answer shows the token once',
    middleware: [adminJsonBody] as const,
    request: { body: { required: true, content: json(trainingSchemas.CreateTokenRequest, trainingExamples.tokenRequest) } },
    responses: { 201: jsonResponse('the token, shown this once', trainingSchemas.CreatedToken, trainingExamples.createdToken), ...errorResponses(ERRORS, { 409: 'conflict: a token of that name exists' }) },
  }),
  list: createRoute({
    ...admin,
    method: 'get',
    path: '/',
    operationId: 'adminListTokens',
    summary: 'The scoped tokens (names, scopes, limits; never the tokens)',
    responses: { 200: jsonResponse('tokens', trainingSchemas.TokensResponse, trainingExamples.tokens), ...errorResponses(ERRORS) },
  }),
  delete: createRoute({
    ...admin,
    method: 'delete',
    path: '/{name}',
    operationId: 'adminDeleteToken',
    summary: 'Revoke a scoped token',
    request: { params: nameParam },
    responses: { 204: { description: 'revoked' }, ...errorResponses(ERRORS, { 404: 'not_found' }) },
  }),
};

/** Every token record with its key (the key is the token's digest; the record never holds the token). */
async function readTokens(bucket: R2Bucket): Promise<{ key: string; token: ApiToken }[]> {
  const { keys } = await listAll(bucket, TOKENS_PREFIX);
  const records = await Promise.all(keys.sort().map(async (key) => ({ key, token: await readJson(bucket, key, apiTokenSchema, { onInvalid: 'skip' }) })));
  return records.flatMap(({ key, token }) => (token ? [{ key, token }] : []));
}

/** A new token: 32 random bytes, base64url, with a prefix that says what it is. */
function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `edgeml_${btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/** `/v1/admin/tokens`: scoped tokens for the training API, behind the admin token. */
export function tokenRoutes() {
  const app = createApiApp();
  app.use('*', requireAdminToken);
  return app
    .openapi(route.create, async (c) => {
      const request = c.req.valid('json');
      if ((await readTokens(c.env.MODELS)).some(({ token }) => token.name === request.name)) throw new EdgeError('conflict', `a token named "${request.name}" exists; delete it first`, { name: request.name });
      const token = newToken();
      const record: ApiToken = { schemaVersion: 1, ...request, createdAt: new Date().toISOString() };
      await c.env.MODELS.put(tokenKey(await sha256Hex(new TextEncoder().encode(token))), JSON.stringify(record, null, 2), { httpMetadata: { contentType: 'application/json' } });
      return c.json({ ...record, token }, 201);
    })
    .openapi(route.list, async (c) => c.json({ tokens: (await readTokens(c.env.MODELS)).map(({ token }) => token) }, 200))
    .openapi(route.delete, async (c) => {
      const { name } = c.req.valid('param');
      const found = (await readTokens(c.env.MODELS)).find(({ token }) => token.name === name);
      if (!found) throw new EdgeError('not_found', `no token named "${name.slice(0, 64)}"`);
      await c.env.MODELS.delete(found.key);
      return c.body(null, 204);
    });
}
