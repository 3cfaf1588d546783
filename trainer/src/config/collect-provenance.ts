import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

export interface Provenance {
  /** `git rev-parse HEAD` of the working tree, when git and a repository are there. */
  gitCommit?: string;
  /** Uncommitted changes to tracked files: the commit alone does not reproduce the code. */
  gitDirty?: boolean;
  /** Versions of the packages that decide what training computes. */
  packageVersions: Record<string, string>;
}

const PACKAGES = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'zod'];

/** What, besides the config and seed, a run depends on; absent git or packages are left out, not errors. */
export async function collectProvenance(cwd = process.cwd()): Promise<Provenance> {
  const packageVersions: Record<string, string> = { node: process.versions.node };
  const require = createRequire(import.meta.url);
  for (const name of PACKAGES) {
    try {
      const manifest = JSON.parse(await readFile(require.resolve(`${name}/package.json`), 'utf8')) as { version?: string };
      if (manifest.version) packageVersions[name] = manifest.version;
    } catch {
      // Optional backends (tfjs-node, tfjs-node-gpu) are often not installed.
    }
  }
  const git = async (...args: string[]) => (await promisify(execFile)('git', args, { cwd, timeout: 5000 })).stdout;
  try {
    const gitCommit = (await git('rev-parse', 'HEAD')).trim();
    const gitDirty = (await git('status', '--porcelain', '--untracked-files=no')).trim().length > 0;
    return { gitCommit, gitDirty, packageVersions };
  } catch {
    return { packageVersions };
  }
}
