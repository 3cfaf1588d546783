import type { LoadTiming } from './load-model.ts';

/** The `Server-Timing` value of a model's load: R2 read, WASM instantiation, session creation, golden vectors. */
export function formatLoadTiming(timing: LoadTiming): string {
  const ms = (value: number) => value.toFixed(2);
  return `r2;dur=${ms(timing.r2ReadMs)};desc="R2 read", wasm;dur=${ms(timing.wasmInstantiateMs)};desc="WASM instantiation", session;dur=${ms(timing.sessionCreateMs)};desc="session creation", golden;dur=${ms(timing.goldenCheckMs)};desc="golden vectors"`;
}
