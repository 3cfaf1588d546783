import type { ModelChannels, ShadowChannel } from '@edgeml/shared';
import type { ModelRegistry } from '../models/model-registry.ts';
import { answerPredictRequest, type Answer } from '../predict/answer-predict-request.ts';
import type { PredictRequest } from '../predict/predict-input.ts';
import { comparePredictions, labelledRows, type ShadowComparison } from './compare-predictions.ts';
import { recordShadow } from './record-shadow.ts';

/** After a shadow version fails, this isolate leaves it alone this long instead of reloading it per request. */
const FAILURE_BACKOFF_MS = 60_000;

/**
 * Shadow mode (gate 3): runs a share of predict requests through the channels' shadow version
 * after the client's answer is computed, compares the two, and records the agreement in R2.
 * Nothing here can change or fail a response: the caller hands `run` to `waitUntil`, and `run`
 * never throws.
 */
export class ShadowRunner {
  readonly #failedAt = new Map<string, number>();

  constructor(
    private readonly registry: ModelRegistry,
    private readonly random: () => number = Math.random,
  ) {}

  /** The shadow to run for a request that `servedVersion` answered, if this request falls in its share. */
  pick(channels: ModelChannels | undefined, servedVersion: string): ShadowChannel | undefined {
    const shadow = channels?.shadow;
    // A pinned request reads no channels, so only routed traffic is shadowed.
    if (!channels || !shadow || shadow.percent <= 0 || shadow.version === servedVersion) return undefined;
    const failedAt = this.#failedAt.get(`${channels.name}@${shadow.version}`);
    if (failedAt !== undefined && Date.now() - failedAt < FAILURE_BACKOFF_MS) return undefined;
    // Not sticky like the canary: the client sees the same answer either way.
    return this.random() * 100 < shadow.percent ? shadow : undefined;
  }

  /**
   * Runs the shadow on the request `served` answered (on its preprocessed images when the shadow
   * takes the same input), compares the two and records the outcome; logs instead of throwing.
   */
  async run(env: Env, name: string, shadow: ShadowChannel, request: PredictRequest, served: Answer): Promise<void> {
    const key = `${name}@${shadow.version}`;
    const base = { model: name, shadowVersion: shadow.version, servedVersion: served.response.version };
    try {
      let comparison: ShadowComparison;
      try {
        // Top-1 is enough: the comparison reads every probability.
        const shadowAnswer = await this.registry.use(env, name, shadow.version, (model) => answerPredictRequest(model, { ...request, topK: 1 }, served));
        comparison = comparePredictions(labelledRows(served.response, served.labels), labelledRows(shadowAnswer.response, shadowAnswer.labels));
        this.#failedAt.delete(key);
      } catch (error) {
        this.#failedAt.set(key, Date.now());
        const failure = (error instanceof Error ? error.message : String(error)).slice(0, 500);
        console.warn(`shadow ${key} vs ${served.response.version} failed: ${failure}`);
        await recordShadow(env.MODELS, { ...base, rows: 0, top1Agreements: 0, sumMaxDelta: 0, maxDelta: 0, failure });
        return;
      }
      console.log(
        `shadow ${key} vs ${served.response.version}: top-1 agrees on ${comparison.top1Agreements}/${comparison.rows}, ` +
          `max |Δp| ${comparison.maxDelta.toFixed(4)}`,
      );
      await recordShadow(env.MODELS, { ...base, ...comparison });
    } catch (error) {
      console.error(`shadow ${key}: cannot record its agreement:`, error);
    }
  }
}
