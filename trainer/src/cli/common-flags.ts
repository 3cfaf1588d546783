import { BACKEND_NAMES, selectBackend, type BackendSelection } from '../tf.ts';
import type { EnumFlag, StringFlag } from './flag-spec.ts';

/** `--backend`, on every command that runs tfjs. */
export const BACKEND_FLAG = {
  type: 'enum',
  values: ['auto', ...BACKEND_NAMES],
  help: 'tfjs backend (default $EDGEML_TF_BACKEND, else auto: the fastest that loads)',
} as const satisfies EnumFlag;

/** `--model NAME`: the registry's name for a model (`--name` is its older spelling). */
export const MODEL_FLAG = { type: 'string', placeholder: 'NAME', aliases: ['name'], help: 'model name in the registry' } as const satisfies StringFlag;

/** Where a command publishes or reads versions. */
export const STORE_FLAGS = {
  target: { type: 'enum', values: ['local', 'r2'], default: 'local', help: 'local: the R2 state wrangler dev reads; r2: the bucket in R2_* (see README)' },
  'persist-to': { type: 'string', placeholder: 'DIR', help: 'local R2 state folder, as wrangler dev --persist-to (default .wrangler/state)' },
} as const satisfies Record<string, EnumFlag | StringFlag>;

/** Selects `--backend` when given and says which one loaded; otherwise the library picks on first use. */
export async function selectBackendFlag(backend: (typeof BACKEND_FLAG.values)[number] | undefined): Promise<BackendSelection | undefined> {
  if (backend === undefined) return undefined;
  const selected = await selectBackend({ backend });
  console.error(`backend: ${selected.name}`);
  return selected;
}

/** `--run DIR`, the folder a command reads a trained run from. */
export const RUN_FLAG = { type: 'string', placeholder: 'DIR', required: true, help: 'a run folder written by `trainer train`' } as const satisfies StringFlag;
