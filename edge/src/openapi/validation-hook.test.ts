import { errorBodySchema } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';

// workers-types declares WebAssembly.Module abstract (workerd cannot compile at run time); Node can.
const NodeWasmModule = WebAssembly.Module as unknown as new (bytes: Uint8Array) => WebAssembly.Module;
const EMPTY_WASM = new NodeWasmModule(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));

describe('validationHook', () => {
  it("answers a request that breaks its route's schema with the one validation_failed body, before the handler runs", async () => {
    const app = createApp({ wasmModule: EMPTY_WASM });
    // No R2 binding: a handler that ran would fail with a 500, not a 400.
    const env = { RATE_LIMIT_REQUESTS: '0' } as unknown as Env;
    for (const topK of ['0', '101', 'abc']) {
      const response = await app.request(`/v1/models/mnist/predict?topK=${topK}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }, env);
      expect(response.status, topK).toBe(400);
      const body = errorBodySchema.parse(await response.json());
      expect(body.error).toMatchObject({ code: 'validation_failed', details: { issues: [{ path: 'topK' }] } });
    }
    const shadow = await app.request('/v1/models/mnist/shadow?version=not%20a%20version', {}, env);
    expect(shadow.status).toBe(400);
    expect(errorBodySchema.parse(await shadow.json()).error.code).toBe('validation_failed');
  });
});
