import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ortWasmMemoryBytes } from '../runtime/ort.ts';

/**
 * `GET /healthz`: the worker is up, and how large this isolate's ORT WASM memory has grown (0
 * before its first model load). It touches neither R2 nor a session, so it stays cheap.
 */
export const healthz = new Hono<AppEnv>().get('/', (c) => c.json({ status: 'ok' as const, isolate: { wasmMemoryBytes: ortWasmMemoryBytes() } }));
