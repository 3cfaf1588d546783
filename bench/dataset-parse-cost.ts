/**
 * What validating a dataset upload costs the worker (`POST /v1/datasets`, under `cpu_ms` in
 * wrangler.toml): CPU time of parsing and summarizing, and of its sha256, for a CSV and a JSONL at
 * MAX_DATASET_BYTES and a zip of 20,000 small PNGs. CPU time (all threads), not wall time, so a
 * busy machine inflates it less. `node --import tsx bench/dataset-parse-cost.ts`
 */
import { MAX_DATASET_BYTES, parseDataset, sha256Hex, summarizeDataset, type DatasetFormat } from '@edgeml/shared';
import { makeZip } from '@edgeml/shared/datasets/testdata/make-archive';
import { encodePngRaw } from '@edgeml/shared/testdata/encode-png';

const encoder = new TextEncoder();

function csvOfSize(bytes: number): Uint8Array {
  const rows = ['text,label'];
  for (let size = 0, i = 0; size < bytes - 200; i++) {
    const row = `"message ${i}, with ""quotes"" and enough words to look like a short support ticket or an email",${i % 3 === 0 ? 'spam' : 'ham'}`;
    rows.push(row);
    size += row.length + 1;
  }
  return encoder.encode(rows.join('\n'));
}

function jsonlOfSize(bytes: number): Uint8Array {
  const lines: string[] = [];
  for (let size = 0, i = 0; size < bytes - 200; i++) {
    const line = JSON.stringify({ text: `message ${i} with enough words to look like a short support ticket or an email`, label: i % 3 === 0 ? 'spam' : 'ham' });
    lines.push(line);
    size += line.length + 1;
  }
  return encoder.encode(lines.join('\n'));
}

function zipOfPngs(count: number): Uint8Array {
  const png = encodePngRaw({ width: 28, height: 28, bitDepth: 8, colourType: 0, samples: Array.from({ length: 784 }, (_, k) => (k * 7) % 256) });
  return makeZip(Object.fromEntries(Array.from({ length: count }, (_, k) => [`digits/${k % 10}/${k}.png`, png])));
}

const cpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

const cases: [string, DatasetFormat, Uint8Array][] = [
  ['csv', 'csv', csvOfSize(MAX_DATASET_BYTES)],
  ['jsonl', 'jsonl', jsonlOfSize(MAX_DATASET_BYTES)],
  ['zip of 20,000 PNGs', 'zip', zipOfPngs(20_000)],
];
for (const [name, format, bytes] of cases) {
  for (let run = 1; run <= 2; run++) {
    const start = cpuMs();
    const summary = summarizeDataset(parseDataset(format, bytes));
    const parsed = cpuMs();
    await sha256Hex(bytes);
    const hashed = cpuMs();
    console.log(`${name} (${(bytes.length / 2 ** 20).toFixed(1)} MiB, ${summary.rows} rows), run ${run}: parse + summarize ${(parsed - start).toFixed(0)} ms CPU, sha256 ${(hashed - parsed).toFixed(0)} ms CPU`);
  }
}
