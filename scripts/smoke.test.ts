import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { decode } from 'fast-png';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runSmokeTest } from './lib/run-smoke-test.ts';
import { SMOKE_DIGIT } from './lib/smoke-digit.ts';
import { readMnistTestSet } from '@edgeml/test/edge/support/mnist-test-set';
import { prepareModelStore, type TestModelStore } from '@edgeml/test/edge/support/prepare-model-store';
import { REPO_ROOT } from '@edgeml/test/support/published-model';
import { startWorker, type RunningWorker } from '@edgeml/test/support/start-worker';

const ADMIN_TOKEN = 'smoke-test-admin-token-0123456789';

/** `npm run smoke -- ARGS`, as a user runs it after a deploy. */
async function smokeCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/smoke.mts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ADMIN_TOKEN: '', ...env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

let store: TestModelStore;
let worker: RunningWorker;

beforeAll(async () => {
  store = await prepareModelStore(inject('publishedModel'));
  worker = await startWorker({ persistDir: store.persistDir, vars: { ADMIN_TOKEN } });
});

afterAll(async () => {
  await worker?.dispose();
  await store?.dispose();
});

describe('the smoke test (npm run smoke) against the real worker in workerd', () => {
  it('embeds a real MNIST test digit', async () => {
    const [digit] = await readMnistTestSet(SMOKE_DIGIT.mnistTestIndex + 1);
    const png = decode(SMOKE_DIGIT.png);
    expect([png.width, png.height, png.channels, png.depth]).toEqual([28, 28, 1, 8]);
    expect(Array.from(png.data)).toEqual(Array.from(digit!.pixels));
    expect(String(digit!.label)).toBe(SMOKE_DIGIT.label);
  });

  it('passes every check on a worker serving the model, the admin check with the right token', async () => {
    const checks = await runSmokeTest({ baseUrl: worker.url.href, adminToken: ADMIN_TOKEN });
    expect(checks.map((check) => [check.name, check.ok])).toEqual([
      ['GET /healthz', true],
      ['GET /v1/models', true],
      ['POST /v1/models/mnist/predict', true],
      ['GET /v1/admin/models/mnist/versions', true],
    ]);
    expect(checks[2]!.detail).toMatch(/^read 7 \(confidence [01]\.\d{3}, version /);
    const wrongToken = await runSmokeTest({ baseUrl: worker.url.href, adminToken: 'not-the-token' });
    expect(wrongToken[3]).toMatchObject({ ok: false, detail: expect.stringMatching(/^HTTP 403/) });
  });

  it('exits 0 and prints PASS per check from the command line', async () => {
    const { code, stdout } = await smokeCli([worker.url.href], { ADMIN_TOKEN });
    expect(code, stdout).toBe(0);
    expect(stdout.match(/^PASS /gm)).toHaveLength(4);
    expect(stdout).toContain('All 4 checks passed.');
  });

  it('exits 1 naming what failed: an unpublished model, an unreachable URL, a bad argument', async () => {
    const missing = await smokeCli([worker.url.href, '--model', 'no-such-model']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/^FAIL\s+GET \/v1\/models .*no "no-such-model" model is published/m);
    expect(missing.stdout).toMatch(/^FAIL\s+POST \/v1\/models\/no-such-model\/predict .*HTTP 404/m);

    const unreachable = await smokeCli(['http://127.0.0.1:9/']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout).toMatch(/^FAIL\s+GET \/healthz/m);

    const usage = await smokeCli(['edgeml.example']);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/not an http\(s\) URL[\s\S]*usage: npm run smoke/);
  });
});
