import { bearerToken, digestsEqual, tokenDigest } from '../auth/token-digest.ts';
import type { FeedbackConfig } from '../config/read-config.ts';
import { EdgeError } from '../errors/edge-error.ts';
import { clientAddress } from '../http/client-address.ts';

/** Who sent a feedback request, and how many examples it may send per UTC day. */
export interface FeedbackClient {
  /** `token-{clientId}` or `anonymous-{hash of the address}`: the quota key and the batch's `client`. */
  id: string;
  kind: 'token' | 'anonymous';
  dailyExamples: number;
}

const CLIENT_ID = /^[A-Za-z0-9._-]{1,64}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/i;

/**
 * Authenticates a feedback request. A bearer token must be one of `FEEDBACK_TOKENS`
 * (comma-separated `clientId:sha256hex(token)`; only digests are stored, compared in constant
 * time); without one, the request is anonymous, allowed only when `FEEDBACK_ANONYMOUS` is on and
 * keyed by the client address. Fails closed: no secret and no anonymous feedback refuses everyone.
 * Throws EdgeError `unauthorized`.
 */
export async function feedbackClient(params: { authorization: string | undefined; ip: string | undefined; tokens: string | undefined; config: FeedbackConfig }): Promise<FeedbackClient> {
  const { authorization, config } = params;
  if (authorization !== undefined) {
    const token = bearerToken(authorization);
    if (token === undefined) throw unauthorized('the Authorization header must be "Bearer <feedback token>"');
    const given = await tokenDigest(token);
    let matched: string | undefined;
    // Every entry is compared, so the time taken does not say which one matched.
    for (const entry of parseFeedbackTokens(params.tokens)) if (digestsEqual(given, entry.digest)) matched ??= entry.clientId;
    if (matched === undefined) throw unauthorized('the feedback token is not valid');
    return { id: `token-${matched}`, kind: 'token', dailyExamples: config.dailyExamples };
  }
  if (!config.anonymous) throw unauthorized('feedback needs "Authorization: Bearer <feedback token>" (a token of FEEDBACK_TOKENS); anonymous feedback is off');
  const address = clientAddress(params.ip);
  if (address === undefined) throw unauthorized('anonymous feedback needs a client address; send a feedback token instead');
  // The address itself is never stored: its digest keys the quota.
  const digest = Array.from((await tokenDigest(address)).subarray(0, 12), (b) => b.toString(16).padStart(2, '0')).join('');
  return { id: `anonymous-${digest}`, kind: 'anonymous', dailyExamples: config.anonymousDailyExamples };
}

/** `FEEDBACK_TOKENS` as client ids and token digests; malformed entries are skipped (never matched). */
export function parseFeedbackTokens(secret: string | undefined): { clientId: string; digest: Uint8Array }[] {
  return (secret ?? '')
    .split(',')
    .map((entry) => entry.trim().split(':'))
    .filter((parts): parts is [string, string] => parts.length === 2 && CLIENT_ID.test(parts[0]!) && SHA256_HEX.test(parts[1]!))
    .map(([clientId, hex]) => ({ clientId, digest: Uint8Array.from(hex.match(/../g)!, (byte) => parseInt(byte, 16)) }));
}

function unauthorized(message: string): EdgeError {
  return new EdgeError('unauthorized', message);
}
