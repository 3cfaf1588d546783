import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { TrainerError } from '../errors.ts';
import { publishForeignOnnx } from '../foreign/publish-foreign-onnx.ts';
import type { ObjectStore } from '../publish/object-store.ts';
import { openStore } from './open-store.ts';

export const PUBLISH_FOREIGN_USAGE = `usage: trainer publish --onnx model.onnx --manifest manifest.json [options]

Publishes an ONNX model made elsewhere (say, exported from PyTorch) with a manifest you write: its
name, task, labels, input (name; an image's shape [-1, H, W, C], layout nhwc|nchw|flat and
preprocessing, or a text model's maxLength, vocabularySize, tokenizer and maxChars), output (name;
kind probabilities|logits) and training. The trainer fills sizes, sha256, golden vectors and (if
absent) the version. It refuses, naming each problem, a file that does not parse as ONNX, an opset
or operator onnxruntime-web's wasm backend lacks, inputs or outputs whose names or shapes differ
from the manifest, and a model onnxruntime-node cannot run on zeros of the declared shape.

  --vocabulary FILE    a text model's vocabulary.json ({"schemaVersion":1,"tokens":["<pad>","<unk>",…]})
  --target local|r2    default local                   --persist-to DIR  local R2 state (.wrangler/state)
  --no-promote         publish without pointing production at it`;

const OPTIONS = {
  onnx: { type: 'string' },
  manifest: { type: 'string' },
  vocabulary: { type: 'string' },
  target: { type: 'string' },
  'persist-to': { type: 'string' },
  'no-promote': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `trainer publish --onnx …`: exit 0 when published, 1 for the user's mistakes (a refused model included), 2 for internal faults. */
export async function runPublishForeignCommand(argv: string[]): Promise<number> {
  let store: ObjectStore | undefined;
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    if (values.help) {
      console.log(PUBLISH_FOREIGN_USAGE);
      return 0;
    }
    if (positionals.length > 0) throw new TrainerError('invalid_argument', `unexpected arguments: ${positionals.join(' ')}`);
    if (!values.onnx || !values.manifest) throw new TrainerError('invalid_argument', `give both --onnx FILE and --manifest FILE\n${PUBLISH_FOREIGN_USAGE}`);
    const onnx = await readInput(values.onnx, 'ONNX model');
    const manifest = parseJson(await readInput(values.manifest, 'manifest'), values.manifest);
    const vocabulary = values.vocabulary ? await readInput(values.vocabulary, 'vocabulary') : undefined;
    store = await openStore(values.target ?? 'local', values['persist-to']);
    const published = await publishForeignOnnx({ store, onnx, manifest, vocabulary, promote: !values['no-promote'] });
    const { report } = published;
    console.log(
      `checked: ai.onnx opset ${report.opset}, operators ${report.operators.map((op) => op.opType).join(' ')}, ` +
        `input [${report.inputDims.join(', ')}], output [${report.outputDims.join(', ')}]`,
    );
    console.log(`published ${published.manifest.name}@${published.manifest.version} to ${store.description} (${published.manifest.artifacts.model.bytes} bytes)`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`trainer: ${message}`);
    if (error instanceof TrainerError) return error.isUserError ? 1 : 2;
    // parseArgs reports unknown or malformed flags as TypeErrors with a code.
    return (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 1 : 2;
  } finally {
    await store?.close();
  }
}

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
