import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildVariantsReport } from '../variants-report/build-variants-report.ts';
import { renderVariantsReport } from '../variants-report/render-variants-report.ts';
import { writeVariantsReport } from '../variants-report/write-variants-report.ts';
import { loadRunConfig } from '../config/load-run-config.ts';
import { TrainerError } from '../errors.ts';
import { parseArchitecture } from '../models/build-model.ts';
import { parseQuantizationMode } from '../onnx/quantize/export-quantized-onnx.ts';
import type { ObjectStore } from '../publish/object-store.ts';
import { DEFAULT_OPTIMIZE_CONFIG, QUICK_OPTIMIZE_CONFIG, type OptimizeConfig } from '../shrink/optimize-config.ts';
import { runOptimizePipeline } from '../shrink/run-optimize-pipeline.ts';
import { parseBackendName, selectBackend } from '../tf.ts';
import { openStore } from './open-store.ts';

export const OPTIMIZE_USAGE = `usage: trainer optimize [options]

Trains a teacher (MNISTNet), distils a small student from it, prunes the student and exports it
as int8 ONNX; writes each to <out>/{teacher,student,pruned,int8}/ and <out>/variants.json, publishes
them (--publish) as mnist-teacher, mnist-student, mnist-pruned and mnist-int8, and writes the
variants report to reports/. At full sizes the teacher takes most of the time: MNISTNet trains
at ~440 images/s with the native kernels on 2 CPU cores (~2 min per epoch of 55,000 images; ~90
images/s, ~10 min per epoch, on wasm alone); reuse a trained teacher with --teacher-run. --quick
runs every step in about 5 minutes.

  --out DIR                 default .artifacts/optimize/<time>
  --quick                   small sizes for a smoke run (3,000 training images, few epochs)
  --seed N                  default 42
  --train-limit N           training images for every step (default all 55,000)
  --test-limit N            test images for the manifests' metrics (default all 10,000)
  --teacher-run DIR         reuse a trained run as the teacher (skips teacher training)
  --teacher-epochs N        default 3          --teacher-config FILE  run config for the teacher (as trainer train --config)
  --student-architecture A  default small-cnn  --student-epochs N     default 4
  --temperature T           default 4          --alpha A              default 0.7
  --sparsity S              default 0.5        --prune-epochs N       default 1
  --prune-scope layer|global  default global   --prune-schedule one-shot|gradual  default gradual
  --quantization auto|weights|dynamic|static  default auto: the fastest in onnxruntime-web  --calibration-samples N  default 512
  --publish                 publish every variant  --target local|r2  --persist-to .wrangler/state
  --skip-report             do not measure and write the variants report
  --backend auto|tensorflow-gpu|tensorflow|wasm|cpu`;

