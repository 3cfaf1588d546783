import { predictionSchema } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { EdgeError } from '../errors/edge-error.ts';
import { testManifest } from '../testdata/test-manifest.ts';
import { toPredictions } from './to-predictions.ts';

function oneHotish(best: number, second: number): number[] {
  const row = new Array<number>(10).fill(0.01);
  row[best] = 0.82;
  row[second] = 0.1;
  return row;
}

describe('toPredictions', () => {
  it('ranks each row and returns the best label, the top k and all probabilities', () => {
    const output = new Float32Array([...oneHotish(7, 1), ...oneHotish(3, 8)]);
    const predictions = toPredictions(output, 2, testManifest(), 2);
    expect(predictions.map((p) => predictionSchema.parse(p))).toHaveLength(2);
    expect(predictions[0]).toMatchObject({ label: '7', index: 7 });
    expect(predictions[0]!.confidence).toBeCloseTo(0.82, 6);
    expect(predictions[0]!.top.map((t) => t.index)).toEqual([7, 1]);
    expect(predictions[1]!.top.map((t) => t.label)).toEqual(['3', '8']);
    expect(predictions[1]!.probabilities).toHaveLength(10);
  });

  it('applies softmax to a logits output', () => {
    const logits = new Float32Array(10);
    logits[4] = 5;
    const [prediction] = toPredictions(logits, 1, testManifest({ output: { name: 'logits', kind: 'logits' } }));
    expect(prediction!.index).toBe(4);
    expect(prediction!.confidence).toBeCloseTo(Math.exp(5) / (Math.exp(5) + 9), 5);
    expect(prediction!.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('applies the manifest temperature to logits and to a probabilities graph alike', () => {
    const logits = new Float32Array(10);
    logits[4] = 6;
    const expected = Math.exp(3) / (Math.exp(3) + 9);
    const [fromLogits] = toPredictions(logits, 1, testManifest({ output: { name: 'logits', kind: 'logits', temperature: 2 } }));
    expect(fromLogits!.confidence).toBeCloseTo(expected, 5);
    const probabilities = Float32Array.from(logits, (l) => Math.exp(l) / (Math.exp(6) + 9));
    const [fromProbabilities] = toPredictions(probabilities, 1, testManifest({ output: { name: 'probabilities', kind: 'probabilities', temperature: 2 } }));
    expect(fromProbabilities!.index).toBe(4);
    expect(fromProbabilities!.confidence).toBeCloseTo(expected, 5);
  });

  it('refuses an output that does not fit the labels', () => {
    expect(() => toPredictions(new Float32Array(9), 1, testManifest())).toThrow(EdgeError);
  });

  it('refuses NaN probabilities', () => {
    const output = new Float32Array(10).fill(Number.NaN);
    expect(() => toPredictions(output, 1, testManifest())).toThrow(/NaN/);
  });
});
