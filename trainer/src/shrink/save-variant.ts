import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { saveLayersModel } from '../io/save-layers-model.ts';
import { exportOnnx } from '../onnx/export-onnx.ts';
import type { ExportedRun } from '../pipeline/export-run.ts';
import { writeRunRecord, type RunRecord } from '../pipeline/run-record.ts';
import type { LayersModel } from '../tf.ts';

/**
 * Writes a float variant the way `trainer train` writes a run (weights, run.json) plus its ONNX
 * export, so `trainer export` and `trainer publish` work on the folder too.
 */
export async function saveVariant(dir: string, model: LayersModel, record: RunRecord): Promise<ExportedRun> {
  await saveLayersModel(model, dir);
  await writeRunRecord(dir, record);
  const onnx = exportOnnx(model);
  const file = path.join(dir, 'model.onnx');
  await writeFile(file, onnx.bytes);
  return { path: file, bytes: onnx.bytes, inputName: onnx.inputName, outputName: onnx.outputName, outputKind: onnx.outputKind };
}
