/**
 * Setup file of the integration project: every test file's workers run the bundle the global
 * setup built, instead of each file re-running `wrangler deploy --dry-run` (~2 s of 2 cores each).
 * A test that needs another build (a wrangler environment) runs wrangler itself.
 */
import { useWorkerBundle } from '@edgeml/trainer/deploy/start-edge-worker';
import { inject } from 'vitest';

useWorkerBundle(inject('workerBundle'));