const OPTIONS = {
  out: { type: 'string' },
  quick: { type: 'boolean' },
  seed: { type: 'string' },
  'train-limit': { type: 'string' },
  'test-limit': { type: 'string' },
  'teacher-run': { type: 'string' },
  'teacher-epochs': { type: 'string' },
  'teacher-config': { type: 'string' },
  'student-architecture': { type: 'string' },
  'student-epochs': { type: 'string' },
  temperature: { type: 'string' },
  alpha: { type: 'string' },
  sparsity: { type: 'string' },
  'prune-epochs': { type: 'string' },
  'prune-scope': { type: 'string' },
  'prune-schedule': { type: 'string' },
  quantization: { type: 'string' },
  'calibration-samples': { type: 'string' },
  publish: { type: 'boolean' },
  target: { type: 'string' },
  'persist-to': { type: 'string' },
  'skip-report': { type: 'boolean' },
  backend: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

/** `trainer optimize`: exit 0 on success, 1 for the user's mistakes, 2 for internal faults. */
export async function runOptimizeCommand(argv: string[]): Promise<number> {
  try {
    const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true });
    if (values.help) {
      console.log(OPTIMIZE_USAGE);
      return 0;
    }
    if (values.backend) await selectBackend({ backend: parseBackendName(values.backend) });
    const config = await optimizeConfigFromFlags(values);
    const outDir = values.out ?? path.join('.artifacts', 'optimize', new Date().toISOString().replace(/[:.]/g, '-'));
    const log = (line: string) => console.error(line);
    let store: ObjectStore | undefined;
    if (values.publish) store = await openStore(values.target ?? 'local', values['persist-to']);
    let result;
    try {
      result = await runOptimizePipeline({ config, outDir, store, log });
    } finally {
      await store?.close();
    }
    console.log(`variants: ${result.file}`);
    if (!values['skip-report']) {
      const report = await buildVariantsReport(result.file, { log });
      const written = await writeVariantsReport(report);
      console.log(renderVariantsReport(report));
      console.log(`report: ${written.markdown} (${written.json})`);
    }
    return 0;
  } catch (error) {
    if (error instanceof TrainerError) {
      console.error(`trainer optimize: ${error.message}`);
      return error.isUserError ? 1 : 2;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`trainer optimize: ${error.message}\n${OPTIMIZE_USAGE}`);
      return 1;
    }
    console.error(`trainer optimize: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 2;
  }
}

/** The default (or --quick) config with the flags applied. */
export async function optimizeConfigFromFlags(values: Values): Promise<OptimizeConfig> {
  const base = values.quick ? QUICK_OPTIMIZE_CONFIG : DEFAULT_OPTIMIZE_CONFIG;
  const int = (flag: keyof Values) => parseNumber(values[flag] as string | undefined, flag, (n) => Number.isInteger(n) && n > 0, 'a positive integer');
  const share = (flag: keyof Values, max: number) => parseNumber(values[flag] as string | undefined, flag, (n) => n >= 0 && n <= max, `a number in [0, ${max}]`);
  const count = (flag: keyof Values) => parseNumber(values[flag] as string | undefined, flag, (n) => Number.isInteger(n) && n >= 0, 'a non-negative integer');
  const positive = (flag: keyof Values) => parseNumber(values[flag] as string | undefined, flag, (n) => n > 0, 'a positive number');
  const oneOf = <T extends string>(flag: keyof Values, allowed: readonly T[]): T | undefined => {
    const value = values[flag] as string | undefined;
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) throw new TrainerError('invalid_argument', `--${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
    return value as T;
  };
  const sparsity = share('sparsity', 0.99);
  return {
    ...base,
    seed: count('seed') ?? base.seed,
    trainLimit: int('train-limit') ?? base.trainLimit,
    testLimit: int('test-limit') ?? base.testLimit,
    teacher: {
      ...base.teacher,
      run: values['teacher-run'] ?? base.teacher.run,
      epochs: int('teacher-epochs') ?? base.teacher.epochs,
      config: values['teacher-config'] ? await loadRunConfig(values['teacher-config']) : base.teacher.config,
    },
    student: {
      ...base.student,
      architecture: values['student-architecture'] ? parseArchitecture(values['student-architecture']) : base.student.architecture,
      epochs: int('student-epochs') ?? base.student.epochs,
      temperature: positive('temperature') ?? base.student.temperature,
      alpha: share('alpha', 1) ?? base.student.alpha,
    },
    pruned: {
      ...base.pruned,
      sparsity: sparsity ?? base.pruned.sparsity,
      epochs: count('prune-epochs') ?? base.pruned.epochs,
      scope: oneOf('prune-scope', ['layer', 'global'] as const) ?? base.pruned.scope,
      schedule: oneOf('prune-schedule', ['one-shot', 'gradual'] as const) ?? base.pruned.schedule,
    },
    int8: {
      ...base.int8,
      mode: values.quantization === 'auto' ? 'auto' : values.quantization ? parseQuantizationMode(values.quantization) : base.int8.mode,
      calibrationSamples: int('calibration-samples') ?? base.int8.calibrationSamples,
    },
  };
}

function parseNumber(value: string | undefined, flag: string, valid: (n: number) => boolean, expected: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !valid(n)) throw new TrainerError('invalid_argument', `--${flag} must be ${expected}, got "${value}"`);
  return n;
}
