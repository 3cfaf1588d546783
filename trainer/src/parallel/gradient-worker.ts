/**
 * Worker-thread entry of data-parallel training: its own tfjs instance (its own wasm heap and
 * thread) holding a copy of the model; each message brings the current weights and a share of the
 * batch and gets back that share's loss and gradients.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend, tf, type BackendName } from '../tf.ts';
import { batchGradients } from './batch-gradients.ts';

export interface GradientWorkerData {
  /** The model's Keras topology (`model.toJSON(undefined, false)`); the weights come with each request. */
  topology: object;
  backend: BackendName;
}

export interface GradientRequest {
  weights: Float32Array[];
  x: Float32Array;
  xShape: number[];
  y: Float32Array;
  yShape: number[];
  training: boolean;
}

export type GradientReply = { loss: number; accuracy: number; grads: Float32Array[] } | { error: string };

export async function gradientWorker(port = parentPort!, data = workerData as GradientWorkerData): Promise<void> {
  await selectBackend({ backend: data.backend });
  // modelFromJSON takes the topology as a plain JSON dict; its type (PyJsonDict) is not exported.
  const model = await tf.models.modelFromJSON({ modelTopology: data.topology } as unknown as Parameters<typeof tf.models.modelFromJSON>[0]);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  port.on('message', (request: GradientRequest) => {
    try {
      // Read back outside the tidy: tidy walks every element of typed arrays it is handed back.
      const { loss, accuracy, grads } = tf.tidy(() => {
        variables.forEach((v, i) => v.assign(tf.tensor(request.weights[i]!, v.shape)));
        const x = tf.tensor(request.x, request.xShape);
        const y = tf.tensor(request.y, request.yShape);
        return batchGradients(model, x, y, request.training);
      });
      const reply = { loss: loss.dataSync()[0]!, accuracy: accuracy.dataSync()[0]!, grads: grads.map((g) => g.dataSync() as Float32Array) };
      tf.dispose([loss, accuracy, ...grads]);
      port.postMessage(reply satisfies GradientReply, reply.grads.map((g) => g.buffer as ArrayBuffer));
    } catch (error) {
      port.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies GradientReply);
    }
  });
  port.postMessage('ready');
}

if (parentPort) await gradientWorker();
