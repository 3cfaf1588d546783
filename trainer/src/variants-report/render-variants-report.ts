import type { VariantReportRow, VariantsReport } from './build-variants-report.ts';
import { pairedRatio } from './paired-ratio.ts';

const TARGETS = { teacherAccuracy: 0.992, studentAccuracy: 0.985, studentParameterShare: 0.1, int8BytesShare: 0.3, int8LostPoints: 0.3 };

/** The report as Markdown: the table, the issue's targets checked, and the int8 modes compared with their float source. */
export function renderVariantsReport(report: VariantsReport): string {
  const { rows, environment } = report;
  const lines = [
    '# Model variants: teacher → student → pruned → int8',
    '',
    `Measured ${report.createdAt} in one process: Node ${environment.node}, ${environment.cpu} × ${environment.cores}, ` +
      `load average ${environment.loadAverageBefore[0]!.toFixed(2)} before timing, ${environment.loadAverageAfter[0]!.toFixed(2)} after` +
      (environment.loadAverageBefore[0]! > environment.cores * 0.5 ? ' (a shared, busy machine: compare rows with each other, not with other runs).' : '.'),
    'Accuracy: all test images through onnxruntime (native). Latency: onnxruntime-web 1.30, single-threaded WASM as in the worker,',
    'median (p10–p90) of round-robin runs; session = time to create the session from the bytes.',
    '',
    '| variant | model | parameters | sparsity | ONNX bytes | gzip bytes | test accuracy | batch 1 ms | batch 64 ms | session ms |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(renderRow),
    '',
    '## Targets',
    '',
    ...checkTargets(rows).map(([ok, text]) => `- ${ok ? '✅' : '❌'} ${text}`),
  ];
  const comparison = compareQuantizations(rows);
  if (comparison.length) lines.push('', '## int8 modes against their float source', '', ...comparison);
  return `${lines.join('\n')}\n`;
}

function renderRow(row: VariantReportRow): string {
  const batch = (size: number) => {
    const stats = row.latency.batches.find((b) => b.batch === size);
    return stats ? `${fixed(stats.medianMs)} (${fixed(stats.p10Ms)}–${fixed(stats.p90Ms)})` : '–';
  };
  const model = row.published ? `${row.name ?? ''}${row.version ? `@${row.version}` : ''}` : '(not published)';
  return [
    row.id,
    model,
    row.parameters.toLocaleString('en-US'),
    row.sparsity === undefined ? '–' : `${(row.sparsity * 100).toFixed(1)}%`,
    row.onnxBytes.toLocaleString('en-US'),
    row.gzipBytes.toLocaleString('en-US'),
    `${(row.testAccuracy * 100).toFixed(2)}%`,
    batch(1),
    batch(64),
    fixed(row.latency.sessionCreateMs),
  ].join(' | ').replace(/^/, '| ').replace(/$/, ' |');
}

function fixed(ms: number): string {
  return ms < 10 ? ms.toFixed(3) : ms.toFixed(1);
}

function roundTimes(row: VariantReportRow, batch: number): number[] {
  return row.latency.batches.find((b) => b.batch === batch)?.timesMs ?? [];
}

function median(row: VariantReportRow, batch: number): number {
  return row.latency.batches.find((b) => b.batch === batch)?.medianMs ?? NaN;
}

/** [met, description] for each of the issue's targets that the rows can check. */
export function checkTargets(rows: readonly VariantReportRow[]): [boolean, string][] {
  const byKind = (kind: string) => rows.find((row) => row.kind === kind && row.published);
  const [teacher, student, pruned, int8] = [byKind('teacher'), byKind('student'), byKind('pruned'), byKind('quantized')];
  const checks: [boolean, string][] = [];
  const pct = (value: number) => `${(value * 100).toFixed(2)}%`;
  if (teacher) checks.push([teacher.testAccuracy >= TARGETS.teacherAccuracy, `teacher ≥ 99.2%: ${pct(teacher.testAccuracy)}`]);
  if (student) checks.push([student.testAccuracy >= TARGETS.studentAccuracy, `student ≥ 98.5%: ${pct(student.testAccuracy)}`]);
  if (student && teacher) {
    const share = student.parameters / teacher.parameters;
    checks.push([share <= TARGETS.studentParameterShare, `student ≤ 1/10 of the teacher's parameters: ${student.parameters.toLocaleString('en-US')} = 1/${(1 / share).toFixed(0)}`]);
  }
  if (int8 && pruned) {
    const share = int8.onnxBytes / pruned.onnxBytes;
    const lost = (pruned.testAccuracy - int8.testAccuracy) * 100;
    checks.push([share <= TARGETS.int8BytesShare, `int8 ≤ 30% of its float source's bytes: ${(share * 100).toFixed(1)}%`]);
    checks.push([lost <= TARGETS.int8LostPoints, `int8 loses ≤ 0.3 points: ${lost.toFixed(2)} points (${pct(pruned.testAccuracy)} → ${pct(int8.testAccuracy)})`]);
    for (const batch of [1, 64]) {
      const [q, f] = [median(int8, batch), median(pruned, batch)];
      const [qTimes, fTimes] = [roundTimes(int8, batch), roundTimes(pruned, batch)];
      if (qTimes.length === 0 || fTimes.length === 0) {
        checks.push([q <= f, `int8 no slower than float at batch ${batch}: ${fixed(q)} ms vs ${fixed(f)} ms (median)`]);
        continue;
      }
      // Slower only when the round-by-round ratio's interval lies wholly above 1: a median 1% apart
      // with an interval across 1 is the same speed on this machine, not a regression.
      const ratio = pairedRatio(qTimes, fTimes);
      const interval = `${ratio.median.toFixed(3)}× (95% interval ${ratio.low.toFixed(3)}–${ratio.high.toFixed(3)} over ${ratio.rounds} paired rounds)`;
      checks.push([ratio.low <= 1, `int8 no slower than float at batch ${batch}: ${fixed(q)} ms vs ${fixed(f)} ms (median); int8/float ${interval}`]);
    }
  }
  return checks;
}

function compareQuantizations(rows: readonly VariantReportRow[]): string[] {
  const lines: string[] = [];
  for (const source of rows.filter((row) => row.kind !== 'quantized')) {
    const modes = rows.filter((row) => row.kind === 'quantized' && row.source === source.id);
    if (modes.length === 0) continue;
    const ratio = (row: VariantReportRow, batch: number) => `${(median(row, batch) / median(source, batch)).toFixed(2)}×`;
    lines.push(
      `### Quantized from the ${source.id} (${source.parameters.toLocaleString('en-US')} parameters)`,
      '',
      '| int8 mode | bytes vs float | accuracy Δ (points) | batch 1 vs float | batch 64 vs float |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...modes.map(
        (row) =>
          `| ${row.id}${row.published ? ' (published)' : ''} | ${((row.onnxBytes / source.onnxBytes) * 100).toFixed(1)}% | ` +
          `${((row.testAccuracy - source.testAccuracy) * 100).toFixed(2)} | ${ratio(row, 1)} | ${ratio(row, 64)} |`,
      ),
      '',
      `Fastest: ${fastest(modes, 1)} at batch 1, ${fastest(modes, 64)} at batch 64 (median time relative to the float model; below 1× is faster).`,
      '',
    );
  }
  return lines;
}

function fastest(rows: readonly VariantReportRow[], batch: number): string {
  return [...rows].sort((a, b) => median(a, batch) - median(b, batch))[0]!.id;
}
