import { Miniflare } from 'miniflare';

/**
 * A workerd worker with none of our code (it answers `{"status":"ok"}`), started by Miniflare
 * like ours: the baseline for how workerd's own memory moves under the same load.
 */
export async function startBareWorker(): Promise<{ fetch: (target: string) => Promise<Response>; dispose: () => Promise<void> }> {
  const miniflare = new Miniflare({
    modules: true,
    compatibilityDate: '2026-04-20',
    script: `export default { async fetch() { return Response.json({ status: 'ok' }); } }`,
    host: '127.0.0.1',
    port: 0,
  });
  const url = await miniflare.ready;
  return { fetch: (target) => fetch(new URL(target, url)), dispose: () => miniflare.dispose() };
}
