import { RUN_CONFIG_BASE, type RunConfigInput, runConfigSchema } from '@edgeml/shared';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { TrainerError } from '../errors.ts';
import { mergeRunConfig } from './merge-run-config.ts';

/**
 * Reads a run config file (JSON) and checks it against the schema, naming the file in errors.
 * Returns it as written, so flags can be merged over it before defaults are filled.
 */
export async function loadRunConfig(file: string): Promise<RunConfigInput> {
  if (/\.ya?ml$/i.test(file)) {
    // No YAML parser is among the project's dependencies; JSON needs none.
    throw new TrainerError('invalid_argument', `${file}: YAML run configs are not supported yet; write it as JSON`);
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new TrainerError('not_found', `cannot read run config ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TrainerError('invalid_config', `${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new TrainerError('invalid_config', `${file} must hold a JSON object`);
  const parsed = runConfigSchema.safeParse(mergeRunConfig(RUN_CONFIG_BASE, json as RunConfigInput));
  if (!parsed.success) throw new TrainerError('invalid_config', `${file}:\n${z.prettifyError(parsed.error)}`);
  return json as RunConfigInput;
}
