import http from 'node:http';

/**
 * POSTs a chunked body (no Content-Length) in `chunkBytes` pieces up to one byte past `limitBytes`,
 * then stops writing without ending the request and waits for the answer. A server that counts
 * bytes as they stream answers then; since the client has sent nothing it has not read, closing
 * the connection cannot reset it and lose the answer (sending on, or the final chunk, races the
 * early 413: ECONNRESET on write). Rejects when no answer comes within `timeoutMs`.
 */
export function postPastLimit(
  url: URL,
  headers: Record<string, string>,
  body: Uint8Array,
  limitBytes: number,
  { chunkBytes = 64 * 1024, timeoutMs = 30_000 } = {},
): Promise<{ status: number; text: string }> {
  if (body.length <= limitBytes) throw new Error(`the body (${body.length} bytes) must be longer than the limit (${limitBytes})`);
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        clearTimeout(timer);
        request.destroy();
        resolve({ status: response.statusCode ?? 0, text });
      });
    });
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms after sending ${limitBytes + 1} bytes`));
    }, timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    let sent = 0;
    const writeNext = (): void => {
      if (sent > limitBytes) return;
      const piece = body.subarray(sent, Math.min(sent + chunkBytes, limitBytes + 1));
      sent += piece.length;
      if (request.write(piece)) setImmediate(writeNext);
      else request.once('drain', writeNext);
    };
    writeNext();
  });
}
