/**
 * Measures the variants of a `trainer optimize` run again and writes the report:
 *   node --import tsx trainer/bench/variants-report.ts <optimize-out>/variants.json [--rounds-1 300] [--rounds-64 40] [--out reports]
 */
import { parseArgs } from 'node:util';
import { buildVariantsReport } from '../src/variants-report/build-variants-report.ts';
import { renderVariantsReport } from '../src/variants-report/render-variants-report.ts';
import { writeVariantsReport } from '../src/variants-report/write-variants-report.ts';

const { values, positionals } = parseArgs({
  options: { 'rounds-1': { type: 'string' }, 'rounds-64': { type: 'string' }, out: { type: 'string' }, 'no-alternatives': { type: 'boolean' } },
  allowPositionals: true,
});
const variantsPath = positionals[0];
if (!variantsPath) {
  console.error('usage: variants-report.ts <optimize-out>/variants.json [--rounds-1 N] [--rounds-64 N] [--out reports] [--no-alternatives]');
  process.exit(1);
}
const rounds = new Map([
  [1, Number(values['rounds-1'] ?? 300)],
  [64, Number(values['rounds-64'] ?? 40)],
]);
const report = await buildVariantsReport(variantsPath, { rounds, alternativeQuantizations: !values['no-alternatives'], log: (line) => console.error(line) });
const written = await writeVariantsReport(report, values.out);
console.log(renderVariantsReport(report));
console.error(`wrote ${written.markdown} and ${written.json}`);
