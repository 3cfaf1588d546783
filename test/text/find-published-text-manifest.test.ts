import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPublishedManifest } from '@edgeml/trainer/pipeline/find-published-manifest';
import type { ObjectStore } from '@edgeml/trainer/publish/object-store';
import { publishModelVersion } from '@edgeml/trainer/publish/publish-model-version';
import { openTempR2Store } from '@edgeml/trainer/publish/testdata/open-temp-r2-store';
import { tinyTextVersion } from './tiny-text-version.ts';

let store: ObjectStore;
let dispose: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ store, dispose } = await openTempR2Store());
});

afterAll(() => dispose?.());

describe('findPublishedManifest', () => {
  it("finds a text model's production version too (a second npm start reuses its spam model), and null for a missing model", async () => {
    const { manifest, artifacts } = await tinyTextVersion('spam', '20261203T000000Z-text');
    await publishModelVersion({ store, manifest, artifacts });
    expect(await findPublishedManifest(store, 'spam')).toEqual(manifest);
    expect(await findPublishedManifest(store, 'nothing-here')).toBeNull();
  });
});
