/**
 * `npm run metrics -- [--env staging|production] [--hours 24] [--model NAME] [--json]`: per model
 * version, what the worker counted in Workers Analytics Engine over the last hours (requests, error
 * rates, images or texts answered, p50/p99 of the total and inference time), read with the SQL API
 * (https://developers.cloudflare.com/analytics/analytics-engine/sql-api/). The dataset is the
 * environment's `METRICS` binding in wrangler.toml; the data points are laid out by
 * edge/src/middleware/request-log/to-data-point.ts.
 *
 * Needs CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN, a token with "Account Analytics: Read".
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { unstable_readConfig } from 'wrangler';

const CONFIG_PATH = path.resolve(import.meta.dirname, '..', 'wrangler.toml');
const API = 'https://api.cloudflare.com/client/v4';
/** Analytics Engine keeps data points for three months. */
const MAX_HOURS = 92 * 24;
const MODEL_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const DATASET_NAME = /^[A-Za-z0-9_]+$/;

export interface VersionMetrics {
  model: string;
  version: string;
  requests: number;
  serverErrorRate: number;
  clientErrorRate: number;
  predictions: number;
  p50Ms: number;
  p99Ms: number;
  p50InferenceMs: number;
  p99InferenceMs: number;
}

export interface MetricsQueryOptions {
  dataset: string;
  hours: number;
  model?: string;
}

/**
 * The SQL per model version. `_sample_interval` weighs every row: Analytics Engine may sample a busy
 * index (model@version), and each kept row then stands for that many requests.
 */
export function metricsQuery({ dataset, hours, model }: MetricsQueryOptions): string {
  // Only checked values reach the SQL: the API takes no query parameters.
  if (!DATASET_NAME.test(dataset)) throw new Error(`"${dataset}" is not a dataset name`);
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_HOURS) throw new Error(`--hours must be a whole number from 1 to ${MAX_HOURS}`);
  if (model !== undefined && !MODEL_NAME.test(model)) throw new Error(`"${model}" is not a model name`);
  return [
    'SELECT',
    '  blob2 AS model,',
    '  blob3 AS version,',
    '  SUM(_sample_interval) AS requests,',
    "  SUM(IF(blob4 = '5xx', _sample_interval, 0)) / SUM(_sample_interval) AS server_error_rate,",
    "  SUM(IF(blob4 = '4xx', _sample_interval, 0)) / SUM(_sample_interval) AS client_error_rate,",
    '  SUM(_sample_interval * double3) AS predictions,',
    '  quantileWeighted(0.5, double1, _sample_interval) AS p50_ms,',
    '  quantileWeighted(0.99, double1, _sample_interval) AS p99_ms,',
    '  quantileWeighted(0.5, double2, _sample_interval) AS p50_inference_ms,',
    '  quantileWeighted(0.99, double2, _sample_interval) AS p99_inference_ms',
    `FROM ${dataset}`,
    `WHERE timestamp > NOW() - INTERVAL '${hours}' HOUR AND blob2 != ''${model === undefined ? '' : ` AND blob2 = '${model}'`}`,
    'GROUP BY model, version',
    'ORDER BY requests DESC',
    'FORMAT JSON',
  ].join('\n');
}

/** Runs `sql` on the SQL API and returns its rows; numbers may come back as strings (64-bit integers do). */
export async function queryMetrics(options: { accountId: string; apiToken: string; sql: string; fetch: typeof fetch }): Promise<VersionMetrics[]> {
  const response = await options.fetch(`${API}/accounts/${encodeURIComponent(options.accountId)}/analytics_engine/sql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.apiToken}` },
    body: options.sql,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`the Analytics Engine SQL API answered ${response.status}: ${text.slice(0, 500)}`);
  const { data } = JSON.parse(text) as { data?: Record<string, unknown>[] };
  if (!Array.isArray(data)) throw new Error(`the Analytics Engine SQL API answered without rows: ${text.slice(0, 500)}`);
  return data.map((row) => ({
    model: String(row.model),
    version: String(row.version),
    requests: Number(row.requests),
    serverErrorRate: Number(row.server_error_rate),
    clientErrorRate: Number(row.client_error_rate),
    predictions: Number(row.predictions),
    p50Ms: Number(row.p50_ms),
    p99Ms: Number(row.p99_ms),
    p50InferenceMs: Number(row.p50_inference_ms),
    p99InferenceMs: Number(row.p99_inference_ms),
  }));
}

/** One line per version, columns aligned. */
export function formatMetrics(rows: readonly VersionMetrics[]): string {
  if (rows.length === 0) return 'no predictions recorded in this period';
  const percent = (rate: number) => `${(100 * rate).toFixed(2)}%`;
  const ms = (value: number) => value.toFixed(1);
  const table = [
    ['model@version', 'requests', '5xx', '4xx', 'predictions', 'p50 ms', 'p99 ms', 'p50 infer', 'p99 infer'],
    ...rows.map((row) => [
      `${row.model}@${row.version}`,
      String(Math.round(row.requests)),
      percent(row.serverErrorRate),
      percent(row.clientErrorRate),
      String(Math.round(row.predictions)),
      ms(row.p50Ms),
      ms(row.p99Ms),
      ms(row.p50InferenceMs),
      ms(row.p99InferenceMs),
    ]),
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((cells) => cells[column]!.length)));
  return table.map((cells) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')).join('\n');
}

/** The `METRICS` dataset of the top level or of `[env.<env>]` (bindings are not inherited). */
export function metricsDataset(env: string | undefined, configPath = CONFIG_PATH): string {
  const config = unstable_readConfig({ config: configPath, ...(env === undefined ? {} : { env }) });
  const binding = (config.analytics_engine_datasets as { binding: string; dataset?: string }[]).find((dataset) => dataset.binding === 'METRICS');
  if (!binding?.dataset) throw new Error(`wrangler.toml has no METRICS analytics_engine_datasets binding${env === undefined ? '' : ` in [env.${env}]`}`);
  return binding.dataset;
}

export interface RunMetricsOptions {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  fetch: typeof fetch;
  print: (line: string) => void;
  configPath?: string;
}

/** The command: returns its exit status. */
export async function runMetrics(options: RunMetricsOptions): Promise<number> {
  const { values } = parseArgs({
    args: [...options.argv],
    options: {
      env: { type: 'string' },
      hours: { type: 'string', default: '24' },
      model: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const accountId = options.env.CLOUDFLARE_ACCOUNT_ID;
  const apiToken = options.env.CLOUDFLARE_API_TOKEN;
  if (!accountId || !apiToken) {
    options.print('Set CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN (a token with "Account Analytics: Read").');
    return 2;
  }
  const dataset = metricsDataset(values.env, options.configPath);
  const hours = Number(values.hours);
  const sql = metricsQuery({ dataset, hours, ...(values.model === undefined ? {} : { model: values.model }) });
  const rows = await queryMetrics({ accountId, apiToken, sql, fetch: options.fetch });
  if (values.json) options.print(JSON.stringify(rows, null, 2));
  else {
    options.print(`${dataset}, last ${hours} h:`);
    options.print(formatMetrics(rows));
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = await runMetrics({ argv: process.argv.slice(2), env: process.env, fetch, print: (line) => console.log(line) });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
