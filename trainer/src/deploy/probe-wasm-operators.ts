/**
 * Which of a model's operators onnxruntime-web's WASM backend can run, found by asking it.
 *
 * How the support list is got: not from a hand-kept table (onnxruntime-web's package documents its
 * WASM backend only as "all operators in ai.onnx and ai.onnx.ml", README "Operators", which is
 * not true for every operator, opset and type, and says nothing of other domains). Instead each
 * distinct (domain, op_type) of the model is cut out as a one-node model, with the node's own
 * attributes and initializers and the model's opset imports, and loaded by the same
 * `ort-wasm-simd-threaded.wasm` and session options the worker uses (edge/src/runtime/ort.ts):
 * ORT answers "Could not find an implementation" (no WASM kernel) or "No Op registered" (an
 * operator or opset this ORT does not know) for an unsupported operator. Inputs without a declared
 * type are tried as float32 first, then as the type ORT's type error asks for.
 */
import { createSession } from '@edgeml/edge/runtime/ort';
import { ProtoWriter } from '../onnx/proto-writer.ts';
import { ortWasmModule } from './ort-wasm-module.ts';
import type { OnnxGraphInfo, OnnxNodeInfo } from './read-onnx-graph.ts';

export interface OperatorSupport {
  domain: string;
  opType: string;
  /** The opset the model imports for the operator's domain. */
  opset: number;
  /** Nodes of this operator in the model. */
  nodes: number;
  supported: boolean;
  /** ORT's words when not supported, or why the probe could not decide. */
  reason?: string;
}

// TensorProto.DataType values tried for an untyped input, in order.
const ELEMENT_TYPES: Record<string, number> = { float: 1, uint8: 2, int8: 3, int32: 6, int64: 7, bool: 9, float16: 10, double: 11 };


/** Probes each distinct operator of the graph (first node of each) in onnxruntime-web's WASM backend. */
export async function probeWasmOperators(graph: OnnxGraphInfo): Promise<OperatorSupport[]> {
  const byOperator = new Map<string, { node: OnnxNodeInfo; count: number }>();
  for (const node of graph.nodes) {
    const key = `${node.domain}\u0000${node.opType}`;
    const entry = byOperator.get(key);
    if (entry) entry.count++;
    else byOperator.set(key, { node, count: 1 });
  }
  const results: OperatorSupport[] = [];
  for (const { node, count } of byOperator.values()) {
    const opset = graph.opsetImports.find((entry) => entry.domain === node.domain)?.version ?? 0;
    const base = { domain: node.domain || 'ai.onnx', opType: node.opType, opset, nodes: count };
    if (opset === 0) {
      results.push({ ...base, supported: false, reason: `the model imports no opset for domain "${node.domain || 'ai.onnx'}"` });
      continue;
    }
    results.push({ ...base, ...(await probeNode(graph, node)) });
  }
  return results;
}

async function probeNode(graph: OnnxGraphInfo, node: OnnxNodeInfo): Promise<{ supported: boolean; reason?: string }> {
  const module = await ortWasmModule();
  const types = new Map<string, number>();
  // Each retry fixes one input's type; a node has few inputs and a handful of types each.
  for (let attempt = 0; attempt < 24; attempt++) {
    try {
      const session = await createSession(probeModel(graph, node, types), module);
      await session.release();
      return { supported: true };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/Could not find an implementation|No Op registered|not a registered function\/op|is not supported|Unrecognized attribute/i.test(message)) {
        return { supported: false, reason: firstLine(message) };
      }
      const typeError = /Type '?\(?tensor\((\w+)\)\)?'? of input parameter \((.*?)\) of operator/.exec(message);
      if (typeError) {
        const [, current, input] = typeError;
        const order = Object.values(ELEMENT_TYPES);
        const next = order[order.indexOf(ELEMENT_TYPES[current!] ?? 1) + 1];
        if (next !== undefined && !graph.initializers.has(input!) && !graph.valueInfos.has(input!)) {
          types.set(input!, next);
          continue;
        }
      }
      return { supported: false, reason: `undecided: the one-node model did not load: ${firstLine(message)}` };
    }
  }
  return { supported: false, reason: 'undecided: no input types the operator accepts were found' };
}

/** A ModelProto holding only `node`: its initializers copied, its other inputs declared (typed from the model when known), its outputs untyped. */
function probeModel(graph: OnnxGraphInfo, node: OnnxNodeInfo, types: Map<string, number>): Uint8Array {
  const inputs = [...new Set(node.inputs.filter((name) => name !== ''))];
  const writer = new ProtoWriter();
  writer.int(1, graph.irVersion || 8);
  for (const opset of graph.rawOpsetImports) writer.bytes(8, opset);
  const body = new ProtoWriter();
  body.bytes(1, node.raw);
  body.string(2, 'probe');
  for (const name of inputs) {
    const initializer = graph.initializers.get(name);
    if (initializer) body.bytes(5, initializer);
  }
  for (const name of inputs) {
    if (graph.initializers.has(name)) continue;
    body.bytes(11, graph.valueInfos.get(name) ?? valueInfo(name, types.get(name) ?? ELEMENT_TYPES.float!));
  }
  for (const name of node.outputs.filter((output) => output !== '')) body.bytes(12, graph.valueInfos.get(name) ?? new ProtoWriter().string(1, name).finish());
  writer.bytes(7, body.finish());
  return writer.finish();
}

/** ValueInfoProto { name, type { tensor_type { elem_type } } }, rank unknown. */
function valueInfo(name: string, elemType: number): Uint8Array {
  const tensorType = new ProtoWriter().int(1, elemType).finish();
  const type = new ProtoWriter().bytes(1, tensorType).finish();
  return new ProtoWriter().string(1, name).bytes(2, type).finish();
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.slice(0, 300);
}
