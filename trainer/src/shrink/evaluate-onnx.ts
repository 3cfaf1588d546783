/**
 * Test accuracy of an exported ONNX model, run by onnxruntime (native): the measure for int8
 * variants, whose arithmetic tfjs cannot reproduce, and a common one for the variants report.
 */
import * as ort from 'onnxruntime-node';
import type { ImageSplit } from '../data/dataset.ts';

export interface OnnxEvaluation {
  accuracy: number;
  /** Mean cross-entropy. */
  loss: number;
  samples: number;
}

export interface OnnxModelIo {
  inputName: string;
  outputName: string;
  outputKind: 'probabilities' | 'logits';
}

/** Rows of model input with their labels: an image split, or token-id rows (`imageShape` [maxLength]) of a text split. */
export type OnnxEvaluationSplit = Pick<ImageSplit, 'images' | 'labels' | 'count'> & { imageShape: readonly number[] };

export async function evaluateOnnx(bytes: Uint8Array, split: OnnxEvaluationSplit, io: OnnxModelIo, batchSize = 1000): Promise<OnnxEvaluation> {
  const size = split.imageShape.reduce((product, dim) => product * dim, 1);
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  let correct = 0;
  let lossSum = 0;
  try {
    for (let start = 0; start < split.count; start += batchSize) {
      const n = Math.min(batchSize, split.count - start);
      const input = new ort.Tensor('float32', split.images.subarray(start * size, (start + n) * size), [n, ...split.imageShape]);
      const output = (await session.run({ [io.inputName]: input }))[io.outputName];
      if (!output) throw new Error(`the ONNX model has no output "${io.outputName}"`);
      const values = output.data as Float32Array;
      const classes = values.length / n;
      for (let i = 0; i < n; i++) {
        const row = values.subarray(i * classes, (i + 1) * classes);
        const label = split.labels[start + i]!;
        let best = 0;
        for (let c = 1; c < classes; c++) if (row[c]! > row[best]!) best = c;
        if (best === label) correct++;
        lossSum -= io.outputKind === 'probabilities' ? Math.log(Math.max(row[label]!, 1e-12)) : logSoftmaxAt(row, label);
      }
    }
  } finally {
    await session.release();
  }
  return { accuracy: correct / split.count, loss: lossSum / split.count, samples: split.count };
}

function logSoftmaxAt(row: Float32Array, index: number): number {
  const max = Math.max(...row);
  let sum = 0;
  for (const value of row) sum += Math.exp(value - max);
  return row[index]! - max - Math.log(sum);
}
