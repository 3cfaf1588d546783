import { InputError } from '../errors.ts';

/** The fields of a JPEG's start-of-frame (SOF) segment that decoding depends on. */
export interface JpegHeader {
  width: number;
  height: number;
  components: number;
  /** SOF2: the coefficients come in several scans, each a pass over the image's blocks. */
  progressive: boolean;
  /** Start-of-scan (SOS) segments in the file. */
  scans: number;
  /** Largest horizontal and vertical sampling factors (1-4): the MCU is 8 × that pixels. */
  maxSampling: { h: number; v: number };
}

/**
 * Most scans a JPEG may have. Every scan makes the decoder visit every block of its components:
 * a 17 KB progressive JPEG of 1448×1448 with 1,000 tiny refinement scans took jpeg-js 21 s.
 * Encoders write at most 10 (libjpeg's progressive script; mozjpeg's 5-9; baseline 1 or 3).
 */
export const MAX_JPEG_SCANS = 16;

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
 * Reads the declared size from the frame header (SOF), so a decompression bomb can be refused
 * before decoding, then walks the rest of the file's markers without decoding to count its scans
 * (refused over MAX_JPEG_SCANS) and refuse a second frame. Costs one pass over the bytes.
 */
export function readJpegHeader(bytes: Uint8Array): JpegHeader {
  if (!hasJpegSignature(bytes)) throw new InputError('invalid_image', 'not a JPEG image (bad signature)');
  const { header, end } = readFrame(bytes);
  header.scans = countScans(bytes, end);
  if (header.scans > MAX_JPEG_SCANS) {
    throw new InputError('invalid_image', `unsupported JPEG: ${header.scans} scans, over the limit of ${MAX_JPEG_SCANS}`, {
      scans: header.scans,
      limit: MAX_JPEG_SCANS,
    });
  }
  return header;
}

/** The frame header and the offset just past its segment. */
function readFrame(bytes: Uint8Array): { header: JpegHeader; end: number } {
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
    if (isStartOfFrame(marker)) {
      return { header: readStartOfFrame(bytes, offset, segmentLength, marker), end: offset + segmentLength };
    }
    offset += segmentLength;
  }
  throw new InputError('invalid_image', 'truncated JPEG: the data ends before its frame header (SOF)');
}

/**
 * SOS segments from `offset` on. Inside entropy-coded data a 0xFF byte is followed by a stuffed
 * 0x00 or a restart marker, so any other 0xFF xx there is a real marker; a truncated file just
 * ends the count (the decoder refuses it).
 */
function countScans(bytes: Uint8Array, offset: number): number {
  let scans = 0;
  while (offset + 1 < bytes.length) {
    if (bytes[offset] !== 0xff) {
      offset++;
      continue;
    }
    const marker = bytes[offset + 1];
    if (marker === 0x00 || marker === 0xff || isStandaloneMarker(marker)) {
      offset += marker === 0xff ? 1 : 2;
      continue;
    }
    if (marker === 0xd9) break;
    if (isStartOfFrame(marker)) throw new InputError('invalid_image', 'unsupported JPEG: more than one frame (SOF)');
    if (marker === 0xda) scans++;
    if (offset + 4 > bytes.length) break;
    // Skip the segment's header; after an SOS the loop walks its entropy-coded data byte by byte.
    offset += 2 + ((bytes[offset + 2] << 8) | bytes[offset + 3]);
  }
  return scans;
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
  if (segmentLength < 8 + 3 * components || offset + 8 + 3 * components > bytes.length) {
    throw new InputError('invalid_image', 'truncated JPEG: incomplete frame header (SOF)');
  }
  const maxSampling = { h: 1, v: 1 };
  for (let c = 0; c < components; c++) {
    const factors = bytes[offset + 9 + 3 * c];
    const h = factors >> 4;
    const v = factors & 15;
    // The spec allows 1-4; a decoder pads every component to whole MCUs, so larger ones cost memory.
    if (h < 1 || h > 4 || v < 1 || v > 4) throw new InputError('invalid_image', `corrupt JPEG: sampling factors ${h}×${v}`);
    maxSampling.h = Math.max(maxSampling.h, h);
    maxSampling.v = Math.max(maxSampling.v, v);
  }
  return { width, height, components, progressive: marker === 0xc2, scans: 0, maxSampling };
}
