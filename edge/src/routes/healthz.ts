import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';

/** `GET /healthz`: the worker is up. It touches neither R2 nor ORT, so it stays cheap. */
export const healthz = new Hono<AppEnv>().get('/', (c) => c.json({ status: 'ok' }));
