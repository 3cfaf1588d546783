import { trainingCurvesSchema } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import type { EpochLog } from '../train/epoch-log.ts';
import { toTrainingCurves } from './to-training-curves.ts';

const history: EpochLog[] = [
  { epoch: 1, loss: 0.9, accuracy: 0.7, validationLoss: 0.5, validationAccuracy: 0.85, learningRate: 0.002, seconds: 10, gradientNorm: 1.5, clippedBatches: 2 },
  { epoch: 2, loss: 0.4, accuracy: 0.88, validationLoss: NaN, validationAccuracy: NaN, learningRate: 0.001, seconds: 9.5 },
];

describe('toTrainingCurves', () => {
  it('keeps the plotted values per epoch, with unmeasured (NaN) values as null so the JSON is valid', () => {
    const curves = toTrainingCurves(history);
    expect(curves.epochs).toEqual([
      { epoch: 1, loss: 0.9, accuracy: 0.7, validationLoss: 0.5, validationAccuracy: 0.85, learningRate: 0.002, seconds: 10 },
      { epoch: 2, loss: 0.4, accuracy: 0.88, validationLoss: null, validationAccuracy: null, learningRate: 0.001, seconds: 9.5 },
    ]);
    expect(trainingCurvesSchema.parse(JSON.parse(JSON.stringify(curves)))).toEqual(curves);
  });
});
