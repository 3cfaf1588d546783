import { describe, expect, it } from 'vitest';
import { EdgeError } from '../errors/edge-error.ts';
import { readBody } from './read-body.ts';

/** A request whose body streams in `chunks` without a Content-Length, as a chunked upload does. */
function chunkedRequest(chunks: Uint8Array[]): { request: Request; pulled: () => number } {
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index < chunks.length) controller.enqueue(chunks[index++]!);
      else controller.close();
    },
  });
  const request = new Request('http://x/', { method: 'POST', body, duplex: 'half' } as RequestInit);
  return { request, pulled: () => index };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(EdgeError);
  return (error as EdgeError).code;
}

describe('readBody', () => {
  it('returns the whole body when it is within the limit', async () => {
    const { request } = chunkedRequest([new Uint8Array([1, 2]), new Uint8Array([3, 4, 5])]);
    expect(Array.from(await readBody(request, 5))).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses a declared Content-Length over the limit before reading', async () => {
    const request = new Request('http://x/', { method: 'POST', body: new Uint8Array(11), headers: { 'content-length': '11' } });
    expect(await codeOf(readBody(request, 10))).toBe('payload_too_large');
    expect(request.bodyUsed).toBe(false);
  });

  it('counts the bytes actually sent when the Content-Length understates them', async () => {
    const request = new Request('http://x/', { method: 'POST', body: new Uint8Array(11), headers: { 'content-length': '3' } });
    expect(await codeOf(readBody(request, 10))).toBe('payload_too_large');
  });

  it('stops reading a chunked body as soon as it passes the limit', async () => {
    const chunk = new Uint8Array(4);
    const { request, pulled } = chunkedRequest(Array.from({ length: 100 }, () => chunk));
    expect(await codeOf(readBody(request, 10))).toBe('payload_too_large');
    expect(pulled()).toBeLessThan(10);
  });

  it('refuses an empty or missing body', async () => {
    expect(await codeOf(readBody(new Request('http://x/', { method: 'POST' }), 10))).toBe('empty_body');
    expect(await codeOf(readBody(new Request('http://x/', { method: 'POST', body: '' }), 10))).toBe('empty_body');
  });
});
