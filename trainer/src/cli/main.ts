import path from 'node:path';
import { parseArgs } from 'node:util';
import { InputError } from '@edgeml/shared';
import { loadRunConfig } from '../config/load-run-config.ts';
import { mergeRunConfig } from '../config/merge-run-config.ts';
import { TRAIN_FLAG_OPTIONS, TRAIN_FLAGS_USAGE, trainFlagsToConfig } from '../config/train-flags.ts';
import { formatSummaryTable } from '../curves/format-summary-table.ts';
import { loadMnist } from '../data/load-mnist.ts';
import { TrainerError } from '../errors.ts';
import { loadLayersModel } from '../io/load-layers-model.ts';
import { exportRun } from '../pipeline/export-run.ts';
import { publishQuantizedRun } from '../pipeline/publish-quantized-run.ts';
import { publishRun } from '../pipeline/publish-run.ts';
import { readRunRecord } from '../pipeline/run-record.ts';
import { CURVES_FILE } from '../pipeline/save-run.ts';
import { trainRun } from '../pipeline/train-run.ts';
import { parseBackendName, selectBackend } from '../tf.ts';
import { evaluateModel } from '../train/evaluate-model.ts';
import { openStore } from './open-store.ts';
import { createTrainingProgress } from './progress.ts';
import { runCheckDeployableCommand } from './check-deployable-command.ts';
import { runJobsCommand } from './jobs-command.ts';
import { runOptimizeCommand } from './optimize-command.ts';
import { runPublishForeignCommand } from './publish-foreign-command.ts';
import { runTextCommand } from './text-command.ts';

const USAGE = `usage: trainer <command> [options]

commands:
  train    train a digit model on MNIST and save the run (weights, run.json, curves.svg, checkpoint/)
           --out DIR (default .artifacts/runs/<time>)  --name mnist  --test-limit N  --publish  --target local|r2
${TRAIN_FLAGS_USAGE}
  eval     evaluate a run on the MNIST test set        --run DIR  [--test-limit N]
  export   write <run>/model.onnx                       --run DIR
  optimize teacher → student → pruned → int8, published as variants with a report (trainer optimize --help)
  text     train a text classifier (trainer text train --help)
  jobs     run retrain jobs: claim, retrain on feedback, judge, promote (trainer jobs --help)
  check-deployable  operators, sizes, loading in workerd and start-up of a model before promotion
           --run DIR | --onnx FILE [--manifest FILE]  (trainer check-deployable --help)
  publish  publish a run's model as a new version      --run DIR  [--name NAME] [--target local|r2]
                                                         [--persist-to .wrangler/state]  [--int8]
           --int8: publish the int8 export onnxruntime-web runs fastest (weight-only or static QDQ,
                   timed against float), if it loses ≤ 0.3 test-accuracy points
           --onnx FILE --manifest FILE [--vocabulary FILE]: an ONNX made elsewhere, validated first
                   (trainer publish --onnx x --help)
common:    --backend auto|tensorflow-gpu|tensorflow|wasm|cpu  (or EDGEML_TF_BACKEND)`;

const options = {
  ...TRAIN_FLAG_OPTIONS,
  'test-limit': { type: 'string' },
  out: { type: 'string' },
  run: { type: 'string' },
  name: { type: 'string' },
  publish: { type: 'boolean' },
  int8: { type: 'boolean' },
  target: { type: 'string' },
  'persist-to': { type: 'string' },
  backend: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function main(argv: string[]): Promise<number> {
  // `text` and `optimize` have their own flags, so they are dispatched before the strict parse of the digit commands' flags.
  if (argv[0] === 'text') return runTextCommand(argv.slice(1));
  if (argv[0] === 'optimize') return runOptimizeCommand(argv.slice(1));
  if (argv[0] === 'jobs') return runJobsCommand(argv.slice(1));
  // An ONNX made elsewhere, with its author's manifest, has its own flags.
  if (argv[0] === 'publish' && argv.some((arg) => arg === '--onnx' || arg.startsWith('--onnx='))) return runPublishForeignCommand(argv.slice(1));
  if (argv[0] === 'check-deployable') return runCheckDeployableCommand(argv.slice(1));
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    return fail(new TrainerError('invalid_argument', (error as Error).message));
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 1;
  }
  try {
    if (values.backend) {
      const backend = await selectBackend({ backend: parseBackendName(values.backend) });
      console.error(`backend: ${backend.name}`);
    }
    switch (command) {
      case 'train':
        return await train(values);
      case 'eval':
        return await evaluate(requireRun(values.run), values);
      case 'export': {
        const exported = await exportRun(requireRun(values.run));
        console.log(`wrote ${exported.path} (${exported.bytes.length} bytes)`);
        return 0;
      }
      case 'publish':
        return await publish(requireRun(values.run), values);
      default:
        throw new TrainerError('invalid_argument', `unknown command "${command}"\n${USAGE}`);
    }
  } catch (error) {
    return fail(error);
  }
}

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

