/**
 * A grey, all-flat progressive JPEG with one DC scan then `acScans` AC scans over the whole band
 * (each a few bytes: end-of-band runs covering every block), the refinement kind when `refine`.
 * Each scan is tiny but makes a decoder visit every block: the CPU attack a scan cap prevents.
 */
export function progressiveJpeg(width: number, height: number, acScans: number, refine = true): Uint8Array {
  const out: number[] = [0xff, 0xd8];
  const segment = (marker: number, body: number[]): void => {
    out.push(0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body);
  };
  segment(0xdb, [0, ...new Array<number>(64).fill(1)]);
  segment(0xc2, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]);
  // DC table 0: the one symbol "category 0" coded as the 1-bit code 0.
  segment(0xc4, [0x00, 1, ...new Array<number>(15).fill(0), 0]);
  // AC table 0: EOB runs EOB0..EOB14 (symbols r << 4), 4-bit codes 0000..1110.
  const runs = Array.from({ length: 15 }, (_, r) => r << 4);
  segment(0xc4, [0x10, 0, 0, 0, 15, ...new Array<number>(12).fill(0), ...runs]);
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);

  segment(0xda, [1, 1, 0x00, 0, 0, 0x00]);
  const dc = new BitWriter();
  for (let i = 0; i < blocks; i++) dc.write(0, 1);
  out.push(...dc.finish());
  const ac = new BitWriter();
  for (let left = blocks; left > 0; ) {
    const r = Math.min(14, Math.floor(Math.log2(left)));
    const run = Math.min(left, 2 ** (r + 1) - 1);
    ac.write(r, 4);
    ac.write(run - 2 ** r, r);
    left -= run;
  }
  const acData = ac.finish();
  for (let scan = 0; scan < acScans; scan++) {
    segment(0xda, [1, 1, 0x00, 1, 63, refine ? 0x10 : 0x00]);
    out.push(...acData);
  }
  out.push(0xff, 0xd9);
  return Uint8Array.from(out);
}

class BitWriter {
  private bytes: number[] = [];
  private current = 0;
  private used = 0;
  write(value: number, bits: number): void {
    for (let bit = bits - 1; bit >= 0; bit--) {
      this.current = (this.current << 1) | ((value >> bit) & 1);
      if (++this.used === 8) this.flush();
    }
  }
  /** Pads with 1 bits, stuffing a 0 after every 0xFF byte. */
  finish(): number[] {
    while (this.used !== 0) this.write(1, 1);
    return this.bytes;
  }
  private flush(): void {
    this.bytes.push(this.current);
    if (this.current === 0xff) this.bytes.push(0);
    this.current = 0;
    this.used = 0;
  }
}
