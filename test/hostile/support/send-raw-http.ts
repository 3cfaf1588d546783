import net from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface RawRequest {
  /** Request line and headers, without the blank line that ends them. */
  head: string[];
  body: Uint8Array;
  /** Half-close after writing (a client that declared more than it sends, then stops). Default true. */
  endAfterWrite?: boolean;
  timeoutMs?: number;
}

/** `Transfer-Encoding: chunked` body → its bytes. */
function unchunk(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.length; ) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = Number.parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (!(size > 0)) break;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** The first HTTP response in `bytes`, or undefined while it is incomplete. */
function parseFirstResponse(bytes: Buffer, closed: boolean): RawAnswer | undefined {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const [statusLine, ...lines] = bytes.subarray(0, headEnd).toString('latin1').split('\r\n');
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  const rest = bytes.subarray(headEnd + 4);
  const status = Number(statusLine!.split(' ')[1]);
  if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    return rest.length >= length ? { status, headers, text: rest.subarray(0, length).toString('utf8') } : undefined;
  }
  if (headers['transfer-encoding']?.includes('chunked')) {
    return rest.includes('\r\n0\r\n\r\n') || rest.subarray(0, 5).toString() === '0\r\n\r\n' || closed ? { status, headers, text: unchunk(rest).toString('utf8') } : undefined;
  }
  return closed ? { status, headers, text: rest.toString('utf8') } : undefined;
}

/**
 * Writes bytes to the worker over a plain TCP socket, so headers can lie (a Content-Length
 * longer or shorter than the body) in ways fetch and node:http refuse to send. Resolves with the
 * first response, or undefined when the server closes without one; rejects after `timeoutMs`.
 */
export function sendRawHttp(url: URL, request: RawRequest): Promise<RawAnswer | undefined> {
  const { endAfterWrite = true, timeoutMs = 20_000 } = request;
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    const received: Buffer[] = [];
    const timer = setTimeout(() => (socket.destroy(), reject(new Error(`no answer within ${timeoutMs} ms`))), timeoutMs);
    const finish = (answer: RawAnswer | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    socket.on('connect', () => {
      socket.write(`${[...request.head, `Host: ${url.host}`, 'Connection: close'].join('\r\n')}\r\n\r\n`);
      socket.write(request.body);
      if (endAfterWrite) socket.end();
    });
    socket.on('data', (data: Buffer) => {
      received.push(data);
      const answer = parseFirstResponse(Buffer.concat(received), false);
      if (answer) finish(answer);
    });
    // A reset after the answer (the server drops the bytes it did not read) is not a failure.
    socket.on('error', () => finish(parseFirstResponse(Buffer.concat(received), true)));
    socket.on('close', () => finish(parseFirstResponse(Buffer.concat(received), true)));
  });
}

/** `bytes` framed as `Transfer-Encoding: chunked` pieces, without the final zero-length chunk (the body never ends). */
export function chunkedFraming(bytes: Uint8Array, chunkBytes = 64 * 1024): Uint8Array<ArrayBuffer> {
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += chunkBytes) {
    const piece = bytes.subarray(at, at + chunkBytes);
    pieces.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
  }
  return new Uint8Array(Buffer.concat(pieces));
}

/**
 * POSTs a whole body on a connection of its own (`Connection: close`). A worker may answer before
 * reading the body (a 401, a 413 from the header); workerd then resets the connection, which
 * would fail a keep-alive client's next request (undici's fetch), so each request gets its own.
 */
export async function postOnce(url: URL, path: string, body: Uint8Array | string, contentType: string, headers: string[] = []): Promise<RawAnswer> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const answer = await sendRawHttp(url, { head: [`POST ${path} HTTP/1.1`, `Content-Type: ${contentType}`, `Content-Length: ${bytes.length}`, ...headers], body: bytes, endAfterWrite: false });
  if (!answer) throw new Error(`POST ${path}: the connection closed without an answer`);
  return answer;
}
