/**
 * JPEGs built by hand. jpeg-js encodes baseline only, so this is a small greyscale encoder that
 * writes the same quantised DCT coefficients either as one baseline scan (SOF0) or as a
 * progressive JPEG (SOF2): a DC scan with successive approximation (Al=1), its refinement scan,
 * then two spectral-selection AC scans (1–5, 6–63). Progressive AC first scans code a block's end
 * with EOB0 (an EOB run of one block), which makes their symbols the baseline ones, so one pair of
 * Huffman tables (every symbol at a fixed length) serves every scan.
 */

/** Zigzag position → natural (row-major) index in an 8×8 block. */
const ZIGZAG = (() => {
  const order: number[] = [];
  for (let sum = 0; sum < 15; sum++) {
    const cells: number[] = [];
    for (let row = Math.max(0, sum - 7); row <= Math.min(7, sum); row++) cells.push(row * 8 + (sum - row));
    // Odd diagonals run down-left (row rising), even ones up-right.
    order.push(...(sum % 2 === 1 ? cells : cells.reverse()));
  }
  return order;
})();
const COS = Array.from({ length: 64 }, (_, i) => Math.cos(((2 * (i >> 3) + 1) * (i & 7) * Math.PI) / 16));
const DC_SYMBOLS = Array.from({ length: 12 }, (_, i) => i);
/** End of block, 16 zeros, and every run (0–15) × size (1–10). */
const AC_SYMBOLS = [0x00, 0xf0, ...Array.from({ length: 160 }, (_, i) => ((i % 16) << 4) | (Math.floor(i / 16) + 1))];
const DC_CODE_BITS = 4;
const AC_CODE_BITS = 8;

export interface GreyJpegSpec {
  width: number;
  height: number;
  /** A grey level in [0, 255]. */
  sample(x: number, y: number): number;
  progressive: boolean;
  /** One quantiser for every coefficient (default 2: near lossless). */
  quantiser?: number;
}

class BitWriter {
  readonly bytes: number[] = [];
  private acc = 0;
  private count = 0;
  write(value: number, bits: number): void {
    for (let bit = bits - 1; bit >= 0; bit--) {
      this.acc = (this.acc << 1) | ((value >> bit) & 1);
      if (++this.count === 8) this.flushByte();
    }
  }
  /** Pads the last byte with ones, as the spec asks at the end of a scan. */
  finish(): number[] {
    while (this.count !== 0) this.write(1, 1);
    return this.bytes;
  }
  private flushByte(): void {
    this.bytes.push(this.acc);
    // A 0xFF in entropy-coded data is followed by a stuffed zero so it is not read as a marker.
    if (this.acc === 0xff) this.bytes.push(0);
    this.acc = 0;
    this.count = 0;
  }
}

/** Magnitude category and its extra bits, as JPEG codes a coefficient or a DC difference. */
function category(value: number): [size: number, bits: number] {
  const size = value === 0 ? 0 : Math.floor(Math.log2(Math.abs(value))) + 1;
  return [size, value >= 0 ? value : value + (1 << size) - 1];
}

function segment(marker: number, data: number[]): number[] {
  return [0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff, ...data];
}

/** DHT: every symbol at the same code length (canonical codes 0, 1, 2… never the all-ones one). */
function huffmanTable(tableClass: number, symbols: number[], codeBits: number): number[] {
  const counts = new Array<number>(16).fill(0);
  counts[codeBits - 1] = symbols.length;
  return segment(0xc4, [(tableClass << 4) | 0, ...counts, ...symbols]);
}

