import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from './main.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-jobs-cli-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const code = await main(['jobs', ...argv], env);
    return { code, stderr: error.mock.calls.map((call) => call.join(' ')).join('\n') };
  } finally {
    error.mockRestore();
  }
}

describe('trainer jobs retrain', () => {
  it('exits 1 with an actionable message for the user\'s mistakes', async () => {
    expect(await run(['retrain'], {})).toMatchObject({ code: 1, stderr: expect.stringMatching(/no admin token: set EDGEML_ADMIN_TOKEN \(or ADMIN_TOKEN\)/) });
    expect(await run(['retrain', '--token-env', 'RUNNER_TOKEN'], { ADMIN_TOKEN: 'x' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/set RUNNER_TOKEN/) });
    expect(await run(['retrain', '--endpoint', 'not a url'], { ADMIN_TOKEN: 'x' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/is not a URL/) });
    expect(await run(['retrain', '--endpoint', 'ftp://example.com'], { ADMIN_TOKEN: 'x' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/http\(s\)/) });
    expect(await run(['retrain', '--epochs', '0'], { ADMIN_TOKEN: 'x' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/--epochs must be a positive integer/) });
    expect(await run(['retrain', '--margin', '2'], { ADMIN_TOKEN: 'x' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/--margin/) });
    expect(await run(['retrain', '--max-feedback-share', '0.9'], { ADMIN_TOKEN: 'x' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/--max-feedback-share must be a number in \[0, 0.5\], got "0.9"/) });
    expect(await run(['retrain', '--holdout', '0'], { EDGEML_ADMIN_TOKEN: 'x' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/--holdout must be a positive integer/) });
    expect(await run(['retrain', '--target', 'r2'], { EDGEML_ADMIN_TOKEN: 'x' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/R2_ENDPOINT or R2_ACCOUNT_ID, R2_BUCKET, R2_ACCESS_KEY_ID, R2_SECRET_ACCESS_KEY/) });
    // The flags stand in for the non-secret variables; the keys stay environment-only.
    expect(await run(['retrain', '--target', 'r2', '--r2-endpoint', 'http://127.0.0.1:9', '--bucket', 'b'], { EDGEML_ADMIN_TOKEN: 'x' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/needs R2_ACCESS_KEY_ID, R2_SECRET_ACCESS_KEY in/) });
    expect(await run(['retrain', '--feedback-days', '0'], { ADMIN_TOKEN: 'x' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/--feedback-days must be an integer in \[1, 90\], got "0"/) });
    expect(await run(['retrian'], { ADMIN_TOKEN: 'x' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/unknown command "jobs retrian"; did you mean trainer jobs retrain\?/) });
    expect(await run(['retrain', '--bogus'], { ADMIN_TOKEN: 'x' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/bogus/) });
  });

  it('exits 2 when the worker cannot be reached', async () => {
    const result = await run(['retrain', '--endpoint', 'http://127.0.0.1:9', '--persist-to', dir], { ADMIN_TOKEN: 'x' });
    expect(result.code, result.stderr).toBe(2);
  }, 60_000);
});
