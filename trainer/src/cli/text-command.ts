import path from 'node:path';
import { parseArgs } from 'node:util';
import { TrainerError } from '../errors.ts';
import { parseBackendName } from '../tf.ts';
import type { TextArchitecture } from '../text/build-text-model.ts';
import type { Int8TextRun } from '../text/export-int8-text-run.ts';
import { INT8_ONNX_FILE, trainTextRun } from '../text/train-text-run.ts';
import type { EpochLog } from '../train/epoch-log.ts';
import { openStore } from './open-store.ts';

export const TEXT_USAGE = `usage: trainer text train [options]

Trains a text classifier and writes a run folder <out>/ as \`trainer train\` does (model.json, weights.bin,
run.json, curves.svg) with vocabulary.json and model.onnx; \`trainer publish --run <out>\` publishes it.
  --data spam|FILE.csv|FILE.jsonl  spam: the SpamAssassin corpus; a file of text,label rows
  --arch pooled|lstm|transformer   default pooled (lstm and transformer train ~10x slower on CPU)
  --blocks 1|2                     transformer encoder blocks (default 1)
  --name NAME                      default spam (or the file's base name)
  --out DIR                        default .artifacts/text/<time>
  --epochs N (4)  --batch-size N (64)  --vocab N (8000)  --max-length N (200)  --seed N (42)
  --backend cpu|tensorflow|...     default $EDGEML_TF_BACKEND, else cpu (faster than wasm for text: a 1-epoch
                                   transformer took 900 s on cpu, 1,320 s on wasm; the GPU image sets tensorflow-gpu)
  --int8                           also write an int8 variant (weights and embedding table int8) to <out>/model-int8.onnx,
                                   measured against float on the test split; kept only within 0.3 points
  --publish                        then publish the run (model + vocabulary) as the production version
                                   (with --int8: the float version, then the int8 one as production)
  --target local|r2                where --publish writes (default local)
  --persist-to DIR                 local R2 state folder, as wrangler dev --persist-to`;

const OPTIONS = {
  data: { type: 'string' },
  arch: { type: 'string' },
  blocks: { type: 'string' },
  name: { type: 'string' },
  out: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  vocab: { type: 'string' },
  'max-length': { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  int8: { type: 'boolean' },
  publish: { type: 'boolean' },
  target: { type: 'string' },
  'persist-to': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `trainer text …`; returns the exit code (1 for the caller's mistakes, 2 for internal faults). */
export async function runTextCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    if (values.help || positionals[0] !== 'train') {
      console.log(TEXT_USAGE);
      return values.help ? 0 : 1;
    }
    // Checked before training, so a typo does not cost a training run.
    if (values.target !== undefined && !['local', 'r2'].includes(values.target)) throw new TrainerError('invalid_argument', `unknown --target "${values.target}": use local or r2`);
    const epochs = integer(values.epochs, 4, '--epochs');
    const options = {
      data: values.data ?? 'spam',
      architecture: (values.arch ?? 'pooled') as TextArchitecture,
      blocks: integer(values.blocks, 1, '--blocks'),
      name: values.name,
      outDir: values.out ?? path.join('.artifacts', 'text', new Date().toISOString().replace(/[-:.]/g, '')),
      epochs,
      batchSize: integer(values['batch-size'], 64, '--batch-size'),
      vocabularySize: integer(values.vocab, 8000, '--vocab'),
      maxLength: integer(values['max-length'], 200, '--max-length'),
      seed: integer(values.seed, 42, '--seed'),
      // EDGEML_TF_BACKEND as image training honours it: in the GPU image it is tensorflow-gpu, and text must not fall back to cpu there.
      backend: parseBackendName(values.backend ?? env.EDGEML_TF_BACKEND ?? 'cpu'),
      int8: values.int8,
      onEpochEnd: (log: EpochLog) => console.error(`epoch ${log.epoch}/${epochs}: loss ${log.loss.toFixed(4)} val_acc ${log.validationAccuracy.toFixed(4)}`),
      log: (line: string) => console.error(line),
    };
    const store = values.publish ? await openStore(values.target ?? 'local', values['persist-to']) : undefined;
    let run;
    try {
      run = await trainTextRun({ ...options, store });
    } finally {
      await store?.close();
    }
    console.log(`test accuracy ${(run.record.metrics.testAccuracy! * 100).toFixed(2)}% on ${run.record.metrics.testSamples} texts; wrote ${options.outDir}`);
    if (run.int8) {
      const figures = (e: Int8TextRun['float']): string => `${(e.accuracy * 100).toFixed(2)}% test accuracy, ${e.bytes} bytes`;
      console.log(`onnxruntime-node on ${run.int8.float.samples} test texts: float ${figures(run.int8.float)}; int8 ${figures(run.int8.int8)}`);
      console.log(run.int8.kept ? `wrote ${path.join(options.outDir, INT8_ONNX_FILE)}` : `int8 loses ${run.int8.lostPoints.toFixed(2)} points (> 0.3): not kept`);
    }
    for (const manifest of run.published) console.log(`published ${manifest.name}@${manifest.version}${manifest.variant ? ` (${manifest.variant.kind})` : ''}`);
    return 0;
  } catch (error) {
    if (error instanceof TrainerError) {
      console.error(`trainer: ${error.message}`);
      return error.isUserError ? 1 : 2;
    }
    if (error instanceof TypeError && 'code' in error) {
      console.error(`trainer: ${error.message}`);
      return 1;
    }
    console.error(`trainer: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 2;
  }
}

function integer(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new TrainerError('invalid_argument', `${flag} must be a whole number ≥ 1, not "${value}"`);
  return parsed;
}
