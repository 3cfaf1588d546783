import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { readConfig } from '../config/read-config.ts';
import { EdgeError } from '../errors/edge-error.ts';
import { readBody } from '../http/read-body.ts';
import { resolveManifest } from '../models/resolve-manifest.ts';
import { storeFeedback } from './store-feedback.ts';

/** `POST /v1/models/:name/feedback`: labelled examples for retraining, stored in R2 in batches. */
export function feedbackRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .post('/:name/feedback', async (c) => {
      const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (mediaType !== 'application/json') throw new EdgeError('unsupported_media_type', 'send feedback as application/json');
      const manifest = await resolveManifest(c.env.MODELS, c.req.param('name'));
      // Feedback holds labelled pixels, so only image models take it.
      if (manifest.task !== 'image-classification') throw new EdgeError('validation_failed', `model ${manifest.name} is a ${manifest.task} model: feedback is for image models`);
      const body = await readBody(c.req.raw, readConfig(c.env).maxBodyBytes);
      return c.json(await storeFeedback(c.env.MODELS, manifest, body), 201);
    })
    .all('/:name/feedback', (c) => {
      throw new EdgeError('method_not_allowed', `${c.req.method} is not allowed here: use POST`);
    });
}
