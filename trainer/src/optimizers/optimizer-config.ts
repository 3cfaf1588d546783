import { z } from 'zod';

const learningRate = z.number().positive();
const weightDecay = z.number().min(0).default(0);

/** One optimizer, chosen by `type`; each carries only the settings it uses. */
export const optimizerConfigSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('sgd'), learningRate: learningRate.default(0.01), weightDecay }),
  z.strictObject({
    type: z.literal('momentum'),
    learningRate: learningRate.default(0.01),
    momentum: z.number().min(0).lt(1).default(0.9),
    nesterov: z.boolean().default(false),
    weightDecay,
  }),
  z.strictObject({
    type: z.literal('adam'),
    learningRate: learningRate.default(0.001),
    beta1: z.number().min(0).lt(1).default(0.9),
    beta2: z.number().min(0).lt(1).default(0.999),
    /** Omitted: the backend's epsilon (1e-7 on float32), as tfjs's Adam. */
    epsilon: z.number().positive().optional(),
    /** Decoupled (AdamW) weight decay per step, as a fraction of lr. */
    weightDecay,
  }),
]);
export type OptimizerConfig = z.infer<typeof optimizerConfigSchema>;
export type OptimizerConfigInput = z.input<typeof optimizerConfigSchema>;
