import { Worker } from 'node:worker_threads';
import { TrainerError } from '../errors.ts';
import type { TrainingOptimizer } from '../optimizers/training-optimizer.ts';
import { tf, type BackendName, type LayersModel } from '../tf.ts';
import { clipByGlobalNorm } from '../train/clip-by-global-norm.ts';
import type { TrainStepResult } from '../train/train-step.ts';
import { batchGradients } from './batch-gradients.ts';
import type { GradientReply, GradientRequest, GradientWorkerData } from './gradient-worker.ts';

export interface DataParallelStepOptions {
  /** The backend the workers load (the main thread's own, normally). */
  backend: BackendName;
  /** Instances in all, this thread included (default 2: one per core here). */
  instances?: number;
  /** Dropout on (default true); off makes a step deterministic. */
  training?: boolean;
  /** Clip the averaged gradients' global norm to this; off when unset. */
  clipNorm?: number;
}

export interface DataParallelStep {
  /** One optimisation step on the batch: its mean loss and accuracy, as `createTrainStep`'s step. */
  step(x: tf.Tensor, y: tf.Tensor): Promise<TrainStepResult>;
  close(): Promise<void>;
}

/**
 * Data-parallel training steps: the batch is split into `instances` shares along its first axis;
 * this thread computes the first share's gradients while each worker thread (a tfjs instance of its
 * own, so each runs on its own core, with the model rebuilt from its topology) computes one other
 * share's on the same weights. The gradients,
 * weighted by share size, average to the full batch's; the optimizer applies them here, and the
 * next step sends the updated weights, so every instance always holds identical weights.
 */
export async function createDataParallelStep(
  model: LayersModel,
  optimizer: TrainingOptimizer,
  options: DataParallelStepOptions,
): Promise<DataParallelStep> {
  const instances = options.instances ?? 2;
  if (!Number.isInteger(instances) || instances < 1) {
    throw new TrainerError('invalid_argument', `data-parallel instances must be a whole number ≥ 1, not ${instances}`);
  }
  // Batch norm's moving statistics are updated by the forward pass, per instance: they would drift apart.
  if (model.nonTrainableWeights.length > 0) {
    throw new TrainerError('invalid_config', 'data parallelism does not support layers with non-trainable weights (batch norm): turn one of them off');
  }
  const training = options.training ?? true;
  const data: GradientWorkerData = { topology: model.toJSON(undefined, false) as object, backend: options.backend };
  const workers = await Promise.all(Array.from({ length: instances - 1 }, () => startWorker(data)));
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);

  const step = async (x: tf.Tensor, y: tf.Tensor): Promise<TrainStepResult> => {
    const batch = x.shape[0]!;
    if (batch < instances) {
      throw new TrainerError('invalid_argument', `a batch of ${batch} cannot be split over ${instances} instances`);
    }
    const sizes = Array.from({ length: instances }, (_, i) => Math.floor(batch / instances) + (i < batch % instances ? 1 : 0));
    const xs = tf.split(x, sizes);
    const ys = tf.split(y, sizes);
    try {
      // Workers start first, so they compute while this thread does its own share.
      const pending = workers.map((worker, i) => {
        const weights = variables.map((v) => v.dataSync() as Float32Array);
        const request: GradientRequest = {
          weights,
          x: xs[i + 1]!.dataSync() as Float32Array,
          xShape: xs[i + 1]!.shape,
          y: ys[i + 1]!.dataSync() as Float32Array,
          yShape: ys[i + 1]!.shape,
          training,
        };
        return ask(worker, request);
      });
      const own = batchGradients(model, xs[0]!, ys[0]!, training);
      const replies = await Promise.all(pending);
      const share = (i: number) => sizes[i]! / batch;
      let loss = own.loss.dataSync()[0]! * share(0);
      let accuracy = own.accuracy.dataSync()[0]! * share(0);
      replies.forEach((r, i) => {
        loss += r.loss * share(i + 1);
        accuracy += r.accuracy * share(i + 1);
      });
      const gradientNorm = tf.tidy(() => {
        let grads: tf.NamedTensorMap = {};
        variables.forEach((v, j) => {
          let sum = tf.mul(own.grads[j]!, share(0));
          replies.forEach((r, i) => (sum = tf.add(sum, tf.mul(tf.tensor(r.grads[j]!, v.shape), share(i + 1)))));
          grads[v.name] = sum;
        });
        let norm = NaN;
        if (options.clipNorm !== undefined) {
          const clipped = clipByGlobalNorm(grads, options.clipNorm);
          grads = clipped.grads;
          norm = clipped.norm.dataSync()[0]!;
        }
        optimizer.applyGradients(grads);
        return norm;
      });
      tf.dispose([own.loss, own.accuracy, ...own.grads]);
      return { loss, accuracy, gradientNorm };
    } finally {
      tf.dispose([...xs, ...ys]);
    }
  };
  return {
    step,
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

function startWorker(data: GradientWorkerData): Promise<Worker> {
  // The worker is TypeScript like the rest of the trainer: it registers tsx's loader, then imports
  // the entry (`--import tsx` in a worker's execArgv does not apply to the entry file in Node 20).
  const entry = new URL('./gradient-worker.ts', import.meta.url).href;
  const source = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  const worker = new Worker(source, { eval: true, workerData: data });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message) => {
      worker.off('error', reject);
      if (message === 'ready') resolve(worker);
      else reject(new TrainerError('internal', `gradient worker did not start: ${JSON.stringify(message)}`));
    });
  });
}

function ask(worker: Worker, request: GradientRequest): Promise<Exclude<GradientReply, { error: string }>> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(new TrainerError('internal', `gradient worker failed: ${error.message}`));
    worker.once('error', onError);
    worker.once('message', (reply: GradientReply) => {
      worker.off('error', onError);
      if ('error' in reply) reject(new TrainerError('internal', `gradient worker failed: ${reply.error}`));
      else resolve(reply);
    });
    // Copied, not transferred: on the cpu backend `dataSync` hands out the tensor's own array.
    worker.postMessage(request);
  });
}
