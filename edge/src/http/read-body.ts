import { EdgeError } from '../errors/edge-error.ts';

/**
 * The request body, refusing more than `maxBytes`: first by the declared Content-Length, then by
 * counting the bytes as they stream in, so a chunked or lying client cannot send more.
 * Throws EdgeError `payload_too_large` (413), `empty_body` or `bad_request` (a body cut short) (400).
 */
export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes, Number(declared));
  if (!request.body) throw new EdgeError('empty_body', 'the request body is empty');

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      // The client closed the connection before sending what its Content-Length announced: its fault, not ours.
      throw new EdgeError('bad_request', 'the request body ended before it was complete (shorter than its Content-Length, or the connection closed)');
    }
    const { done, value } = next;
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (total === 0) throw new EdgeError('empty_body', 'the request body is empty');
  if (chunks.length === 1) return chunks[0]!;
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function tooLarge(maxBytes: number, declared?: number): EdgeError {
  return new EdgeError('payload_too_large', `the request body is over the limit of ${maxBytes} bytes`, {
    limit: maxBytes,
    ...(declared === undefined ? {} : { declared }),
  });
}
