import path from 'node:path';
import { buildModel } from '../../models/build-model.ts';
import type { LayersModel } from '../../tf.ts';
import { distillStudent } from '../distill-student.ts';
import { saveVariant } from '../save-variant.ts';
import type { StepContext, StepResult } from './step-context.ts';
import { stepLoopHooks } from './step-loop-hooks.ts';
import { trainedVariantMetrics } from './trained-variant-metrics.ts';
import { variantRunRecord } from './variant-run-record.ts';

/** Distils a fresh student from the teacher on the training split and saves it as `<outDir>/student`. */
export async function studentStep(context: StepContext, teacher: LayersModel): Promise<StepResult> {
  const { config, data, log } = context;
  const settings = config.student;
  const classes = data.labels.length;
  const student = buildModel(settings.architecture, data.train.imageShape, classes);
  const ratio = student.countParams() / teacher.countParams();
  log(`student: ${settings.architecture}, ${student.countParams()} parameters (1/${(1 / ratio).toFixed(0)} of the teacher), T=${settings.temperature}, alpha=${settings.alpha}`);
  if (ratio > 0.1) log(`student: warning: more than 1/10 of the teacher's parameters`);
  const result = await distillStudent(teacher, student, data.train, {
    ...settings,
    seed: context.config.seed,
    classes,
    ...stepLoopHooks(context, {
      phase: 'distil',
      model: student,
      epochs: settings.epochs,
      log: (epoch) => log(`student: epoch ${epoch.epoch} distillation loss ${epoch.loss.toFixed(4)} (${epoch.seconds.toFixed(0)} s)`),
    }),
    onProgress: ({ epoch, step, stepsPerEpoch, loss }) => log(`student: epoch ${epoch} step ${step}/${stepsPerEpoch} loss ${loss.toFixed(4)}`),
    reportEvery: 200,
  }).catch((error: unknown) => {
    // Stopped (a job's cancel): nobody else holds the model.
    student.dispose();
    throw error;
  });
  const metrics = { ...trainedVariantMetrics(context, student, result), teacherParameterRatio: ratio };
  log(`student: test accuracy ${(metrics.testAccuracy * 100).toFixed(2)}% after ${result.seconds.toFixed(0)} s`);
  const run = variantRunRecord(context, {
    name: settings.name,
    architecture: settings.architecture,
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    learningRate: settings.learningRate,
    metrics,
    extra: { method: 'distillation', learningRateDecay: settings.learningRateDecay, temperature: settings.temperature, alpha: settings.alpha, teacherPasses: result.teacherPasses },
  });
  return saveVariant({
    model: student,
    run,
    summary: {
      kind: 'student',
      name: settings.name,
      dir: path.join(context.outDir, 'student'),
      variant: { kind: 'student' },
      lineage: { temperature: settings.temperature, alpha: settings.alpha },
      details: { history: result.history, teacherPasses: result.teacherPasses },
    },
  });
}
