/**
 * The ONNX protobuf messages the exporter writes, as plain objects, and their encoding. Field
 * numbers follow onnx/onnx.proto (proto2, package `onnx`).
 */
import { ProtoWriter } from './proto-writer.ts';

/** `TensorProto.DataType` values the exporter uses. */
export const TensorDataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, BOOL: 9 } as const;
export type TensorDataType = (typeof TensorDataType)[keyof typeof TensorDataType];

/** A dimension is a fixed size (`dim_value`) or a symbolic name (`dim_param`, e.g. "batch"). */
export type OnnxDim = number | string;

export interface OnnxTensor {
  name: string;
  dims: readonly number[];
  dataType: TensorDataType;
  /** Fixed-width little-endian element bytes (`raw_data`). */
  rawData: Uint8Array;
}

export interface OnnxValueInfo {
  name: string;
  elemType: TensorDataType;
  /** Omitted: the rank is unknown. */
  shape?: readonly OnnxDim[];
}

/** One attribute value; the key names its `AttributeType`. */
export type OnnxAttributeValue =
  | { float: number }
  | { int: number }
  | { string: string }
  | { tensor: OnnxTensor }
  | { floats: readonly number[] }
  | { ints: readonly number[] };

export interface OnnxNode {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  domain?: string;
  attributes?: Readonly<Record<string, OnnxAttributeValue>>;
}

export interface OnnxGraph {
  name: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxTensor[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
}

export interface OnnxModel {
  irVersion: number;
  opsetImports: readonly { domain: string; version: number }[];
  producerName: string;
  producerVersion?: string;
  docString?: string;
  graph: OnnxGraph;
}

// AttributeProto.AttributeType
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7 } as const;

export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const writer = new ProtoWriter();
  writer
    .int(1, model.irVersion)
    .string(2, model.producerName)
    .string(3, model.producerVersion)
    .string(6, model.docString)
    .message(7, model.graph, writeGraph)
    .repeatedMessage(8, model.opsetImports, (w, opset) => w.string(1, opset.domain).int(2, opset.version));
  return writer.finish();
}

function writeGraph(writer: ProtoWriter, graph: OnnxGraph): void {
  writer
    .repeatedMessage(1, graph.nodes, writeNode)
    .string(2, graph.name)
    .repeatedMessage(5, graph.initializers, writeTensor)
    .repeatedMessage(11, graph.inputs, writeValueInfo)
    .repeatedMessage(12, graph.outputs, writeValueInfo);
}

function writeNode(writer: ProtoWriter, node: OnnxNode): void {
  writer
    .repeatedString(1, node.inputs)
    .repeatedString(2, node.outputs)
    .string(3, node.name)
    .string(4, node.opType)
    .repeatedMessage(5, Object.entries(node.attributes ?? {}), writeAttribute)
    .string(7, node.domain);
}

function writeAttribute(writer: ProtoWriter, [name, value]: [string, OnnxAttributeValue]): void {
  writer.string(1, name);
  if ('float' in value) writer.int(20, ATTRIBUTE_TYPE.float).float(2, value.float);
  else if ('int' in value) writer.int(20, ATTRIBUTE_TYPE.int).int(3, value.int);
  else if ('string' in value) writer.int(20, ATTRIBUTE_TYPE.string).string(4, value.string);
  else if ('tensor' in value) writer.int(20, ATTRIBUTE_TYPE.tensor).message(5, value.tensor, writeTensor);
  else if ('floats' in value) writer.int(20, ATTRIBUTE_TYPE.floats).packedFloats(7, value.floats);
  else writer.int(20, ATTRIBUTE_TYPE.ints).packedInts(8, value.ints);
}

function writeTensor(writer: ProtoWriter, tensor: OnnxTensor): void {
  writer.packedInts(1, tensor.dims).int(2, tensor.dataType).string(8, tensor.name).bytes(9, tensor.rawData);
}

function writeValueInfo(writer: ProtoWriter, info: OnnxValueInfo): void {
  writer.string(1, info.name).message(2, info, (typeWriter, value) =>
    // TypeProto.tensor_type → TypeProto.Tensor { elem_type, shape }.
    typeWriter.message(1, value, (tensorWriter, v) => {
      tensorWriter.int(1, v.elemType);
      if (v.shape) tensorWriter.message(2, v.shape, writeShape);
    }),
  );
}

function writeShape(writer: ProtoWriter, shape: readonly OnnxDim[]): void {
  // An empty TensorShapeProto is a scalar; ProtoWriter.message still writes the (empty) field.
  writer.repeatedMessage(1, shape, (w, dim) => (typeof dim === 'number' ? w.int(1, dim) : w.string(2, dim)));
}
