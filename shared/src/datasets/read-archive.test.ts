import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { readArchive } from './read-archive.ts';
import { makeTar } from './testdata/make-tar.ts';

const files = { 'a/one.txt': strToU8('one'), 'b/two.txt': strToU8('two'.repeat(1000)) };
const contents = (bytes: Uint8Array) => Object.fromEntries(readArchive(bytes).map((entry) => [entry.path, new TextDecoder().decode(entry.read())]));

/** Overwrites the uncompressed size the central directory declares for its first entry. */
function declareSize(zip: Uint8Array, size: number): Uint8Array {
  const copy = zip.slice();
  const view = new DataView(copy.buffer);
  const directory = view.getUint32(copy.length - 22 + 16, true);
  view.setUint32(directory + 24, size, true);
  return copy;
}

describe('readArchive', () => {
  it('reads stored and deflated zip entries and ustar files, leaving out folders and junk', () => {
    const expected = { 'a/one.txt': 'one', 'b/two.txt': 'two'.repeat(1000) };
    const junk = { '__MACOSX/a/._one.txt': strToU8('x'), 'a/.DS_Store': strToU8('x') };
    expect(contents(zipSync({ ...files, ...junk, 'empty/': new Uint8Array(0) }, { level: 6 }))).toEqual(expected);
    expect(contents(zipSync(files, { level: 0 }))).toEqual(expected);
    expect(contents(makeTar({ ...files, ...junk }))).toEqual(expected);
  });

  it('refuses an archive whose directory declares more than the limit before inflating anything', () => {
    const bomb = declareSize(zipSync({ 'a/one.txt': new Uint8Array(1000) }), 0xf000_0000);
    expect(() => readArchive(bomb)).toThrow(expect.objectContaining({ code: 'payload_too_large' }));
  });

  it('cuts off an entry that inflates past its declared size', () => {
    const liar = declareSize(zipSync({ 'a/one.txt': new Uint8Array(100_000) }), 10);
    const [entry] = readArchive(liar);
    expect(() => entry?.read()).toThrow(/inflates past the 10 bytes/);
  });

  it('refuses bytes that are neither zip nor tar, and a tar with a broken header', () => {
    expect(() => readArchive(strToU8('text,label\nhi,ham'))).toThrow(InputError);
    const tar = makeTar(files);
    const broken = tar.slice();
    broken[512 + 512 + 10] ^= 1; // the second header's name
    expect(() => readArchive(broken)).toThrow(/bad header checksum at byte 1024/);
  });
});
