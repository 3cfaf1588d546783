import { scatterAddRows } from '../kernels/scatter-add-rows.ts';
import { tf } from '../tf.ts';

/** The parts of tfjs's cpu backend a kernel uses: typed arrays by data id, and making outputs. */
interface CpuBackendData {
  data: { get(dataId: object): { values: tf.TypedArray } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.TypedArray): tf.TensorInfo;
}

let registered = false;

/**
 * Embedding's gradient is an UnsortedSegmentSum over the vocabulary. tfjs's cpu kernel builds one
 * mask per segment (O(vocabulary × tokens × size): minutes per batch with an 8k vocabulary) and the
 * wasm backend has none (tfjs#7404-style gap); this is the plain scatter-add, O(tokens × size).
 */
export function registerSegmentSumKernel(): void {
  if (registered) return;
  registered = true;
  if (tf.getKernel('UnsortedSegmentSum', 'cpu')) tf.unregisterKernel('UnsortedSegmentSum', 'cpu');
  tf.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: 'cpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const cpu = backend as unknown as CpuBackendData;
      const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
      const numSegments = (attrs as { numSegments: number }).numSegments;
      const values = cpu.data.get(x.dataId).values as Float32Array;
      const ids = cpu.data.get(segmentIds.dataId).values;
      const rowSize = x.shape.slice(segmentIds.shape.length).reduce((a, b) => a * b, 1);
      const out = new Float32Array(numSegments * rowSize);
      scatterAddRows(values, ids, rowSize, out);
      return cpu.makeTensorInfo([numSegments, ...x.shape.slice(segmentIds.shape.length)], 'float32', out);
    },
  });
}
