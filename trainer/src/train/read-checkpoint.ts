import { readFile } from 'node:fs/promises';
import { TrainerError } from '../errors.ts';
import { checkpointJsonPath, type CheckpointJson } from './checkpoint-file.ts';

/** The checkpoint.json in `dir`, or undefined when there is none. */
export async function readCheckpoint(dir: string): Promise<CheckpointJson | undefined> {
  let text: string;
  try {
    text = await readFile(checkpointJsonPath(dir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TrainerError('not_found', `cannot read ${checkpointJsonPath(dir)}: ${(error as Error).message}`);
  }
  let json: Partial<CheckpointJson>;
  try {
    json = JSON.parse(text) as Partial<CheckpointJson>;
  } catch (error) {
    throw new TrainerError('invalid_argument', `${checkpointJsonPath(dir)} is not JSON: ${(error as Error).message}`);
  }
  if (json.format !== 'edgeml-checkpoint' || json.version !== 1) {
    throw new TrainerError('invalid_argument', `${checkpointJsonPath(dir)} is not a version 1 edgeml checkpoint`);
  }
  return json as CheckpointJson;
}
