/**
 * Rewrites a finished `OnnxModel` (what `OnnxGraphBuilder.toModel` returns): reads and replaces
 * initializers, and rebuilds the node list in order with nodes inserted around existing ones.
 * The quantization passes are written against it.
 */
import { TrainerError } from '../../errors.ts';
import { TensorDataType, type OnnxAttributeValue, type OnnxModel, type OnnxNode, type OnnxTensor } from '../onnx-proto.ts';

export class OnnxGraphEditor {
  /** The node list being built; passes append to it while walking `sourceNodes`. */
  readonly nodes: OnnxNode[] = [];
  readonly sourceNodes: readonly OnnxNode[];
  private readonly initializers = new Map<string, OnnxTensor>();
  private readonly usedNames = new Set<string>();
  /** Later node inputs named by a key read its value instead (a value replaced by a rewrite). */
  private readonly replacements = new Map<string, string>();

  constructor(private readonly model: OnnxModel) {
    const graph = model.graph;
    this.sourceNodes = graph.nodes;
    for (const tensor of graph.initializers) this.initializers.set(tensor.name, tensor);
    for (const name of [...graph.inputs.map((i) => i.name), ...graph.initializers.map((i) => i.name)]) this.usedNames.add(name);
    for (const node of graph.nodes) for (const output of node.outputs) this.usedNames.add(output);
  }

  uniqueName(prefix: string): string {
    let name = prefix;
    for (let i = 1; this.usedNames.has(name); i++) name = `${prefix}_${i}`;
    this.usedNames.add(name);
    return name;
  }

  isInitializer(name: string): boolean {
    return this.initializers.has(name);
  }

  isGraphOutput(name: string): boolean {
    return this.model.graph.outputs.some((output) => output.name === name);
  }

  /** A float32 initializer's values, or undefined when `name` is not one. */
  readFloat(name: string): { dims: number[]; values: Float32Array } | undefined {
    const tensor = this.initializers.get(name);
    if (!tensor || tensor.dataType !== TensorDataType.FLOAT) return undefined;
    const view = new DataView(tensor.rawData.buffer, tensor.rawData.byteOffset, tensor.rawData.byteLength);
    const values = new Float32Array(tensor.rawData.byteLength / 4);
    for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
    return { dims: [...tensor.dims], values };
  }

  /** Drops an initializer no node reads any more. */
  removeInitializer(name: string): void {
    this.initializers.delete(name);
  }

  /** Adds a constant (name made unique) and returns its name. */
  addTensor(prefix: string, dataType: TensorDataType, dims: readonly number[], values: ArrayLike<number>): string {
    const name = this.uniqueName(prefix);
    this.initializers.set(name, { name, dims, dataType, rawData: encodeValues(dataType, values) });
    return name;
  }

  /** Appends a node whose inputs are read through the replacements; returns its output names. */
  emit(opType: string, inputs: readonly string[], options: { outputs?: string[]; prefix?: string; attributes?: Record<string, OnnxAttributeValue>; domain?: string } = {}): string[] {
    const outputs = options.outputs ?? [this.uniqueName(options.prefix ?? opType.toLowerCase())];
    // Node names are optional; added nodes go without, which keeps small models small.
    this.nodes.push({
      opType,
      inputs: inputs.map((input) => this.resolve(input)),
      outputs,
      attributes: options.attributes,
      ...(options.domain ? { domain: options.domain } : {}),
    });
    return outputs;
  }

  /** Copies a source node, reading its inputs through the replacements unless `resolve` is false. */
  keep(node: OnnxNode, inputs: readonly string[] = node.inputs, resolve = true): void {
    this.nodes.push({ ...node, inputs: resolve ? inputs.map((input) => this.resolve(input)) : [...inputs] });
  }

  /** Nodes added from now on read `to` where they name `from`; a graph output keeps its own name. */
  replace(from: string, to: string): void {
    this.replacements.set(from, to);
  }

  resolve(name: string): string {
    return name === '' ? name : (this.replacements.get(name) ?? name);
  }

  toModel(): OnnxModel {
    const nodes = this.nodes;
    const read = new Set(nodes.flatMap((node) => node.inputs));
    for (const name of this.initializers.keys()) {
      if (!read.has(name)) throw new TrainerError('internal', `quantized ONNX graph: initializer "${name}" is not used by any node`);
    }
    return { ...this.model, graph: { ...this.model.graph, nodes, initializers: [...this.initializers.values()] } };
  }
}

function encodeValues(dataType: TensorDataType, values: ArrayLike<number>): Uint8Array {
  const width = dataType === TensorDataType.INT8 || dataType === TensorDataType.UINT8 ? 1 : dataType === TensorDataType.INT64 ? 8 : 4;
  const bytes = new Uint8Array(values.length * width);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (dataType === TensorDataType.FLOAT) view.setFloat32(i * 4, value, true);
    else if (dataType === TensorDataType.INT32) view.setInt32(i * 4, value, true);
    else if (dataType === TensorDataType.INT64) view.setBigInt64(i * 8, BigInt(value), true);
    else if (dataType === TensorDataType.INT8) view.setInt8(i, value);
    else if (dataType === TensorDataType.UINT8) view.setUint8(i, value);
    else throw new TrainerError('internal', `cannot write ONNX data type ${dataType}`);
  }
  return bytes;
}
