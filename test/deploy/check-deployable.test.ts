import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { decodeFloat32Base64, encodeFloat32Base64, goldenVectorsSchema, TextTokenizer, type AnyModelManifest, type GoldenVectors } from '@edgeml/shared';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { checkDeployableCommand } from '@edgeml/trainer/cli/check-deployable-command';
import { loadMnist } from '@edgeml/trainer/data/load-mnist';
import { checkDeployable } from '@edgeml/trainer/deploy/check-deployable';
import { tinyUnsupportedModel } from '@edgeml/trainer/deploy/testing/tiny-onnx-models';
import { addGoldenArtifact } from '@edgeml/trainer/golden/testing/add-golden-artifact';
import { exportQuantizedOnnx } from '@edgeml/trainer/onnx/quantize/export-quantized-onnx';
import { buildRunVersion } from '@edgeml/trainer/pipeline/build-run-version';
import { buildVersion } from '@edgeml/trainer/pipeline/build-version';
import { loadRun } from '@edgeml/trainer/pipeline/load-run';
import { selectBackend } from '@edgeml/trainer/tf';
import { tinyTextVersion } from '../text/tiny-text-version.ts';

// Every check runs with checkDeployable's own budgets: start-up is held to Cloudflare's 1 s start-up limit, in workerd's
// CPU time (wall time on this shared 2-core machine went past 1 s at load average ~20). The judgment's pass and fail on
// either side of the budget: trainer/src/deploy/judge-workerd-load.test.ts.

let scratch: string;
let candidate: { manifest: AnyModelManifest; artifacts: Record<string, Uint8Array> };

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'edgeml-check-deployable-'));
  await selectBackend({ backend: 'wasm' });
  candidate = await buildRunVersion({ dir: inject('publishedModel').runDir, version: '20300101T000000Z-candidate' });
});

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('checkDeployable', () => {
  it('passes the trained small model and reports every figure: operators, sizes, memory, cold start', async () => {
    const report = await checkDeployable({ ...candidate, coldStartRuns: 2 });
    expect(report.budgets.startupMs).toBe(1000);
    expect(report.checks.map((check) => [check.check, check.status])).toEqual([
      ['operators', 'pass'],
      ['model-size', 'pass'],
      ['upload-size', 'pass'],
      ['workerd-load', 'pass'],
      ['memory', 'pass'],
      ['startup', 'pass'],
    ]);
    expect(report.ok).toBe(true);
    expect(report.operators.map((operator) => operator.opType)).toEqual(expect.arrayContaining(['Conv', 'MaxPool', 'Gemm']));
    const upload = report.checks.find((check) => check.check === 'upload-size')!.figures;
    expect(upload.uploadBytes).toBe(Number(upload.bundleBytes) + candidate.artifacts.model!.length);
    expect(report.workerd?.runs).toHaveLength(2);
    expect(report.workerd?.median.firstPredictionMs).toBeGreaterThan(0);
    // CPU time, what the start-up check judges: workerd's own work, however busy the machine.
    expect(report.workerd?.median.firstPredictionCpuMs).toBeGreaterThan(0);
    expect(report.workerd?.median.sessionCreateMs).toBeGreaterThan(0);
    expect(report.workerd?.median.loadRssMiB).toBeGreaterThan(0);
    console.log(`cold start (median of 2): ${JSON.stringify(report.workerd?.median)}`);
  });

  it('fails the workerd load, with the worker\'s golden_mismatch, when the golden outputs are wrong', async () => {
    const golden = goldenVectorsSchema.parse(JSON.parse(new TextDecoder().decode(candidate.artifacts.golden)));
    const shifted = decodeFloat32Base64(golden.output.float32Base64).map((value) => value + 0.01);
    const wrong: GoldenVectors = { ...golden, output: { ...golden.output, float32Base64: encodeFloat32Base64(shifted) } };
    const { manifest, bytes } = await addGoldenArtifact(candidate.manifest, wrong);
    const report = await checkDeployable({ manifest, artifacts: { ...candidate.artifacts, golden: bytes }, coldStartRuns: 1 });
    expect(report.ok).toBe(false);
    const load = report.checks.find((check) => check.check === 'workerd-load')!;
    expect(load).toMatchObject({ status: 'fail', figures: { status: 503, code: 'golden_mismatch' } });
    expect(load.message).toMatch(/golden/);
    expect(report.checks.find((check) => check.check === 'operators')?.status).toBe('pass');
  });

  it('passes int8 exports, whose golden reference is onnxruntime-web (cross-checked by onnxruntime-node), in workerd', async () => {
    const dir = inject('publishedModel').runDir;
    const { run, model } = await loadRun(dir);
    const calibration = (await loadMnist({ trainLimit: 256 })).train.images;
    try {
      for (const mode of ['weights', 'static'] as const) {
        const int8 = await exportQuantizedOnnx(model, { mode, calibrationImages: calibration });
        const variant = { kind: 'quantized' as const, quantization: int8.quantization };
        const { manifest, artifacts } = await buildVersion({ source: { onnx: int8 }, run, variant, version: `20300101T000000Z-int8-${mode}` });
        expect(goldenVectorsSchema.parse(JSON.parse(new TextDecoder().decode(artifacts.golden))).reference).toBe('onnxruntime-web');
        const report = await checkDeployable({ manifest, artifacts, coldStartRuns: 1 });
        expect({ mode, checks: report.checks.map((check) => `${check.check} ${check.status}`) }).toEqual({
          mode,
          checks: ['operators pass', 'model-size pass', 'upload-size pass', 'workerd-load pass', 'memory pass', 'startup pass'],
        });
      }
    } finally {
      model.dispose();
    }
  });
});

