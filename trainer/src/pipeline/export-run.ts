import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportOnnx } from '../onnx/export-onnx.ts';
import type { OnnxGraph } from './build-version.ts';
import { loadRun, type LoadedRun } from './load-run.ts';

export const ONNX_FILE = 'model.onnx';

export interface ExportedRun extends OnnxGraph {
  path: string;
}

/**
 * Exports a run's trained model (image or text) to `<run>/model.onnx`. Given `loaded` (the model
 * in memory, the caller's to dispose), it is not read from the folder again.
 */
export async function exportRun(dir: string, loaded?: Pick<LoadedRun, 'model' | 'exportOptions'>): Promise<ExportedRun> {
  const { model, exportOptions } = loaded ?? (await loadRun(dir));
  try {
    const onnx = exportOnnx(model, exportOptions);
    const file = path.join(dir, ONNX_FILE);
    await writeFile(file, onnx.bytes);
    return { path: file, bytes: onnx.bytes, inputName: onnx.inputName, outputName: onnx.outputName, outputKind: onnx.outputKind };
  } finally {
    if (!loaded) model.dispose();
  }
}
