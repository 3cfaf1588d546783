import type { ImageSplit } from '../data/dataset.ts';
import { tf, type LayersModel } from '../tf.ts';

export interface Evaluation {
  accuracy: number;
  /** Mean cross-entropy. */
  loss: number;
  samples: number;
  /** confusion[true][predicted]. */
  confusion: number[][];
  /** The model's output rows, `samples` × classes (temperature scaling is fitted on them). */
  probabilities: Float32Array;
}

/** Accuracy, loss and confusion matrix over every example of a split, in batches. */
export function evaluateModel(model: LayersModel, split: ImageSplit, classes: number, batchSize = 500): Evaluation {
  const size = split.imageShape[0] * split.imageShape[1] * split.imageShape[2];
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let correct = 0;
  let lossSum = 0;
  const all = new Float32Array(split.count * classes);
  for (let start = 0; start < split.count; start += batchSize) {
    const n = Math.min(batchSize, split.count - start);
    const probabilities = tf.tidy(() => {
      const x = tf.tensor4d(split.images.subarray(start * size, (start + n) * size), [n, ...split.imageShape]);
      return (model.predict(x) as tf.Tensor).dataSync();
    });
    all.set(probabilities, start * classes);
    for (let i = 0; i < n; i++) {
      const row = probabilities.subarray(i * classes, (i + 1) * classes);
      const label = split.labels[start + i]!;
      let best = 0;
      for (let c = 1; c < classes; c++) if (row[c]! > row[best]!) best = c;
      if (best === label) correct++;
      confusion[label]![best]!++;
      lossSum -= Math.log(Math.max(row[label]!, 1e-12));
    }
  }
  return { accuracy: correct / split.count, loss: lossSum / split.count, samples: split.count, confusion, probabilities: all };
}
