import { DEFAULT_MODEL } from '@edgeml/shared';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRunConfig } from './load-run-config.ts';
import { mergeRunConfig } from './merge-run-config.ts';
import { resolveRunConfig } from './resolve-run-config.ts';
import { parseFlags } from '../cli/parse-flags.ts';
import { TRAIN_FLAGS, trainFlagsToConfig } from './train-flags.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'run-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function flags(...args: string[]) {
  const parsed = parseFlags(args, TRAIN_FLAGS);
  if (parsed.help) throw new Error('no --help here');
  return trainFlagsToConfig(parsed.values);
}

async function configFile(content: unknown): Promise<string> {
  const file = path.join(dir, `run-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('run config', () => {
  it('defaults to the default model: small-cnn, Adam at 0.002, 3 epochs of 64, seed 42, no extras', () => {
    const config = resolveRunConfig({});
    expect(config).toMatchObject({
      name: DEFAULT_MODEL.name,
      model: { architecture: DEFAULT_MODEL.architecture, batchNorm: false },
      optimizer: { type: 'adam', learningRate: DEFAULT_MODEL.learningRate, beta1: 0.9, beta2: 0.999, weightDecay: 0 },
      schedule: { type: 'constant' },
      regularization: { l1: 0, l2: 0 },
      epochs: DEFAULT_MODEL.epochs,
      batchSize: DEFAULT_MODEL.batchSize,
      seed: DEFAULT_MODEL.seed,
    });
    expect(config.earlyStopping).toBeUndefined();
    expect(config.augmentation).toBeUndefined();
    expect(config.gradientClipNorm).toBeUndefined();
  });

  it('flags override the file, key by key', async () => {
    const file = await configFile({
      epochs: 10,
      batchSize: 32,
      optimizer: { type: 'momentum', learningRate: 0.05, momentum: 0.8 },
      schedule: { type: 'step', stepSize: 3 },
      earlyStopping: { patience: 4 },
    });
    const config = resolveRunConfig(await loadRunConfig(file), flags('--epochs', '3', '--lr', '0.1', '--nesterov', '--set', 'schedule.gamma=0.25', '--augment'));
    expect(config.epochs).toBe(3);
    expect(config.batchSize).toBe(32);
    expect(config.optimizer).toEqual({ type: 'momentum', learningRate: 0.1, momentum: 0.8, nesterov: true, weightDecay: 0 });
    expect(config.schedule).toEqual({ type: 'step', stepSize: 3, gamma: 0.25 });
    expect(config.earlyStopping).toEqual({ monitor: 'validationLoss', patience: 4, minDelta: 0, restoreBestWeights: true });
    expect(config.augmentation).toEqual({ rotationDegrees: 10, shift: 0.1, zoom: 0.1, thickness: 0, elastic: 0, blur: 0, noise: 0 });
  });

  it('a rate alone tunes the default Adam', async () => {
    const config = resolveRunConfig(await loadRunConfig(await configFile({ optimizer: { learningRate: 0.1 } })));
    expect(config.optimizer).toEqual({ type: 'adam', learningRate: 0.1, beta1: 0.9, beta2: 0.999, weightDecay: 0 });
    expect(resolveRunConfig(flags('--lr', '0.3')).optimizer.learningRate).toBe(0.3);
  });

  it('a flag that changes the optimizer type replaces the whole optimizer', async () => {
    const file = await configFile({ optimizer: { type: 'adam', learningRate: 0.5, beta1: 0.8 } });
    // SGD's own default rate: Adam's settings, its rate included, do not carry over.
    expect(resolveRunConfig(await loadRunConfig(file), flags('--optimizer', 'sgd')).optimizer).toEqual({ type: 'sgd', learningRate: 0.01, weightDecay: 0 });
    expect(resolveRunConfig(await loadRunConfig(file), flags('--optimizer', 'sgd', '--lr', '0.2')).optimizer).toEqual({ type: 'sgd', learningRate: 0.2, weightDecay: 0 });
  });

  it('maps every technique flag to its key', () => {
    expect(
      flags(
        '--arch', 'mnist-net', '--batch-size', '16', '--seed', '0', '--train-limit', '500', '--weight-decay', '0.01',
        '--l1', '0.001', '--l2', '0.002', '--regularize-layers', 'conv1, fc2', '--dropout', '0.3', '--batch-norm',
        '--schedule', 'cosine', '--early-stopping', '2', '--reduce-lr', '1', '--clip-norm', '5', '--momentum', '0.95',
      ),
    ).toEqual({
      model: { architecture: 'mnist-net', dropout: 0.3, batchNorm: true },
      batchSize: 16,
      seed: 0,
      dataset: { trainLimit: 500 },
      optimizer: { weightDecay: 0.01, momentum: 0.95 },
      regularization: { l1: 0.001, l2: 0.002, layers: ['conv1', 'fc2'] },
      schedule: { type: 'cosine' },
      earlyStopping: { patience: 2 },
      reduceLrOnPlateau: { patience: 1 },
      gradientClipNorm: 5,
    });
  });

  it('rejects bad values and unknown keys, naming them', async () => {
    expect(() => flags('--epochs', 'many')).toThrow(/--epochs must be a positive integer, got "many"/);
    expect(() => flags('--arch', 'resnet')).toThrow(/--arch must be one of small-cnn, mnist-net, got "resnet"/);
    expect(() => flags('--seed', '-1')).toThrow(/--seed must be a non-negative integer, got "-1"/);
    expect(() => flags('--set', 'nonsense')).toThrow(/--set expects key.path=VALUE/);
    expect(() => resolveRunConfig({}, flags('--lr=-1'))).toThrow(/optimizer\.learningRate/);
    expect(() => resolveRunConfig({}, flags('--set', 'optimizer.betaOne=0.5'))).toThrow(/betaOne/);
    await expect(loadRunConfig(await configFile({ epoch: 3 }))).rejects.toThrow(/run-.*\.json:[\s\S]*epoch/);
    await expect(loadRunConfig(await configFile('{ "epochs": 3, }'))).rejects.toMatchObject({ code: 'invalid_config' });
    await expect(loadRunConfig(path.join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'not_found' });
    await expect(loadRunConfig(path.join(dir, 'run.yaml'))).rejects.toThrow(/write it as JSON/);
  });

  it('merges layers without mutating them and ignores undefined values', () => {
    const base = { optimizer: { type: 'adam' as const, learningRate: 0.1 }, epochs: 4 };
    const merged = mergeRunConfig(base, { epochs: undefined, optimizer: { type: 'adam', beta1: 0.5 } });
    expect(merged).toEqual({ optimizer: { type: 'adam', learningRate: 0.1, beta1: 0.5 }, epochs: 4 });
    expect(base).toEqual({ optimizer: { type: 'adam', learningRate: 0.1 }, epochs: 4 });
  });
});
