/**
 * A bare workerd worker for `npm run bench:cold-start`: it splits a new isolate's first session
 * into onnxruntime-web's own phases. ORT's minified Emscripten glue names the WASM exports by
 * letters, so the timed ones are listed for onnxruntime-web 1.30 (`_OrtInit=c.Wa`,
 * `_OrtCreateSession=c.bb`, `_OrtRun=c.sb` in ort-wasm-simd-threaded.mjs). The config module says
 * whether the module scope warms ORT up first (`warmUpOrt`, as the real worker does) or not.
 * `PUT /session?dims=1,28,28,1&input=&output=` creates a session from the body and runs it twice.
 */
import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm';
import config from 'cold-config.json';
import { createSession, runSession } from '@edgeml/edge/runtime/ort';
import { warmUpOrt } from '@edgeml/edge/runtime/warm-up-ort';

const TIMED_EXPORTS = { Wa: 'ortInitMs', bb: 'ortCreateSessionMs', sb: 'ortRunMs' } as const;
type Phase = (typeof TIMED_EXPORTS)[keyof typeof TIMED_EXPORTS];
const phases: Record<Phase, number[]> = { ortInitMs: [], ortCreateSessionMs: [], ortRunMs: [] };

type Instantiate = (source: unknown, imports?: WebAssembly.Imports) => Promise<unknown>;
const webAssembly = WebAssembly as unknown as { instantiate: Instantiate };
const original = webAssembly.instantiate;
// Installed before ort.ts's own hook, which then calls this one with the precompiled module.
webAssembly.instantiate = async (source, imports) => {
  const result = await original.call(WebAssembly, source, imports);
  if (!(result instanceof WebAssembly.Instance)) return result;
  const exports: Record<string, unknown> = { ...result.exports };
  for (const [name, phase] of Object.entries(TIMED_EXPORTS)) {
    const call = exports[name] as (...args: unknown[]) => unknown;
    exports[name] = (...args: unknown[]) => {
      const started = performance.now();
      try {
        return call(...args);
      } finally {
        phases[phase].push(performance.now() - started);
      }
    };
  }
  return { exports };
};

const moduleStarted = performance.now();
if (config.warm) await warmUpOrt(ortWasm);
const moduleWarmMs = performance.now() - moduleStarted;
const warmPhases = takePhases();

function takePhases(): Record<Phase, number> {
  const taken = Object.fromEntries(Object.entries(phases).map(([phase, ms]) => [phase, ms.reduce((sum, x) => sum + x, 0)])) as Record<Phase, number>;
  for (const ms of Object.values(phases)) ms.length = 0;
  return taken;
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === 'GET' && url.pathname === '/startup') return Response.json({ moduleWarmMs, ...warmPhases });
    if (request.method === 'PUT' && url.pathname === '/session') {
      const dims = (url.searchParams.get('dims') ?? '').split(',').map(Number);
      const input = url.searchParams.get('input') ?? 'input';
      const output = url.searchParams.get('output') ?? 'output';
      const bytes = new Uint8Array(await request.arrayBuffer());
      let started = performance.now();
      const session = await createSession(bytes, ortWasm);
      const createMs = performance.now() - started;
      const created = takePhases();
      const data = new Float32Array(dims.reduce((product, dim) => product * dim, 1));
      started = performance.now();
      await runSession(session, input, data, dims, output);
      const firstRunMs = performance.now() - started;
      started = performance.now();
      await runSession(session, input, data, dims, output);
      const secondRunMs = performance.now() - started;
      takePhases();
      return Response.json({ createMs, ortInitMs: created.ortInitMs, ortCreateSessionMs: created.ortCreateSessionMs, firstRunMs, secondRunMs });
    }
    return new Response('GET /startup or PUT /session?dims=&input=&output=', { status: 400 });
  },
};
