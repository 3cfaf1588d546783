import { artifactKey, sha256Hex, type ModelManifest } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { MNIST_LABELS, MNIST_PREPROCESSING } from '../data/load-mnist.ts';
import { TrainerError } from '../errors.ts';
import { deployGate } from './deploy-gate.ts';
import { tinyUnsupportedModel } from './testing/tiny-onnx-models.ts';

async function manifestFor(onnx: Uint8Array): Promise<ModelManifest> {
  return {
    schemaVersion: 1,
    name: 'mnist',
    version: '20300101T000000Z-challenger',
    task: 'image-classification',
    labels: MNIST_LABELS,
    input: { kind: 'image', name: 'x', shape: [-1, 2, 2, 1], preprocessing: { ...MNIST_PREPROCESSING, size: 2, fitSize: 2 } },
    output: { name: 'y', kind: 'logits' },
    metrics: {},
    artifacts: { model: { key: artifactKey('mnist', '20300101T000000Z-challenger', 'model.onnx'), bytes: onnx.length, sha256: await sha256Hex(onnx), contentType: 'application/octet-stream' } },
    training: { architecture: 'hand-built', dataset: 'none', epochs: 0, batchSize: 1, optimizer: 'none', learningRate: 1, backend: 'none' },
    createdAt: new Date(0).toISOString(),
  };
}

describe('deployGate (the job runner checks a challenger before publishing and promoting it)', () => {
  it('refuses a challenger whose operators the WASM backend lacks: not_deployable, naming the operator, with the report', async () => {
    const onnx = tinyUnsupportedModel();
    const gate = deployGate({ coldStartRuns: 1 });
    const error = await gate({ manifest: await manifestFor(onnx), artifacts: { model: onnx } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TrainerError);
    expect((error as TrainerError).code).toBe('not_deployable');
    expect((error as TrainerError).isUserError).toBe(true);
    expect((error as TrainerError).message).toMatch(/not promoted.*operators: .*com\.microsoft NhwcConv \(opset 1\)/);
    const report = (error as TrainerError).details as { ok: boolean; checks: { check: string; status: string }[] };
    expect(report.ok).toBe(false);
    expect(report.checks.map((check) => [check.check, check.status])).toEqual([
      ['operators', 'fail'],
      ['model-size', 'pass'],
      ['upload-size', 'pass'],
      ['workerd-load', 'skipped'],
      ['memory', 'skipped'],
      ['startup', 'skipped'],
    ]);
  });
});
