import { InputError } from '@edgeml/shared';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { describeError } from './describe-error.ts';
import { EdgeError } from './edge-error.ts';

describe('describeError', () => {
  it('answers an EdgeError with its code, message, details and the status of its code', () => {
    const described = describeError(new EdgeError('payload_too_large', 'too big', { limit: 10 }));
    expect(described).toEqual({
      status: 413,
      body: { error: { code: 'payload_too_large', message: 'too big', details: { limit: 10 } } },
      internal: false,
    });
  });

  it('answers an InputError from shared preprocessing as bad input', () => {
    const described = describeError(new InputError('invalid_image', 'not a PNG or JPEG'));
    expect(described.status).toBe(400);
    expect(described.body).toEqual({ error: { code: 'invalid_image', message: 'not a PNG or JPEG' } });
  });

  it('maps every model error to 404 or 503', () => {
    expect(describeError(new EdgeError('model_not_found', 'x')).status).toBe(404);
    expect(describeError(new EdgeError('version_not_found', 'x')).status).toBe(404);
    expect(describeError(new EdgeError('model_unavailable', 'x')).status).toBe(503);
    expect(describeError(new EdgeError('model_too_large', 'x')).status).toBe(503);
    expect(describeError(new EdgeError('unsupported_media_type', 'x')).status).toBe(415);
  });

  it('gives every 5xx code a generic message, keeping its structured details, and marks it for the log', () => {
    const described = describeError(new EdgeError('model_too_large', 'model mnist@v1 at models/mnist/versions/v1/model.onnx is 9 bytes', { bytes: 9, limit: 8 }));
    expect(described).toEqual({
      status: 503,
      body: { error: { code: 'model_too_large', message: "the model is over this worker's size limit", details: { bytes: 9, limit: 8 } } },
      internal: true,
    });
    expect(describeError(new EdgeError('model_unavailable', 'feedback/x.json')).body.error.message).not.toContain('/');
  });

  it('passes an EdgeError\'s headers on', () => {
    expect(describeError(new EdgeError('rate_limited', 'slow down', undefined, { 'Retry-After': '10' })).headers).toEqual({ 'Retry-After': '10' });
  });

  it('hides anything else behind a generic internal error without message or stack', () => {
    const described = describeError(new TypeError('secret detail at /src/app.ts:12'));
    expect(described).toEqual({ status: 500, body: { error: { code: 'internal', message: 'internal error' } }, internal: true });
    expect(JSON.stringify(described.body)).not.toContain('secret');
  });

  it('turns a 4xx HTTPException from Hono into bad_request, and a 5xx one into internal', () => {
    expect(describeError(new HTTPException(400, { message: 'Malformed JSON' })).body.error).toEqual({ code: 'bad_request', message: 'Malformed JSON' });
    expect(describeError(new HTTPException(502, { message: 'upstream' })).body.error.code).toBe('internal');
  });
});
