import { InputError } from '../errors.ts';
import { modelChannelsSchema, type ModelChannels } from '../schemas/channels.ts';

/** Conditional writes tried before giving up on channels that other writers keep changing. */
const MAX_ATTEMPTS = 5;

/** One model's channels.json in a store with etags: the worker's R2 binding or the trainer's ObjectStore. */
export interface ChannelsObject {
  read(): Promise<{ channels: ModelChannels; etag: string } | null>;
  /** Writes `text` only if the stored etag is still `etag` (with null: only if there is none yet); false when it changed meanwhile. */
  write(text: string, etag: string | null): Promise<boolean>;
}

/**
 * Replaces a model's channels with `change(current)` (null when it has none yet), conditionally
 * on the etag read: of the admin API and a publish acting at once, neither overwrites the other.
 * A lost race reads again and re-applies `change`, up to MAX_ATTEMPTS; then InputError `conflict`.
 */
export async function updateChannels(
  object: ChannelsObject,
  change: (current: ModelChannels | null) => ModelChannels | Promise<ModelChannels>,
): Promise<{ before: ModelChannels | null; after: ModelChannels }> {
  for (let attempt = 1; ; attempt++) {
    const current = await object.read();
    const before = current?.channels ?? null;
    const after = modelChannelsSchema.parse({ ...(await change(before)), updatedAt: new Date().toISOString() });
    if (await object.write(`${JSON.stringify(after, null, 2)}\n`, current?.etag ?? null)) return { before, after };
    if (attempt >= MAX_ATTEMPTS) throw new InputError('conflict', `the channels of "${after.name}" kept changing; retry`, { model: after.name });
  }
}
