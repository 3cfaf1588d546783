/**
 * A bare workerd worker for `npm run bench:wasm-bounds`: `PUT /session?input=&output=` with an
 * ONNX body creates a session through edge/src/runtime/ort.ts, as the real worker does; then
 * `GET /run?batch=&side=&runs=` times that many `session.run` calls in one request and answers
 * their mean, so workerd's 1 ms clock is divided over many runs.
 */
import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm';
import { createSession, runSession, type OrtSession } from '@edgeml/edge/runtime/ort';

let loaded: { session: OrtSession; input: string; output: string } | undefined;

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === 'PUT' && url.pathname === '/session') {
      const session = await createSession(new Uint8Array(await request.arrayBuffer()), ortWasm);
      loaded = { session, input: url.searchParams.get('input') ?? 'input', output: url.searchParams.get('output') ?? 'output' };
      return new Response(null, { status: 204 });
    }
    if (request.method === 'GET' && url.pathname === '/run' && loaded) {
      const batch = Number(url.searchParams.get('batch'));
      const side = Number(url.searchParams.get('side'));
      const runs = Number(url.searchParams.get('runs'));
      const data = Float32Array.from({ length: batch * side * side }, (_, i) => ((i * 7919) % 255) / 255);
      const started = performance.now();
      for (let i = 0; i < runs; i++) await runSession(loaded.session, loaded.input, data, [batch, side, side, 1], loaded.output);
      return Response.json({ meanMs: (performance.now() - started) / runs });
    }
    return new Response('PUT /session first, then GET /run?batch=&side=&runs=', { status: 400 });
  },
};
