/** A file in a zip or tar, read on demand so that a caller can skip what it does not need. */
export type ArchiveEntry = {
  path: string;
  /** Uncompressed size, as the archive declares it. */
  size: number;
  /** Its bytes; throws InputError `validation_failed` when they cannot be read (corrupt, or not what was declared). */
  read(): Uint8Array;
};
