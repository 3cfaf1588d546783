import { retrainPolicySchema } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { testManifest } from '../testdata/test-manifest.ts';
import { retrainRequest } from './retrain-request.ts';

const training = { architecture: 'mnist-net', dataset: 'mnist', epochs: 3, batchSize: 32, optimizer: 'sgd', learningRate: 0.01, backend: 'cpu' };

describe('retrainRequest', () => {
  it('retrains on mnist with the champion\'s recorded run config and limits, int8 when it is, behind the policy\'s margin', () => {
    const config = { name: 'mnist', dataset: { name: 'mnist', trainLimit: 2000, testLimit: 500 }, model: { architecture: 'mnist-net' }, epochs: 3, batchSize: 32, seed: 9 };
    const champion = testManifest({ training: { ...training, config }, variant: { kind: 'quantized' } });
    const request = retrainRequest(retrainPolicySchema.parse({ minAccuracy: 0.9, margin: 0.02, promoteTo: 'production' }), champion);
    expect(request).toMatchObject({
      task: 'image-classification',
      model: 'mnist',
      dataset: 'mnist',
      limits: { trainLimit: 2000, testLimit: 500 },
      run: { model: { architecture: 'mnist-net' }, epochs: 3, batchSize: 32, seed: 9 },
      after: { int8: true, publish: { channel: 'production' }, margin: 0.02 },
    });
    expect(request.run).not.toHaveProperty('name');
    expect(request.run).not.toHaveProperty('dataset');
  });

  it('falls back to the default run config for a champion that records none, and publishes a canary share by default', () => {
    const request = retrainRequest(retrainPolicySchema.parse({ minAccuracy: 0.9, canaryPercent: 25 }), testManifest({ training }));
    expect(request).not.toHaveProperty('limits');
    expect(request.run).toMatchObject({ model: { architecture: 'small-cnn' }, epochs: expect.any(Number) });
    expect(request.after).toMatchObject({ int8: false, publish: { channel: 'canary', percent: 25 }, margin: 0 });
    expect(retrainRequest(retrainPolicySchema.parse({ minAccuracy: 0.9, canaryPercent: 0 }), testManifest({ training })).after.publish).toEqual({ channel: 'none' });
  });

  it('refuses a clothes model (trained on fashion-mnist): the feedback path reads digits', () => {
    const config = { name: 'fashion-mnist', dataset: { name: 'fashion-mnist' }, epochs: 2 };
    expect(() => retrainRequest(retrainPolicySchema.parse({ minAccuracy: 0.9 }), testManifest({ training: { ...training, dataset: 'fashion-mnist', config } }))).toThrow(/trained on fashion-mnist: retraining on feedback is for digit models/);
  });
});
