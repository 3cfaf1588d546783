/**
 * The Worker's secrets, named once: `npm run deploy` refuses to deploy an environment where a
 * required one is unset, `npm start` writes the required ones to `.dev.vars`, and a test checks that
 * `.dev.vars.example` documents every one. (wrangler.toml's `[secrets] required` would do the first
 * but is experimental and warns on every local run.)
 */
export const WORKER_SECRETS = {
  /** ADMIN_TOKEN: the admin API's bearer token (`/v1/admin/...`); without it the admin API answers 403 to everyone. */
  required: ['ADMIN_TOKEN'],
  /** FEEDBACK_TOKENS: feedback clients as `clientId:sha256hex(token)` pairs; unset, only anonymous feedback (if on). */
  optional: ['FEEDBACK_TOKENS'],
} as const;

export type WorkerSecretName = (typeof WORKER_SECRETS)['required' | 'optional'][number];
