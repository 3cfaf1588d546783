import path from 'node:path';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { publishModelVersion } from '@edgeml/trainer/publish/publish-model-version';
import { REPO_ROOT } from '../../support/published-model.ts';
import { tinyTextVersion } from '../../text/tiny-text-version.ts';

/**
 * Publishes the text tests' tiny spam classifier (trained once, cached in .artifacts/) into a
 * local R2 as `name`, so the text predict path can be sent hostile bodies too.
 */
export async function publishTinyTextModel(persistDir: string, name: string, version = '20261128T200000Z-text01'): Promise<void> {
  const { manifest, artifacts } = await tinyTextVersion(name, version);
  const store = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: persistDir });
  try {
    await publishModelVersion({ store, manifest, artifacts });
  } finally {
    await store.close();
  }
}
