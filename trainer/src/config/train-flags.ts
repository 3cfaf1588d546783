import { TrainerError } from '../errors.ts';
import { parseArchitecture } from '../models/build-model.ts';
import type { RunConfigInput } from './run-config.ts';

/** `trainer train` flags that set run config keys (node:util parseArgs options). */
export const TRAIN_FLAG_OPTIONS = {
  config: { type: 'string' },
  resume: { type: 'string' },
  arch: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  lr: { type: 'string' },
  seed: { type: 'string' },
  'train-limit': { type: 'string' },
  optimizer: { type: 'string' },
  momentum: { type: 'string' },
  nesterov: { type: 'boolean' },
  'weight-decay': { type: 'string' },
  l1: { type: 'string' },
  l2: { type: 'string' },
  'regularize-layers': { type: 'string' },
  dropout: { type: 'string' },
  'batch-norm': { type: 'boolean' },
  schedule: { type: 'string' },
  'early-stopping': { type: 'string' },
  'reduce-lr': { type: 'string' },
  'clip-norm': { type: 'string' },
  augment: { type: 'boolean' },
  'data-parallel': { type: 'string' },
  set: { type: 'string', multiple: true },
} as const;

export const TRAIN_FLAGS_USAGE = `           --config run.json  the run config (dataset, model, optimizer, schedule, seed, epochs); flags override it
           --resume DIR  continue the interrupted run in DIR from its last checkpoint
           --arch small-cnn|mnist-net  --epochs N  --batch-size N  --seed N  --train-limit N
           --optimizer sgd|momentum|adam  --lr X  --momentum X  --nesterov  --weight-decay X (decoupled, AdamW)
           --l1 X  --l2 X  --regularize-layers conv1,logits  --dropout X  --batch-norm
           --schedule constant|step|cosine  --reduce-lr PATIENCE  --early-stopping PATIENCE  --clip-norm X  --augment
           --data-parallel N  split each batch over N tfjs instances (this thread + worker threads)
           --set key.path=VALUE  any other config key, e.g. --set schedule.gamma=0.5 (VALUE read as JSON)`;

export type TrainFlagValues = { [K in keyof typeof TRAIN_FLAG_OPTIONS]?: (typeof TRAIN_FLAG_OPTIONS)[K] extends { multiple: true } ? string[] : (typeof TRAIN_FLAG_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

/** The config keys the flags set, as one override layer; values are checked by the schema afterwards. */
export function trainFlagsToConfig(values: TrainFlagValues): RunConfigInput {
  const config: Record<string, unknown> = {};
  const set = (keyPath: string, value: unknown) => {
    if (value !== undefined) setPath(config, keyPath, value);
  };
  set('model.architecture', values.arch === undefined ? undefined : parseArchitecture(values.arch));
  set('epochs', positiveInt(values.epochs, '--epochs'));
  set('batchSize', positiveInt(values['batch-size'], '--batch-size'));
  set('seed', nonNegativeInt(values.seed, '--seed'));
  set('dataset.trainLimit', positiveInt(values['train-limit'], '--train-limit'));
  set('optimizer.type', values.optimizer);
  set('optimizer.learningRate', number(values.lr, '--lr'));
  set('optimizer.momentum', number(values.momentum, '--momentum'));
  set('optimizer.nesterov', values.nesterov);
  set('optimizer.weightDecay', number(values['weight-decay'], '--weight-decay'));
  set('regularization.l1', number(values.l1, '--l1'));
  set('regularization.l2', number(values.l2, '--l2'));
  set('regularization.layers', values['regularize-layers']?.split(',').map((name) => name.trim()));
  set('model.dropout', number(values.dropout, '--dropout'));
  set('model.batchNorm', values['batch-norm']);
  set('schedule.type', values.schedule);
  set('earlyStopping.patience', nonNegativeInt(values['early-stopping'], '--early-stopping'));
  set('reduceLrOnPlateau.patience', nonNegativeInt(values['reduce-lr'], '--reduce-lr'));
  set('gradientClipNorm', number(values['clip-norm'], '--clip-norm'));
  if (values.augment) set('augmentation', {});
  set('dataParallel', positiveInt(values['data-parallel'], '--data-parallel'));
  for (const assignment of values.set ?? []) {
    const match = /^([A-Za-z][\w.]*)=(.*)$/s.exec(assignment);
    if (!match) throw new TrainerError('invalid_argument', `--set expects key.path=VALUE, got "${assignment}"`);
    set(match[1]!, parseValue(match[2]!));
  }
  return config as RunConfigInput;
}

function setPath(target: Record<string, unknown>, keyPath: string, value: unknown): void {
  const keys = keyPath.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node = node[key] = typeof next === 'object' && next !== null && !Array.isArray(next) ? (next as Record<string, unknown>) : {};
  }
  node[keys.at(-1)!] = value;
}

function number(value: string | undefined, flag: string, kind = 'a number'): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new TrainerError('invalid_argument', `${flag} must be ${kind}, got "${value}"`);
  return n;
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  const n = number(value, flag, 'a positive integer');
  if (n !== undefined && !(Number.isInteger(n) && n > 0)) throw new TrainerError('invalid_argument', `${flag} must be a positive integer, got "${value}"`);
  return n;
}

function nonNegativeInt(value: string | undefined, flag: string): number | undefined {
  const n = number(value, flag, 'a non-negative integer');
  if (n !== undefined && !(Number.isInteger(n) && n >= 0)) throw new TrainerError('invalid_argument', `${flag} must be a non-negative integer, got "${value}"`);
  return n;
}

/** JSON when it parses (numbers, booleans, objects), else the text itself. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
