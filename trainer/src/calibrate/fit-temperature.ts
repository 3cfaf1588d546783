import { expectedCalibrationError } from './expected-calibration-error.ts';

/** T is searched in [1/4, 8] (on a log scale) to this precision in log T. */
const LOG_RANGE: [number, number] = [Math.log(0.25), Math.log(8)];
const TOLERANCE = 1e-4;

export interface TemperatureFit {
  temperature: number;
  /** Expected calibration error on the same examples before (T = 1) and after scaling. */
  ece: number;
  eceCalibrated: number;
}

/**
 * Temperature scaling (Guo et al., 2017): the single T > 0 that minimises the mean cross-entropy
 * of softmax(log p / T) on held-out examples (`probabilities`, rows of `classes`, and their
 * labels). Dividing all logits by one T never changes the top class, only how sure it is; log p
 * stands for the logits of a model that ends in softmax (they differ by a per-row constant).
 * Golden-section search: the loss is convex in 1/T.
 */
export function fitTemperature(probabilities: Float32Array, labels: ArrayLike<number>, classes: number): TemperatureFit {
  const logits = probabilities.map((p) => Math.log(Math.max(p, 1e-30)));
  const loss = (logT: number) => crossEntropy(logits, labels, classes, Math.exp(logT));
  const ratio = (Math.sqrt(5) - 1) / 2;
  let [low, high] = LOG_RANGE;
  let a = high - ratio * (high - low);
  let b = low + ratio * (high - low);
  let lossA = loss(a);
  let lossB = loss(b);
  while (high - low > TOLERANCE) {
    if (lossA < lossB) {
      [high, b, lossB] = [b, a, lossA];
      a = high - ratio * (high - low);
      lossA = loss(a);
    } else {
      [low, a, lossA] = [a, b, lossB];
      b = low + ratio * (high - low);
      lossB = loss(b);
    }
  }
  const temperature = Math.exp((low + high) / 2);
  return {
    temperature,
    ece: expectedCalibrationError(topAnswers(logits, labels, classes, 1)),
    eceCalibrated: expectedCalibrationError(topAnswers(logits, labels, classes, temperature)),
  };
}

function crossEntropy(logits: Float32Array, labels: ArrayLike<number>, classes: number, temperature: number): number {
  let sum = 0;
  for (let row = 0; row < labels.length; row++) {
    const offset = row * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[offset + c]! / temperature);
    let total = 0;
    for (let c = 0; c < classes; c++) total += Math.exp(logits[offset + c]! / temperature - max);
    sum += Math.log(total) + max - logits[offset + labels[row]!]! / temperature;
  }
  return sum / labels.length;
}

function topAnswers(logits: Float32Array, labels: ArrayLike<number>, classes: number, temperature: number): Array<[number, boolean]> {
  return Array.from({ length: labels.length }, (_, row) => {
    const offset = row * classes;
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits[offset + c]! > logits[offset + best]!) best = c;
    let total = 0;
    for (let c = 0; c < classes; c++) total += Math.exp((logits[offset + c]! - logits[offset + best]!) / temperature);
    return [1 / total, best === labels[row]];
  });
}
