import { TrainerError } from '../errors.ts';
import { loadMnist } from '../data/load-mnist.ts';
import { loadLayersModel } from '../io/load-layers-model.ts';
import { readRunRecord } from '../pipeline/run-record.ts';
import { selectBackend } from '../tf.ts';
import { evaluateModel } from '../train/evaluate-model.ts';
import { BACKEND_FLAG, RUN_FLAG, selectBackendFlag } from './common-flags.ts';
import { defineCommand } from './define-command.ts';
import { integerFlag } from './flag-spec.ts';

export const evalCommand = defineCommand({
  name: 'eval',
  flags: {
    run: RUN_FLAG,
    'test-limit': { ...integerFlag(1), help: 'evaluate on at most N test images (default all 10,000)' },
    backend: BACKEND_FLAG,
  },
  async run(values) {
    const run = await readRunRecord(values.run);
    if (run.task !== 'image-classification') throw new TrainerError('invalid_argument', `${values.run} is a ${run.task} run: eval measures digit runs on MNIST (text runs report their test accuracy in run.json)`);
    await selectBackendFlag(values.backend);
    await selectBackend();
    const model = await loadLayersModel(values.run);
    const data = await loadMnist({ testLimit: values['test-limit'] });
    const result = evaluateModel(model, data.test, run.labels.length);
    model.dispose();
    console.log(`test accuracy ${(100 * result.accuracy).toFixed(2)}% | loss ${result.loss.toFixed(4)} | ${result.samples} images`);
  },
});
