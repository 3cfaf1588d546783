import type { TimingVariables } from 'hono/timing';
import type { EdgeConfig } from './config/read-config.ts';
import type { ServedModel } from './middleware/request-log/served-model.ts';
import type { Principal } from './tokens/principal.ts';

/** The Hono environment of every route: the worker's bindings, typed by `wrangler types`. */
export interface AppEnv {
  Bindings: Env;
  /**
   * The Server-Timing middleware's state (`total` on every response); the worker's vars, read once
   * per request (`config`); and what a predict route hands the request log (`served`, set once a
   * model is in hand; unset elsewhere); and who a training-API request comes from (`principal`, set by `requireScope`).
   */
  Variables: TimingVariables & { config: EdgeConfig; served: ServedModel | undefined; principal: Principal | undefined };
}
