import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureDevVars } from './ensure-dev-vars.ts';
import { WORKER_SECRETS } from '@edgeml/edge/config/worker-secrets';
import { REPO_ROOT } from '@edgeml/test/support/published-model';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('ensureDevVars (npm start)', () => {
  it('creates .dev.vars with a random ADMIN_TOKEN, readable by its owner only, and keeps it afterwards', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-dev-vars-'));
    const file = path.join(dir, '.dev.vars');
    expect(await ensureDevVars(file)).toEqual({ created: ['ADMIN_TOKEN'] });
    const first = await readFile(file, 'utf8');
    expect(first).toMatch(/^ADMIN_TOKEN=[0-9a-f]{64}$/m);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await ensureDevVars(file)).toEqual({ created: [] });
    expect(await readFile(file, 'utf8')).toBe(first);
  });

  it('adds a missing ADMIN_TOKEN to an existing file without touching what is there', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-dev-vars-'));
    const file = path.join(dir, '.dev.vars');
    await writeFile(file, 'FEEDBACK_TOKENS=app:abc');
    expect(await ensureDevVars(file)).toEqual({ created: ['ADMIN_TOKEN'] });
    expect(await readFile(file, 'utf8')).toMatch(/^FEEDBACK_TOKENS=app:abc\nADMIN_TOKEN=[0-9a-f]{64}\n$/);
  });
});

describe('secrets outside wrangler.toml', () => {
  it('wrangler.toml has no experimental secrets fields (they warn on every local run)', async () => {
    const toml = await readFile(path.join(REPO_ROOT, 'wrangler.toml'), 'utf8');
    expect(toml).not.toMatch(/^\s*\[(?:env\.[\w-]+\.)?secrets\]/m);
    expect(toml).not.toMatch(/^\s*secrets\s*=/m);
  });

  it('.dev.vars.example documents every secret; .dev.vars is ignored by git, the example is not', async () => {
    const example = await readFile(path.join(REPO_ROOT, '.dev.vars.example'), 'utf8');
    for (const name of WORKER_SECRETS.required) expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
    // Optional ones stay commented out, so `npm run types` (which reads the example) types them as absent.
    for (const name of WORKER_SECRETS.optional) {
      expect(example).toMatch(new RegExp(`^# ${name}=`, 'm'));
      expect(example).not.toMatch(new RegExp(`^${name}=`, 'm'));
    }
    const ignored = (file: string) =>
      promisify(execFile)('git', ['check-ignore', '--no-index', '-q', file], { cwd: REPO_ROOT }).then(
        () => true,
        () => false,
      );
    expect(await ignored('.dev.vars')).toBe(true);
    expect(await ignored('.dev.vars.example')).toBe(false);
  });

  it('the worker types still declare each required secret', async () => {
    const types = await readFile(path.join(REPO_ROOT, 'edge', 'worker-configuration.d.ts'), 'utf8');
    const env = types.slice(types.indexOf('interface Env {'));
    for (const name of WORKER_SECRETS.required) expect(env).toMatch(new RegExp(`\\b${name}: string;`));
  });
});
