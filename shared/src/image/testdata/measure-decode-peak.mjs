// Plain JavaScript for the reason read-mnist-file.mjs gives; the signature is in measure-decode-peak.d.mts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function measureDecodePeak(images) {
  const dir = mkdtempSync(path.join(tmpdir(), 'decode-peak-'));
  try {
    const files = images.map((bytes, i) => {
      const file = path.join(dir, `${i}.img`);
      writeFileSync(file, bytes);
      return file;
    });
    const script = fileURLToPath(new URL('./decode-peak-rss.mjs', import.meta.url));
    return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', script, ...files], { encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
