import { readFile } from 'node:fs/promises';
import { TrainerError } from '../errors.ts';
import { publishForeignOnnx } from '../foreign/publish-foreign-onnx.ts';
import { BACKEND_FLAG, MODEL_FLAG, selectBackendFlag, STORE_FLAGS } from './common-flags.ts';
import { defineCommand } from './define-command.ts';
import { openStore } from './open-store.ts';
import { publishRunFolder } from './publish-run-folder.ts';

export const publishCommand = defineCommand({
  name: 'publish',
  synopsis: '(--run DIR | --onnx FILE --manifest FILE) [options]',
  description: `--run DIR publishes a run folder of \`trainer train\` or \`trainer text train\`.

--onnx FILE --manifest FILE publishes an ONNX model made elsewhere (say, exported from PyTorch) with a
manifest you write: its name, task, labels, input (name; an image's shape [-1, H, W, C], layout
nhwc|nchw|flat and preprocessing, or a text model's maxLength, vocabularySize, tokenizer and maxChars),
output (name; kind probabilities|logits) and training. The trainer fills sizes, sha256, golden vectors
and (if absent) the version. It refuses, naming each problem, a file that does not parse as ONNX, an
opset or operator onnxruntime-web's wasm backend lacks, inputs or outputs whose names or shapes differ
from the manifest, and a model onnxruntime-node cannot run on zeros of the declared shape.`,
  flags: {
    run: { type: 'string', placeholder: 'DIR', help: 'a run folder of `trainer train` or `trainer text train`' },
    model: { ...MODEL_FLAG, help: 'publish an image run under this name instead of its own' },
    int8: {
      type: 'boolean',
      help: 'publish the int8 export onnxruntime-web runs fastest (weight-only or static QDQ,\ntimed against float), if it loses ≤ 0.3 test-accuracy points (image runs)',
    },
    onnx: { type: 'string', placeholder: 'FILE', help: 'an ONNX model made elsewhere, validated first' },
    manifest: { type: 'string', placeholder: 'FILE', help: 'with --onnx: its manifest' },
    vocabulary: { type: 'string', placeholder: 'FILE', help: 'with --onnx: a text model\'s vocabulary.json ({"schemaVersion":1,"tokens":[…]})' },
    'no-promote': { type: 'boolean', help: 'with --onnx: publish without pointing production at it' },
    ...STORE_FLAGS,
    backend: BACKEND_FLAG,
  },
  async run(values) {
    if ((values.run === undefined) === (values.onnx === undefined)) throw new TrainerError('invalid_argument', 'give exactly one of --run DIR or --onnx FILE');
    await selectBackendFlag(values.backend);
    if (values.run !== undefined) {
      const foreignOnly = (['manifest', 'vocabulary', 'no-promote'] as const).filter((flag) => values[flag]);
      if (foreignOnly.length > 0) throw new TrainerError('invalid_argument', `--${foreignOnly[0]} goes with --onnx, not --run`);
      await publishRunFolder({ dir: values.run, target: values.target, persistTo: values['persist-to'], int8: values.int8, model: values.model });
      return;
    }
    if (values.int8 || values.model) throw new TrainerError('invalid_argument', '--int8 and --model go with --run; an ONNX model is published as its manifest names it');
    if (!values.manifest) throw new TrainerError('invalid_argument', '--onnx needs --manifest FILE');
    const onnx = await readInput(values.onnx!, 'ONNX model');
    const manifest = parseJson(await readInput(values.manifest, 'manifest'), values.manifest);
    const vocabulary = values.vocabulary ? await readInput(values.vocabulary, 'vocabulary') : undefined;
    const store = await openStore(values.target, values['persist-to']);
    try {
      const published = await publishForeignOnnx({ store, onnx, manifest, vocabulary, promote: !values['no-promote'] });
      const { report } = published;
      console.log(
        `checked: ai.onnx opset ${report.opset}, operators ${report.operators.map((op) => op.opType).join(' ')}, ` +
          `input [${report.inputDims.join(', ')}], output [${report.outputDims.join(', ')}]`,
      );
      console.log(`published ${published.manifest.name}@${published.manifest.version} to ${store.description} (${published.manifest.artifacts.model.bytes} bytes)`);
    } finally {
      await store.close();
    }
  },
});

async function readInput(file: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    throw new TrainerError('invalid_argument', `cannot read the ${what} ${file}: ${(error as Error).message}`);
  }
}

function parseJson(bytes: Uint8Array, file: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new TrainerError('invalid_argument', `the manifest ${file} is not JSON: ${(error as Error).message}`);
  }
}