async function train(values: Values): Promise<number> {
  if (values.resume !== undefined && values.config !== undefined) {
    throw new TrainerError('invalid_argument', '--resume uses the config saved with the run; override keys with flags instead of --config');
  }
  if (values.resume !== undefined && values.out !== undefined && path.resolve(values.out) !== path.resolve(values.resume)) {
    throw new TrainerError('invalid_argument', '--resume DIR continues the run in DIR: leave out --out');
  }
  const outDir = values.resume ?? values.out ?? path.join('.artifacts', 'runs', new Date().toISOString().replace(/[:.]/g, '-'));
  const fileConfig = values.config === undefined ? {} : await loadRunConfig(values.config);
  const testLimit = positiveInt(values['test-limit'], '--test-limit');
  const config = mergeRunConfig(fileConfig, trainFlagsToConfig(values), { name: values.name, dataset: { testLimit } });
  const progress = createTrainingProgress();
  let record;
  try {
    record = await trainRun({
      config,
      outDir,
      resume: values.resume !== undefined,
      onBatchEnd: progress.onBatchEnd,
      onEpochEnd: progress.onEpochEnd,
      log: (line) => console.error(line),
    });
  } finally {
    progress.stop();
  }
  const m = record.metrics;
  const restoredEpoch = typeof record.training.bestEpoch === 'number' && record.training.bestEpoch !== record.history.at(-1)?.epoch ? record.training.bestEpoch : undefined;
  console.log(formatSummaryTable(record.history, { restoredEpoch }));
  console.log(
    `test accuracy ${(100 * (m.testAccuracy ?? 0)).toFixed(2)}% on ${m.testSamples} images | ` +
      `${m.parameters} parameters | ${(m.trainSeconds ?? 0).toFixed(1)} s | ${(m.samplesPerSecond ?? 0).toFixed(0)} samples/s`,
  );
  console.log(`run: ${outDir} (curves: ${path.join(outDir, CURVES_FILE)}; resume with --resume ${outDir})`);
  return values.publish ? publish(outDir, values) : 0;
}

async function evaluate(dir: string, values: Values): Promise<number> {
  const run = await readRunRecord(dir);
  if (run.task !== 'image-classification') throw new TrainerError('invalid_argument', `${dir} is a ${run.task} run: eval measures digit runs on MNIST (text runs report their test accuracy in run.json)`);
  await selectBackend();
  const model = await loadLayersModel(dir);
  const data = await loadMnist({ testLimit: positiveInt(values['test-limit'], '--test-limit') });
  const result = evaluateModel(model, data.test, run.labels.length);
  model.dispose();
  console.log(`test accuracy ${(100 * result.accuracy).toFixed(2)}% | loss ${result.loss.toFixed(4)} | ${result.samples} images`);
  return 0;
}

async function publish(dir: string, values: Values): Promise<number> {
  const store = await openStore(values.target ?? 'local', values['persist-to']);
  try {
    const manifest = values.int8
      ? (await publishQuantizedRun({ dir, store, name: values.name, log: (line) => console.log(line) })).manifest
      : await publishRun({ dir, store, name: values.name });
    console.log(`published ${manifest.name}@${manifest.version} to ${store.description} (${manifest.artifacts.model.bytes} bytes)`);
    return 0;
  } finally {
    await store.close();
  }
}

function requireRun(run: string | undefined): string {
  if (!run) throw new TrainerError('invalid_argument', 'this command needs --run DIR (a folder written by `trainer train`)');
  return run;
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new TrainerError('invalid_argument', `${flag} must be a positive integer, got "${value}"`);
  return n;
}

/** Exit 1 for the user's mistakes, 2 for internal faults. */
function fail(error: unknown): number {
  if (error instanceof TrainerError) {
    console.error(`trainer: ${error.message}`);
    return error.isUserError ? 1 : 2;
  }
  if (error instanceof InputError) {
    console.error(`trainer: ${error.message}`);
    return 1;
  }
  console.error(`trainer: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 2;
}
