import { sha256Hex } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/read-config.ts';
import { EdgeError } from '../errors/edge-error.ts';
import { feedbackClient, parseFeedbackTokens } from './feedback-client.ts';

const sha256 = (text: string) => sha256Hex(new TextEncoder().encode(text));
const TOKENS = `lab:${await sha256('lab-secret')}, app:${await sha256('app-secret')}`;
const config = DEFAULT_CONFIG.feedback;
const anonymousOn = { ...config, anonymous: true };

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(EdgeError);
  expect((error as EdgeError).code).toBe('unauthorized');
  return (error as EdgeError).message;
}

describe('feedbackClient', () => {
  it('names the client whose token digest matches, with the token quota', async () => {
    expect(await feedbackClient({ authorization: 'Bearer app-secret', ip: '192.0.2.1', tokens: TOKENS, config })).toEqual({ id: 'token-app', kind: 'token', dailyExamples: config.dailyExamples });
    expect((await feedbackClient({ authorization: 'bearer lab-secret ', ip: undefined, tokens: TOKENS, config })).id).toBe('token-lab');
  });

  it('refuses a wrong or malformed token, even with anonymous feedback on', async () => {
    expect(await refusal(feedbackClient({ authorization: 'Bearer nope', ip: '192.0.2.1', tokens: TOKENS, config: anonymousOn }))).toMatch(/not valid/);
    expect(await refusal(feedbackClient({ authorization: 'Basic abc', ip: '192.0.2.1', tokens: TOKENS, config: anonymousOn }))).toMatch(/Bearer/);
    // The digest itself is not a token.
    expect(await refusal(feedbackClient({ authorization: `Bearer ${await sha256('lab-secret')}`, ip: undefined, tokens: TOKENS, config }))).toMatch(/not valid/);
  });

  it('fails closed: no FEEDBACK_TOKENS and anonymous off refuses everyone', async () => {
    expect(await refusal(feedbackClient({ authorization: 'Bearer lab-secret', ip: '192.0.2.1', tokens: undefined, config }))).toMatch(/not valid/);
    expect(await refusal(feedbackClient({ authorization: undefined, ip: '192.0.2.1', tokens: TOKENS, config }))).toMatch(/anonymous feedback is off/);
  });

  it('takes anonymous feedback only when on, keyed by a digest of the address (IPv6 by /64), with the anonymous quota', async () => {
    const a = await feedbackClient({ authorization: undefined, ip: '2001:db8::1', tokens: undefined, config: anonymousOn });
    const b = await feedbackClient({ authorization: undefined, ip: '2001:db8::ffff:2', tokens: undefined, config: anonymousOn });
    const c = await feedbackClient({ authorization: undefined, ip: '2001:db8:0:1::1', tokens: undefined, config: anonymousOn });
    expect(a).toMatchObject({ kind: 'anonymous', dailyExamples: config.anonymousDailyExamples });
    expect(a.id).toMatch(/^anonymous-[0-9a-f]{24}$/);
    expect(b.id).toBe(a.id);
    expect(c.id).not.toBe(a.id);
    expect(await refusal(feedbackClient({ authorization: undefined, ip: undefined, tokens: undefined, config: anonymousOn }))).toMatch(/client address/);
  });

  it('skips malformed FEEDBACK_TOKENS entries', async () => {
    const parsed = parseFeedbackTokens(`ok:${await sha256('x')},no-digest,bad id:${await sha256('y')},short:abc,:${await sha256('z')}`);
    expect(parsed.map((entry) => entry.clientId)).toEqual(['ok']);
    expect(parsed[0]!.digest).toHaveLength(32);
    expect(parseFeedbackTokens(undefined)).toEqual([]);
  });
});
