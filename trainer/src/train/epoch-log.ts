/** One finished epoch: the per-epoch training curves saved in run.json and drawn in curves.svg. */
export interface EpochLog {
  /** 1-based. */
  epoch: number;
  /** Mean training loss over the epoch's batches, regularisation penalty included. */
  loss: number;
  accuracy: number;
  /** Cross-entropy on the validation split (never augmented, no penalty). */
  validationLoss: number;
  validationAccuracy: number;
  /** The optimizer's rate during this epoch. */
  learningRate: number;
  /** Wall time of the epoch, validation included. */
  seconds: number;
  /** Mean global gradient norm before clipping; present when clipping is on. */
  gradientNorm?: number;
  /** Batches whose gradient was scaled down by clipping. */
  clippedBatches?: number;
}

/** After every batch: drive a progress bar from it. */
export interface TrainProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** This batch's loss. */
  loss: number;
  /** This batch's global gradient norm before clipping; present when clipping is on. */
  gradientNorm?: number;
}
