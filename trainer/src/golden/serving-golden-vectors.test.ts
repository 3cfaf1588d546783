import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { decodeFloat32Base64 } from '@edgeml/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeHeaderDir, supportedNativeIsas } from '../kernels/native/load-native-kernels.ts';
import { buildModel } from '../models/build-model.ts';
import { exportOnnx } from '../onnx/export-onnx.ts';
import { exportQuantizedOnnx } from '../onnx/quantize/export-quantized-onnx.ts';
import { selectBackend, type LayersModel } from '../tf.ts';
import { goldenTolerance } from './golden-tolerance.ts';
import { servingGoldenVectors } from './serving-golden-vectors.ts';
import { seededGoldenInput } from './testing/seeded-golden-input.ts';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const PRINT = path.join(here, 'testing', 'print-serving-golden.ts');

/**
 * V8 code generation as on CPUs with fewer instructions: each set compiles ORT's WASM to other
 * machine code (SSE4.1 without AVX, the least V8 needs for WASM SIMD on x86-64; no FMA; the
 * baseline compiler alone; the optimizing one alone).
 */
const V8_FLAG_SETS: Record<string, string[]> = {
  default: [],
  ...(process.arch === 'x64' ? { 'sse4.1-no-avx': ['--no-enable-avx', '--no-enable-avx2', '--no-enable-fma3', '--no-enable-sse4-2'] } : {}),
  'no-fma': ['--no-enable-fma3'],
  'liftoff-only': ['--liftoff-only'],
  'turbofan-only': ['--no-liftoff'],
};

/** Each model's golden output (base64 float32) computed in a child process, with the native kernels it loaded. */
async function printGolden(list: string, v8Flags: string[], env: NodeJS.ProcessEnv): Promise<{ kernels: string; output: string }[]> {
  const { stdout } = await run(process.execPath, [...v8Flags, '--import', 'tsx', PRINT, list], { env: { ...process.env, ...env }, timeout: 180_000 }).catch((error: { stderr?: string }) => {
    throw new Error(`node ${v8Flags.join(' ')} ${JSON.stringify(env)}: ${(error.stderr ?? String(error)).trim().split('\n').slice(-3).join(' / ').slice(0, 600)}`);
  });
  return stdout.trim().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { kernels: string; output: string });
}

describe('golden vectors from the serving engine', () => {
  let dir: string;
  let model: LayersModel;
  let list: string;
  const files: Record<string, { path: string; variant?: unknown }> = {};

  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
    dir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-golden-'));
    model = buildModel('small-cnn', [28, 28, 1], 10);
    const { data } = seededGoldenInput();
    files.float = { path: path.join(dir, 'float.onnx') };
    await writeFile(files.float.path, exportOnnx(model).bytes);
    for (const mode of ['static', 'weights'] as const) {
      const int8 = await exportQuantizedOnnx(model, { mode, calibrationImages: data });
      files[mode] = { path: path.join(dir, `${mode}.onnx`), variant: { kind: 'quantized', quantization: int8.quantization } };
      await writeFile(files[mode].path, int8.bytes);
    }
    list = path.join(dir, 'models.json');
    await writeFile(list, JSON.stringify(Object.values(files)));
  });

  afterAll(async () => {
    model?.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('come from onnxruntime-web\'s WASM, which uses no relaxed-SIMD instruction (whose rounding may differ by CPU)', async () => {
    const wasm = createRequire(import.meta.url).resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm');
    // With relaxed SIMD switched off, V8 refuses any module that uses one of its opcodes.
    const script = `process.stdout.write(String(WebAssembly.validate(require('node:fs').readFileSync(${JSON.stringify(wasm)}))))`;
    const { stdout } = await run(process.execPath, ['--no-experimental-wasm-relaxed-simd', '-e', script]);
    expect(stdout).toBe('true');
  });

  it('are cross-checked by tfjs for float exports, and carry the float tolerance', async () => {
    const { data, dims } = seededGoldenInput();
    const golden = await servingGoldenVectors({ onnx: { ...exportOnnx(model), bytes: new Uint8Array(await readFile(files.float!.path)) }, model }, data, dims);
    expect(golden).toMatchObject({ reference: 'onnxruntime-web', tolerance: goldenTolerance('float'), output: { name: 'probabilities', dims: [4, 10] } });
  });

  it('refuse to publish when the cross-check disagrees (a model that is not the export\'s)', async () => {
    const { data, dims } = seededGoldenInput();
    const other = buildModel('small-cnn', [28, 28, 1], 10);
    try {
      await expect(servingGoldenVectors({ onnx: { ...exportOnnx(model), bytes: new Uint8Array(await readFile(files.float!.path)) }, model: other }, data, dims)).rejects.toMatchObject({
        code: 'internal',
        message: expect.stringMatching(/onnxruntime-web and tfjs differ/),
      });
    } finally {
      other.dispose();
    }
  });

  it('are bit-identical whatever machine code V8 makes of the WASM and whichever native kernel path the trainer runs', async () => {
    // Native kernels on for these runs even under `EDGEML_NATIVE_KERNELS=0 npm test`.
    const kernelPaths = [
      ...(await supportedNativeIsas()).map((isa) => ({ isa, env: { EDGEML_NATIVE_ISA: isa, EDGEML_NATIVE_KERNELS: '' } })),
      { isa: 'off', env: { EDGEML_NATIVE_KERNELS: '0' } },
    ];
    const flagSets = Object.entries(V8_FLAG_SETS);
    // Each child pairs a V8 flag set with a kernel path, so every flag set and every path is run once
    // in max(flag sets, paths) children instead of their sum: any of them that changed an output would
    // make its child's output distinct from the others'.
    const runs = new Map<string, { kernels: string; output: string }[]>();
    for (let i = 0; i < Math.max(flagSets.length, kernelPaths.length); i++) {
      const [flags, v8Flags] = flagSets[i % flagSets.length]!;
      const { isa, env } = kernelPaths[i % kernelPaths.length]!;
      const printed = await printGolden(list, v8Flags, env);
      if (isa !== 'off' && nodeHeaderDir()) expect(printed[0]!.kernels).toMatch(new RegExp(`^native ${isa === 'avx2' ? 'avx2-fma' : isa} `));
      runs.set(`v8 ${flags}, native ${isa}`, printed);
    }
    Object.keys(files).forEach((name, i) => {
      const distinct = new Set([...runs.values()].map((printed) => printed[i]!.output));
      expect({ model: name, distinctOutputs: distinct.size }).toEqual({ model: name, distinctOutputs: 1 });
      expect(decodeFloat32Base64([...distinct][0]!).every(Number.isFinite)).toBe(true);
    });
  });
});
