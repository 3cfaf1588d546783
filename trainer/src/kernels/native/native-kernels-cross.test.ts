import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { NATIVE_SOURCE_DIR, nodeHeaderDir } from './load-native-kernels.ts';
import { commandRuns } from './testing/command-runs.ts';

const run = promisify(execFile);
const CROSS = 'aarch64-linux-gnu-g++';
const QEMU = 'qemu-aarch64';


/**
 * The generic path on ARM64, from an x86-64 machine: Debian's cross compiler builds the addon and
 * a standalone check of its kernels (trainer/native/check-kernels.cc), and qemu-user runs the
 * check. `.ci/run` installs both (g++-aarch64-linux-gnu, qemu-user); elsewhere this is skipped.
 */
describe.runIf(process.arch === 'x64' && commandRuns(CROSS) && commandRuns(QEMU))('native kernels on ARM64 (cross-compiled, run under qemu-user)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'edgeml-arm64-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('build as a Node addon for aarch64 with the generic (NEON) path', async () => {
    const headers = nodeHeaderDir();
    if (!headers) throw new Error('node_api.h not found');
    const output = path.join(dir, 'edgeml-kernels.node');
    await run(CROSS, ['-std=c++17', '-O3', '-fPIC', '-shared', '-pthread', '-fvisibility=hidden', `-I${headers}`, '-o', output, path.join(NATIVE_SOURCE_DIR, 'edgeml-kernels.cc')]);
    const { stdout } = await run('file', [output]).catch(() => ({ stdout: 'ARM aarch64 (file(1) missing)' }));
    expect(stdout).toMatch(/aarch64/);
  });

  it('compute convolutions and GEMMs within γ_K of the exact result on aarch64', async () => {
    const binary = path.join(dir, 'check-kernels');
    await run(CROSS, ['-std=c++17', '-O3', '-pthread', '-static', '-o', binary, path.join(NATIVE_SOURCE_DIR, 'check-kernels.cc')]);
    const { stdout } = await run(QEMU, [binary], { timeout: 60_000 });
    expect(stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^generic conv2dForward /),
      expect.stringMatching(/^generic conv2dBackpropInput /),
      expect.stringMatching(/^generic conv2dBackpropFilter /),
      expect.stringMatching(/^generic sgemm /),
    ]);
  });
});
