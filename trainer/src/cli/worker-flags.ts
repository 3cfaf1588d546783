import { TrainerError } from '../errors.ts';
import type { StringFlag } from './flag-spec.ts';

/** How a command reaches the worker: its URL, and which variable holds the token (secrets are never flags: argv is visible to every process on the machine). */
export const WORKER_FLAGS = {
  endpoint: { type: 'string', placeholder: 'URL', help: 'the worker (default $EDGEML_ENDPOINT, else http://127.0.0.1:8787)' },
  'token-env': { type: 'string', placeholder: 'VAR', help: 'read the token from $VAR' },
} as const satisfies Record<string, StringFlag>;

/** `--endpoint`, else EDGEML_ENDPOINT, else the local worker; http(s) only. */
export function workerEndpoint(flag: string | undefined, env: NodeJS.ProcessEnv): URL {
  const value = flag ?? env.EDGEML_ENDPOINT ?? 'http://127.0.0.1:8787';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TrainerError('invalid_argument', `--endpoint "${value}" is not a URL (e.g. https://edgeml.example.workers.dev)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TrainerError('invalid_argument', `--endpoint must be http(s), got "${value}"`);
  return url;
}

/** The first of `names` set in the environment; `--token-env VAR` reads VAR only. */
export function workerToken(env: NodeJS.ProcessEnv, tokenEnv: string | undefined, names: readonly string[], what: string): string {
  const read = tokenEnv ? [tokenEnv] : names;
  const token = read.map((name) => env[name]).find(Boolean);
  if (!token) throw new TrainerError('invalid_config', `no ${what}: set ${read[0]}${read.length > 1 ? ` (or ${read.slice(1).join(', ')})` : ''}, or name another variable with --token-env`);
  return token;
}
