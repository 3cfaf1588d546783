import { AwsClient } from 'aws4fetch';
import { TrainerError } from '../errors.ts';
import type { ObjectStore } from './object-store.ts';

export interface R2S3StoreOptions {
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `https://<account id>.r2.cloudflarestorage.com`, or any S3-compatible endpoint. */
  endpoint: string;
  /** Injectable for tests and proxies. */
  fetch?: typeof fetch;
}

/** A real R2 bucket through its S3-compatible API, signed with SigV4. */
export function createR2S3Store(options: R2S3StoreOptions): ObjectStore {
  const client = new AwsClient({
    accessKeyId: options.accessKeyId,
    secretAccessKey: options.secretAccessKey,
    service: 's3',
    region: 'auto',
  });
  const doFetch = options.fetch ?? fetch;
  const base = `${options.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(options.bucket)}`;
  const url = (key: string) => `${base}/${key.split('/').map(encodeURIComponent).join('/')}`;
  const send = async (input: string, init: RequestInit = {}) => {
    const request = await client.sign(input, init);
    const response = await doFetch(request);
    // 412: a conditional put whose precondition no longer holds, which `put` answers with false.
    if (!response.ok && response.status !== 404 && response.status !== 412) {
      const text = await response.text().catch(() => '');
      throw new TrainerError('storage_failed', `${init.method ?? 'GET'} ${input} answered ${response.status}: ${text.slice(0, 300)}`);
    }
    return response;
  };
  return {
    description: `R2 bucket ${options.bucket} at ${options.endpoint}`,
    async get(key) {
      const response = await send(url(key));
      return response.status === 404 ? null : new Uint8Array(await response.arrayBuffer());
    },
    async put(key, body, { contentType, sha256, onlyIf }) {
      const headers: Record<string, string> = { 'content-type': contentType };
      // S3 verifies the payload against x-amz-checksum-sha256 (base64 of the raw digest).
      if (sha256) headers['x-amz-checksum-sha256'] = Buffer.from(sha256, 'hex').toString('base64');
      // R2's S3 API honours conditional writes: If-Match an etag, If-None-Match * for "not there yet".
      if (onlyIf) Object.assign(headers, 'absent' in onlyIf ? { 'if-none-match': '*' } : { 'if-match': onlyIf.etagMatches });
      const response = await send(url(key), { method: 'PUT', body: body as Uint8Array<ArrayBuffer>, headers });
      return response.status !== 412;
    },
    async head(key) {
      const response = await send(url(key), { method: 'HEAD' });
      if (response.status === 404) return null;
      return { size: Number(response.headers.get('content-length') ?? 0), etag: response.headers.get('etag') ?? '' };
    },
    async delete(keys) {
      for (const key of keys) await send(url(key), { method: 'DELETE' });
    },
    async list(prefix, { delimiter } = {}) {
      const keys: string[] = [];
      const prefixes: string[] = [];
      let token: string | undefined;
      do {
        const query = new URLSearchParams({ 'list-type': '2', prefix });
        if (delimiter) query.set('delimiter', delimiter);
        if (token) query.set('continuation-token', token);
        const xml = await (await send(`${base}?${query}`)).text();
        keys.push(...xmlValues(xml, 'Key'));
        prefixes.push(...xmlValues(xml, 'Prefix').filter((p) => p !== prefix));
        token = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? xmlValues(xml, 'NextContinuationToken')[0] : undefined;
      } while (token);
      return { keys, prefixes };
    },
    close: async () => {},
  };
}

function xmlValues(xml: string, tag: string): string[] {
  const unescape = (s: string) =>
    s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => unescape(m[1]!));
}