describe('checkDeployable on a text model', () => {
  it('runs its golden token ids in workerd: tfjs outputs pass, shifted ones fail with golden_mismatch', async () => {
    const { tiny, manifest, artifacts } = await tinyTextVersion('spam-golden', '20300101T000000Z-text');
    const texts = tiny.heldOutTexts.slice(0, 8);
    const ids = new TextTokenizer(tiny.vocabulary, tiny.maxLength).encodeBatch(texts);
    const outputs = Float32Array.from(tiny.tfjsOutputs.slice(0, texts.length * tiny.labels.length));
    const golden = (output: Float32Array): GoldenVectors => ({
      schemaVersion: 1,
      reference: 'tfjs',
      input: { name: 'input', dims: [texts.length, tiny.maxLength], float32Base64: encodeFloat32Base64(ids) },
      output: { name: 'probabilities', dims: [texts.length, tiny.labels.length], float32Base64: encodeFloat32Base64(output) },
      tolerance: { absolute: 1e-4, relative: 1e-3 },
    });
    for (const [output, expected] of [[outputs, 'pass'], [outputs.map((value) => value + 0.02), 'fail']] as const) {
      const { manifest: withGolden, bytes } = await addGoldenArtifact(manifest, golden(output));
      const report = await checkDeployable({ manifest: withGolden, artifacts: { ...artifacts, golden: bytes }, coldStartRuns: 1 });
      const load = report.checks.find((check) => check.check === 'workerd-load')!;
      expect(load.status, load.message).toBe(expected);
      if (expected === 'fail') expect(load.figures.code).toBe('golden_mismatch');
    }
  });
});

describe('trainer check-deployable', () => {
  async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const code = await checkDeployableCommand.run(argv);
      return { code, stdout: log.mock.calls.map((call) => call.join(' ')).join('\n'), stderr: error.mock.calls.map((call) => call.join(' ')).join('\n') };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }

  it('exits 1 naming the operator the WASM backend lacks', async () => {
    const file = path.join(scratch, 'unsupported.onnx');
    await writeFile(file, tinyUnsupportedModel());
    const result = await cli(['--onnx', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL\s+operators\s+onnxruntime-web's WASM backend cannot run com\.microsoft NhwcConv \(opset 1\)/);
    expect(result.stdout).toMatch(/NOT deployable/);
  });

  it('exits 1 for bad arguments, with what to give', async () => {
    expect(await cli([])).toMatchObject({ code: 1, stderr: expect.stringMatching(/give exactly one of --run DIR or --onnx FILE/) });
    expect(await cli(['--run', path.join(scratch, 'nothing-here')])).toMatchObject({ code: 1, stderr: expect.stringMatching(/is not a training run \(cannot read run\.json\)/) });
    expect(await cli(['--onnx', path.join(scratch, 'missing.onnx')])).toMatchObject({ code: 1, stderr: expect.stringMatching(/cannot read/) });
    expect(await cli(['--onnx', path.join(scratch, 'x.onnx'), '--runs', 'zero'])).toMatchObject({ code: 1 });
  });

  it('exits 0 for the trained run, with one PASS line per check', async () => {
    const result = await cli(['--run', inject('publishedModel').runDir, '--cold-starts', '1']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('PASS'))).toHaveLength(6);
    expect(result.stdout).toMatch(/is deployable to the edge/);
  });
});
