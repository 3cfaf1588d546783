import { exportRun, type ExportedRun } from '../pipeline/export-run.ts';
import type { RunRecord } from '../pipeline/run-record.ts';
import { saveRun } from '../pipeline/save-run.ts';
import type { LayersModel } from '../tf.ts';

/** Writes a float variant as a run folder plus its ONNX export, so `trainer export` and `trainer publish` work on the folder too. */
export async function saveVariant(dir: string, model: LayersModel, record: RunRecord): Promise<ExportedRun> {
  await saveRun(dir, model, record);
  return exportRun(dir, { model, exportOptions: {} });
}
