import * as ort from 'onnxruntime-node';
import { imageInputDims, type ForeignManifest } from '@edgeml/shared';
import { checkOperators } from '../deploy/check-operators.ts';
import { readOnnxGraph } from '../deploy/read-onnx-graph.ts';
import { TrainerError } from '../errors.ts';

/**
 * The ai.onnx opsets the worker's onnxruntime-web (1.30) loads: from 7 (older ones only "may run",
 * ORT warns) to 26 (27 is refused at load). validate-foreign-onnx.test.ts asserts both ends, so an
 * ORT upgrade that moves them fails there.
 */
export const ORT_WEB_OPSETS = { min: 7, max: 26 } as const;

/** Rows of zeros run through onnxruntime-node: more than one, so a batch dimension fixed at 1 shows. */
const ZERO_BATCH = 2;

export interface ForeignOnnxReport {
  opset: number;
  operators: { opType: string; domain: string; nodes: number }[];
  inputDims: (number | string)[];
  outputDims: (number | string)[];
}

/**
 * Checks that an ONNX file made elsewhere is what its manifest says and that the worker can serve
 * it: the bytes parse as ONNX, its ai.onnx opset is one onnxruntime-web loads, every operator has a
 * kernel in onnxruntime-web's wasm backend, the graph has the manifest's input (float32, shaped as
 * its spec: images in the manifest's layout, text [batch, maxLength], any batch size) and output
 * ([batch, labels]), and onnxruntime-node runs it on zeros of that shape giving finite outputs
 * (rows summing to 1 when declared `probabilities`). Throws TrainerError `invalid_argument` naming
 * every problem found.
 */
export async function validateForeignOnnx(onnx: Uint8Array, manifest: ForeignManifest): Promise<ForeignOnnxReport> {
  let graph: ReturnType<typeof readOnnxGraph>;
  try {
    graph = readOnnxGraph(onnx);
  } catch (error) {
    throw refuse([`the file does not parse as ONNX: ${(error as Error).message}`]);
  }
  const problems: string[] = [];
  const opset = graph.opsetImports.find((entry) => entry.domain === '')?.version ?? 0;
  if (opset === 0) problems.push('the model imports no ai.onnx opset');
  else if (opset < ORT_WEB_OPSETS.min || opset > ORT_WEB_OPSETS.max) {
    problems.push(`opset ${opset} is outside what onnxruntime-web loads (ai.onnx ${ORT_WEB_OPSETS.min}-${ORT_WEB_OPSETS.max}); export with an opset in that range`);
  }
  // Operators are only worth probing once the opset is one ORT loads: otherwise every one fails.
  if (problems.length === 0) {
    const check = await checkOperators(onnx);
    for (const operator of check.operators.filter((op) => !op.supported)) {
      problems.push(`operator ${operator.domain}.${operator.opType} (opset ${operator.opset}, ${operator.nodes} node${operator.nodes === 1 ? '' : 's'}) is not supported by onnxruntime-web's wasm backend: ${operator.reason ?? 'no kernel'}`);
    }
    if (!check.ok && problems.length === 0) problems.push(`onnxruntime-web cannot load the model: ${check.modelError}`);
  }
  if (problems.length > 0) throw refuse(problems);

  const session = await ort.InferenceSession.create(onnx, { intraOpNumThreads: 1 }).catch((error: unknown) => {
    throw refuse([`onnxruntime-node cannot load the model: ${firstLine(error)}`]);
  });
  try {
    const expectedInput = expectedInputDims(manifest);
    const input = session.inputMetadata.find((value) => value.name === manifest.input.name);
    const output = session.outputMetadata.find((value) => value.name === manifest.output.name);
    const extraInputs = session.inputNames.filter((name) => name !== manifest.input.name);
    if (!input) problems.push(`the graph has no input "${manifest.input.name}" (its inputs: ${list(session.inputNames)}); set input.name in the manifest`);
    else {
      if (!input.isTensor || input.type !== 'float32') problems.push(`input "${input.name}" is ${describeType(input)}; the worker feeds float32`);
      problems.push(...compareDims(`input "${input.name}"`, input.isTensor ? input.shape : [], expectedInput));
    }
    if (extraInputs.length > 0) problems.push(`the graph has other inputs too (${list(extraInputs)}); the worker feeds one`);
    if (!output) problems.push(`the graph has no output "${manifest.output.name}" (its outputs: ${list(session.outputNames)}); set output.name in the manifest`);
    else {
      if (!output.isTensor || output.type !== 'float32') problems.push(`output "${output.name}" is ${describeType(output)}; the worker reads float32`);
      const dims = output.isTensor ? output.shape : [];
      if (dims.length === 2 && typeof dims[1] === 'number' && dims[1] !== manifest.labels.length) {
        problems.push(`output "${output.name}" has ${dims[1]} classes but the manifest names ${manifest.labels.length} labels`);
      } else problems.push(...compareDims(`output "${output.name}"`, dims, ['batch', manifest.labels.length]));
    }
    if (problems.length > 0) throw refuse(problems);

    const zeroDims = expectedInput.map((dim) => (typeof dim === 'number' ? dim : ZERO_BATCH));
    let values: Float32Array;
    let outputDims: readonly number[];
    try {
      const result = (await session.run({ [manifest.input.name]: new ort.Tensor('float32', new Float32Array(zeroDims.reduce((a, b) => a * b, 1)), zeroDims) }))[manifest.output.name]!;
      values = result.data as Float32Array;
      outputDims = result.dims;
    } catch (error) {
      throw refuse([`onnxruntime-node cannot run the model on zeros shaped [${zeroDims.join(', ')}]: ${firstLine(error)}`]);
    }
    if (outputDims.length !== 2 || outputDims[0] !== ZERO_BATCH || outputDims[1] !== manifest.labels.length) {
      problems.push(`on ${ZERO_BATCH} inputs the model answers [${outputDims.join(', ')}], not [${ZERO_BATCH}, ${manifest.labels.length}]`);
    } else if (values.some((value) => !Number.isFinite(value))) {
      problems.push('on zeros the model answers non-finite values');
    } else if (manifest.output.kind === 'probabilities') {
      for (let row = 0; row < ZERO_BATCH; row++) {
        const sum = values.subarray(row * manifest.labels.length, (row + 1) * manifest.labels.length).reduce((a, b) => a + b, 0);
        if (Math.abs(sum - 1) > 1e-3) {
          problems.push(`output.kind is "probabilities" but a row sums to ${sum.toFixed(4)}; declare "logits" if the graph ends before softmax`);
          break;
        }
      }
    }
    if (problems.length > 0) throw refuse(problems);
    const operators = new Map<string, { opType: string; domain: string; nodes: number }>();
    for (const node of graph.nodes) {
      const key = `${node.domain}\u0000${node.opType}`;
      const entry = operators.get(key) ?? { opType: node.opType, domain: node.domain || 'ai.onnx', nodes: 0 };
      entry.nodes++;
      operators.set(key, entry);
    }
    return { opset, operators: [...operators.values()], inputDims: [...(input!.isTensor ? input!.shape : [])], outputDims: [...(output!.isTensor ? output!.shape : [])] };
  } finally {
    await session.release();
  }
}

