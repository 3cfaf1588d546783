import path from 'node:path';
import { loadRunConfig } from '../config/load-run-config.ts';
import { mergeRunConfig } from '../config/merge-run-config.ts';
import { TRAIN_FLAGS, trainFlagsToConfig } from '../config/train-flags.ts';
import { formatSummaryTable } from '../curves/format-summary-table.ts';
import { TrainerError } from '../errors.ts';
import { CURVES_FILE } from '../pipeline/save-run.ts';
import { trainRun } from '../pipeline/train-run.ts';
import { BACKEND_FLAG, MODEL_FLAG, selectBackendFlag, STORE_FLAGS } from './common-flags.ts';
import { defineCommand } from './define-command.ts';
import { integerFlag } from './flag-spec.ts';
import { createTrainingProgress } from './progress.ts';
import { publishRunFolder } from './publish-run-folder.ts';

export const trainCommand = defineCommand({
  name: 'train',
  description: 'Trains a digit classifier on MNIST, evaluates it on the test set and saves the run folder;\n--publish then publishes it as a new version.',
  flags: {
    out: { type: 'string', placeholder: 'DIR', help: 'run folder (default .artifacts/runs/<time>)' },
    model: { ...MODEL_FLAG, help: 'model name when publishing (default the config\'s, mnist)' },
    'test-limit': { ...integerFlag(1), help: 'evaluate on at most N test images' },
    ...TRAIN_FLAGS,
    publish: { type: 'boolean', help: 'publish the run when training ends' },
    int8: { type: 'boolean', help: 'with --publish: publish the int8 export (see trainer publish --help)' },
    ...STORE_FLAGS,
    backend: BACKEND_FLAG,
  },
  async run(values) {
    if (values.resume !== undefined && values.config !== undefined) {
      throw new TrainerError('invalid_argument', '--resume uses the config saved with the run; override keys with flags instead of --config');
    }
    if (values.resume !== undefined && values.out !== undefined && path.resolve(values.out) !== path.resolve(values.resume)) {
      throw new TrainerError('invalid_argument', '--resume DIR continues the run in DIR: leave out --out');
    }
    await selectBackendFlag(values.backend);
    const outDir = values.resume ?? values.out ?? path.join('.artifacts', 'runs', new Date().toISOString().replace(/[:.]/g, '-'));
    const fileConfig = values.config === undefined ? {} : await loadRunConfig(values.config);
    const config = mergeRunConfig(fileConfig, trainFlagsToConfig(values), { name: values.model, dataset: { testLimit: values['test-limit'] } });
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
    if (values.publish) await publishRunFolder({ dir: outDir, target: values.target, persistTo: values['persist-to'], int8: values.int8, model: values.model });
  },
});
