import path from 'node:path';
import { loadLayersModel } from '../../io/load-layers-model.ts';
import { exportRun } from '../../pipeline/export-run.ts';
import { readRunRecord } from '../../pipeline/run-record.ts';
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
    const teacherConfig = teacher.config ?? {};
    await trainRun({
      config: { ...teacherConfig, dataset: { ...teacherConfig.dataset, validationFraction: config.validationFraction ?? teacherConfig.dataset?.validationFraction } },
      name: teacher.name,
      architecture: teacher.architecture,
      epochs: teacher.epochs,
      batchSize: teacher.batchSize,
      learningRate: teacher.learningRate,
      trainLimit: config.trainLimit,
      testLimit: config.testLimit,
      seed: config.seed,
      outDir: dir,
      log: (line) => log(`teacher: ${line}`),
      onEpochEnd: (epoch) =>
        log(`teacher: epoch ${epoch.epoch} loss ${epoch.loss.toFixed(4)} validation accuracy ${(epoch.validationAccuracy * 100).toFixed(2)}% (${epoch.seconds.toFixed(0)} s)`),
    });
  }
  const run = await readRunRecord(dir);
  const onnx = await exportRun(dir);
  const model = await loadLayersModel(dir);
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
