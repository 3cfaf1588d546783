/**
 * Protocol Buffers wire format, only as much as the ONNX writer needs: varints (int32/int64/enum,
 * negatives as 10-byte two's complement), length-delimited fields (strings, bytes, messages),
 * fixed32 floats and packed repeated scalars.
 */
const WIRE_VARINT = 0;
const WIRE_FIXED32 = 5;
const WIRE_LENGTH_DELIMITED = 2;

const utf8 = new TextEncoder();

export class ProtoWriter {
  private buffer = new Uint8Array(256);
  private length = 0;

  /** The bytes written so far (a copy-free view). */
  finish(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  /** `int32`, `int64` and enum fields; omitted when `undefined`. */
  int(field: number, value: number | bigint | undefined): this {
    if (value === undefined) return this;
    this.tag(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  float(field: number, value: number | undefined): this {
    if (value === undefined) return this;
    this.tag(field, WIRE_FIXED32);
    this.reserve(4);
    new DataView(this.buffer.buffer, this.buffer.byteOffset + this.length, 4).setFloat32(0, value, true);
    this.length += 4;
    return this;
  }

  string(field: number, value: string | undefined): this {
    if (value === undefined) return this;
    return this.bytes(field, utf8.encode(value));
  }

  bytes(field: number, value: Uint8Array | undefined): this {
    if (value === undefined) return this;
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(value.length);
    this.raw(value);
    return this;
  }

  /** An embedded message, written by `write` into its own writer first so its length is known. */
  message<T>(field: number, value: T | undefined, write: (writer: ProtoWriter, value: T) => void): this {
    if (value === undefined) return this;
    const inner = new ProtoWriter();
    write(inner, value);
    return this.bytes(field, inner.finish());
  }

  repeatedMessage<T>(field: number, values: readonly T[], write: (writer: ProtoWriter, value: T) => void): this {
    for (const value of values) this.message(field, value, write);
    return this;
  }

  repeatedString(field: number, values: readonly string[]): this {
    for (const value of values) this.string(field, value);
    return this;
  }

  /** Packed repeated varints; parsers of proto2 `repeated int64` accept the packed form too. */
  packedInts(field: number, values: readonly (number | bigint)[]): this {
    if (values.length === 0) return this;
    const inner = new ProtoWriter();
    for (const value of values) inner.varint(value);
    return this.bytes(field, inner.finish());
  }

  packedFloats(field: number, values: readonly number[]): this {
    if (values.length === 0) return this;
    const data = new Uint8Array(values.length * 4);
    const view = new DataView(data.buffer);
    values.forEach((value, i) => view.setFloat32(i * 4, value, true));
    return this.bytes(field, data);
  }

  varint(value: number | bigint): void {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) throw new RangeError(`varint must be a safe integer, got ${value}`);
      if (value >= 0 && value < 0x80000000) {
        this.reserve(5);
        let v = value;
        while (v > 0x7f) {
          this.buffer[this.length++] = (v & 0x7f) | 0x80;
          v >>>= 7;
        }
        this.buffer[this.length++] = v;
        return;
      }
    }
    // Large and negative values: encode the 64-bit two's complement, as protobuf does for int64.
    let v = BigInt.asUintN(64, BigInt(value));
    this.reserve(10);
    while (v > 0x7fn) {
      this.buffer[this.length++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buffer[this.length++] = Number(v);
  }

  private tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  private raw(data: Uint8Array): void {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  private reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(needed, this.buffer.length * 2));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}
