import type { LoadedModel } from './load-model.ts';

/**
 * The `Server-Timing` value of a model's load (R2 read, WASM instantiation, session creation),
 * returned once: to the first prediction that uses the model after its load, undefined after.
 */
export function takeLoadTiming(model: LoadedModel): string | undefined {
  const timing = model.loadTiming;
  if (!timing) return undefined;
  model.loadTiming = undefined;
  const ms = (value: number) => value.toFixed(2);
  return `r2;dur=${ms(timing.r2ReadMs)};desc="R2 read", wasm;dur=${ms(timing.wasmInstantiateMs)};desc="WASM instantiation", session;dur=${ms(timing.sessionCreateMs)};desc="session creation"`;
}
