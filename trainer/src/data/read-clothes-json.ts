import { TrainerError } from '../errors.ts';

/**
 * The images of one class file of the `fashion-mnist` package, `{"data":[[784 grey levels],…,[]]}`,
 * as `side × side` bytes each, one after another. It is read byte by byte rather than by
 * JSON.parse: the ten files hold 55 million numbers, which as JS arrays would take ~0.5 GB.
 * Empty arrays (the file ends with one) are skipped.
 */
export function readClothesJson(bytes: Uint8Array, side: number, source: string): { pixels: Uint8Array; count: number } {
  const size = side * side;
  const images: Uint8Array[] = [];
  let current = new Uint8Array(size);
  let filled = 0;
  let value = 0;
  let inNumber = false;
  let depth = 0;
  const bad = (why: string): never => {
    throw new TrainerError('invalid_argument', `${source} is not a fashion-mnist class file: ${why}`);
  };
  // One tight loop: 155 MB of text in all, so no call per value.
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte >= 0x30 && byte <= 0x39) {
      value = value * 10 + byte - 0x30;
      inNumber = true;
      continue;
    }
    if (inNumber) {
      if (depth !== 2) bad(`a number outside an image`);
      if (filled === size) bad(`image ${images.length} has more than ${size} values`);
      if (value > 255) bad(`image ${images.length} has a value ${value} over 255`);
      current[filled++] = value;
      value = 0;
      inNumber = false;
    }
    if (byte === 0x2c /* , */ || byte === 0x20 || byte === 0x0a || byte === 0x0d) continue;
    if (byte === 0x5b /* [ */) {
      depth++;
      filled = 0;
    } else if (byte === 0x5d /* ] */) {
      if (depth === 2) {
        if (filled === size) {
          images.push(current);
          current = new Uint8Array(size);
        } else if (filled !== 0) {
          bad(`image ${images.length} has ${filled} values, not ${size}`);
        }
      }
      depth--;
    } else if (depth >= 2) {
      bad(`unexpected "${String.fromCharCode(byte)}" in image ${images.length}`);
    }
  }
  if (depth !== 0 || inNumber) bad('it is cut short');
  const pixels = new Uint8Array(images.length * size);
  images.forEach((image, i) => pixels.set(image, i * size));
  return { pixels, count: images.length };
}
