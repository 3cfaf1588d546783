import { errorBodySchema, legacyErrorResponseSchema } from '@edgeml/shared';
import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import type { AppEnv } from '../../app-env.ts';
import { EdgeError } from '../../errors/edge-error.ts';
import { legacyErrorHandler } from '../legacy-error-handler/index.ts';
import { errorHandler, notFoundHandler } from './index.ts';

function appThrowing(error: unknown): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/fail', () => {
      throw error;
    })
    .notFound(notFoundHandler)
    .onError(errorHandler);
}

describe('errorHandler', () => {
  it('answers an EdgeError as the wire error body with its status', async () => {
    const response = await appThrowing(new EdgeError('model_not_found', 'no model named "x" is published')).request('/fail');
    expect(response.status).toBe(404);
    expect(errorBodySchema.parse(await response.json())).toEqual({ error: { code: 'model_not_found', message: 'no model named "x" is published' } });
  });

  it('answers an unexpected error with a generic 500 body and no stack', async () => {
    const error = new Error('database password is hunter2');
    // The fault is logged for the operator, not shown to the client.
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await appThrowing(error).request('/fail');
    expect(log).toHaveBeenCalledWith('internal error on GET /fail:', error);
    log.mockRestore();
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(errorBodySchema.parse(JSON.parse(text)).error.code).toBe('internal');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('at ');
  });

  it('answers an unknown route with not_found, quoting a long path cut short', async () => {
    const response = await appThrowing(new Error('unused')).request(`/${'n'.repeat(5000)}`);
    expect(response.status).toBe(404);
    const { error } = errorBodySchema.parse(await response.json());
    expect(error.code).toBe('not_found');
    expect(error.message.length).toBeLessThan(100);
    expect(error.message).toContain('…');
  });

  it('answers a 503 with a generic message and its Retry-After, logging the R2 key it hides', async () => {
    const error = new EdgeError('model_unavailable', 'models/mnist/versions/v1/manifest.json in the model store is invalid: zod says no', { retryAfterSeconds: 4 }, { 'Retry-After': '4' });
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await appThrowing(error).request('/fail');
    expect(log).toHaveBeenCalledWith('model_unavailable error on GET /fail:', error);
    log.mockRestore();
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('4');
    const text = await response.text();
    expect(text).not.toContain('models/');
    expect(text).not.toContain('zod');
    expect(errorBodySchema.parse(JSON.parse(text)).error).toEqual({ code: 'model_unavailable', message: 'the model is unavailable here; try again later', details: { retryAfterSeconds: 4 } });
  });
});

describe('legacyErrorHandler', () => {
  it('answers with the primer shape and the same status', async () => {
    const app = new Hono<AppEnv>()
      .post('/', () => {
        throw new EdgeError('invalid_image', 'the body is not a PNG or JPEG image');
      })
      .onError(legacyErrorHandler);
    const response = await app.request('/', { method: 'POST' });
    expect(response.status).toBe(400);
    expect(legacyErrorResponseSchema.parse(await response.json())).toEqual({ error: 'the body is not a PNG or JPEG image', status: 'error' });
  });
});
