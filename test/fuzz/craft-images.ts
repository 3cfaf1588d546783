/** Bytes that look like images to a parser: valid headers with hostile contents. */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * The PNG with its IHDR width and height replaced and the chunk's CRC fixed, so a decoder trusts
 * the header: a decompression bomb's declared size without its data.
 */
export function pngWithDimensions(png: Uint8Array, width: number, height: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(png);
  const view = new DataView(out.buffer);
  // Signature (8), IHDR length (4), "IHDR" (4), width (4) at 16, height (4) at 20, ..., CRC at 29.
  view.setUint32(16, width >>> 0);
  view.setUint32(20, height >>> 0);
  view.setUint32(29, crc32(out.subarray(12, 29)));
  return out;
}

/** The JPEG with its SOF0/SOF2 frame header's height and width replaced. */
export function jpegWithDimensions(jpeg: Uint8Array, width: number, height: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(jpeg);
  for (let i = 2; i + 9 < out.length; i++) {
    if (out[i] === 0xff && (out[i + 1] === 0xc0 || out[i + 1] === 0xc2)) {
      // Marker (2), length (2), precision (1), height (2), width (2).
      const view = new DataView(out.buffer);
      view.setUint16(i + 5, height & 0xffff);
      view.setUint16(i + 7, width & 0xffff);
      return out;
    }
  }
  throw new Error('no SOF0/SOF2 frame header in the JPEG');
}
