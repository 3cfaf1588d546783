import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/published-model.ts';

/**
 * Packages import each other by name (`@edgeml/shared`, `@edgeml/trainer/...`, `@edgeml/edge/...`,
 * `@edgeml/test/...`), never by a relative path into another package's folder: a relative path
 * skips the package's exports and breaks when a package is installed or built on its own. The
 * workspaces are packages; everything else (bench/, scripts/, root files) is the root package.
 */
const WORKSPACES = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
const SOURCE = /\.(?:[cm]?ts|tsx|[cm]?js)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'public', '.wrangler', '.artifacts', '.git', '.data', 'reports']);

/** The package a repository path belongs to: its workspace, or `.` for the root package. */
function packageOf(file: string): string {
  return WORKSPACES.find((workspace) => file === workspace || file.startsWith(`${workspace}/`)) ?? '.';
}

/** Relative specifiers in `text` (imports, re-exports, `import()`, `require()`) that leave `file`'s package. */
function crossings(file: string, text: string): string[] {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((ref) => ref.fileName)
    .filter((specifier) => specifier.startsWith('.') && packageOf(path.posix.join(path.posix.dirname(file), specifier)) !== packageOf(file));
}

/** Source files under `dir` (repository-relative, `/`-separated), not descending into installs and outputs. */
function repositoryFiles(dir = ''): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : repositoryFiles(file);
    return SOURCE.test(entry.name) ? [file] : [];
  });
}

describe('package boundaries', () => {
  it('tells a relative import that leaves its package from one that stays', () => {
    const intoTrainer = '../../trainer/src/jobs/run-jobs.ts';
    expect(crossings('test/lifecycle/a.test.ts', `import { x } from '${intoTrainer}';`)).toEqual([intoTrainer]);
    expect(crossings('bench/edge-bench.ts', "export * from '../test/support/start-worker.ts';")).toEqual(['../test/support/start-worker.ts']);
    expect(crossings('trainer/src/a.ts', "const ort = await import('../../edge/src/runtime/ort.ts');")).toEqual(['../../edge/src/runtime/ort.ts']);
    expect(crossings('test/support/x.ts', "import '../../scripts/lib/y.ts';")).toEqual(['../../scripts/lib/y.ts']);
    expect(crossings('test/lifecycle/a.test.ts', "import { y } from '../support/start-worker.ts'; import '@edgeml/trainer/jobs/run-jobs'; // '../../edge/src/x.ts'")).toEqual([]);
    expect(crossings('bench/a.ts', "import '../scripts/lib/x.ts';")).toEqual([]);
  });

  it('finds no relative import across packages anywhere in the repository', () => {
    const files = repositoryFiles();
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((file) => crossings(file, readFileSync(path.join(REPO_ROOT, file), 'utf8')).map((specifier) => `${file}: ${specifier}`));
    expect(found, 'import these by package name (each package exports "./*")').toEqual([]);
  });
});
