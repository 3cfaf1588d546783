/** Little-endian float32 values as base64, and back: how golden vectors store tensors exactly. */
export function encodeFloat32Base64(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => view.setFloat32(i * 4, value, true));
  let binary = '';
  // Chunked: String.fromCharCode with one argument per byte overflows the stack on large tensors.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The float32 values of `encodeFloat32Base64`'s text; throws on text that is not base64 of whole float32s. */
export function decodeFloat32Base64(text: string): Float32Array {
  const binary = atob(text);
  if (binary.length % 4 !== 0) throw new Error(`${binary.length} bytes are not a whole number of float32 values`);
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i));
  const values = new Float32Array(binary.length / 4);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
  return values;
}
