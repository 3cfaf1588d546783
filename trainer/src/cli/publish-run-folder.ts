import { publishQuantizedRun } from '../pipeline/publish-quantized-run.ts';
import { publishRun } from '../pipeline/publish-run.ts';
import { openStore } from './open-store.ts';

export interface PublishRunFolderOptions {
  dir: string;
  target: string;
  persistTo?: string;
  /** Publish the int8 export instead of float. */
  int8: boolean;
  /** Publish under this name instead of the run's. */
  model?: string;
}

/** `trainer publish --run DIR` and `trainer train --publish`: an image or text run folder, as a new version. */
export async function publishRunFolder(options: PublishRunFolderOptions): Promise<void> {
  const { dir } = options;
  const store = await openStore(options.target, options.persistTo);
  try {
    const manifest = options.int8
      ? (await publishQuantizedRun({ dir, store, name: options.model, log: (line) => console.log(line) })).manifest
      : await publishRun({ dir, store, name: options.model });
    console.log(`published ${manifest.name}@${manifest.version} to ${store.description} (${manifest.artifacts.model.bytes} bytes)`);
  } finally {
    await store.close();
  }
}
