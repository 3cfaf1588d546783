/**
 * The first 33 bytes of a PNG (signature and IHDR) declaring any size: enough for the header checks
 * that run before decoding, not a decodable image (no data, no IEND, CRC not computed).
 */
export function pngHeaderBytes(width: number, height: number, bitDepth = 8, colourType = 0): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  bytes.set([bitDepth, colourType, 0, 0, 0], 24);
  return bytes;
}
