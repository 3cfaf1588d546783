/**
 * Bounds on what parsing an uploaded dataset may cost. An archive over them is refused before
 * anything in it is inflated (its directory's declared sizes are summed first), and an entry
 * that inflates past its declared size is cut off there.
 */
export const DATASET_LIMITS = {
  /** A CSV record or JSONL line longer than this (UTF-8 bytes) is a problem, not a row. */
  maxRowBytes: 100_000,
  /** Labels are names, not texts. */
  maxLabelLength: 100,
  /** Files in a zip or tar. */
  maxArchiveEntries: 100_000,
  /** Sum of an archive's uncompressed entry sizes. */
  maxArchiveBytes: 256 * 1024 * 1024,
} as const;
