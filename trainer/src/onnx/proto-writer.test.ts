import { describe, expect, it } from 'vitest';
import { ProtoWriter } from './proto-writer.ts';

const bytesOf = (write: (writer: ProtoWriter) => void): number[] => {
  const writer = new ProtoWriter();
  write(writer);
  return [...writer.finish()];
};

describe('ProtoWriter', () => {
  it('writes varint fields with their tag', () => {
    expect(bytesOf((w) => w.int(1, 8))).toEqual([0x08, 0x08]);
    expect(bytesOf((w) => w.int(2, 300))).toEqual([0x10, 0xac, 0x02]);
    expect(bytesOf((w) => w.int(20, 7))).toEqual([0xa0, 0x01, 0x07]);
    expect(bytesOf((w) => w.int(1, 2 ** 35))).toEqual([0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
  });

  it('writes negative int64 as ten-byte two’s complement', () => {
    expect(bytesOf((w) => w.int(1, -1))).toEqual([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });

  it('omits undefined fields and keeps zero', () => {
    expect(bytesOf((w) => w.int(1, undefined).string(2, undefined))).toEqual([]);
    expect(bytesOf((w) => w.int(1, 0))).toEqual([0x08, 0x00]);
  });

  it('writes strings, floats, packed scalars and nested messages length-delimited', () => {
    expect(bytesOf((w) => w.string(2, 'hé'))).toEqual([0x12, 0x03, 0x68, 0xc3, 0xa9]);
    expect(bytesOf((w) => w.float(2, 1))).toEqual([0x15, 0x00, 0x00, 0x80, 0x3f]);
    expect(bytesOf((w) => w.packedInts(8, [3, 270]))).toEqual([0x42, 0x03, 0x03, 0x8e, 0x02]);
    expect(bytesOf((w) => w.packedFloats(7, [-2]))).toEqual([0x3a, 0x04, 0x00, 0x00, 0x00, 0xc0]);
    expect(bytesOf((w) => w.message(7, 150, (inner, v) => inner.int(1, v)))).toEqual([0x3a, 0x03, 0x08, 0x96, 0x01]);
  });

  it('grows past its initial buffer', () => {
    const big = new Uint8Array(10_000).map((_, i) => i % 251);
    const out = bytesOf((w) => w.bytes(9, big));
    expect(out.slice(0, 3)).toEqual([0x4a, 0x90, 0x4e]);
    expect(out.length).toBe(10_003);
    expect(out[3 + 9_999]).toBe(9_999 % 251);
  });
});
