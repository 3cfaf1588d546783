import { RUN_CONFIG_BASE, type RunConfig, type RunConfigInput, runConfigSchema } from '@edgeml/shared';
import { z } from 'zod';
import { TrainerError } from '../errors.ts';
import { mergeRunConfig } from './merge-run-config.ts';

/**
 * Merges the layers over the base (later wins) and fills the defaults; a bad value is an
 * `invalid_config` error naming its key.
 */
export function resolveRunConfig(...layers: RunConfigInput[]): RunConfig {
  const parsed = runConfigSchema.safeParse(mergeRunConfig(RUN_CONFIG_BASE, ...layers));
  if (!parsed.success) throw new TrainerError('invalid_config', `invalid run config:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
