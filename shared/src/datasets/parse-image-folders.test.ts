import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodePngRaw } from '../image/testdata/encode-png.ts';
import { parseImageFolders } from './parse-image-folders.ts';
import { makeTar } from './testdata/make-tar.ts';

const png = encodePngRaw({ width: 4, height: 3, bitDepth: 8, colourType: 0, samples: new Array(12).fill(200) });

describe('parseImageFolders', () => {
  it('labels each image by its folder and reports the entries it cannot use by path', () => {
    const files = {
      'pets/cat/a.png': png,
      'pets/dog/b.PNG': png,
      'pets/dog/c.jpg': strToU8('not a jpeg'),
      'pets/notes.txt': strToU8('hi'),
      'loose.png': png,
    };
    for (const archive of [zipSync(files), makeTar(files)]) {
      const items = [...parseImageFolders(archive)];
      expect(items.filter((item) => 'row' in item).map((item) => 'row' in item && [item.row.entry, item.row.label])).toEqual([
        ['pets/cat/a.png', 'cat'],
        ['pets/dog/b.PNG', 'dog'],
      ]);
      expect(items.flatMap((item) => ('problem' in item ? [item.problem] : []))).toEqual([
        { entry: 'pets/dog/c.jpg', message: expect.stringMatching(/not an image|JPEG|unsupported/i) },
        { entry: 'pets/notes.txt', message: 'not a .png, .jpg or .jpeg file' },
        { entry: 'loose.png', message: 'not in a label folder (label/name.png)' },
      ]);
    }
  });
});
