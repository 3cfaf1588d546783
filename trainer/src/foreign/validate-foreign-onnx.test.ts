import { DEFAULT_TEXT_TOKENIZER_PARAMS, type ForeignManifest } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { createSession } from '@edgeml/edge/runtime/ort';
import { ortWasmModule } from '../deploy/ort-wasm-module.ts';
import { TrainerError } from '../errors.ts';
import { linearOnnx } from './testing/linear-onnx.ts';
import { ORT_WEB_OPSETS, validateForeignOnnx } from './validate-foreign-onnx.ts';

const LABELS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const training = { architecture: 'linear', dataset: 'mnist', epochs: 1, batchSize: 64, optimizer: 'sgd', learningRate: 0.1, backend: 'pytorch' };
const preprocessing = { recipe: 'mnist' as const, size: 28, fitSize: 20, invert: 'auto' as const, mean: 0.1307, std: 0.3081 };

function imageManifest(overrides: { layout?: 'nhwc' | 'nchw' | 'flat'; input?: string; output?: string; labels?: string[]; kind?: 'logits' | 'probabilities' } = {}): ForeignManifest {
  return {
    schemaVersion: 1,
    name: 'foreign',
    task: 'image-classification',
    labels: overrides.labels ?? LABELS,
    input: { kind: 'image', name: overrides.input ?? 'pixels', shape: [-1, 28, 28, 1], layout: overrides.layout ?? 'nchw', preprocessing },
    output: { name: overrides.output ?? 'logits', kind: overrides.kind ?? 'logits' },
    metrics: {},
    training,
  };
}

/** The problems a refused model is refused for. */
async function problems(onnx: Uint8Array, manifest: ForeignManifest): Promise<string[]> {
  try {
    await validateForeignOnnx(onnx, manifest);
  } catch (error) {
    expect(error).toBeInstanceOf(TrainerError);
    expect((error as TrainerError).code).toBe('invalid_argument');
    return (error as TrainerError & { details: { problems: string[] } }).details.problems;
  }
  return [];
}

describe('validateForeignOnnx', () => {
  it('accepts a model whose names and shapes match its manifest, in each image layout and for text', async () => {
    const report = await validateForeignOnnx(linearOnnx(), imageManifest());
    expect(report).toMatchObject({ opset: 17, inputDims: ['N', 1, 28, 28], outputDims: ['N', 10] });
    expect(report.operators.map((op) => op.opType).sort()).toEqual(['Add', 'MatMul', 'Reshape']);
    await validateForeignOnnx(linearOnnx({ inputDims: ['batch', 784] }), imageManifest({ layout: 'flat' }));
    await validateForeignOnnx(linearOnnx({ inputDims: [-1, 28, 28, 1], outputName: 'probs', softmax: true }), imageManifest({ layout: 'nhwc', output: 'probs', kind: 'probabilities' }));
    const text: ForeignManifest = {
      schemaVersion: 1,
      name: 'foreign-text',
      task: 'text-classification',
      labels: ['ham', 'spam'],
      input: { kind: 'text', name: 'ids', maxLength: 16, vocabularySize: 100, tokenizer: DEFAULT_TEXT_TOKENIZER_PARAMS, maxChars: 500 },
      output: { name: 'logits', kind: 'logits' },
      metrics: {},
      training,
    };
    await validateForeignOnnx(linearOnnx({ inputName: 'ids', inputDims: ['N', 16], classes: 2 }), text);
  });

  it('names mismatched input and output names and shapes', async () => {
    expect(await problems(linearOnnx({ inputDims: ['N', 1, 32, 32] }), imageManifest())).toEqual([
      'input "pixels" is [N, 1, 32, 32], but the manifest describes [N, 1, 28, 28]',
    ]);
    expect(await problems(linearOnnx({ inputDims: ['N', 784] }), imageManifest({ layout: 'nchw' }))).toEqual([
      'input "pixels" is [N, 784], but the manifest describes [N, 1, 28, 28]',
    ]);
    expect(await problems(linearOnnx(), imageManifest({ input: 'image', output: 'scores' }))).toEqual([
      'the graph has no input "image" (its inputs: "pixels"); set input.name in the manifest',
      'the graph has other inputs too ("pixels"); the worker feeds one',
      'the graph has no output "scores" (its outputs: "logits"); set output.name in the manifest',
    ]);
    expect(await problems(linearOnnx({ inputDims: [1, 1, 28, 28] }), imageManifest())).toEqual([
      expect.stringMatching(/^input "pixels" has its batch dimension fixed at 1; export it with a dynamic batch axis/),
      expect.stringMatching(/^output "logits" has its batch dimension fixed at 1/),
    ]);
  });

  it('names a label count that differs from the output, and probabilities that are not', async () => {
    expect(await problems(linearOnnx(), imageManifest({ labels: LABELS.slice(0, 9) }))).toEqual(['output "logits" has 10 classes but the manifest names 9 labels']);
    expect(await problems(linearOnnx(), imageManifest({ kind: 'probabilities' }))).toEqual([
      expect.stringMatching(/^output.kind is "probabilities" but a row sums to -?\d+\.\d{4}; declare "logits"/),
    ]);
  });

  it('names an operator the wasm backend lacks, and an opset outside what onnxruntime-web loads', async () => {
    const [unknown] = await problems(linearOnnx({ extraOp: 'FrobnicateV2' }), imageManifest());
    expect(unknown).toMatch(/^operator ai\.onnx\.FrobnicateV2 \(opset 17, 1 node\) is not supported by onnxruntime-web's wasm backend: /);
    expect(await problems(linearOnnx({ opset: 30 }), imageManifest())).toEqual([
      "opset 30 is outside what onnxruntime-web loads (ai.onnx 7-26); export with an opset in that range",
    ]);
    expect(await problems(linearOnnx({ opset: 5 }), imageManifest())).toEqual([expect.stringMatching(/^opset 5 is outside/)]);
  });

  it('refuses bytes that are not ONNX', async () => {
    const [problem] = await problems(new TextEncoder().encode('{"not": "onnx"}'), imageManifest());
    expect(problem).toMatch(/^the file does not parse as ONNX: /);
  });

  it("keeps ORT_WEB_OPSETS to what this onnxruntime-web loads: the top opset loads, the next is refused", async () => {
    const module = await ortWasmModule();
    const session = await createSession(linearOnnx({ opset: ORT_WEB_OPSETS.max }), module);
    await session.release();
    await expect(createSession(linearOnnx({ opset: ORT_WEB_OPSETS.max + 1 }), module)).rejects.toThrow();
  });
});
