import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/** `wrangler deploy --dry-run`'s "Total Upload: X KiB / gzip: Y KiB" line, in KiB. */
export async function measureUploadSize(repoRoot: string): Promise<{ totalKiB: number; gzipKiB: number; line: string }> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-bench-build-'));
  try {
    const wrangler = path.join(repoRoot, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
    const { stdout } = await promisify(execFile)(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', outDir], {
      cwd: repoRoot,
      // The benches quiet wrangler (WRANGLER_LOG=warn), which would drop the "Total Upload" line (log level `log`) read here.
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG: 'log' },
      maxBuffer: 16 * 2 ** 20,
    });
    const match = stdout.match(/Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/);
    if (!match) throw new Error(`no "Total Upload" line in wrangler's output:\n${stdout}`);
    return { totalKiB: Number(match[1]), gzipKiB: Number(match[2]), line: match[0] };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
