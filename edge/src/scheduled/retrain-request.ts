import { EdgeError } from '../errors/edge-error.ts';
import { runConfigSchema, trainingJobRequestSchema, type ModelManifest, type RetrainPolicy, type TrainingJobRequest } from '@edgeml/shared';

/**
 * The training job the cron queues to retrain a digit model: on `mnist` (the runner adds the
 * model's recent feedback, read as digits), with the production champion's run config when its manifest records
 * one (else the defaults), its dataset limits as the job's, int8 when the champion is int8, and
 * published as the policy says behind its margin (a 0 % canary publishes on no channel).
 */
export function retrainRequest(policy: RetrainPolicy, champion: ModelManifest): TrainingJobRequest {
  const recorded = runConfigSchema.safeParse(champion.training.config);
  const { name: _name, dataset, ...run } = recorded.success ? recorded.data : runConfigSchema.parse({});
  const { name: builtin, ...limits } = dataset;
  // The runner's feedback path (labels, preprocessing, flip check) reads digits: a clothes model retrained on MNIST would be wrong.
  if (builtin !== 'mnist') throw new EdgeError('validation_failed', `model "${champion.name}" was trained on ${builtin}: retraining on feedback is for digit models trained on mnist`);
  return trainingJobRequestSchema.parse({
    task: 'image-classification',
    model: champion.name,
    dataset: 'mnist',
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
    run,
    after: {
      int8: champion.variant?.kind === 'quantized',
      publish: policy.promoteTo === 'production' ? { channel: 'production' } : policy.canaryPercent > 0 ? { channel: 'canary', percent: policy.canaryPercent } : { channel: 'none' },
      margin: policy.margin,
    },
  });
}
