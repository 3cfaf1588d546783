import { InputError } from '../errors.ts';
import type { ArchiveEntry } from './archive-entry.ts';
import { isTar, readTarEntries } from './read-tar-entries.ts';
import { isZip, readZipEntries } from './read-zip-entries.ts';

/** Files a zip tool or a desktop adds that are no one's data (macOS resource forks, .DS_Store, hidden files). */
function isJunk(path: string): boolean {
  return path.split('/').some((part) => part.startsWith('.') || part === '__MACOSX');
}

/** The data files of a zip or tar, told apart by their magic bytes. Throws InputError `validation_failed` for anything else. */
export function readArchive(bytes: Uint8Array): ArchiveEntry[] {
  const entries = isZip(bytes) ? readZipEntries(bytes) : isTar(bytes) ? readTarEntries(bytes) : undefined;
  if (entries === undefined) throw new InputError('validation_failed', 'not a zip or tar archive');
  return entries.filter((entry) => !isJunk(entry.path));
}