/** The input dims the manifest promises; 'batch' where any size goes. */
export function expectedInputDims(manifest: ForeignManifest): (number | 'batch')[] {
  if (manifest.task === 'text-classification') return ['batch', manifest.input.maxLength];
  const [batch, ...rest] = imageInputDims(manifest.input, 1);
  return batch === undefined ? [] : ['batch', ...rest];
}

/** Problems of `actual` (ONNX dims: numbers, or names for symbolic ones) against `expected`. */
function compareDims(what: string, actual: readonly (number | string)[], expected: readonly (number | 'batch')[]): string[] {
  const shown = `[${actual.join(', ')}]`;
  const wanted = `[${expected.map((dim) => (dim === 'batch' ? 'N' : dim)).join(', ')}]`;
  if (actual.length !== expected.length) return [`${what} is ${shown}, but the manifest describes ${wanted}`];
  const problems: string[] = [];
  expected.forEach((dim, i) => {
    const got = actual[i]!;
    if (dim === 'batch') {
      if (typeof got === 'number' && got > 0) problems.push(`${what} has its batch dimension fixed at ${got}; export it with a dynamic batch axis (e.g. dynamic_axes in torch.onnx.export)`);
    } else if (typeof got === 'number' && got > 0 && got !== dim) {
      problems.push(`${what} is ${shown}, but the manifest describes ${wanted}`);
    }
  });
  return [...new Set(problems)];
}

function describeType(value: ort.InferenceSession.ValueMetadata): string {
  return value.isTensor ? `a ${value.type} tensor` : 'not a tensor';
}

function list(names: readonly string[]): string {
  return names.length === 0 ? 'none' : names.map((name) => `"${name}"`).join(', ');
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
}

function refuse(problems: string[]): TrainerError {
  return new TrainerError('invalid_argument', `cannot publish this ONNX model: ${problems.join('; ')}`, { problems });
}
