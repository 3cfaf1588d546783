import { TEXT_ARCHITECTURES } from '@edgeml/shared';
import path from 'node:path';
import { parseBackendName } from '../tf.ts';
import type { Int8TextRun } from '../text/export-int8-text-run.ts';
import { INT8_ONNX_FILE, trainTextRun } from '../text/train-text-run.ts';
import { BACKEND_FLAG, MODEL_FLAG, STORE_FLAGS } from './common-flags.ts';
import { defineCommand } from './define-command.ts';
import { integerFlag } from './flag-spec.ts';
import { openStore } from './open-store.ts';
import { createTrainingProgress } from './progress.ts';

export const textCommand = defineCommand({
  name: 'text train',
  description: `Trains a text classifier and writes a run folder <out>/ as \`trainer train\` does (model.json, weights.bin,
run.json, curves.svg) with vocabulary.json and model.onnx; \`trainer publish --run <out>\` publishes it.`,
  flags: {
    data: { type: 'string', placeholder: 'spam|FILE.csv|FILE.jsonl', default: 'spam', help: 'spam: the SpamAssassin corpus; a file of text,label rows' },
    arch: { type: 'enum', values: TEXT_ARCHITECTURES, default: 'pooled', help: 'lstm and transformer train ~10x slower on CPU' },
    blocks: { ...integerFlag(1, 2), default: 1, help: 'transformer encoder blocks' },
    model: { ...MODEL_FLAG, help: 'model name (default spam, or the file\'s base name)' },
    out: { type: 'string', placeholder: 'DIR', help: 'run folder (default .artifacts/text/<time>)' },
    epochs: { ...integerFlag(1), default: 4, help: 'training epochs' },
    'batch-size': { ...integerFlag(1), default: 64, help: 'training batch size' },
    'vocab-size': { ...integerFlag(1), default: 8000, aliases: ['vocab'], help: 'vocabulary size in tokens' },
    'max-length': { ...integerFlag(1), default: 200, help: 'tokens per text' },
    seed: { ...integerFlag(0), default: 42, help: 'seeds the split and initial weights' },
    backend: {
      ...BACKEND_FLAG,
      help: 'default $EDGEML_TF_BACKEND, else auto: the fastest that loads (wasm with the native\nkernels beat cpu 2-100x on every text row of bench:train; the GPU image sets tensorflow-gpu)',
    },
    int8: {
      type: 'boolean',
      help: `also write an int8 variant (weights and embedding table int8) to <out>/${INT8_ONNX_FILE},\nmeasured against float on the test split; kept only within 0.3 points`,
    },
    publish: { type: 'boolean', help: 'then publish the run (model + vocabulary) as the production version\n(with --int8: the float version, then the int8 one as production)' },
    ...STORE_FLAGS,
  },
  async run(values, env) {
    const { epochs } = values;
    const outDir = values.out ?? path.join('.artifacts', 'text', new Date().toISOString().replace(/[-:.]/g, ''));
    const store = values.publish ? await openStore(values.target, values['persist-to']) : undefined;
    const progress = createTrainingProgress();
    let run;
    try {
      run = await trainTextRun({
        data: values.data,
        architecture: values.arch,
        blocks: values.blocks,
        name: values.model,
        outDir,
        epochs,
        batchSize: values['batch-size'],
        vocabularySize: values['vocab-size'],
        maxLength: values['max-length'],
        seed: values.seed,
        // EDGEML_TF_BACKEND as image training honours it: in the GPU image it is tensorflow-gpu, and text must not fall back to cpu there.
        backend: parseBackendName(values.backend ?? env.EDGEML_TF_BACKEND ?? 'auto'),
        int8: values.int8,
        store,
        onBatchEnd: progress.onBatchEnd,
        onEpochEnd: progress.onEpochEnd,
        log: (line: string) => console.error(line),
      });
    } finally {
      progress.stop();
      await store?.close();
    }
    console.log(`test accuracy ${(run.record.metrics.testAccuracy! * 100).toFixed(2)}% on ${run.record.metrics.testSamples} texts; wrote ${outDir}`);
    if (run.int8) {
      const figures = (e: Int8TextRun['float']): string => `${(e.accuracy * 100).toFixed(2)}% test accuracy, ${e.bytes} bytes`;
      console.log(`onnxruntime-node on ${run.int8.float.samples} test texts: float ${figures(run.int8.float)}; int8 ${figures(run.int8.int8)}`);
      console.log(run.int8.kept ? `wrote ${path.join(outDir, INT8_ONNX_FILE)}` : `int8 loses ${run.int8.lostPoints.toFixed(2)} points (> 0.3): not kept`);
    }
    for (const manifest of run.published) console.log(`published ${manifest.name}@${manifest.version}${manifest.variant ? ` (${manifest.variant.kind})` : ''}`);
  },
});
