import { normalizePixels } from '@edgeml/shared';
import type { ImageSplit } from '../data/dataset.ts';
import { MNIST_PREPROCESSING } from '../data/load-mnist.ts';
import { capFeedbackShare } from './cap-feedback-share.ts';
import type { LabelledPixels } from './labelled-pixels.ts';

/**
 * The challenger's training set: the trusted MNIST slice plus as much feedback as `maxShare`
 * allows (feedback normalised with the same shared function the edge applies to JSON pixels).
 */
export function buildRetrainSet(base: ImageSplit, feedback: readonly LabelledPixels[], maxShare: number): { train: ImageSplit; feedbackKept: number; feedbackDropped: number } {
  const { kept, dropped } = capFeedbackShare(feedback, base.count, maxShare);
  const size = base.imageShape[0] * base.imageShape[1] * base.imageShape[2];
  const images = new Float32Array((base.count + kept.length) * size);
  const labels = new Uint8Array(base.count + kept.length);
  images.set(base.images);
  labels.set(base.labels);
  kept.forEach((example, i) => {
    images.set(normalizePixels(example.pixels, 255, MNIST_PREPROCESSING), (base.count + i) * size);
    labels[base.count + i] = example.label;
  });
  return { train: { images, labels, count: labels.length, imageShape: base.imageShape }, feedbackKept: kept.length, feedbackDropped: dropped };
}
