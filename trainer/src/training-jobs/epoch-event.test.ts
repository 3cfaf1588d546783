import { trainingEventSchema } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { epochEvent } from './epoch-event.ts';

const log = (epoch: number, seconds: number) => ({ epoch, loss: 0.5, accuracy: 0.8, validationLoss: 0.6, validationAccuracy: 0.75, learningRate: 0.005, seconds });

describe('epochEvent', () => {
  it('reports throughput from the epoch and the rest of the phase at the mean pace so far', () => {
    const history = [log(1, 2), log(2, 4)];
    const event = epochEvent({ log: history[1]!, history, epochs: 5, examples: 800, phase: 'train', at: new Date('2026-12-03T18:00:00Z') });
    expect(event).toMatchObject({ type: 'epoch', epoch: 2, epochs: 5, samplesPerSecond: 200, etaSeconds: 9, learningRate: 0.005, validationAccuracy: 0.75 });
    expect(trainingEventSchema.parse(event)).toEqual(event);
  });

  it('leaves out validation figures that are not numbers and keeps accuracy within [0, 1]', () => {
    const event = epochEvent({ log: { ...log(3, 1), accuracy: 1.0000001, validationLoss: Number.NaN }, history: [log(3, 1)], epochs: 3, examples: 10, phase: 'distil', at: new Date() });
    expect(event.validationLoss).toBeUndefined();
    expect(event.accuracy).toBe(1);
    expect(event.etaSeconds).toBe(0);
    expect(trainingEventSchema.safeParse(event).success).toBe(true);
  });
});
