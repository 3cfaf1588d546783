import { InputError } from '../errors.ts';

/** The fields of a JPEG's start-of-frame (SOF) segment that decoding depends on. */
export interface JpegHeader {
  width: number;
  height: number;
  components: number;
}

/** Markers without a length field: TEM and the restart markers RST0-RST7. */
function isStandaloneMarker(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

/** SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

export function hasJpegSignature(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/**
 * Walks the marker segments up to the SOF and reads the declared size, so a decompression bomb
 * can be refused before the entropy-coded data is touched.
 */
export function readJpegHeader(bytes: Uint8Array): JpegHeader {
  if (!hasJpegSignature(bytes)) throw new InputError('invalid_image', 'not a JPEG image (bad signature)');
  let offset = 2;
  while (offset < bytes.length) {
    if (bytes[offset] !== 0xff) {
      throw new InputError('invalid_image', `corrupt JPEG: expected a marker at byte ${offset}`);
    }
    // Any number of 0xFF fill bytes may precede a marker.
    while (offset < bytes.length && bytes[offset] === 0xff) offset++;
    if (offset >= bytes.length) break;
    const marker = bytes[offset++];
    if (isStandaloneMarker(marker)) continue;
    if (marker === 0xd9 || marker === 0xda) {
      throw new InputError('invalid_image', 'corrupt JPEG: no frame header (SOF) before the image data');
    }
    if (offset + 2 > bytes.length) break;
    const segmentLength = (bytes[offset] << 8) | bytes[offset + 1];
    if (segmentLength < 2) throw new InputError('invalid_image', `corrupt JPEG: segment length ${segmentLength}`);
    if (isStartOfFrame(marker)) return readStartOfFrame(bytes, offset, segmentLength, marker);
    offset += segmentLength;
  }
  throw new InputError('invalid_image', 'truncated JPEG: the data ends before its frame header (SOF)');
}

function readStartOfFrame(bytes: Uint8Array, offset: number, segmentLength: number, marker: number): JpegHeader {
  if (segmentLength < 8 || offset + 8 > bytes.length) {
    throw new InputError('invalid_image', 'truncated JPEG: incomplete frame header (SOF)');
  }
  // jpeg-js decodes baseline (SOF0), extended (SOF1) and progressive (SOF2) Huffman-coded JPEGs only.
  if (marker > 0xc2) {
    throw new InputError(
      'invalid_image',
      `unsupported JPEG coding (SOF${marker - 0xc0}): only baseline and progressive JPEGs are accepted`,
    );
  }
  const precision = bytes[offset + 2];
  if (precision !== 8) {
    throw new InputError('invalid_image', `unsupported JPEG: ${precision}-bit samples (only 8-bit is accepted)`);
  }
  const height = (bytes[offset + 3] << 8) | bytes[offset + 4];
  const width = (bytes[offset + 5] << 8) | bytes[offset + 6];
  const components = bytes[offset + 7];
  if (width === 0 || height === 0) {
    // A zero height means the height comes later in a DNL marker, which jpeg-js does not support.
    throw new InputError('invalid_image', `unsupported JPEG: declared size ${width}×${height}`);
  }
  if (components !== 1 && components !== 3 && components !== 4) {
    throw new InputError('invalid_image', `unsupported JPEG: ${components} colour components`);
  }
  return { width, height, components };
}
