import { createSession } from '@edgeml/edge/runtime/ort';
import { ortWasmModule } from './ort-wasm-module.ts';
import { probeWasmOperators, type OperatorSupport } from './probe-wasm-operators.ts';
import { readOnnxGraph } from './read-onnx-graph.ts';

export interface OperatorCheck {
  ok: boolean;
  /** Every distinct (domain, op_type) of the model with the opset it imports and whether ORT-web's WASM runs it. */
  operators: OperatorSupport[];
  /** ORT-web's error for the whole model, when it did not load. */
  modelError?: string;
}

/**
 * Whether onnxruntime-web's WASM backend runs every operator of the model. The whole model is
 * loaded first (with the worker's session options): when it loads, every node found a kernel.
 * When it does not, each operator is probed alone (see probe-wasm-operators.ts) so the report
 * names every unsupported one, not only the first ORT stopped at.
 */
export async function checkOperators(onnx: Uint8Array): Promise<OperatorCheck> {
  const graph = readOnnxGraph(onnx);
  let modelError: string | undefined;
  try {
    const session = await createSession(onnx, await ortWasmModule());
    await session.release();
  } catch (error) {
    modelError = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  }
  if (modelError === undefined) {
    const seen = new Map<string, OperatorSupport>();
    for (const node of graph.nodes) {
      const key = `${node.domain}\u0000${node.opType}`;
      const entry = seen.get(key);
      if (entry) entry.nodes++;
      else {
        const opset = graph.opsetImports.find((entry) => entry.domain === node.domain)?.version ?? 0;
        seen.set(key, { domain: node.domain || 'ai.onnx', opType: node.opType, opset, nodes: 1, supported: true });
      }
    }
    return { ok: true, operators: [...seen.values()] };
  }
  const operators = await probeWasmOperators(graph);
  // ORT names the node it stopped at; trust that over an undecided one-node probe.
  const named = /Could not find an implementation for (\S+)\((\d+)\)|(\S+?):(\S+)\(-?\d+\) is not a registered function\/op/.exec(modelError);
  for (const operator of operators) {
    if (!operator.supported && operator.reason?.startsWith('undecided') && named && (named[1] === operator.opType || named[4] === operator.opType)) {
      operator.reason = modelError;
    }
  }
  return { ok: false, operators, modelError };
}
