import { spawn } from 'node:child_process';
import path from 'node:path';

export interface CommandResult {
  code: number;
  /** stdout and stderr as one text, in the order they came; empty when run `interactive`. */
  output: string;
}

/**
 * Runs wrangler with these arguments. `interactive`: on this terminal, so it can prompt (a first
 * deploy asks for a workers.dev subdomain; wrangler prompts only when stdin and stdout are TTYs) and
 * its output is not captured. Injectable so tests run offline.
 */
export type RunWrangler = (args: string[], options?: { interactive?: boolean }) => Promise<CommandResult>;

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const WRANGLER = path.join(REPO_ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');

/** The repository's wrangler, run from the repository root (so it reads wrangler.toml and the user's login). */
export const runWrangler: RunWrangler = (args, { interactive = false } = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], { cwd: REPO_ROOT, stdio: interactive ? 'inherit' : ['inherit', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
