import type { ImageSplit } from '../data/dataset.ts';
import { tf, type LayersModel } from '../tf.ts';
import { DEFAULT_DISTILLATION, distillationLoss, type DistillationSettings } from './distillation-loss.ts';
import { modelLogits } from './model-logits.ts';
import { runTrainingLoop, type TrainingLoopOptions, type TrainingLoopResult } from './run-training-loop.ts';

export interface DistillStudentOptions extends Partial<DistillationSettings>, Omit<TrainingLoopOptions, 'makeLoss' | 'afterStep'> {}

export interface DistillationResult extends TrainingLoopResult {
  settings: DistillationSettings;
  /** Teacher forward passes run (each training example once: later epochs reuse its logits). */
  teacherPasses: number;
}

/**
 * Trains `student` on `split` with the distillation loss against `teacher`'s logits. The teacher
 * runs once per batch outside the gradient tape, in inference mode; as it is deterministic and the
 * images are not augmented, each example's logits are kept and later epochs reuse them.
 */
export async function distillStudent(teacher: LayersModel, student: LayersModel, split: ImageSplit, options: DistillStudentOptions): Promise<DistillationResult> {
  const settings: DistillationSettings = {
    temperature: options.temperature ?? DEFAULT_DISTILLATION.temperature,
    alpha: options.alpha ?? DEFAULT_DISTILLATION.alpha,
  };
  const { classes } = options;
  const teacherLogits = modelLogits(teacher);
  const studentLogits = modelLogits(student);
  const cache = new Float32Array(split.count * classes);
  const cached = new Uint8Array(split.count);
  let teacherPasses = 0;

  const teacherBatch = (x: tf.Tensor4D, indices: Uint32Array): tf.Tensor2D => {
    if (!indices.every((index) => cached[index] === 1)) {
      const values = tf.tidy(() => teacherLogits(x, false).dataSync() as Float32Array);
      indices.forEach((index, row) => {
        cache.set(values.subarray(row * classes, (row + 1) * classes), index * classes);
        cached[index] = 1;
      });
      teacherPasses += indices.length;
    }
    const rows = new Float32Array(indices.length * classes);
    indices.forEach((index, row) => rows.set(cache.subarray(index * classes, (index + 1) * classes), row * classes));
    return tf.tensor2d(rows, [indices.length, classes]);
  };

  const result = await runTrainingLoop(student, split, {
    ...options,
    makeLoss: ({ x, y, indices }) => {
      const soft = teacherBatch(x, indices);
      return () => {
        const logits = studentLogits(x, true);
        return { loss: distillationLoss(logits, soft, y, settings), logits };
      };
    },
  });
  return { ...result, settings, teacherPasses };
}
