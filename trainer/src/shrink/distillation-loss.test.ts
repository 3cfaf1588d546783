import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, tf } from '../tf.ts';
import { distillationLoss } from './distillation-loss.ts';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
});

const softmax = (row: number[], temperature = 1): number[] => {
  const scaled = row.map((v) => v / temperature);
  const max = Math.max(...scaled);
  const exps = scaled.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
};

/** The loss written out term by term in float64. */
function byHand(student: number[][], teacher: number[][], labels: number[], temperature: number, alpha: number): number {
  let kl = 0;
  let crossEntropy = 0;
  student.forEach((s, i) => {
    const p = softmax(teacher[i]!, temperature);
    const q = softmax(s, temperature);
    kl += p.reduce((sum, pk, k) => sum + pk * Math.log(pk / q[k]!), 0);
    crossEntropy -= Math.log(softmax(s)[labels[i]!]!);
  });
  const n = student.length;
  return alpha * temperature ** 2 * (kl / n) + (1 - alpha) * (crossEntropy / n);
}

describe('distillationLoss', () => {
  const student = [
    [2.0, -1.0, 0.5, 0.0],
    [-0.3, 1.7, 0.2, -2.2],
    [0.1, 0.1, 3.0, -1.0],
  ];
  const teacher = [
    [4.0, -2.0, 1.0, -1.0],
    [-1.0, 6.0, 0.5, -3.0],
    [0.0, 2.0, 5.0, -4.0],
  ];
  const labels = [0, 1, 2];
  const oneHot = (classes: number) => tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat() as tf.Tensor2D;

  it.each([
    [4, 0.7],
    [1, 0.5],
    [2.5, 1],
    [4, 0],
  ])('matches a hand computation at T=%d, alpha=%d', (temperature, alpha) => {
    const loss = tf.tidy(() => distillationLoss(tf.tensor2d(student), tf.tensor2d(teacher), oneHot(4), { temperature, alpha }).dataSync()[0]!);
    expect(loss).toBeCloseTo(byHand(student, teacher, labels, temperature, alpha), 5);
  });

  it('has no soft term when the student already matches the teacher', () => {
    const loss = tf.tidy(() => distillationLoss(tf.tensor2d(teacher), tf.tensor2d(teacher), oneHot(4), { temperature: 4, alpha: 1 }).dataSync()[0]!);
    expect(Math.abs(loss)).toBeLessThan(1e-6);
  });

  it('stays finite for very confident logits', () => {
    const loss = tf.tidy(() => distillationLoss(tf.tensor2d([[200, -200, 0, 0]]), tf.tensor2d([[-300, 300, 0, 0]]), tf.tensor2d([[1, 0, 0, 0]])).dataSync()[0]!);
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeGreaterThan(100);
  });
});
