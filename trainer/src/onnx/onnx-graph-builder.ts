/**
 * Builds an ONNX graph node by node and serialises it as a ModelProto (IR 8, default domain).
 * Used by the tfjs exporter and handy in tests that need a tiny hand-made model:
 *
 *   const graph = new OnnxGraphBuilder('tiny');
 *   graph.addInput('x', ['batch', 3]);
 *   graph.addFloatInitializer('w', [3, 2], new Float32Array([1, 2, 3, 4, 5, 6]));
 *   graph.addNode('MatMul', ['x', 'w'], { outputs: ['y'] });
 *   graph.addOutput('y', ['batch', 2]);
 *   const bytes = graph.toBytes();
 */
import { TrainerError } from '../errors.ts';
import {
  encodeOnnxModel,
  TensorDataType,
  type OnnxAttributeValue,
  type OnnxDim,
  type OnnxModel,
  type OnnxNode,
  type OnnxTensor,
  type OnnxValueInfo,
} from './onnx-proto.ts';

export const ONNX_IR_VERSION = 8;
export const DEFAULT_OPSET = 13;
export const PRODUCER_NAME = 'edgeml';

export interface AddNodeOptions {
  /** Exact output names; by default fresh names are made from `outputPrefix`. */
  outputs?: readonly string[];
  /** How many fresh outputs to create when `outputs` is not given (default 1). */
  outputCount?: number;
  /** Prefix of fresh output names (default the op type in lower case). */
  outputPrefix?: string;
  attributes?: Readonly<Record<string, OnnxAttributeValue>>;
  /** Node name; default the first output's name (nodes and values are separate namespaces). */
  name?: string;
}

export interface ToModelOptions {
  opset?: number;
  producerName?: string;
  producerVersion?: string;
  docString?: string;
}

export class OnnxGraphBuilder {
  private readonly nodes: OnnxNode[] = [];
  private readonly initializers: OnnxTensor[] = [];
  private readonly inputs: OnnxValueInfo[] = [];
  private readonly outputs: OnnxValueInfo[] = [];
  private readonly usedNames = new Set<string>();
  private readonly nameCounters = new Map<string, number>();

  constructor(readonly name = 'graph') {}

  /** A value name not used yet in this graph, `prefix` itself when free. */
  uniqueName(prefix: string): string {
    let candidate = prefix;
    let counter = this.nameCounters.get(prefix) ?? 0;
    while (this.usedNames.has(candidate)) candidate = `${prefix}_${++counter}`;
    this.nameCounters.set(prefix, counter);
    this.usedNames.add(candidate);
    return candidate;
  }

  addInput(name: string, shape: readonly OnnxDim[], elemType: TensorDataType = TensorDataType.FLOAT): string {
    this.claim(name);
    this.inputs.push({ name, elemType, shape });
    return name;
  }

  /** Declares an existing value as a graph output. */
  addOutput(name: string, shape?: readonly OnnxDim[], elemType: TensorDataType = TensorDataType.FLOAT): string {
    this.outputs.push({ name, elemType, shape });
    return name;
  }

  addInitializer(tensor: OnnxTensor): string {
    this.claim(tensor.name);
    this.initializers.push(tensor);
    return tensor.name;
  }

  /** A float32 constant; `name` is made unique if taken. */
  addFloatInitializer(name: string, dims: readonly number[], values: Float32Array | readonly number[]): string {
    const data = values instanceof Float32Array ? values : Float32Array.from(values);
    checkElementCount(name, dims, data.length);
    const rawData = new Uint8Array(data.length * 4);
    const view = new DataView(rawData.buffer);
    for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
    return this.addInitializerUnique({ name, dims, dataType: TensorDataType.FLOAT, rawData });
  }

  /** An int64 constant (shapes, axes); `name` is made unique if taken. */
  addInt64Initializer(name: string, dims: readonly number[], values: readonly number[]): string {
    checkElementCount(name, dims, values.length);
    const rawData = new Uint8Array(values.length * 8);
    const view = new DataView(rawData.buffer);
    values.forEach((value, i) => view.setBigInt64(i * 8, BigInt(value), true));
    return this.addInitializerUnique({ name, dims, dataType: TensorDataType.INT64, rawData });
  }

  /** Appends a node (nodes must be added in topological order) and returns its output names. */
  addNode(opType: string, inputs: readonly string[], options: AddNodeOptions = {}): string[] {
    const prefix = options.outputPrefix ?? opType.toLowerCase();
    const outputs = options.outputs
      ? options.outputs.map((output) => (this.claim(output), output))
      : Array.from({ length: options.outputCount ?? 1 }, () => this.uniqueName(prefix));
    const name = options.name ?? outputs[0] ?? opType;
    this.nodes.push({ opType, inputs: [...inputs], outputs, name, attributes: options.attributes });
    return outputs;
  }

  /** Shorthand for a single-output node with a fresh output name; returns that name. */
  addOp(opType: string, inputs: readonly string[], attributes?: Readonly<Record<string, OnnxAttributeValue>>, outputPrefix?: string): string {
    return this.addNode(opType, inputs, { attributes, outputPrefix })[0]!;
  }

  /** The node that produces `value`, if any. */
  producerOf(value: string): OnnxNode | undefined {
    return this.nodes.find((node) => node.outputs.includes(value));
  }

  /** Renames a node output (and every use of it); returns false when no node produces `from`. */
  renameValue(from: string, to: string): boolean {
    const producer = this.producerOf(from);
    if (!producer) return false;
    this.claim(to);
    const rename = (names: readonly string[]): string[] => names.map((n) => (n === from ? to : n));
    for (let i = 0; i < this.nodes.length; i++) {
      const node = this.nodes[i]!;
      this.nodes[i] = { ...node, inputs: rename(node.inputs), outputs: rename(node.outputs) };
    }
    return true;
  }

  toModel(options: ToModelOptions = {}): OnnxModel {
    return {
      irVersion: ONNX_IR_VERSION,
      opsetImports: [{ domain: '', version: options.opset ?? DEFAULT_OPSET }],
      producerName: options.producerName ?? PRODUCER_NAME,
      producerVersion: options.producerVersion,
      docString: options.docString,
      graph: { name: this.name, nodes: this.nodes, initializers: this.initializers, inputs: this.inputs, outputs: this.outputs },
    };
  }

  toBytes(options: ToModelOptions = {}): Uint8Array {
    return encodeOnnxModel(this.toModel(options));
  }

  private addInitializerUnique(tensor: OnnxTensor): string {
    const name = this.uniqueName(tensor.name);
    this.initializers.push({ ...tensor, name });
    return name;
  }

  private claim(name: string): void {
    if (this.usedNames.has(name)) throw new TrainerError('invalid_argument', `ONNX value name "${name}" is already used in graph "${this.name}"`);
    this.usedNames.add(name);
  }
}

function checkElementCount(name: string, dims: readonly number[], count: number): void {
  const expected = dims.reduce((product, dim) => product * dim, 1);
  if (expected !== count) {
    throw new TrainerError('invalid_argument', `initializer "${name}": dims [${dims.join(', ')}] need ${expected} values, got ${count}`);
  }
}
