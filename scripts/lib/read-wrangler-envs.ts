import { readFileSync } from 'node:fs';

/** The named environments (`[env.NAME]` tables) of a wrangler.toml, in file order. */
export function readWranglerEnvs(configPath: string): string[] {
  const toml = readFileSync(configPath, 'utf8');
  const names = [...toml.matchAll(/^\s*\[{1,2}env\.([A-Za-z0-9_-]+)[.\]]/gm)].map((match) => match[1]!);
  return [...new Set(names)];
}
