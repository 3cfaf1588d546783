/** The Hono environment of every route: the worker's bindings, typed by `wrangler types`. */
export interface AppEnv {
  Bindings: Env;
}
