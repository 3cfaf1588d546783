/**
 * How many parts a multipart body has, from its boundary delimiters, without parsing it: so a body
 * of thousands of tiny parts is refused before FormData builds an entry for each. Returns undefined
 * when the Content-Type names no boundary (the parser then refuses the body).
 */
export function countMultipartParts(body: Uint8Array, contentType: string): number | undefined {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (boundary === undefined) return undefined;
  // Each part starts with CRLF "--" boundary (the first may start the body); the last delimiter closes the body.
  const delimiter = new TextEncoder().encode(`\n--${boundary}`);
  let delimiters = startsWith(body, 0, delimiter.subarray(1)) ? 1 : 0;
  const first = delimiter[0]!;
  for (let i = body.indexOf(first); i !== -1; i = body.indexOf(first, i + 1)) {
    if (startsWith(body, i, delimiter)) delimiters++;
  }
  return Math.max(0, delimiters - 1);
}

function startsWith(bytes: Uint8Array, offset: number, prefix: Uint8Array): boolean {
  if (offset + prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[offset + i] !== prefix[i]) return false;
  return true;
}
