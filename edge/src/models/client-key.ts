/**
 * Who is asking, for sticky canary routing: the `x-client-id` header a client may send, else the
 * caller's IP as Cloudflare gives it, else one shared key (every anonymous caller gets production
 * or the canary together, which still never flips between requests).
 */
export function clientKey(headers: Headers): string {
  return headers.get('x-client-id') ?? headers.get('cf-connecting-ip') ?? 'anonymous';
}
