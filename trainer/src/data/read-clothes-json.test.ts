import { describe, expect, it } from 'vitest';
import { readClothesJson } from './read-clothes-json.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('readClothesJson', () => {
  it('reads each image of a class file as bytes, skipping the empty last array', () => {
    const { pixels, count } = readClothesJson(bytes('{"data":[[0,1,2,3],[255, 0,\n10,9],[]]}'), 2, 'two.json');
    expect(count).toBe(2);
    expect(Array.from(pixels)).toEqual([0, 1, 2, 3, 255, 0, 10, 9]);
  });

  it('refuses an image of the wrong size, a value over 255, a stray character and a cut file, naming the file', () => {
    expect(() => readClothesJson(bytes('{"data":[[0,1,2]]}'), 2, 'short.json')).toThrow('short.json is not a fashion-mnist class file: image 0 has 3 values, not 4');
    expect(() => readClothesJson(bytes('{"data":[[0,1,2,3,4]]}'), 2, 'long.json')).toThrow('image 0 has more than 4 values');
    expect(() => readClothesJson(bytes('{"data":[[0,1,2,256]]}'), 2, 'big.json')).toThrow('image 0 has a value 256 over 255');
    expect(() => readClothesJson(bytes('{"data":[[0,1,2,0.5]]}'), 2, 'float.json')).toThrow('unexpected "."');
    expect(() => readClothesJson(bytes('{"data":[[0,1,2,3],[4'), 2, 'cut.json')).toThrow('it is cut short');
  });
});
