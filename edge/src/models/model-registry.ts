import type { AnyModelManifest, ModelChannels } from '@edgeml/shared';
import { readConfig } from '../config/read-config.ts';
import { EdgeError } from '../errors/edge-error.ts';
import { errorStatus } from '../errors/error-status.ts';
import { ChannelsCache } from './channels-cache.ts';
import { LoadBackoff } from './load-backoff.ts';
import { ModelCache } from './model-cache.ts';
import { formatLoadTiming } from './format-load-timing.ts';
import { loadModel, type LoadedModel, type LoadTiming } from './load-model.ts';
import { publicVersions } from './public-versions.ts';
import { readManifest, versionNotFound } from './read-manifest.ts';
import { readChannels } from './read-channels.ts';
import { resolveManifest } from './resolve-manifest.ts';
import { selectVersion } from './select-version.ts';

/** Sessions kept per isolate: the production model plus a few pinned or previous versions. */
const MAX_CACHED_MODELS = 4;
/** Versions remembered as refused by their golden vectors; beyond this the oldest is forgotten (and checked again if asked for). */
const MAX_REFUSED_VERSIONS = 64;

/**
 * The models this isolate serves: one ORT session per name@version, loaded on first use.
 * A warm request reads nothing from R2 (channels.json at most every `CHANNELS_CACHE_MS`, never
 * when it pins a version), since a published version never changes. Bindings and vars come in as `env` on each call.
 */
export class ModelRegistry {
  readonly #cache = new ModelCache<LoadedModel>({
    maxEntries: MAX_CACHED_MODELS,
    release: (model) => model.session.release(),
  });

  /**
   * Versions whose outputs here disagreed with their golden vectors, with that error. A published
   * version never changes, so the verdict stands for the isolate's life: retrying would rebuild a
   * session on every request and answer the same 503.
   */
  readonly #refused = new Map<string, EdgeError>();

  readonly #channels: ChannelsCache;

  /** Versions whose last load failed (a broken artifact, one over the size limit), waiting out their back-off. */
  readonly #backoff: LoadBackoff<EdgeError>;

  /** `now` is the clock of the channels' cache and the load back-off: a test advances it instead of sleeping. */
  constructor(
    private readonly wasmModule: WebAssembly.Module,
    now: () => number = Date.now,
  ) {
    this.#channels = new ChannelsCache(now);
    this.#backoff = new LoadBackoff(now);
  }

  /**
   * Refuses a client's pin of a version the channels do not name (`publicVersions`) unless
   * `isAdmin()`: 404 `version_not_found`, as for a version that does not exist, so the answer does
   * not tell which versions are stored.
   */
  async requirePinnable(env: Env, name: string, version: string | undefined, isAdmin: () => Promise<boolean>): Promise<void> {
    if (version === undefined) return;
    if (publicVersions(await this.#readChannels(env, name)).has(version) || (await isAdmin())) return;
    throw versionNotFound(name, version);
  }

  /** The manifest that `name` (at `version`, else production) resolves to now. */
  manifest(env: Env, name: string, version?: string): Promise<AnyModelManifest> {
    return resolveManifest(env.MODELS, name, version);
  }

  /**
   * The loaded model for a request, loaded once per isolate and version: the pinned version, else
   * the canary or production as the canary share decides for `clientKey`. The caller holds it
   * until `release()` (an evicted session is freed only after its last holder is done).
   */
  async resolve(env: Env, name: string, pinnedVersion: string | undefined, clientKey = ''): Promise<ResolvedModel> {
    const bucket = env.MODELS;
    const pinned = pinnedVersion !== undefined;
    const channels = pinned ? undefined : await this.#readChannels(env, name);
    const version = pinnedVersion ?? selectVersion(channels!, clientKey);
    const key = `${name}@${version}`;
    const refused = this.#refused.get(key);
    if (refused) throw refused;
    const waiting = this.#cache.has(key) ? undefined : this.#backoff.waiting(key);
    if (waiting) throw backingOff(waiting.reason, waiting.seconds);
    // Only versions whose manifest exists enter the cache: a client cycling through made-up
    // `?version=` values must not evict the models in use.
    const manifest = this.#cache.has(key) ? undefined : await readManifest(bucket, name, version, { pinned }).catch((error: unknown) => this.#failed(key, error));
    // Set only when this call's load ran: the first prediction after a load carries its timing.
    let loadTiming: LoadTiming | undefined;
    const load = async () =>
      loadModel({
        bucket,
        manifest: manifest ?? (await readManifest(bucket, name, version, { pinned })),
        maxModelBytes: readConfig(env).maxModelBytes,
        wasmModule: this.wasmModule,
      }).then(
        (model): LoadedModel => {
          this.#backoff.succeeded(key);
          loadTiming = model.loadTiming;
          return { ...model, loadTiming: undefined };
        },
        (error: unknown) => this.#failed(key, error),
      );
    // The cache leases the model to a callback; this one holds the lease until the caller releases it.
    return new Promise<ResolvedModel>((resolve, reject) => {
      this.#cache
        .use(key, load, (model) => new Promise<void>((release) => resolve({ model, channels, loadTiming: loadTiming && formatLoadTiming(loadTiming), release })))
        .catch(reject);
    });
  }

  /** Runs `use` with the resolved model and releases it after (admin's deployability check and the scheduled retrain check). */
  async use<R>(env: Env, name: string, version: string | undefined, use: (model: LoadedModel) => Promise<R>): Promise<R> {
    const resolved = await this.resolve(env, name, version);
    try {
      return await use(resolved.model);
    } finally {
      resolved.release();
    }
  }

  /** Called after this isolate changed `name`'s channels (admin API): its next request reads them again. */
  channelsChanged(name: string): void {
    this.#channels.forget(name);
  }

  #readChannels(env: Env, name: string): Promise<ModelChannels> {
    return this.#channels.get(name, readConfig(env).channelsCacheMs, () => readChannels(env.MODELS, name));
  }

  /**
   * A load that failed on our side: a golden mismatch is refused for good, any other 5xx waits out
   * a back-off (the client is told when to retry). A client's error (404) is not remembered.
   */
  #failed(key: string, error: unknown): never {
    if (!(error instanceof EdgeError) || errorStatus(error.code) < 500) throw error;
    if (error.code === 'golden_mismatch') {
      this.#refuse(key, error);
      throw error;
    }
    const seconds = this.#backoff.failed(key, error);
    throw new EdgeError(error.code, error.message, error.details, { 'Retry-After': String(seconds) });
  }

  #refuse(key: string, error: EdgeError): void {
    this.#refused.set(key, error);
    for (const oldest of this.#refused.keys()) {
      if (this.#refused.size <= MAX_REFUSED_VERSIONS) break;
      this.#refused.delete(oldest);
    }
  }
}

/** A model in hand for one request. */
export interface ResolvedModel {
  model: LoadedModel;
  /** The channels that routed an unpinned request (they name the shadow, if any); undefined when pinned. */
  channels: ModelChannels | undefined;
  /** The `Server-Timing` of the load this request waited for, when it started that load. */
  loadTiming: string | undefined;
  /** Gives the model back to the cache; call once, when done with it. */
  release: () => void;
}

/** The answer while a version's back-off runs: the last failure's code and details, and when to retry. */
function backingOff(failure: EdgeError, seconds: number): EdgeError {
  return new EdgeError(failure.code, `${failure.message} (not retried for ${seconds} s)`, failure.details, { 'Retry-After': String(seconds) });
}
