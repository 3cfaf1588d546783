import type { TimingVariables } from 'hono/timing';
import type { ServedModel } from './middleware/request-log/served-model.ts';

/** The Hono environment of every route: the worker's bindings, typed by `wrangler types`. */
export interface AppEnv {
  Bindings: Env;
  /**
   * The Server-Timing middleware's state (`total` on every response), and what a predict route
   * hands the request log (`served`, set once at the end of the handler; unset elsewhere).
   */
  Variables: TimingVariables & { served: ServedModel | undefined };
}
