import type { FeedbackResponse } from '@edgeml/shared';
import { createRoute, z } from '@hono/zod-openapi';
import { EdgeError } from '../errors/edge-error.ts';
import { readBody } from '../http/read-body.ts';
import { resolveManifest } from '../models/resolve-manifest.ts';
import { apiExamples } from '../openapi/api-examples.ts';
import { errorResponses, jsonResponse } from '../openapi/api-responses.ts';
import { apiSchemas, nameParam } from '../openapi/api-schemas.ts';
import { createApiApp } from '../openapi/create-api-app.ts';
import { chargeFeedbackQuota } from './charge-feedback-quota.ts';
import { feedbackClient } from './feedback-client.ts';
import { parseFeedbackRequest } from './parse-feedback-request.ts';
import { storeFeedback } from './store-feedback.ts';

/** `FEEDBACK_TOKENS` is an optional secret, so `wrangler types` does not list it in Env. */
type FeedbackEnv = Env & { FEEDBACK_TOKENS?: string };

const feedbackRoute = createRoute({
  method: 'post',
  path: '/{name}/feedback',
  operationId: 'sendFeedback',
  tags: ['models'],
  summary: 'Labelled examples for retraining, stored in R2 (bearer feedback token, or anonymous where FEEDBACK_ANONYMOUS is on)',
  security: [{ feedbackToken: [] }],
  request: {
    params: z.object({ name: nameParam }),
    // Documented, not validated here: credentials come first, then the size cap, then the schema.
    body: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/FeedbackRequest' }, example: apiExamples.feedbackRequest } } },
  },
  responses: {
    201: jsonResponse('stored', apiSchemas.FeedbackResponse, apiExamples.feedbackResponse),
    ...errorResponses([400, 401, 404, 405, 413, 415, 429, 500], {
      401: 'unauthorized: no valid feedback token (FEEDBACK_TOKENS) and anonymous feedback is off',
      429: "rate_limited, or quota_exceeded: the client's daily feedback quota is spent; see Retry-After",
    }),
  },
});

/**
 * `POST /v1/models/:name/feedback`: labelled examples for retraining, stored in R2 in batches.
 * Credentials first (401 before any work), then the size caps, validation, and the client's
 * daily quota (429 `quota_exceeded`), charged only for a valid request and before it is stored.
 */
export function feedbackRoutes() {
  const app = createApiApp();
  app.openAPIRegistry.register('FeedbackRequest', apiSchemas.FeedbackRequest);
  app.openAPIRegistry.registerComponent('securitySchemes', 'feedbackToken', { type: 'http', scheme: 'bearer', description: 'a FEEDBACK_TOKENS token' });
  return app
    .openapi(feedbackRoute, async (c) => {
      const config = c.var.config.feedback;
      const client = await feedbackClient({
        authorization: c.req.header('authorization'),
        ip: c.req.header('cf-connecting-ip'),
        tokens: (c.env as FeedbackEnv).FEEDBACK_TOKENS,
        config,
      }).catch((error: unknown) => {
        c.header('www-authenticate', 'Bearer realm="edgeml-feedback"');
        throw error;
      });
      const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (mediaType !== 'application/json') throw new EdgeError('unsupported_media_type', 'send feedback as application/json');
      const manifest = await resolveManifest(c.env.MODELS, c.req.valid('param').name);
      // Feedback holds labelled pixels, so only image models take it.
      if (manifest.task !== 'image-classification') throw new EdgeError('validation_failed', `model ${manifest.name} is a ${manifest.task} model: feedback is for image models`);
      const examples = parseFeedbackRequest(manifest, await readBody(c.req.raw, config.maxBytes), config.maxExamples);
      const charge = await chargeFeedbackQuota(c.env.MODELS, client.id, examples.length, client.dailyExamples);
      if (!charge.allowed) {
        c.header('Retry-After', String(charge.retryAfterSeconds));
        const message =
          charge.reason === 'busy'
            ? 'too many feedback requests from this client at once; retry'
            : `daily feedback quota of ${charge.limit} examples reached (${charge.used} sent today, ${examples.length} more asked); retry after UTC midnight`;
        throw new EdgeError('quota_exceeded', message, { limit: charge.limit, used: charge.used, retryAfterSeconds: charge.retryAfterSeconds });
      }
      const stored = await storeFeedback(c.env.MODELS, manifest, examples, client.id);
      return c.json({ ...stored, remainingToday: charge.remaining } satisfies FeedbackResponse, 201);
    })
    .all('/:name/feedback', (c) => {
      throw new EdgeError('method_not_allowed', `${c.req.method} is not allowed here: use POST`);
    });
}
