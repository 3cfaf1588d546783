/**
 * onnxruntime-web latency as the edge worker sees it: sessions made by the worker's own runtime
 * module (`edge/src/runtime/ort.ts`: single-threaded WASM, graph optimisations on), timed in
 * Node. Models are run round-robin, one call each per round, so a load spike on a shared machine
 * hits every model alike, and each round starts one model later, so none always runs first (just
 * after another's allocations, say); the median of the rounds is reported, and every round's time
 * is kept so that two models can be compared round by round.
 */
import { createSession, runSession, type OrtSession } from '@edgeml/edge/runtime/ort';
import { ortWasmModule } from '../deploy/ort-wasm-module.ts';
import type { OnnxModelIo } from '../shrink/evaluate-onnx.ts';

export interface LatencyModel {
  id: string;
  bytes: Uint8Array;
  io: OnnxModelIo;
  /** Weight-only int8: time it as the edge runs it, weights folded to float at session creation. */
  foldWeightDequantize?: boolean;
}

export interface LatencyStats {
  batch: number;
  runs: number;
  medianMs: number;
  p10Ms: number;
  p90Ms: number;
  /** Every timed round, in round order: entry r of two models was measured in the same round. */
  timesMs: number[];
}

export interface LatencyResult {
  id: string;
  /** Median time to create the session from the bytes (parse, optimise, pre-pack weights). */
  sessionCreateMs: number;
  batches: LatencyStats[];
}

export interface LatencyOptions {
  /** NHWC images to feed, at least the largest batch. */
  images: Float32Array;
  imageShape: readonly number[];
  /** Batch size → timed rounds. */
  rounds: ReadonlyMap<number, number>;
  warmup?: number;
}


export async function measureOrtWebLatency(models: readonly LatencyModel[], options: LatencyOptions): Promise<LatencyResult[]> {
  const module = await ortWasmModule();
  const perImage = options.imageShape.reduce((product, size) => product * size, 1);
  const sessionCreateMs: number[] = [];
  for (const model of models) sessionCreateMs.push(median(await timeSessionCreation(model, module, 3)));
  const sessions: OrtSession[] = [];
  try {
    for (const model of models) sessions.push(await createSession(model.bytes, module, undefined, { foldWeightDequantize: model.foldWeightDequantize }));
    const stats = models.map(() => [] as LatencyStats[]);
    for (const [batch, rounds] of options.rounds) {
      const input = options.images.subarray(0, batch * perImage);
      const dims = [batch, ...options.imageShape];
      const call = (i: number) => runSession(sessions[i]!, models[i]!.io.inputName, input, dims, models[i]!.io.outputName);
      for (let i = 0; i < models.length; i++) for (let w = 0; w < (options.warmup ?? 5); w++) await call(i);
      const times = models.map(() => [] as number[]);
      for (let round = 0; round < rounds; round++) {
        for (let j = 0; j < models.length; j++) {
          const i = (j + round) % models.length;
          const started = performance.now();
          await call(i);
          times[i]!.push(performance.now() - started);
        }
      }
      times.forEach((t, i) => stats[i]!.push({ batch, runs: t.length, medianMs: median(t), p10Ms: quantile(t, 0.1), p90Ms: quantile(t, 0.9), timesMs: t.map((ms) => Number(ms.toFixed(4))) }));
    }
    return models.map((model, i) => ({ id: model.id, sessionCreateMs: sessionCreateMs[i]!, batches: stats[i]! }));
  } finally {
    await Promise.all(sessions.map((session) => session.release()));
  }
}

async function timeSessionCreation(model: LatencyModel, module: WebAssembly.Module, times: number): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const session = await createSession(model.bytes, module, undefined, { foldWeightDequantize: model.foldWeightDequantize });
    result.push(performance.now() - started);
    await session.release();
  }
  return result;
}

function median(values: number[]): number {
  return quantile(values, 0.5);
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
