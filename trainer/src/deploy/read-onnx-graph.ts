/**
 * Reads what the deployability check needs from ONNX bytes, without a protobuf library: the
 * opset imports, every node (subgraphs of If/Loop/Scan included) with its raw NodeProto bytes,
 * and the raw bytes of initializers and typed values, so a one-node model can be cut out of it.
 * Field numbers follow onnx/onnx.proto, as `onnx-proto.ts` writes them.
 */
import { TrainerError } from '../errors.ts';

export interface OnnxNodeInfo {
  opType: string;
  /** '' is the default domain (ai.onnx). */
  domain: string;
  name: string;
  inputs: string[];
  outputs: string[];
  /** The serialised NodeProto, attributes included. */
  raw: Uint8Array;
}

export interface OnnxGraphInfo {
  irVersion: number;
  opsetImports: { domain: string; version: number }[];
  /** The raw OperatorSetIdProto messages, to copy into probe models. */
  rawOpsetImports: Uint8Array[];
  nodes: OnnxNodeInfo[];
  /** Serialised TensorProto of each initializer, by name (top-level graph). */
  initializers: Map<string, Uint8Array>;
  /** Serialised ValueInfoProto of graph inputs, outputs and value_info, by name. */
  valueInfos: Map<string, Uint8Array>;
  inputNames: string[];
  outputNames: string[];
}

interface Field {
  number: number;
  wireType: number;
  /** Varint value (wire type 0). */
  value: number;
  /** Payload of a length-delimited field (wire type 2). */
  bytes: Uint8Array;
  /** The whole field, tag included, as it appears in its message. */
  raw: Uint8Array;
}

export function readOnnxGraph(bytes: Uint8Array): OnnxGraphInfo {
  try {
    return readModel(bytes);
  } catch (error) {
    if (error instanceof TrainerError) throw error;
    throw new TrainerError('invalid_argument', `not an ONNX model: ${(error as Error).message}`);
  }
}

function readModel(bytes: Uint8Array): OnnxGraphInfo {
  const info: OnnxGraphInfo = { irVersion: 0, opsetImports: [], rawOpsetImports: [], nodes: [], initializers: new Map(), valueInfos: new Map(), inputNames: [], outputNames: [] };
  let graph: Uint8Array | undefined;
  for (const field of fields(bytes)) {
    if (field.number === 1 && field.wireType === 0) info.irVersion = field.value;
    else if (field.number === 8 && field.wireType === 2) {
      let domain = '';
      let version = 0;
      for (const f of fields(field.bytes)) {
        if (f.number === 1 && f.wireType === 2) domain = text(f.bytes);
        else if (f.number === 2 && f.wireType === 0) version = f.value;
      }
      info.opsetImports.push({ domain: domain === 'ai.onnx' ? '' : domain, version });
      info.rawOpsetImports.push(field.bytes);
    } else if (field.number === 7 && field.wireType === 2) graph = field.bytes;
  }
  if (!graph) throw new TrainerError('invalid_argument', 'not an ONNX model: it has no graph');
  readGraph(graph, info, true);
  if (info.nodes.length === 0) throw new TrainerError('invalid_argument', 'not an ONNX model: its graph has no nodes');
  return info;
}

function readGraph(bytes: Uint8Array, info: OnnxGraphInfo, topLevel: boolean): void {
  for (const field of fields(bytes)) {
    if (field.wireType !== 2) continue;
    if (field.number === 1) info.nodes.push(readNode(field.bytes, info));
    else if (topLevel && field.number === 5) info.initializers.set(tensorName(field.bytes), field.bytes);
    else if (topLevel && (field.number === 11 || field.number === 12 || field.number === 13)) {
      const name = firstString(field.bytes, 1);
      if (!info.valueInfos.has(name)) info.valueInfos.set(name, field.bytes);
      if (field.number === 11) info.inputNames.push(name);
      if (field.number === 12) info.outputNames.push(name);
    }
  }
}

function readNode(bytes: Uint8Array, info: OnnxGraphInfo): OnnxNodeInfo {
  const node: OnnxNodeInfo = { opType: '', domain: '', name: '', inputs: [], outputs: [], raw: bytes };
  for (const field of fields(bytes)) {
    if (field.wireType !== 2) continue;
    if (field.number === 1) node.inputs.push(text(field.bytes));
    else if (field.number === 2) node.outputs.push(text(field.bytes));
    else if (field.number === 3) node.name = text(field.bytes);
    else if (field.number === 4) node.opType = text(field.bytes);
    else if (field.number === 7) node.domain = text(field.bytes) === 'ai.onnx' ? '' : text(field.bytes);
    else if (field.number === 5) {
      // AttributeProto g (6) and graphs (11): the bodies of If, Loop and Scan hold nodes too.
      for (const attribute of fields(field.bytes)) if (attribute.wireType === 2 && (attribute.number === 6 || attribute.number === 11)) readGraph(attribute.bytes, info, false);
    }
  }
  if (!node.opType) throw new TrainerError('invalid_argument', 'not an ONNX model: a node has no op_type');
  return node;
}

function tensorName(bytes: Uint8Array): string {
  return firstString(bytes, 8);
}

function firstString(bytes: Uint8Array, number: number): string {
  for (const field of fields(bytes)) if (field.number === number && field.wireType === 2) return text(field.bytes);
  return '';
}

function text(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

function* fields(bytes: Uint8Array): Generator<Field> {
  let offset = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (offset >= bytes.length) throw new Error('truncated varint');
      const byte = bytes[offset++]!;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    throw new Error('varint longer than 10 bytes');
  };
  while (offset < bytes.length) {
    const start = offset;
    const tag = varint();
    const wireType = tag % 8;
    const number = Math.floor(tag / 8);
    let value = 0;
    let payload: Uint8Array = new Uint8Array(0);
    if (wireType === 0) value = varint();
    else if (wireType === 1) offset += 8;
    else if (wireType === 5) offset += 4;
    else if (wireType === 2) {
      const length = varint();
      if (offset + length > bytes.length) throw new Error(`field ${number} runs past the end of its message`);
      payload = bytes.subarray(offset, offset + length);
      offset += length;
    } else throw new Error(`unsupported protobuf wire type ${wireType}`);
    if (offset > bytes.length) throw new Error('truncated field');
    yield { number, wireType, value, bytes: payload, raw: bytes.subarray(start, offset) };
  }
}
