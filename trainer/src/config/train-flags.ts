import { type Architecture, type RunConfigInput } from '@edgeml/shared';
import { integerFlag, type FlagSpecs, type FlagValues } from '../cli/flag-spec.ts';
import { TrainerError } from '../errors.ts';
import { ARCHITECTURES } from '../models/build-model.ts';

const positiveInt = integerFlag(1);
const count = integerFlag(0);
const real = { type: 'number', placeholder: 'X' } as const;

/** `trainer train` flags that set run config keys; the config schema checks the values' ranges afterwards. */
export const TRAIN_FLAGS = {
  config: { type: 'string', placeholder: 'FILE', help: 'the run config (dataset, model, optimizer, schedule, seed, epochs) as JSON or YAML;\nflags override its keys' },
  resume: { type: 'string', placeholder: 'DIR', help: 'continue the interrupted run in DIR from its last checkpoint' },
  arch: { type: 'enum', values: Object.keys(ARCHITECTURES) as Architecture[], help: 'model architecture' },
  epochs: { ...positiveInt, help: 'training epochs' },
  'batch-size': { ...positiveInt, help: 'training batch size' },
  seed: { ...count, help: 'seeds the split, initial weights, shuffle and augmentation' },
  dataset: { type: 'enum', values: ['mnist', 'fashion-mnist'], help: 'built-in dataset; the model is named after it unless --model says' },
  'train-limit': { ...positiveInt, help: 'use at most N training images' },
  optimizer: { type: 'string', placeholder: 'sgd|momentum|adam', help: 'optimizer' },
  lr: { ...real, help: 'learning rate' },
  momentum: { ...real, help: 'momentum (momentum, sgd)' },
  nesterov: { type: 'boolean', help: 'Nesterov momentum' },
  'weight-decay': { ...real, help: 'decoupled weight decay (AdamW)' },
  l1: { ...real, help: 'L1 penalty' },
  l2: { ...real, help: 'L2 penalty' },
  'regularize-layers': { type: 'string', placeholder: 'conv1,logits', help: 'layers the penalties apply to (default all)' },
  dropout: { ...real, help: 'rate of every dropout layer' },
  'batch-norm': { type: 'boolean', help: 'batch normalisation after every hidden layer' },
  schedule: { type: 'string', placeholder: 'constant|step|cosine', help: 'learning-rate schedule' },
  'reduce-lr': { ...count, placeholder: 'PATIENCE', help: 'reduce the rate when validation loss stalls for PATIENCE epochs' },
  'early-stopping': { ...count, placeholder: 'PATIENCE', help: 'stop after PATIENCE epochs without improvement' },
  'clip-norm': { ...real, help: 'clip gradients to this global norm' },
  augment: { type: 'boolean', help: 'random affine augmentation of training batches' },
  set: { type: 'repeated', placeholder: 'key.path=VALUE', help: 'any other config key, e.g. --set schedule.gamma=0.5 (VALUE read as JSON)' },
} as const satisfies FlagSpecs;

/** The config keys the flags set, as one override layer. */
export function trainFlagsToConfig(values: Partial<FlagValues<typeof TRAIN_FLAGS>>): RunConfigInput {
  const config: Record<string, unknown> = {};
  const set = (keyPath: string, value: unknown) => {
    if (value !== undefined) setPath(config, keyPath, value);
  };
  set('model.architecture', values.arch);
  set('epochs', values.epochs);
  set('batchSize', values['batch-size']);
  set('seed', values.seed);
  set('dataset.name', values.dataset);
  // A clothes model must not replace the digit model (`mnist`, the run config's default name) by accident.
  set('name', values.dataset);
  set('dataset.trainLimit', values['train-limit']);
  set('optimizer.type', values.optimizer);
  set('optimizer.learningRate', values.lr);
  set('optimizer.momentum', values.momentum);
  set('optimizer.nesterov', values.nesterov || undefined);
  set('optimizer.weightDecay', values['weight-decay']);
  set('regularization.l1', values.l1);
  set('regularization.l2', values.l2);
  set('regularization.layers', values['regularize-layers']?.split(',').map((name) => name.trim()));
  set('model.dropout', values.dropout);
  set('model.batchNorm', values['batch-norm'] || undefined);
  set('schedule.type', values.schedule);
  set('earlyStopping.patience', values['early-stopping']);
  set('reduceLrOnPlateau.patience', values['reduce-lr']);
  set('gradientClipNorm', values['clip-norm']);
  if (values.augment) set('augmentation', {});
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

/** JSON when it parses (numbers, booleans, objects), else the text itself. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
