import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkDeploySecrets } from './lib/check-deploy-secrets.ts';
import { DeployError, deployWorker } from './lib/deploy-worker.ts';
import { readWranglerEnvs } from './lib/read-wrangler-envs.ts';
import type { CommandResult, RunWrangler } from './lib/run-wrangler.ts';
import { REPO_ROOT } from '@edgeml/test/support/published-model';

/** A wrangler that answers from a script instead of Cloudflare, recording every call. */
function fakeWrangler(answers: { secretList: CommandResult; dryRun?: CommandResult; deploy?: CommandResult }) {
  const calls: string[][] = [];
  const run: RunWrangler = async (args, options) => {
    calls.push(args);
    // The deploy steps run on the user's terminal, so wrangler can prompt; the secret check is read.
    expect(options?.interactive ?? false).toBe(args[0] === 'deploy');
    if (args[0] === 'secret') return answers.secretList;
    if (args.includes('--dry-run')) return answers.dryRun ?? { code: 0, output: 'Total Upload: 14000 KiB / gzip: 3000 KiB\n--dry-run: exiting now.' };
    return answers.deploy ?? { code: 0, output: '' };
  };
  return { run, calls };
}

const listed = (...names: string[]) => ({ code: 0, output: JSON.stringify(names.map((name) => ({ name, type: 'secret_text' })), null, '  ') });

describe('checkDeploySecrets', () => {
  it('passes when every required secret is set, reading the JSON after any other line', async () => {
    const { run, calls } = fakeWrangler({ secretList: { code: 0, output: `▲ [WARNING] something\n${listed('FEEDBACK_TOKENS', 'ADMIN_TOKEN').output}` } });
    expect(await checkDeploySecrets({ env: 'staging', run })).toEqual({ ok: true, present: ['FEEDBACK_TOKENS', 'ADMIN_TOKEN'] });
    expect(calls).toEqual([['secret', 'list', '--env', 'staging', '--format', 'json']]);
  });

  it('names each unset required secret and the command that sets it', async () => {
    const result = await checkDeploySecrets({ env: 'production', run: fakeWrangler({ secretList: listed('FEEDBACK_TOKENS') }).run });
    expect(result).toMatchObject({ ok: false, reason: 'missing', missing: ['ADMIN_TOKEN'] });
    expect(!result.ok && result.message).toContain('npx wrangler secret put ADMIN_TOKEN --env production');
  });

  it('tells a new worker from a missing login and from a wrangler fault', async () => {
    const notFound = { code: 1, output: '✘ [ERROR] Worker "edgeml-staging" (env: staging) not found.\n\nIf this is a new Worker, run `wrangler deploy` first to create it.' };
    const noWorker = await checkDeploySecrets({ env: 'staging', run: fakeWrangler({ secretList: notFound }).run });
    expect(noWorker).toMatchObject({ ok: false, reason: 'no_worker' });
    expect(!noWorker.ok && noWorker.message).toContain('npx wrangler secret put ADMIN_TOKEN --env staging');

    const loggedOut = { code: 1, output: "✘ [ERROR] In a non-interactive environment, it's necessary to set a CLOUDFLARE_API_TOKEN environment variable" };
    expect(await checkDeploySecrets({ env: 'staging', run: fakeWrangler({ secretList: loggedOut }).run })).toMatchObject({ ok: false, reason: 'not_logged_in' });

    const fault = { code: 1, output: '✘ [ERROR] A request to the Cloudflare API failed: fetch failed' };
    expect(await checkDeploySecrets({ env: 'staging', run: fakeWrangler({ secretList: fault }).run })).toMatchObject({ ok: false, reason: 'wrangler_failed' });
    expect(await checkDeploySecrets({ env: 'staging', run: fakeWrangler({ secretList: { code: 0, output: 'not json' } }).run })).toMatchObject({
      ok: false,
      reason: 'wrangler_failed',
    });
  });
});

describe('deployWorker', () => {
  const log = () => {};

  it('checks the secrets, dry-runs, then deploys', async () => {
    const { run, calls } = fakeWrangler({ secretList: listed('ADMIN_TOKEN') });
    expect(await deployWorker({ env: 'production', run, log })).toEqual({ deployed: true });
    expect(calls.map((args) => args.slice(0, 3))).toEqual([
      ['secret', 'list', '--env'],
      ['deploy', '--dry-run', '--env'],
      ['deploy', '--env', 'production'],
    ]);
  });

  it('refuses before bundling while a required secret is unset (exit 1)', async () => {
    const { run, calls } = fakeWrangler({ secretList: listed() });
    const error = await deployWorker({ env: 'production', run, log }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeployError);
    expect((error as DeployError).exitCode).toBe(1);
    expect((error as DeployError).message).toMatch(/ADMIN_TOKEN unset/);
    expect(calls).toHaveLength(1);
  });

  it('does not deploy after a failed dry run (exit 2), nor with --dry-run', async () => {
    const failing = fakeWrangler({ secretList: listed('ADMIN_TOKEN'), dryRun: { code: 1, output: 'Build failed' } });
    await expect(deployWorker({ env: 'staging', run: failing.run, log })).rejects.toMatchObject({ exitCode: 2 });
    expect(failing.calls).toHaveLength(2);

    const dryOnly = fakeWrangler({ secretList: listed('ADMIN_TOKEN') });
    expect(await deployWorker({ env: 'staging', run: dryOnly.run, log, dryRunOnly: true })).toEqual({ deployed: false });
    expect(dryOnly.calls.some((args) => args[0] === 'deploy' && !args.includes('--dry-run'))).toBe(false);
  });
});

describe('npm run deploy', () => {
  it('knows the environments of wrangler.toml', () => {
    expect(readWranglerEnvs(path.join(REPO_ROOT, 'wrangler.toml'))).toEqual(['staging', 'production']);
  });

  it.each([
    [[], /say which environment to deploy: --env staging or --env production/],
    [['--env', 'prod'], /unknown environment "prod"/],
    [['--bogus'], /Unknown option '--bogus'/],
  ])('exits 1 with usage for %j, before calling Cloudflare', async (args, message) => {
    const result = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/deploy.mts', ...args], { cwd: REPO_ROOT }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
  });
});
