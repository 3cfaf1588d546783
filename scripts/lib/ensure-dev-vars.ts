import { randomBytes } from 'node:crypto';
import { appendFile, chmod, readFile, writeFile } from 'node:fs/promises';
import { WORKER_SECRETS } from '@edgeml/edge/config/worker-secrets';

export interface DevVarsResult {
  /** Secrets this call generated and wrote (none when the file had them all). */
  created: string[];
}

/**
 * Makes sure `.dev.vars` (what `wrangler dev` reads secrets from) holds every required secret:
 * a missing file is created with a random value for each (mode 0600: it holds credentials), and a
 * file without one gets it appended. Values already there are never changed.
 */
export async function ensureDevVars(file: string): Promise<DevVarsResult> {
  const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  const defined = new Set([...(existing ?? '').matchAll(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/gm)].map((match) => match[1]!));
  const created = WORKER_SECRETS.required.filter((name) => !defined.has(name));
  if (created.length === 0) return { created };
  const lines = created.map((name) => `${name}=${randomBytes(32).toString('hex')}\n`).join('');
  if (existing === undefined) {
    const header = '# Local Worker secrets for `wrangler dev` / `npm start` (see .dev.vars.example). Never commit this file.\n';
    await writeFile(file, header + lines, { mode: 0o600 });
    await chmod(file, 0o600); // `mode` is masked by the umask
  } else {
    await appendFile(file, `${existing.endsWith('\n') || existing === '' ? '' : '\n'}${lines}`);
  }
  return { created };
}
