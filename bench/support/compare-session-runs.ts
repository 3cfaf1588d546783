import { readFile } from 'node:fs/promises';
import * as ortNode from 'onnxruntime-node';
import { createSession, runSession } from '@edgeml/edge/runtime/ort';
import { ortWasmModule } from '@edgeml/trainer/deploy/ort-wasm-module';
import { pairedRatio, type PairedRatio } from '@edgeml/trainer/variants-report/paired-ratio';

/** What the worker reported for one prediction: its `timing.inferenceMs` and its `Server-Timing` total. */
export interface WorkerTiming {
  inferenceMs: number;
  handlerMs: number;
}

export interface SessionRunComparison {
  batch: number;
  rounds: number;
  runsPerRound: number;
  ortWebNodeMeanMs: number;
  ortNodeNativeMeanMs: number;
  workerdMeanMs: number;
  /** onnxruntime-web in Node ÷ onnxruntime-node native, paired by round. */
  webOverNative: PairedRatio;
  /** `session.run` inside workerd ÷ onnxruntime-web in Node, paired by round. */
  workerdOverWebNode: PairedRatio;
  /** What the worker did besides `session.run` (read, parse, decode, preprocess, rank, respond): handler − inference, mean. */
  besidesRunMeanMs: number;
  /** The same per request, quantized to workerd's 1 ms clock: p50 and p90. */
  besidesRunP50Ms: number;
  besidesRunP90Ms: number;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * `session.run` of one ONNX file in onnxruntime-web in Node, onnxruntime-node (native, one thread)
 * and the worker in workerd, interleaved round by round so that a slow spell of this shared
 * machine (its speed drifts by 1.5× over minutes) falls on all three alike; ratios are paired per round.
 *
 * workerd's clock ticks in whole milliseconds, so one request's `inferenceMs` reads 0 or 1 at
 * batch 1. The mean over many requests is still exact in expectation (a request starts at a
 * uniformly random point between ticks), so the comparison uses means on every side.
 */
export async function compareSessionRuns(params: {
  onnxPath: string;
  inputName: string;
  outputName: string;
  /** One batch of model input, `[batch, side, side, 1]`, the same images the worker is sent. */
  data: Float32Array;
  dims: readonly number[];
  rounds: number;
  runsPerRound: number;
  /** One prediction of the same batch by the worker. */
  requestWorker: (index: number) => Promise<WorkerTiming>;
}): Promise<SessionRunComparison> {
  const { inputName, outputName, data, dims, rounds, runsPerRound } = params;
  const bytes = new Uint8Array(await readFile(params.onnxPath));
  const web = await createSession(bytes, await ortWasmModule());
  const native = await ortNode.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const nativeInput = { [inputName]: new ortNode.Tensor('float32', data, dims) };
  const webMs: number[] = [];
  const nativeMs: number[] = [];
  const workerdMs: number[] = [];
  const besides: number[] = [];
  try {
    // Warm-up: arenas, caches and V8's optimizing tier on every side.
    for (let i = 0; i < 5; i++) {
      await runSession(web, inputName, data, dims, outputName);
      await native.run(nativeInput);
      await params.requestWorker(i);
    }
    let request = 0;
    for (let r = 0; r < rounds; r++) {
      let started = performance.now();
      for (let i = 0; i < runsPerRound; i++) await runSession(web, inputName, data, dims, outputName);
      webMs.push((performance.now() - started) / runsPerRound);
      started = performance.now();
      for (let i = 0; i < runsPerRound; i++) await native.run(nativeInput);
      nativeMs.push((performance.now() - started) / runsPerRound);
      const inWorkerd: number[] = [];
      for (let i = 0; i < runsPerRound; i++) {
        const timing = await params.requestWorker(request++);
        inWorkerd.push(timing.inferenceMs);
        besides.push(timing.handlerMs - timing.inferenceMs);
      }
      workerdMs.push(mean(inWorkerd));
    }
  } finally {
    await web.release();
    await native.release();
  }
  const sortedBesides = [...besides].sort((a, b) => a - b);
  const ratio = (a: number[], b: number[]): PairedRatio => {
    const paired = pairedRatio(a, b);
    return { median: round(paired.median), low: round(paired.low), high: round(paired.high), rounds: paired.rounds };
  };
  return {
    batch: dims[0]!,
    rounds,
    runsPerRound,
    ortWebNodeMeanMs: round(mean(webMs)),
    ortNodeNativeMeanMs: round(mean(nativeMs)),
    workerdMeanMs: round(mean(workerdMs)),
    webOverNative: ratio(webMs, nativeMs),
    workerdOverWebNode: ratio(workerdMs, webMs),
    besidesRunMeanMs: round(mean(besides)),
    besidesRunP50Ms: sortedBesides[Math.floor(sortedBesides.length / 2)]!,
    besidesRunP90Ms: sortedBesides[Math.floor(sortedBesides.length * 0.9)]!,
  };
}
