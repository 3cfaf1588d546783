import { type RunConfigInput } from '@edgeml/shared';
import path from 'node:path';
import { mergeRunConfig } from '../../config/merge-run-config.ts';
import { TrainerError } from '../../errors.ts';
import { exportRun } from '../../pipeline/export-run.ts';
import { loadRun } from '../../pipeline/load-run.ts';
import { trainRun } from '../../pipeline/train-run.ts';
import type { OptimizeConfig } from '../optimize-config.ts';
import type { StepResult } from './step-context.ts';

/** Trains the teacher with the regular training pipeline, or reuses a trained run; returns it loaded. */
export async function teacherStep(config: OptimizeConfig, outDir: string, log: (line: string) => void): Promise<StepResult> {
  const { teacher } = config;
  const dir = teacher.run ?? path.join(outDir, 'teacher');
  if (teacher.run) {
    log(`teacher: reusing the trained run in ${teacher.run}`);
  } else {
    log(`teacher: training ${teacher.architecture} for ${teacher.epochs} epoch(s)`);
    await trainRun({
      config: teacherRunConfig(config),
      outDir: dir,
      log: (line) => log(`teacher: ${line}`),
      onEpochEnd: (epoch) =>
        log(`teacher: epoch ${epoch.epoch} loss ${epoch.loss.toFixed(4)} validation accuracy ${(epoch.validationAccuracy * 100).toFixed(2)}% (${epoch.seconds.toFixed(0)} s)`),
    });
  }
  const { run, model, exportOptions } = await loadRun(dir);
  if (run.task !== 'image-classification') throw new TrainerError('invalid_argument', `the teacher run ${dir} is a ${run.task} run: trainer optimize shrinks digit models`);
  const onnx = await exportRun(dir, { model, exportOptions });
  log(`teacher: ${model.countParams()} parameters, test accuracy ${((run.metrics.testAccuracy ?? NaN) * 100).toFixed(2)}%`);
  return {
    summary: {
      kind: 'teacher',
      name: teacher.name,
      dir,
      onnxFile: onnx.path,
      io: { inputName: onnx.inputName, outputName: onnx.outputName, outputKind: onnx.outputKind },
      parameters: model.countParams(),
      metrics: run.metrics,
      variant: { kind: 'teacher' },
      details: { reused: teacher.run !== undefined, history: run.history },
    },
    run,
    onnx,
    model,
  };
}

/** The teacher's run config: its own `config`, with the teacher's fields and the pipeline's data settings over it. */
function teacherRunConfig(config: OptimizeConfig): RunConfigInput {
  const { teacher } = config;
  return mergeRunConfig(teacher.config ?? {}, {
    name: teacher.name,
    model: { architecture: teacher.architecture },
    epochs: teacher.epochs,
    batchSize: teacher.batchSize,
    optimizer: { learningRate: teacher.learningRate } as RunConfigInput['optimizer'],
    dataset: { trainLimit: config.trainLimit, testLimit: config.testLimit, validationFraction: config.validationFraction },
    seed: config.seed,
  });
}
