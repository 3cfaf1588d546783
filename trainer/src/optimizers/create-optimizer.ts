import { type OptimizerConfigInput, optimizerConfigSchema } from '@edgeml/shared';
import { AdamOptimizer } from './adam-optimizer.ts';
import { MomentumOptimizer } from './momentum-optimizer.ts';
import { SgdOptimizer } from './sgd-optimizer.ts';
import type { TrainingOptimizer } from './training-optimizer.ts';

/** The optimizer a config describes; unset settings take the schema's defaults. */
export function createOptimizer(input: OptimizerConfigInput): TrainingOptimizer {
  const config = optimizerConfigSchema.parse(input);
  switch (config.type) {
    case 'sgd':
      return new SgdOptimizer(config.learningRate, config.weightDecay);
    case 'momentum':
      return new MomentumOptimizer(config.learningRate, config.momentum, config.nesterov, config.weightDecay);
    case 'adam':
      return new AdamOptimizer(config.learningRate, config.beta1, config.beta2, config.epsilon, config.weightDecay);
  }
}
