/**
 * The only importer of onnxruntime-web. It runs ORT's single-threaded WASM build in workerd.
 *
 * workerd refuses to compile WebAssembly from bytes at run time (the "Wasm code generation
 * disallowed by embedder" error, https://github.com/cloudflare/workerd/issues/3345), which is
 * what ORT's Emscripten loader does with `env.wasm.wasmBinary`. The worker therefore imports
 * `ort-wasm-simd-threaded.wasm` as a precompiled WebAssembly.Module (wrangler's CompiledWasm
 * rule) and ORT is handed an empty marker buffer as `wasmBinary`: the loader then calls
 * `WebAssembly.instantiate(new Uint8Array(marker), imports)`, and a one-shot hook answers that
 * one call by instantiating the precompiled module instead. ORT offers no option to pass
 * Emscripten's `instantiateWasm` (it builds the loader's config itself), hence the hook.
 */
import * as ort from 'onnxruntime-web/wasm';

export type OrtSession = ort.InferenceSession;

type Instantiate = (source: unknown, imports?: WebAssembly.Imports) => Promise<unknown>;

let initialised: WebAssembly.Module | undefined;
/** How long the one WASM instantiation took, until the session creation that caused it reads it. */
let unreadInstantiateMs: number | undefined;
/** ORT's linear memory, once instantiated: its size is the isolate's WASM heap high-water mark. */
let wasmMemory: WebAssembly.Memory | undefined;

/** Where a session's creation went: instantiating ORT's WASM (first session of an isolate only), then the session itself. */
export interface SessionTiming {
  /** 0 unless this creation instantiated the WASM. */
  wasmInstantiateMs: number;
  sessionCreateMs: number;
}

/** Configures ORT once per isolate; the WASM itself is instantiated by the first session. */
function initialise(wasmModule: WebAssembly.Module): void {
  if (initialised) {
    if (initialised !== wasmModule) throw new Error('onnxruntime-web is already initialised with another WASM module');
    return;
  }
  initialised = wasmModule;
  const marker = new ArrayBuffer(0);
  const webAssembly = WebAssembly as unknown as { instantiate: Instantiate };
  const original = webAssembly.instantiate;
  webAssembly.instantiate = async (source, imports) => {
    if (!(ArrayBuffer.isView(source) && source.buffer === marker)) return original.call(WebAssembly, source, imports);
    webAssembly.instantiate = original;
    const started = performance.now();
    const instance = (await original.call(WebAssembly, wasmModule, imports)) as WebAssembly.Instance;
    unreadInstantiateMs = performance.now() - started;
    wasmMemory = findMemory(instance, imports);
    return { instance, module: wasmModule };
  };
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmBinary = marker;
  ort.env.logLevel = 'error';
}

/** The threaded build imports its memory; other Emscripten builds export it. */
function findMemory(instance: WebAssembly.Instance, imports: WebAssembly.Imports | undefined): WebAssembly.Memory | undefined {
  const candidates = [...Object.values(instance.exports), ...Object.values(imports ?? {}).flatMap((module) => Object.values(module))];
  return candidates.find((value): value is WebAssembly.Memory => value instanceof WebAssembly.Memory);
}

/**
 * Bytes of ORT's WASM linear memory in this isolate (0 before the first session). WASM memory
 * only grows, so this is the high-water mark of every session's arenas and tensors: steady under
 * load unless something is leaked inside ORT.
 */
export function ortWasmMemoryBytes(): number {
  return wasmMemory?.buffer.byteLength ?? 0;
}

export interface SessionCreateOptions {
  /**
   * For weight-only int8 models: dequantize the int8 weights once when the session is created, so
   * the model runs the float graph's kernels (as fast as its float source) while R2 stores and
   * sends 4× fewer bytes. Leave off for QDQ models with integer kernels, which it would disable.
   */
  foldWeightDequantize?: boolean;
}

/**
 * A session for an ONNX model's bytes. Throws ORT's error for bytes that are not a loadable model.
 * `onTiming` hears how long creation took (sessions are created only on a model's first load, so
 * timing them costs warm requests nothing). On Cloudflare the clock advances only on I/O, so
 * these read 0 there; local workerd advances it during compute too, at 1 ms resolution.
 */
export async function createSession(
  bytes: Uint8Array,
  wasmModule: WebAssembly.Module,
  onTiming?: (timing: SessionTiming) => void,
  options: SessionCreateOptions = {},
): Promise<OrtSession> {
  initialise(wasmModule);
  const started = performance.now();
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
    // ORT's constant folding skips DequantizeLinear so that QDQ groups can fuse into integer kernels;
    // turning QDQ handling off lets it fold int8 weights into float ones once, at session creation.
    ...(options.foldWeightDequantize ? { extra: { session: { disable_quant_qdq: '1' } } } : {}),
  });
  const wasmInstantiateMs = unreadInstantiateMs ?? 0;
  unreadInstantiateMs = undefined;
  onTiming?.({ wasmInstantiateMs, sessionCreateMs: performance.now() - started - wasmInstantiateMs });
  return session;
}

/** A float32 input of a model, by name. */
export interface FloatFeed {
  name: string;
  data: Float32Array;
  dims: readonly number[];
}

/** Runs a model on float32 inputs and returns the named float32 outputs. */
export async function runSessionFeeds<Name extends string>(session: OrtSession, feeds: readonly FloatFeed[], outputNames: readonly Name[]): Promise<Record<Name, Float32Array>> {
  const inputs = Object.fromEntries(feeds.map((feed) => [feed.name, new ort.Tensor('float32', feed.data, feed.dims)]));
  const outputs = await session.run(inputs);
  return Object.fromEntries(
    outputNames.map((name) => {
      const output = outputs[name];
      if (!output) throw new Error(`the model has no output named "${name}"`);
      if (!(output.data instanceof Float32Array)) throw new Error(`output "${name}" is ${output.type}, not float32`);
      return [name, output.data];
    }),
  ) as Record<Name, Float32Array>;
}

/** Runs a one-input, float32 model and returns the named float32 output. */
export async function runSession(
  session: OrtSession,
  inputName: string,
  data: Float32Array,
  dims: readonly number[],
  outputName: string,
): Promise<Float32Array> {
  return (await runSessionFeeds(session, [{ name: inputName, data, dims }], [outputName]))[outputName];
}
