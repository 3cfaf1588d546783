import type { LayersModel } from '../../tf.ts';
import { evaluateModel } from '../../train/evaluate-model.ts';
import type { TrainingLoopResult } from '../run-training-loop.ts';
import type { StepContext } from './step-context.ts';

/** A float variant's metrics once trained: test and validation figures, training time and size. */
export function trainedVariantMetrics(context: StepContext, model: LayersModel, result: TrainingLoopResult) {
  const { data } = context;
  const test = evaluateModel(model, data.test, data.labels.length);
  const validation = evaluateModel(model, data.validation, data.labels.length);
  return {
    testAccuracy: test.accuracy,
    testLoss: test.loss,
    testSamples: test.samples,
    validationAccuracy: validation.accuracy,
    trainSeconds: result.seconds,
    samplesPerSecond: result.samplesPerSecond,
    parameters: model.countParams(),
  };
}
