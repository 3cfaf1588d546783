import { describe, expect, it } from 'vitest';
import { createRandom } from '../data/shuffled-indices.ts';
import { expectedCalibrationError } from './expected-calibration-error.ts';
import { fitTemperature } from './fit-temperature.ts';

/** 4,000 rows of 10 classes: labels drawn from softmax(logits) (so softmax(logits) is calibrated), probabilities softmax(sharpen × logits). */
function rows(sharpen: number): { probabilities: Float32Array; labels: Uint8Array } {
  const random = createRandom(3);
  const count = 4000;
  const probabilities = new Float32Array(count * 10);
  const labels = new Uint8Array(count);
  const softmax = (logits: number[], t: number) => {
    const max = Math.max(...logits);
    const exps = logits.map((l) => Math.exp(t * (l - max)));
    const total = exps.reduce((a, b) => a + b, 0);
    return exps.map((e) => e / total);
  };
  for (let row = 0; row < count; row++) {
    const logits = Array.from({ length: 10 }, (_, c) => (c === row % 10 ? 3 : 0) + 2 * random());
    const truth = softmax(logits, 1);
    let draw = random();
    const drawn = truth.findIndex((p) => (draw -= p) < 0);
    labels[row] = drawn < 0 ? 9 : drawn;
    softmax(logits, sharpen).forEach((p, c) => (probabilities[row * 10 + c] = p));
  }
  return { probabilities, labels };
}

describe('fitTemperature', () => {
  it('finds T ≈ 1 for calibrated outputs and undoes over-confidence (T ≈ the sharpening), lowering the ECE', () => {
    const calibrated = rows(1);
    expect(fitTemperature(calibrated.probabilities, calibrated.labels, 10).temperature).toBeCloseTo(1, 1);
    const overconfident = rows(3);
    const fit = fitTemperature(overconfident.probabilities, overconfident.labels, 10);
    expect(fit.temperature).toBeGreaterThan(2.5);
    expect(fit.temperature).toBeLessThan(3.5);
    expect(fit.ece).toBeGreaterThan(0.1);
    expect(fit.eceCalibrated).toBeLessThan(0.04);
  });
});

describe('expectedCalibrationError', () => {
  it('is 0 when confidence matches accuracy and the gap when it does not', () => {
    const half = Array.from({ length: 100 }, (_, i): [number, boolean] => [0.5, i % 2 === 0]);
    expect(expectedCalibrationError(half)).toBeCloseTo(0, 6);
    const sure = Array.from({ length: 100 }, (_, i): [number, boolean] => [0.99, i % 2 === 0]);
    expect(expectedCalibrationError(sure)).toBeCloseTo(0.49, 6);
  });
});
