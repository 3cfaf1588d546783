import { exportRun } from '../pipeline/export-run.ts';
import type { ImageRunRecord } from '../pipeline/run-record.ts';
import { saveRun } from '../pipeline/save-run.ts';
import type { LayersModel } from '../tf.ts';
import type { StepResult } from './steps/step-context.ts';
import type { VariantSummary } from './variant-summary.ts';

/**
 * Writes a float variant to `summary.dir` as a run folder plus its ONNX export, so `trainer export`
 * and `trainer publish` work on the folder too, and returns it as its step's result.
 */
export async function saveVariant(params: {
  model: LayersModel;
  run: ImageRunRecord;
  summary: Pick<VariantSummary, 'kind' | 'name' | 'dir' | 'variant' | 'lineage' | 'details'>;
}): Promise<StepResult> {
  const { model, run, summary } = params;
  await saveRun(summary.dir, model, run);
  const onnx = await exportRun(summary.dir, { model, exportOptions: {} });
  return {
    summary: {
      ...summary,
      onnxFile: onnx.path,
      io: { inputName: onnx.inputName, outputName: onnx.outputName, outputKind: onnx.outputKind },
      parameters: model.countParams(),
      metrics: run.metrics,
    },
    run,
    onnx,
    model,
  };
}
