import { errorBodySchema, legacyErrorResponseSchema, type ErrorBody } from '@edgeml/shared';
import { expect } from 'vitest';

/** "Small bodies": an error answer names the problem, it does not echo the request back. */
export const ERROR_BODY_MAX_BYTES = 4096;

export interface Answer {
  status: number;
  text: string;
}

export async function readAnswer(response: Response): Promise<Answer> {
  return { status: response.status, text: await response.text() };
}

/** Never a 5xx, and an error is short. */
function expectNoServerFault({ status, text }: Answer): void {
  expect(status, text.slice(0, 300)).toBeLessThan(500);
  if (status >= 400) expect(new TextEncoder().encode(text).length, `a ${status} body of ${text.length} characters: ${text.slice(0, 200)}`).toBeLessThanOrEqual(ERROR_BODY_MAX_BYTES);
}

/** A typed 4xx: `{ error: { code, message } }` (shared errorBodySchema), small, its code among `allowed` when given. */
export function expectTyped4xx(answer: Answer, allowed?: readonly string[]): ErrorBody['error'] {
  expectNoServerFault(answer);
  expect(answer.status, answer.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
  const { error } = errorBodySchema.parse(JSON.parse(answer.text));
  if (allowed) expect(allowed, error.message).toContain(error.code);
  return error;
}

/** The primer's `POST /predict` shape: `{ error: "<message>", status: "error" }`, small, never a 5xx. */
export function expectLegacy4xx(answer: Answer): void {
  expectNoServerFault(answer);
  expect(answer.status, answer.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
  legacyErrorResponseSchema.parse(JSON.parse(answer.text));
}

/** A 200 whose body matches `ok`, or a typed 4xx. */
export function expectOkOrTyped4xx<T>(answer: Answer, ok: { parse(value: unknown): T }, allowed?: readonly string[]): T | undefined {
  if (answer.status === 200) return ok.parse(JSON.parse(answer.text));
  expectTyped4xx(answer, allowed);
  return undefined;
}
