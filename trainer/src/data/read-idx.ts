import { TrainerError } from '../errors.ts';

export interface IdxArray {
  /** Dimensions from the header, e.g. [60000, 28, 28]. */
  shape: number[];
  data: Uint8Array;
}

/** Parses an IDX file of unsigned bytes (the MNIST format: magic 0x0000_08_NN, NN dimensions, big-endian sizes). */
export function readIdx(bytes: Uint8Array, source = 'IDX file'): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new TrainerError('invalid_argument', `${source} is not an IDX file (bad magic number)`);
  }
  if (bytes[2] !== 0x08) throw new TrainerError('invalid_argument', `${source}: only unsigned-byte IDX data is supported`);
  const dims = bytes[3]!;
  const headerBytes = 4 + 4 * dims;
  if (bytes.length < headerBytes) throw new TrainerError('invalid_argument', `${source} is truncated in its header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.length - headerBytes < count) {
    throw new TrainerError('invalid_argument', `${source} is truncated: ${count} values declared, ${bytes.length - headerBytes} present`);
  }
  return { shape, data: bytes.subarray(headerBytes, headerBytes + count) };
}
