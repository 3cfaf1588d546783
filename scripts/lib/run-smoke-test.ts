import { SMOKE_DIGIT } from './smoke-digit.ts';

export interface SmokeCheck {
  name: string;
  ok: boolean;
  /** What was seen: the answer on success, the reason on failure. */
  detail: string;
  ms: number;
}

export interface SmokeTestOptions {
  /** The worker's base URL, e.g. `https://edgeml-production.example.workers.dev`. */
  baseUrl: string;
  /** The model to list and ask (default `mnist`). */
  model?: string;
  /** With it, also checks that the admin API accepts it (the ADMIN_TOKEN secret is set and matches). */
  adminToken?: string;
  /** Per request; a cold isolate loads ORT's WASM and the model on the first prediction. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

type Probe = (answer: Response) => Promise<string>;

/**
 * Checks a running worker as a user would: `GET /healthz`, `GET /v1/models` lists the model with
 * a version, one MNIST digit PNG posted to the model's predict route reads as that digit, and
 * (with a token) the admin API answers. Never throws for a failed check: each gives ok and a detail.
 */
export async function runSmokeTest(options: SmokeTestOptions): Promise<SmokeCheck[]> {
  const model = options.model ?? 'mnist';
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const check = async (name: string, target: string, init: RequestInit, probe: Probe): Promise<SmokeCheck> => {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const answer = await doFetch(new URL(target, base), { ...init, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
      if (!answer.ok) return { name, ok: false, detail: `HTTP ${answer.status}: ${(await answer.text()).slice(0, 300)}`, ms: elapsed() };
      return { name, ok: true, detail: await probe(answer), ms: elapsed() };
    } catch (error) {
      const cause = (error as Error).cause;
      const reason = `${(error as Error).message}${cause instanceof Error ? ` (${cause.message})` : ''}`;
      return { name, ok: false, detail: reason, ms: elapsed() };
    }
  };

  const checks = [
    await check('GET /healthz', 'healthz', {}, async (answer) => {
      const body = (await answer.json()) as { status?: unknown };
      if (body.status !== 'ok') throw new Error(`status is ${JSON.stringify(body.status)}, not "ok"`);
      return 'status ok';
    }),
    await check('GET /v1/models', 'v1/models', {}, async (answer) => {
      const body = (await answer.json()) as { models?: { name?: unknown; version?: unknown }[] };
      const names = (body.models ?? []).map((entry) => String(entry.name));
      const found = body.models?.find((entry) => entry.name === model);
      if (!found) throw new Error(`no "${model}" model is published (listed: ${names.join(', ') || 'none'}); publish one with --target r2`);
      return `${model}@${String(found.version)} (${names.length} model${names.length === 1 ? '' : 's'})`;
    }),
    await check(
      `POST /v1/models/${model}/predict`,
      `v1/models/${encodeURIComponent(model)}/predict`,
      { method: 'POST', headers: { 'content-type': 'image/png' }, body: new Uint8Array(SMOKE_DIGIT.png) },
      async (answer) => {
        const body = (await answer.json()) as { version?: unknown; predictions?: { label?: unknown; confidence?: unknown }[] };
        const first = body.predictions?.[0];
        if (!first) throw new Error('the answer has no predictions');
        const confidence = typeof first.confidence === 'number' ? first.confidence.toFixed(3) : '?';
        if (first.label !== SMOKE_DIGIT.label) {
          throw new Error(`read the MNIST test digit ${SMOKE_DIGIT.label} as ${JSON.stringify(first.label)} (confidence ${confidence})`);
        }
        return `read ${SMOKE_DIGIT.label} (confidence ${confidence}, version ${String(body.version)})`;
      },
    ),
  ];
  if (options.adminToken !== undefined) {
    checks.push(
      await check(
        `GET /v1/admin/models/${model}/versions`,
        `v1/admin/models/${encodeURIComponent(model)}/versions`,
        { headers: { authorization: `Bearer ${options.adminToken}` } },
        async () => 'the admin token is accepted',
      ),
    );
  }
  return checks;
}
