import type { ModelRegistry } from '../models/model-registry.ts';
import { listModelNames } from '../models/list-model-names.ts';
import { listTrainingJobs } from '../training/training-job-store.ts';
import { checkRetrain } from './check-retrain.ts';

/**
 * The worker's `scheduled()` (the Cron Trigger in wrangler.toml): the retrain check (which queues training jobs) for every
 * model, on the isolate's one `registry` (the app's), so a model the check loads is the one
 * predictions use. One model's failure is logged and does not stop the others.
 */
export function createScheduledHandler(registry: ModelRegistry): ExportedHandlerScheduledHandler<Env> {
  return async (_controller, env) => {
    // One listing of the training jobs for every model's check (each job is one R2 read).
    const jobs = await listTrainingJobs(env.MODELS);
    for (const name of await listModelNames(env.MODELS)) {
      try {
        const job = await checkRetrain(env, registry, name, jobs);
        if (job?.retrain) console.log(`retrain training job ${job.id} queued for ${name} (${job.retrain.reason}, accuracy ${job.retrain.evaluation.accuracy})`);
      } catch (error) {
        console.error(`retrain check of ${name} failed: ${(error as Error).message}`);
      }
    }
  };
}
