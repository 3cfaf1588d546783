import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadLayersModel } from '../io/load-layers-model.ts';
import { exportOnnx } from '../onnx/export-onnx.ts';
import { selectBackend } from '../tf.ts';

export const ONNX_FILE = 'model.onnx';

export interface ExportedRun {
  path: string;
  bytes: Uint8Array;
  inputName: string;
  outputName: string;
  outputKind: 'probabilities' | 'logits';
}

/** Exports a run's trained model to `<run>/model.onnx`. */
export async function exportRun(dir: string): Promise<ExportedRun> {
  await selectBackend();
  const model = await loadLayersModel(dir);
  try {
    const onnx = exportOnnx(model);
    const file = path.join(dir, ONNX_FILE);
    await writeFile(file, onnx.bytes);
    return { path: file, bytes: onnx.bytes, inputName: onnx.inputName, outputName: onnx.outputName, outputKind: onnx.outputKind };
  } finally {
    model.dispose();
  }
}
