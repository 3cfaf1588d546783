import type { DatasetProblem } from '../schemas/training.ts';

/** One labelled text, from a CSV record or a JSONL line (1-based line where it starts). */
export type TextRow = { line: number; text: string; label: string };

/** One labelled image: a PNG/JPEG file from a label folder, or raw 8-bit gray pixels from IDX. */
export type ImageRow = {
  entry: string;
  label: string;
  image: { kind: 'encoded'; bytes: Uint8Array } | { kind: 'pixels'; width: number; height: number; pixels: Uint8Array };
};

/** What a parser yields, in file order: a usable row or a problem with where it is. */
export type DatasetItem<Row> = { row: Row } | { problem: DatasetProblem };