/** Quantised coefficients of every 8×8 block, in zigzag order, blocks in raster order. */
function quantisedBlocks(spec: GreyJpegSpec, q: number): Int32Array[] {
  const blocks: Int32Array[] = [];
  const levels = new Float64Array(64);
  for (let by = 0; by < Math.ceil(spec.height / 8); by++) {
    for (let bx = 0; bx < Math.ceil(spec.width / 8); bx++) {
      // Edge blocks repeat the last row and column, as encoders usually pad.
      for (let i = 0; i < 64; i++) levels[i] = spec.sample(Math.min(bx * 8 + (i & 7), spec.width - 1), Math.min(by * 8 + (i >> 3), spec.height - 1)) - 128;
      const block = new Int32Array(64);
      for (let z = 0; z < 64; z++) {
        const v = ZIGZAG[z]! >> 3;
        const u = ZIGZAG[z]! & 7;
        let sum = 0;
        for (let i = 0; i < 64; i++) sum += levels[i]! * COS[((i & 7) << 3) | u]! * COS[((i >> 3) << 3) | v]!;
        block[z] = Math.round(((u === 0 ? Math.SQRT1_2 : 1) * (v === 0 ? Math.SQRT1_2 : 1) * sum) / 4 / q);
      }
      blocks.push(block);
    }
  }
  return blocks;
}

function scanHeader(ss: number, se: number, ah: number, al: number): number[] {
  return segment(0xda, [1, 1, 0x00, ss, se, (ah << 4) | al]);
}

/** DC differences of `block[0] >> al`, then (if `se` > 0) the AC coefficients ss..se, baseline-style. */
function encodeScan(blocks: Int32Array[], ss: number, se: number, al: number): number[] {
  const out = new BitWriter();
  let previous = 0;
  for (const block of blocks) {
    if (ss === 0) {
      const dc = block[0]! >> al;
      const [size, bits] = category(dc - previous);
      previous = dc;
      out.write(DC_SYMBOLS.indexOf(size), DC_CODE_BITS);
      out.write(bits, size);
    }
    let run = 0;
    for (let k = Math.max(ss, 1); k <= se; k++) {
      const value = block[k]!;
      if (value === 0) {
        run++;
        continue;
      }
      for (; run > 15; run -= 16) out.write(AC_SYMBOLS.indexOf(0xf0), AC_CODE_BITS);
      const [size, bits] = category(value);
      out.write(AC_SYMBOLS.indexOf((run << 4) | size), AC_CODE_BITS);
      out.write(bits, size);
      run = 0;
    }
    if (se > 0 && run > 0) out.write(AC_SYMBOLS.indexOf(0x00), AC_CODE_BITS);
  }
  return out.finish();
}

/** The DC refinement scan: bit 0 of each block's DC coefficient, uncoded. */
function encodeDcRefinement(blocks: Int32Array[]): number[] {
  const out = new BitWriter();
  for (const block of blocks) out.write(block[0]! & 1, 1);
  return out.finish();
}

/** A greyscale JPEG, baseline or progressive, of the same coefficients either way. */
export function encodeGreyJpeg(spec: GreyJpegSpec): Uint8Array<ArrayBuffer> {
  const q = spec.quantiser ?? 2;
  const blocks = quantisedBlocks(spec, q);
  const frame = [8, spec.height >> 8, spec.height & 0xff, spec.width >> 8, spec.width & 0xff, 1, 1, 0x11, 0];
  const head = [
    0xff, 0xd8,
    ...segment(0xdb, [0, ...new Array<number>(64).fill(q)]),
    ...segment(spec.progressive ? 0xc2 : 0xc0, frame),
    ...huffmanTable(0, DC_SYMBOLS, DC_CODE_BITS),
    ...huffmanTable(1, AC_SYMBOLS, AC_CODE_BITS),
  ];
  const scans = spec.progressive
    ? [
        [...scanHeader(0, 0, 0, 1), ...encodeScan(blocks, 0, 0, 1)],
        [...scanHeader(0, 0, 1, 0), ...encodeDcRefinement(blocks)],
        [...scanHeader(1, 5, 0, 0), ...encodeScan(blocks, 1, 5, 0)],
        [...scanHeader(6, 63, 0, 0), ...encodeScan(blocks, 6, 63, 0)],
      ]
    : [[...scanHeader(0, 63, 0, 0), ...encodeScan(blocks, 0, 63, 0)]];
  return new Uint8Array([...head, ...scans.flat(), 0xff, 0xd9]);
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
