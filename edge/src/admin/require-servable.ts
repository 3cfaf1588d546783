import { EdgeError } from '../errors/edge-error.ts';
import type { ModelRegistry } from '../models/model-registry.ts';

/** What a version that cannot serve answers; anything else (a missing version, a store failure) passes through as is. */
const UNSERVABLE = new Set(['model_unavailable', 'model_too_large', 'golden_mismatch']);

/**
 * The worker's own deployability check before a promotion: loads the version in this isolate as a
 * pinned request would (ORT-web's WASM creates the session, so every operator must have a kernel
 * here; the size budget and the golden vectors apply) and refuses the promotion with 409 when it
 * cannot serve. The session stays cached for the traffic the promotion sends it.
 */
export async function requireServable(registry: ModelRegistry, env: Env, name: string, version: string): Promise<void> {
  try {
    await registry.use(env, name, version, async () => undefined);
  } catch (error) {
    if (!(error instanceof EdgeError) || !UNSERVABLE.has(error.code)) throw error;
    throw new EdgeError(
      'conflict',
      `${name}@${version} cannot serve from this worker, so it is not promoted: ${error.message} (send "force": true to promote it anyway)`,
      { model: name, version, reason: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } },
    );
  }
}
