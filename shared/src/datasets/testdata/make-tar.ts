/** A ustar archive of `files` (path → bytes), written apart from the reader under test. */
export function makeTar(files: Record<string, Uint8Array>): Uint8Array {
  const blocks: Uint8Array[] = [];
  const encoder = new TextEncoder();
  for (const [path, data] of Object.entries(files)) {
    const header = new Uint8Array(512);
    header.set(encoder.encode(path).subarray(0, 100), 0);
    header.set(encoder.encode('0000644\0'), 100);
    header.set(encoder.encode('0000000\0'), 108);
    header.set(encoder.encode('0000000\0'), 116);
    header.set(encoder.encode(`${data.length.toString(8).padStart(11, '0')}\0`), 124);
    header.set(encoder.encode('00000000000\0'), 136);
    header.fill(32, 148, 156);
    header[156] = 48; // '0': a regular file
    header.set(encoder.encode('ustar\x0000'), 257);
    const sum = header.reduce((total, b) => total + b, 0);
    header.set(encoder.encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
    blocks.push(header, data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((total, b) => total + b.length, 0));
  let offset = 0;
  for (const block of blocks) {
    out.set(block, offset);
    offset += block.length;
  }
  return out;
}

/** An IDX file: magic for unsigned bytes with `dims` dimensions, each dimension's size, then `data`. */
export function makeIdx(dims: number[], data: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x800 + dims.length);
  dims.forEach((size, i) => view.setUint32(4 + 4 * i, size));
  out.set(Array.from(data), 4 + 4 * dims.length);
  return out;
}
