import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { VariantsReport } from './build-variants-report.ts';
import { renderVariantsReport } from './render-variants-report.ts';

/** Writes `variants-<time>.md` and `.json` under `dir` (default `reports/`, git-ignored); returns their paths. */
export async function writeVariantsReport(report: VariantsReport, dir = 'reports'): Promise<{ markdown: string; json: string }> {
  await mkdir(dir, { recursive: true });
  const stamp = report.createdAt.replace(/[:.]/g, '-');
  const markdown = path.join(dir, `variants-${stamp}.md`);
  const json = path.join(dir, `variants-${stamp}.json`);
  await writeFile(markdown, renderVariantsReport(report));
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  return { markdown, json };
}
