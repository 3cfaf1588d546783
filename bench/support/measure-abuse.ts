/**
 * `npm run bench`'s abuse section: for each input class at the largest size the default limits
 * accept (and a bomb they must refuse), the worst and median cost of one request, server-side
 * (the worker's `Server-Timing: total`) and by wall clock, with the most workerd's RSS grew; then
 * the p50/p99 of small single-digit predicts alone and while a few senders post the heavy
 * classes beside them. workerd runs a worker's requests in one isolate, one JavaScript turn at a
 * time, so a heavy request's CPU is latency for every small request that arrives meanwhile.
 */
import { parseServerTiming } from '@edgeml/trainer/deploy/parse-server-timing';
import { buildAbuseRequests, type AbuseRequest } from './abuse-inputs.ts';
import { summarizeLatencies } from './summarize-latencies.ts';
import { openPeakRssWindow } from '@edgeml/test/support/workerd-peak-rss';

export interface AbuseTarget {
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export interface AbuseOptions {
  worker: AbuseTarget;
  predictPath: string;
  /** 28×28 MNIST digits, light ink on black; at least `maxBatch`. */
  digits: Uint8Array[];
  /** Single-digit PNGs: the small requests. */
  smallPngs: Uint8Array<ArrayBuffer>[];
  maxBatch: number;
  /** Timed requests per class, after one warm-up. */
  repeats: number;
  contentionSeconds: number;
  heavySenders: number;
  log: (line: string) => void;
}

export interface AbuseInputRow {
  input: string;
  shape: string;
  bodyKiB: number;
  status: string;
  serverWorstMs: number;
  serverP50Ms: number;
  wallWorstMs: number;
  wallP50Ms: number;
  rssPeakGrowthMiB: number;
}

export interface ContentionRow {
  scenario: string;
  smallRequests: number;
  smallP50Ms: number;
  smallP99Ms: number;
  smallMaxMs: number;
  smallNon200: number;
  heavyRequests: number;
  heavy5xx: number;
}

export interface AbuseResult {
  inputs: AbuseInputRow[];
  contention: ContentionRow[];
  /** What broke the section's own expectations: a 5xx, a class within the limits refused, a bomb accepted. */
  failures: string[];
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

interface Timed {
  status: number;
  code?: string;
  serverMs: number;
  wallMs: number;
}

async function send(worker: AbuseTarget, path: string, body: Uint8Array<ArrayBuffer>, contentType: string): Promise<Timed> {
  const start = performance.now();
  const response = await worker.fetch(path, { method: 'POST', body, headers: { 'content-type': contentType } });
  const text = await response.text();
  const wallMs = performance.now() - start;
  const serverMs = parseServerTiming(response.headers.get('server-timing')).total ?? Number.NaN;
  let code: string | undefined;
  if (response.status !== 200) code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  return { status: response.status, ...(code ? { code } : {}), serverMs, wallMs };
}

async function measureInput(options: AbuseOptions, request: AbuseRequest, failures: string[]): Promise<AbuseInputRow> {
  const post = () => send(options.worker, options.predictPath, request.body, request.contentType);
  await post();
  const window = openPeakRssWindow();
  const runs: Timed[] = [];
  for (let i = 0; i < options.repeats; i++) runs.push(await post());
  const peak = window.close();
  const statuses = [...new Set(runs.map((run) => (run.code ? `${run.status} ${run.code}` : String(run.status))))];
  if (runs.some((run) => run.status >= 500)) failures.push(`${request.name}: ${statuses.join(', ')}`);
  if (request.expect === 'accepted' && runs.some((run) => run.status !== 200)) failures.push(`${request.name} (within the limits) answered ${statuses.join(', ')}`);
  if (request.expect === 'refused' && runs.some((run) => run.status === 200)) failures.push(`${request.name} was accepted`);
  const server = summarizeLatencies(runs.map((run) => run.serverMs));
  const wall = summarizeLatencies(runs.map((run) => run.wallMs));
  return {
    input: request.name,
    shape: request.shape,
    bodyKiB: round(request.body.length / 1024),
    status: statuses.join(', '),
    serverWorstMs: round(Math.max(...runs.map((run) => run.serverMs))),
    serverP50Ms: round(server.p50),
    wallWorstMs: round(Math.max(...runs.map((run) => run.wallMs))),
    wallP50Ms: round(wall.p50),
    rssPeakGrowthMiB: peak.growthMiB,
  };
}

/** Small predicts in a loop for `seconds`, with `heavy` senders cycling through the heavy requests beside them. */
async function contend(options: AbuseOptions, heavy: AbuseRequest[], senders: number, seconds: number): Promise<ContentionRow> {
  const until = performance.now() + seconds * 1000;
  const small: Timed[] = [];
  const heavyRuns: Timed[] = [];
  const smallLoop = async () => {
    for (let i = 0; performance.now() < until; i++) small.push(await send(options.worker, options.predictPath, options.smallPngs[i % options.smallPngs.length]!, 'image/png'));
  };
  const heavyLoop = async (sender: number) => {
    for (let i = sender; performance.now() < until; i++) {
      const request = heavy[i % heavy.length]!;
      heavyRuns.push(await send(options.worker, options.predictPath, request.body, request.contentType));
    }
  };
  await Promise.all([smallLoop(), ...Array.from({ length: senders }, (_, sender) => heavyLoop(sender))]);
  const latency = summarizeLatencies(small.map((run) => run.wallMs));
  return {
    scenario: senders === 0 ? 'small predicts alone' : `beside ${senders} heavy senders`,
    smallRequests: small.length,
    smallP50Ms: round(latency.p50),
    smallP99Ms: round(latency.p99),
    smallMaxMs: round(Math.max(...small.map((run) => run.wallMs))),
    smallNon200: small.filter((run) => run.status !== 200).length,
    heavyRequests: heavyRuns.length,
    heavy5xx: heavyRuns.filter((run) => run.status >= 500).length,
  };
}

export async function measureAbuse(options: AbuseOptions): Promise<AbuseResult> {
  const failures: string[] = [];
  options.log('abuse: probing the largest accepted size of each input class');
  const requests = await buildAbuseRequests(options.digits, options.maxBatch, (body, type) => send(options.worker, options.predictPath, body, type), options.log);
  const inputs: AbuseInputRow[] = [];
  for (const request of requests) {
    inputs.push(await measureInput(options, request, failures));
    options.log(`  ${request.name}: worst ${inputs.at(-1)!.serverWorstMs} ms server-side`);
  }
  // The heavy senders post every class but the small ones: each a request a client may send within the limits.
  const heavy = requests.filter((request) => !request.shape.startsWith('28×28') && !request.shape.includes('× 28×28') && !request.shape.includes('784'));
  const contention = [await contend(options, heavy, 0, Math.min(3, options.contentionSeconds))];
  contention.push(await contend(options, heavy, options.heavySenders, options.contentionSeconds));
  for (const row of contention) {
    if (row.heavy5xx > 0 || row.smallNon200 > 0) failures.push(`${row.scenario}: ${row.heavy5xx} heavy 5xx, ${row.smallNon200} small predicts not 200`);
  }
  return { inputs, contention, failures };
}

/** Prints the section's two tables and its failures, in the bench's style. */
export function printAbuse(result: AbuseResult, options: Pick<AbuseOptions, 'repeats' | 'contentionSeconds' | 'heavySenders'>): void {
  console.log(`abuse: each input class at the largest size the default limits accept, ${options.repeats} requests after a warm-up; server = the worker's Server-Timing total, wall = client round trip; rssPeakGrowth = workerd's high-water RSS over the requests minus its RSS before`);
  console.table(result.inputs);
  console.log(`abuse: single-digit PNG predicts from 1 client, alone and beside ${options.heavySenders} clients posting the heavy classes in turn for ${options.contentionSeconds} s`);
  console.table(result.contention);
  for (const failure of result.failures) console.log(`abuse FAILURE: ${failure}`);
}
