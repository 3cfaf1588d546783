import type { Architecture } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { LayersModel } from '../tf.ts';
import { buildMnistNet } from './build-mnist-net.ts';
import { buildSmallCnn } from './build-small-cnn.ts';

export const ARCHITECTURES: Record<Architecture, (inputShape: [number, number, number], classes: number) => LayersModel> = {
  'small-cnn': buildSmallCnn,
  'mnist-net': buildMnistNet,
};

export function parseArchitecture(name: string): Architecture {
  if (name in ARCHITECTURES) return name as Architecture;
  throw new TrainerError('invalid_argument', `unknown architecture "${name}": use ${Object.keys(ARCHITECTURES).join(', ')}`);
}

export function buildModel(architecture: Architecture, inputShape: [number, number, number], classes: number): LayersModel {
  return ARCHITECTURES[architecture](inputShape, classes);
}
