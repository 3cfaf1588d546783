import { readFile } from 'node:fs/promises';
import * as ortNode from 'onnxruntime-node';
import { createSession, runSession } from '../../edge/src/runtime/ort.ts';
import { compileOrtWasmModule } from '../../test/edge/support/ort-wasm-module.ts';
import { summarizeLatencies } from './summarize-latencies.ts';

export interface SessionTimings {
  batch: number;
  ortWebNodeMs: ReturnType<typeof summarizeLatencies>;
  ortNodeNativeMs: ReturnType<typeof summarizeLatencies>;
}

/** `session.run` of the same ONNX file in onnxruntime-web (WASM, in Node) and onnxruntime-node (native, one thread). */
export async function timeSessions(onnxPath: string, inputName: string, outputName: string, side: number, batches: number[], runs: number): Promise<SessionTimings[]> {
  const bytes = new Uint8Array(await readFile(onnxPath));
  const web = await createSession(bytes, await compileOrtWasmModule());
  const native = await ortNode.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const timings: SessionTimings[] = [];
  for (const batch of batches) {
    const dims = [batch, side, side, 1];
    const data = Float32Array.from({ length: batch * side * side }, (_, i) => (i * 7919) % 255 / 255);
    const webMs: number[] = [];
    const nativeMs: number[] = [];
    for (let i = 0; i < runs + 5; i++) {
      let start = performance.now();
      await runSession(web, inputName, data, dims, outputName);
      const webElapsed = performance.now() - start;
      start = performance.now();
      await native.run({ [inputName]: new ortNode.Tensor('float32', data, dims) });
      const nativeElapsed = performance.now() - start;
      // The first runs warm caches and allocate arenas.
      if (i >= 5) (webMs.push(webElapsed), nativeMs.push(nativeElapsed));
    }
    timings.push({ batch, ortWebNodeMs: summarizeLatencies(webMs), ortNodeNativeMs: summarizeLatencies(nativeMs) });
  }
  await web.release();
  await native.release();
  return timings;
}
