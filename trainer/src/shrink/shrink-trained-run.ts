import type { Architecture, ModelManifest } from '@edgeml/shared';
import type { ImageDataset } from '../data/dataset.ts';
import { buildVersion, type BuiltVersion } from '../pipeline/build-version.ts';
import { selectBackend } from '../tf.ts';
import { INT8_MAX_LOST_POINTS } from './choose-int8-export.ts';
import { DEFAULT_OPTIMIZE_CONFIG, type OptimizeConfig } from './optimize-config.ts';
import { pruneStep } from './steps/prune-step.ts';
import { quantizeStep } from './steps/quantize-step.ts';
import type { StepContext, StepJobHooks, StepResult } from './steps/step-context.ts';
import { studentStep } from './steps/student-step.ts';
import { teacherStep } from './steps/teacher-step.ts';

export interface ShrinkTrainedRunParams {
  /** The trained run folder: the teacher, and the model published when nothing shrinks it. */
  runDir: string;
  /** The data the run trained on: every step trains and is measured on it. */
  data: ImageDataset;
  /** Where the steps write their folders (`student/`, `pruned/`, `int8/`). */
  outDir: string;
  /** The model the version is published under. */
  name: string;
  seed: number;
  batchSize: number;
  /** Epochs default to `trainer optimize`'s (4 to distil, 1 to fine-tune the pruned model). */
  distil?: { architecture: Architecture; epochs?: number };
  prune?: { sparsity: number; epochs?: number };
  int8: boolean;
  job?: StepJobHooks;
  log: (line: string) => void;
}

export interface ShrunkRun {
  version: BuiltVersion<ModelManifest>;
  /** Each step's architecture, parameters, test accuracy and ONNX bytes; the pruned sparsity and the int8 figures. */
  report: Record<string, unknown>;
}

/**
 * A trained image run made ready to publish as a training job asks, by `trainer optimize`'s steps on
 * the job's own data: distilled into a student, pruned (the student, else the run's model), then int8
 * when it keeps accuracy within INT8_MAX_LOST_POINTS (as `npm start` publishes). The version is the
 * last step's, with its variant (student, pruned, quantized) in the manifest.
 */
export async function shrinkTrainedRun(params: ShrinkTrainedRunParams): Promise<ShrunkRun> {
  const config = optimizeConfig(params);
  const context: StepContext = { config, outDir: params.outDir, data: params.data, backend: await selectBackend(), log: params.log, ...(params.job ? { job: params.job } : {}) };
  const made: StepResult[] = [];
  try {
    const teacher = await teacherStep(config, params.outDir, params.log);
    made.push(teacher);
    const student = params.distil ? await studentStep(context, teacher.model!) : undefined;
    if (student) made.push(student);
    const pruned = params.prune ? await pruneStep(context, student ?? teacher) : undefined;
    if (pruned) made.push(pruned);
    const float = pruned ?? student ?? teacher;
    const int8 = params.int8 ? await quantizeStep(context, { ...float, model: float.model! }) : undefined;
    const last = int8 ?? float;
    // int8 arithmetic is not tfjs's: without the tfjs model, onnxruntime-node cross-checks its golden vectors.
    const version = await buildVersion({
      source: int8 ? { onnx: int8.onnx } : { onnx: float.onnx, model: float.model! },
      run: last.run,
      name: params.name,
      ...(last === teacher ? {} : { variant: last.summary.variant }),
    });
    const sparsity = pruned?.summary.variant.sparsity;
    return {
      version,
      report: {
        teacher: figures(teacher),
        ...(student ? { distil: figures(student) } : {}),
        ...(pruned && sparsity ? { prune: { ...figures(pruned), sparsity: sparsity.achieved, target: sparsity.target } } : {}),
        ...(params.int8
          ? { int8: { kept: int8 !== undefined, floatAccuracy: float.summary.metrics.testAccuracy, floatBytes: float.onnx.bytes.length, ...(int8 ? { int8Accuracy: int8.summary.metrics.testAccuracy, int8Bytes: int8.onnx.bytes.length } : {}) } }
          : {}),
        result: figures(last),
      },
    };
  } finally {
    for (const result of made) result.model?.dispose();
  }
}

/** `trainer optimize`'s settings with the job's: its run as the teacher, its names, seed, batch size, student, sparsity and the int8 rule. */
function optimizeConfig(params: ShrinkTrainedRunParams): OptimizeConfig {
  const base = DEFAULT_OPTIMIZE_CONFIG;
  const { name, batchSize } = params;
  return {
    ...base,
    seed: params.seed,
    teacher: { ...base.teacher, name, run: params.runDir },
    student: { ...base.student, name, batchSize, architecture: params.distil?.architecture ?? base.student.architecture, epochs: params.distil?.epochs ?? base.student.epochs },
    pruned: { ...base.pruned, name, batchSize, sparsity: params.prune?.sparsity ?? base.pruned.sparsity, epochs: params.prune?.epochs ?? base.pruned.epochs },
    int8: { ...base.int8, name, maxLostPoints: INT8_MAX_LOST_POINTS },
  };
}

function figures(result: StepResult) {
  return { architecture: result.run.training.architecture, parameters: result.summary.parameters, testAccuracy: result.summary.metrics.testAccuracy, bytes: result.onnx.bytes.length };
}
