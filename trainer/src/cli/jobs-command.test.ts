import { describe, expect, it, vi } from 'vitest';
import { main } from './main.ts';

async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const code = await main(['jobs', 'run', ...argv], env);
    return { code, stderr: error.mock.calls.map((call) => call.join(' ')).join('\n') };
  } finally {
    error.mockRestore();
  }
}

describe('trainer jobs run', () => {
  it('exits 1 with an actionable message for the user\'s mistakes', async () => {
    expect(await run([], {})).toMatchObject({ code: 1, stderr: expect.stringMatching(/no token: set EDGEML_TOKEN \(or ADMIN_TOKEN\)/) });
    expect(await run(['--token-env', 'RUNNER_TOKEN'], { ADMIN_TOKEN: 'x' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/set RUNNER_TOKEN/) });
    expect(await run(['--endpoint', 'not a url'], { EDGEML_TOKEN: 'x' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/is not a URL/) });
    expect(await run(['--interval', '0'], { EDGEML_TOKEN: 'x' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/--interval/) });
    expect(await run(['--lease', '3'], { EDGEML_TOKEN: 'x' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/--lease/) });
  });

  it('exits 2 when the worker cannot be reached', async () => {
    const result = await run(['--endpoint', 'http://127.0.0.1:9', '--skip-deploy-check'], { EDGEML_TOKEN: 'x' });
    expect(result.code, result.stderr).toBe(2);
  });
});
