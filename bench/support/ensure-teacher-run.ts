import { existsSync } from 'node:fs';
import path from 'node:path';
import { trainRun } from '@edgeml/trainer/pipeline/train-run';
import { REPO_ROOT } from '@edgeml/test/support/published-model';

/**
 * The primer's MNISTNet, the distillation teacher, trained on 2k images for one epoch and cached
 * in `.artifacts/cold-start-teacher/`: its accuracy is beside the point, its per-request CPU and
 * memory are what `npm run bench:cold-start` measures, and those do not depend on the weights.
 */
export async function ensureTeacherRun(): Promise<string> {
  const runDir = path.join(REPO_ROOT, '.artifacts', 'cold-start-teacher');
  if (!existsSync(path.join(runDir, 'run.json'))) {
    await trainRun({
      config: { name: 'mnist-teacher', model: { architecture: 'mnist-net' }, epochs: 1, batchSize: 64, optimizer: { type: 'adam', learningRate: 0.002 }, dataset: { trainLimit: 2000 }, seed: 7 },
      outDir: runDir,
      log: (line) => console.log(`[teacher] ${line}`),
    });
  }
  return runDir;
}
