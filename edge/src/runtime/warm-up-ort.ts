/**
 * Warms onnxruntime-web up at module scope, before the isolate's first request.
 *
 * A new isolate's first `InferenceSession.create` costs ~300-500 ms of CPU whatever the model:
 * ORT's one-time initialisation (OrtInit: kernel registry, allocators, default logger) and V8
 * compiling, on their first call, the WASM functions it runs (lazy Liftoff compilation; hot ones
 * are then recompiled by TurboFan). A second session costs a few ms (`npm run bench:cold-start`).
 * Creating and running this embedded few-hundred-byte model once, while workerd evaluates the
 * worker's module, pays that inside the start-up budget (1 s on Cloudflare, which often runs it
 * during the client's TLS handshake) instead of in the first request's CPU and latency.
 * It holds until V8 flushes the process's Liftoff-compiled WASM code (`--flush-liftoff-code`, on
 * by default, on a low-memory or memory-pressure notification): the next request then compiles what
 * it runs again (~75 ms CPU). In workerd, another worker set up after ours does it, and Miniflare
 * sets its own up after ours, so locally the first request pays that (`npm run bench:cold-start`).
 *
 * The model is what test/edge/warm-up-model.test.ts builds with the trainer's exporter (it fails
 * if these bytes differ): the operators of the default image and text models, so their kernels'
 * code is compiled too, on tensors of a few values.
 */
import { createSession, runSessionFeeds } from './ort.ts';

export const WARM_UP_OPERATORS = ['Transpose', 'DequantizeLinear', 'Conv', 'Relu', 'MaxPool', 'Flatten', 'Gemm', 'Softmax', 'Cast', 'Gather', 'ReduceMean'] as const;

export const WARM_UP_MODEL_BASE64 =
  'CAgSBmVkZ2VtbDrpCQo1CgF4Egl0cmFuc3Bvc2UaCXRyYW5zcG9zZSIJVHJhbnNwb3NlKg8KBHBlcm2gAQdCBAADAQIKRAoDd19xCgd3X3NjYWxlEhBkZXF1YW50aXplbGluZWFyGhBkZXF1YW50aXplbGluZWFyIhBEZXF1YW50aXplTGluZWFyCloKCXRyYW5zcG9zZQoQZGVxdWFudGl6ZWxpbmVhcgoBYhIEY29udhoEY29udiIEQ29udioVCgxrZXJuZWxfc2hhcGWgAQdCAgMDKg8KBHBhZHOgAQdCBAEBAQEKGAoEY29udhIEcmVsdRoEcmVsdSIEUmVsdQpKCgRyZWx1EgdtYXhwb29sGgdtYXhwb29sIgdNYXhQb29sKhUKDGtlcm5lbF9zaGFwZaABB0ICAgIqEAoHc3RyaWRlc6ABB0ICAgIKPwoHbWF4cG9vbBILdHJhbnNwb3NlXzEaC3RyYW5zcG9zZV8xIglUcmFuc3Bvc2UqDwoEcGVybaABB0IEAAIDAQo1Cgt0cmFuc3Bvc2VfMRIHZmxhdHRlbhoHZmxhdHRlbiIHRmxhdHRlbioLCgRheGlzoAECGAEKIwoHZmxhdHRlbgoCdzIKAmIyEgRnZW1tGgRnZW1tIgRHZW1tCjMKBGdlbW0SBXByb2JzGgVwcm9icyIHU29mdG1heCoUCgRheGlzoAECGP///////////wEKIgoDaWRzEgRjYXN0GgRjYXN0IgRDYXN0KgkKAnRvoAECGAcKKQoJZW1iZWRkaW5nCgRjYXN0EgZnYXRoZXIaBmdhdGhlciIGR2F0aGVyCkMKBmdhdGhlchIGcG9vbGVkGgZwb29sZWQiClJlZHVjZU1lYW4qDAoEYXhlc6ABB0IBASoPCghrZWVwZGltc6ABAhgAEgd3YXJtX3VwKiEKBAIBAwMQA0IDd19xShIBAgMEBQYHCAn6+/z9/v8BAgMqERABQgd3X3NjYWxlSgTNzEw9KhIKAQIQAUIBYkoIzczMPc3MzL0q5QEKAhIDEAFCAncyStgBAAAAv83MzL2amZk+zczMvgAAAADNzMw+mpmZvs3MzD0AAAA/zcxMvs3MTD4AAAC/zczMvZqZmT7NzMy+AAAAAM3MzD6amZm+zczMPQAAAD/NzEy+zcxMPgAAAL/NzMy9mpmZPs3MzL4AAAAAzczMPpqZmb7NzMw9AAAAP83MTL7NzEw+AAAAv83MzL2amZk+zczMvgAAAADNzMw+mpmZvs3MzD0AAAA/zcxMvs3MTD4AAAC/zczMvZqZmT7NzMy+AAAAAM3MzD6amZm+zczMPQAAAD/NzEy+KhcKAQMQAUICYjJKDAAAAADNzMw9zcxMPipzCgIIAxABQgllbWJlZGRpbmdKYAAAAL8AAIC+AAAAAAAAgD4AAAA/AAAAvwAAgL4AAAAAAACAPgAAAD8AAAC/AACAvgAAAAAAAIA+AAAAPwAAAL8AAIC+AAAAAAAAgD4AAAA/AAAAvwAAgL4AAAAAAACAPlogCgF4EhsKGQgBEhUKBxIFYmF0Y2gKAggGCgIIBgoCCAFaGgoDaWRzEhMKEQgBEg0KBxIFYmF0Y2gKAggEYhwKBXByb2JzEhMKEQgBEg0KBxIFYmF0Y2gKAggDYh0KBnBvb2xlZBITChEIARINCgcSBWJhdGNoCgIIA0IECgAQDQ==';

/**
 * Creates and runs the warm-up model once (folding its int8 weights as weight-only int8 models
 * are) and returns what it answered. Module scope allows no I/O, timers or random values: all of
 * this resolves in microtasks, so workerd accepts it under a top-level `await`.
 */
export async function warmUpOrt(wasmModule: WebAssembly.Module): Promise<{ probs: Float32Array; pooled: Float32Array }> {
  const bytes = Uint8Array.from(atob(WARM_UP_MODEL_BASE64), (char) => char.charCodeAt(0));
  const session = await createSession(bytes, wasmModule, undefined, { foldWeightDequantize: true });
  try {
    return await runSessionFeeds(
      session,
      [
        { name: 'x', data: Float32Array.from({ length: 36 }, (_, i) => (i % 7) / 7), dims: [1, 6, 6, 1] },
        { name: 'ids', data: Float32Array.from([0, 3, 5, 7]), dims: [1, 4] },
      ],
      ['probs', 'pooled'],
    );
  } finally {
    await session.release();
  }
}

/**
 * `warmUpOrt` for the worker's module scope (edge/src/index.ts awaits it): a failure is logged and
 * swallowed, since it costs only the warm-up (the first model load then pays it and reports any
 * real fault of ORT as that version's `model_unavailable`), never the worker's start.
 */
export async function warmUpOrtAtModuleScope(wasmModule: WebAssembly.Module): Promise<void> {
  await warmUpOrt(wasmModule).catch((error: unknown) => console.error('warming onnxruntime-web up failed:', error));
}
