import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsDataset, metricsQuery, runMetrics } from './metrics.mts';

/**
 * A local stand-in for the Analytics Engine SQL API: the same path, bearer token and FORMAT JSON
 * answer shape (`meta`, `data`, `rows`; 64-bit integers quoted). It checks what is sent, not the
 * SQL's meaning: that the query runs on Cloudflare is checked only there (README "Observability").
 */
interface Received {
  path: string;
  authorization: string | undefined;
  sql: string;
}

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const TOKEN = 'analytics-read-token';
let server: http.Server;
let baseUrl: URL;
const received: Received[] = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let sql = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (sql += chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', authorization: request.headers.authorization, sql });
      if (request.method !== 'POST' || request.url !== `/client/v4/accounts/${ACCOUNT}/analytics_engine/sql`) {
        response.writeHead(404).end('not found');
      } else if (request.headers.authorization !== `Bearer ${TOKEN}`) {
        response.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"code":10000,"message":"Authentication error"}]}');
      } else {
        const data = [
          { model: 'mnist', version: '20260101T000000Z-b', requests: '900', server_error_rate: 0.01, client_error_rate: 0.05, predictions: '1800', p50_ms: 4.2, p99_ms: 31.5, p50_inference_ms: 1.1, p99_inference_ms: 6.25 },
          { model: 'mnist', version: '20251201T000000Z-a', requests: '100', server_error_rate: 0, client_error_rate: 0, predictions: '100', p50_ms: 5, p99_ms: 12, p50_inference_ms: 1.5, p99_inference_ms: 3 },
        ];
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ meta: Object.keys(data[0]!).map((name) => ({ name, type: 'String' })), data, rows: data.length, rows_before_limit_at_least: data.length }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** fetch with api.cloudflare.com replaced by the local server: the script's own URL, path and headers go out unchanged. */
const localFetch: typeof fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  expect(url.origin).toBe('https://api.cloudflare.com');
  return fetch(new URL(url.pathname + url.search, baseUrl), init);
};

async function run(argv: string[], env: Record<string, string> = { CLOUDFLARE_ACCOUNT_ID: ACCOUNT, CLOUDFLARE_API_TOKEN: TOKEN }): Promise<{ status: number; output: string }> {
  const lines: string[] = [];
  const status = await runMetrics({ argv, env, fetch: localFetch, print: (line) => lines.push(line) });
  return { status, output: lines.join('\n') };
}

describe('npm run metrics', () => {
  it('queries the environment’s dataset per version and prints a table', async () => {
    const { status, output } = await run(['--env', 'production', '--hours', '6']);
    expect(status).toBe(0);
    const request = received.at(-1)!;
    expect(request.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.sql).toContain('FROM edgeml_requests_production');
    expect(request.sql).toContain("INTERVAL '6' HOUR");
    expect(request.sql).toMatch(/quantileWeighted\(0\.99, double1, _sample_interval\)/);
    expect(request.sql).toMatch(/GROUP BY model, version/);
    expect(output).toContain('edgeml_requests_production, last 6 h:');
    expect(output).toMatch(/mnist@20260101T000000Z-b\s+900\s+1\.00%\s+5\.00%\s+1800\s+4\.2\s+31\.5\s+1\.1\s+6\.3/);
    expect(output.split('\n')).toHaveLength(4);
  });

  it('prints the rows as JSON, numbers parsed, and filters by model', async () => {
    const { output } = await run(['--env', 'staging', '--model', 'mnist', '--json']);
    expect(received.at(-1)!.sql).toContain("FROM edgeml_requests_staging");
    expect(received.at(-1)!.sql).toContain("AND blob2 = 'mnist'");
    expect(JSON.parse(output)[0]).toMatchObject({ model: 'mnist', requests: 900, predictions: 1800, p99Ms: 31.5 });
  });

  it('says what it needs without credentials, and passes the API’s refusal on', async () => {
    expect(await run(['--env', 'production'], {})).toMatchObject({ status: 2, output: expect.stringContaining('CLOUDFLARE_API_TOKEN') });
    await expect(run(['--env', 'production'], { CLOUDFLARE_ACCOUNT_ID: ACCOUNT, CLOUDFLARE_API_TOKEN: 'wrong' })).rejects.toThrow(/answered 401: .*Authentication error/);
  });

  it('reads each environment’s dataset from wrangler.toml', () => {
    expect(metricsDataset(undefined)).toBe('edgeml_requests');
    expect(metricsDataset('staging')).toBe('edgeml_requests_staging');
    expect(metricsDataset('production')).toBe('edgeml_requests_production');
  });

  it('lets only checked values into the SQL', () => {
    expect(() => metricsQuery({ dataset: 'edgeml_requests', hours: 24, model: "x' OR 1=1 --" })).toThrow(/not a model name/);
    expect(() => metricsQuery({ dataset: 'edgeml_requests; DROP', hours: 24 })).toThrow(/not a dataset name/);
    expect(() => metricsQuery({ dataset: 'edgeml_requests', hours: 0.5 })).toThrow(/--hours/);
    expect(() => metricsQuery({ dataset: 'edgeml_requests', hours: 24 * 365 })).toThrow(/--hours/);
  });
});
