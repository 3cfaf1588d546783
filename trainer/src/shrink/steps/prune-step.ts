import path from 'node:path';
import type { Sparsity } from '@edgeml/shared';
import { loadLayersModel } from '../../io/load-layers-model.ts';
import { pruneModel } from '../prune-model.ts';
import { saveVariant } from '../save-variant.ts';
import type { StepContext, StepResult } from './step-context.ts';
import { stepLoopHooks } from './step-loop-hooks.ts';
import { trainedVariantMetrics } from './trained-variant-metrics.ts';
import { variantRunRecord } from './variant-run-record.ts';

/** Prunes a copy of the saved student and fine-tunes it; saves it as `<outDir>/pruned`. */
export async function pruneStep(context: StepContext, student: StepResult): Promise<StepResult> {
  const { config, data, log } = context;
  const settings = config.pruned;
  const classes = data.labels.length;
  const model = await loadLayersModel(student.summary.dir);
  log(`pruned: ${settings.scope} magnitude pruning to ${settings.sparsity * 100}% (${settings.schedule}), ${settings.epochs} fine-tuning epoch(s)`);
  const result = await pruneModel(model, data.train, {
    ...settings,
    seed: config.seed + 1,
    classes,
    ...stepLoopHooks(context, {
      phase: 'prune',
      model,
      epochs: settings.epochs,
      log: (epoch) => log(`pruned: epoch ${epoch.epoch} loss ${epoch.loss.toFixed(4)} (${epoch.seconds.toFixed(0)} s)`),
    }),
  }).catch((error: unknown) => {
    // Stopped (a job's cancel): nobody else holds the model.
    model.dispose();
    throw error;
  });
  for (const layer of result.layers) log(`pruned: ${layer.layer} ${layer.zeros}/${layer.weights} zeros (${(layer.sparsity * 100).toFixed(1)}%)`);
  const metrics = { ...trainedVariantMetrics(context, model, result), sparsity: result.sparsity };
  log(`pruned: sparsity ${(result.sparsity * 100).toFixed(1)}%, test accuracy ${(metrics.testAccuracy * 100).toFixed(2)}%`);
  const sparsity: Sparsity = { target: settings.sparsity, achieved: result.sparsity, scope: settings.scope, schedule: settings.schedule, layers: result.layers };
  const run = variantRunRecord(context, {
    name: settings.name,
    architecture: student.run.training.architecture,
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    learningRate: settings.learningRate,
    metrics,
    extra: { method: 'pruning', sparsity },
  });
  return saveVariant({
    model,
    run,
    summary: { kind: 'pruned', name: settings.name, dir: path.join(context.outDir, 'pruned'), variant: { kind: 'pruned', sparsity }, details: { history: result.history } },
  });
}
