/**
 * Prints the golden vectors of an ONNX file as servingGoldenVectors computes them, in a process of
 * its own, so serving-golden-vectors.test.ts can run it under other V8 code generation flags and
 * other native kernel paths: `node [v8 flags] --import tsx print-serving-golden.ts models.json`, where
 * models.json lists `{ path, variant? }`; one JSON line is printed per model.
 */
import { readFile } from 'node:fs/promises';
import type { ModelVariant } from '@edgeml/shared';
import { selectBackend } from '../../tf.ts';
import { servingGoldenVectors } from '../serving-golden-vectors.ts';
import { seededGoldenInput } from './seeded-golden-input.ts';

const models = JSON.parse(await readFile(process.argv[2]!, 'utf8')) as { path: string; variant?: ModelVariant }[];
const backend = await selectBackend({ backend: 'wasm' });
const input = seededGoldenInput();
for (const model of models) {
  const onnx = { bytes: new Uint8Array(await readFile(model.path)), inputName: 'input', outputName: 'probabilities' };
  const golden = await servingGoldenVectors({ onnx, variant: model.variant }, input.data, input.dims);
  process.stdout.write(`${JSON.stringify({ kernels: backend.kernels, output: golden.output.float32Base64 })}\n`);
}
