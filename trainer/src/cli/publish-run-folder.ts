import { existsSync } from 'node:fs';
import path from 'node:path';
import { TrainerError } from '../errors.ts';
import { publishQuantizedRun } from '../pipeline/publish-quantized-run.ts';
import { publishRun } from '../pipeline/publish-run.ts';
import { publishTextRun } from '../text/publish-text-run.ts';
import { openStore } from './open-store.ts';

export interface PublishRunFolderOptions {
  dir: string;
  target: string;
  persistTo?: string;
  /** Publish the int8 export instead of float (image runs). */
  int8: boolean;
  /** Publish under this name instead of the run's (image runs). */
  model?: string;
}

/** `trainer publish --run DIR` and `trainer train --publish`: an image or text run folder, as a new version. */
export async function publishRunFolder(options: PublishRunFolderOptions): Promise<void> {
  const { dir } = options;
  // A `trainer text train` folder holds its vocabulary; image runs never do.
  const isTextRun = existsSync(path.join(dir, 'vocabulary.json'));
  if (isTextRun && (options.int8 || options.model)) {
    throw new TrainerError('invalid_argument', 'a text run publishes as trained: --int8 and --model do not apply (train again with `trainer text train --model`)');
  }
  const store = await openStore(options.target, options.persistTo);
  try {
    const manifest = isTextRun
      ? await publishTextRun({ dir, store })
      : options.int8
      ? (await publishQuantizedRun({ dir, store, name: options.model, log: (line) => console.log(line) })).manifest
      : await publishRun({ dir, store, name: options.model });
    console.log(`published ${manifest.name}@${manifest.version} to ${store.description} (${manifest.artifacts.model.bytes} bytes)`);
  } finally {
    await store.close();
  }
}
