import type { TimingVariables } from 'hono/timing';

/** The Hono environment of every route: the worker's bindings, typed by `wrangler types`. */
export interface AppEnv {
  Bindings: Env;
  /** The Server-Timing middleware's state (`total` on every response). */
  Variables: TimingVariables;
}
