import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runMain } from './testing/run-main.ts';

const bin = path.resolve(import.meta.dirname, '..', '..', 'bin', 'trainer.mjs');

async function trainer(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('trainer CLI', () => {
  it('prints usage and the version', async () => {
    const result = await trainer('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/trainer <command>/);
    expect(result.stdout).toMatch(/^  check-deployable +operators/m);
    const version = await trainer('--version');
    expect(version).toMatchObject({ code: 0, stdout: '0.1.0\n' });
  });

  it('exits 1 from the bin for a user mistake, with the message and no stack', async () => {
    const result = await trainer('train', '--epoch', '2');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/unknown option --epoch; did you mean --epochs\?/);
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('prints each subcommand\'s own help, not the global text', async () => {
    const result = await runMain('train', '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: trainer train \[options\]/);
    expect(result.stdout).toMatch(/--epochs N +training epochs/);
    expect(result.stdout).not.toMatch(/trainer <command>/);
  });

  it.each([
    [['train', '--epochs', 'many'], /--epochs must be a positive integer, got "many"/],
    [['train', '--epoch', '2'], /unknown option --epoch; did you mean --epochs\?/],
    [['train', '--arch', 'resnet'], /--arch must be one of small-cnn, mnist-net, got "resnet"/],
    [['train', '--bogus'], /unknown option --bogus/],
    [['eval'], /needs --run DIR/],
    [['eval', '--run', '/nonexistent/run'], /is not a training run/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['trian'], /unknown command "trian"; did you mean trainer train\?/],
    [['export', '--run', '.', '--backend', 'tpu'], /--backend must be one of auto, tensorflow-gpu, tensorflow, wasm, cpu, got "tpu"/],
    [['publish', '--onnx', '/nonexistent/model.onnx', '--manifest', '/nonexistent/manifest.json'], /cannot read the ONNX model/],
    [['publish', '--run', '.', '--target', 'r2'], /is not a training run|needs R2_/],
  ])('exits 1 with a message for a user mistake: %j', async (args, message) => {
    const result = await runMain(...args);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
