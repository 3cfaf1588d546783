import type { RunWrangler } from './run-wrangler.ts';
import { WORKER_SECRETS } from '@edgeml/edge/config/worker-secrets';

export type DeploySecretsCheck =
  | { ok: true; present: string[] }
  /** `missing`, `no_worker` and `not_logged_in` are the user's to fix; `wrangler_failed` is not. */
  | { ok: false; reason: 'missing' | 'no_worker' | 'not_logged_in' | 'wrangler_failed'; missing: string[]; message: string };

/**
 * Asks Cloudflare which secrets the environment's Worker has (`wrangler secret list --env ENV`) and
 * says which required ones are unset, with the command that sets each.
 */
export async function checkDeploySecrets(options: {
  env: string;
  run: RunWrangler;
  required?: readonly string[];
}): Promise<DeploySecretsCheck> {
  const { env, run, required = WORKER_SECRETS.required } = options;
  const putCommands = (names: readonly string[]) => names.map((name) => `  npx wrangler secret put ${name} --env ${env}`).join('\n');
  const { code, output } = await run(['secret', 'list', '--env', env, '--format', 'json']);
  if (code !== 0) {
    if (/not found|does not exist|\b10007\b/i.test(output)) {
      return {
        ok: false,
        reason: 'no_worker',
        missing: [...required],
        message:
          `The "${env}" Worker does not exist on this account yet. Set its secrets first; the first \`secret put\` ` +
          `offers to create the Worker (answer y):\n${putCommands(required)}`,
      };
    }
    if (/not (?:logged in|authenticated)|wrangler login|CLOUDFLARE_API_TOKEN|Authentication error|\b10000\b/i.test(output)) {
      return {
        ok: false,
        reason: 'not_logged_in',
        missing: [],
        message: 'wrangler is not logged in: run `npx wrangler login`, or export CLOUDFLARE_API_TOKEN (and CLOUDFLARE_ACCOUNT_ID).',
      };
    }
    return { ok: false, reason: 'wrangler_failed', missing: [], message: `\`wrangler secret list --env ${env}\` failed (exit ${code}):\n${tail(output)}` };
  }
  const present = parseSecretNames(output);
  if (present === undefined) {
    return { ok: false, reason: 'wrangler_failed', missing: [], message: `could not read \`wrangler secret list\`'s answer:\n${tail(output)}` };
  }
  const missing = required.filter((name) => !present.includes(name));
  if (missing.length > 0) {
    return {
      ok: false,
      reason: 'missing',
      missing,
      message: `Not deploying "${env}": required secret${missing.length > 1 ? 's' : ''} ${missing.join(', ')} unset. Set ${missing.length > 1 ? 'them' : 'it'} with:\n${putCommands(missing)}`,
    };
  }
  return { ok: true, present };
}

/**
 * The names in `wrangler secret list --format json`'s array (`[{ "name", "type" }]`). Other lines may
 * come before it (warnings, which can hold `[`), so it is the first line-leading `[` that parses.
 */
function parseSecretNames(output: string): string[] | undefined {
  const end = output.lastIndexOf(']');
  for (const start of [...output.matchAll(/^\[/gm)].map((match) => match.index)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(output.slice(start, end + 1));
    } catch {
      continue;
    }
    if (!Array.isArray(parsed)) return undefined;
    return parsed.flatMap((entry: unknown) =>
      typeof entry === 'object' && entry !== null && 'name' in entry && typeof entry.name === 'string' ? [entry.name] : [],
    );
  }
  return undefined;
}

function tail(text: string, lines = 15): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}
