import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/published-model.ts';

/**
 * Every bare import must be declared by the package.json of the workspace it is in: without this,
 * code works only because npm hoists another workspace's dependency to the root, and breaks in an
 * install of one workspace (the trainer image) or after a dependency moves.
 */

interface PackageJson {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const SOURCE = /\.(?:[cm]?ts|tsx|[cm]?js)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'public', '.wrangler', '.artifacts']);
const BUILTINS = new Set(builtinModules);

function readPackage(dir: string): PackageJson {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, dir, 'package.json'), 'utf8')) as PackageJson;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => SOURCE.test(file) && !file.endsWith('.d.ts') && !file.split(path.sep).some((part) => SKIPPED_DIRS.has(part)))
    .map((file) => path.join(dir, file));
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`), or undefined for relative, URL and builtin ones. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) return undefined;
  if (BUILTINS.has(specifier) || BUILTINS.has(specifier.split('/')[0]!)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Static imports, re-exports, `import()` and `require()` with a literal specifier, read by TypeScript's scanner (so strings and comments are not mistaken for imports). */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
  return ts.preProcessFile(text, true, true).importedFiles.map((ref) => ref.fileName);
}

function isTestFile(file: string): boolean {
  return /\.test\.[cm]?ts$/.test(file) || file.split(path.sep).includes('bench');
}

function declared(pkg: PackageJson, { dev }: { dev: boolean }): Set<string> {
  return new Set([
    ...(pkg.name ? [pkg.name] : []),
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.optionalDependencies ?? {}),
    ...Object.keys(pkg.peerDependencies ?? {}),
    ...(dev ? Object.keys(pkg.devDependencies ?? {}) : []),
  ]);
}

const root = readPackage('.');
const rootDev = declared(root, { dev: true });

/**
 * Where each folder's imports must be declared. A workspace's shipped code needs `dependencies`
 * (or optional/peer). Tests and benchmarks, its own and those in `test/`, `bench/` and `scripts/`,
 * run only from the repository root (vitest, tsx), so the root's devDependencies count for them too.
 */
const FOLDERS: { dir: string; allowed: (file: string) => Set<string> }[] = [
  ...['shared', 'trainer', 'edge', 'client'].map((dir) => {
    const pkg = readPackage(dir);
    const shipped = declared(pkg, { dev: false });
    const dev = new Set([...declared(pkg, { dev: true }), ...rootDev]);
    return { dir, allowed: (file: string) => (isTestFile(file) ? dev : shipped) };
  }),
  { dir: 'test', allowed: () => new Set([...declared(readPackage('test'), { dev: true }), ...rootDev]) },
  // cold-config.json is no package: bench:cold-start's workerd config provides that module to its worker.
  { dir: 'bench', allowed: () => new Set([...rootDev, 'cold-config.json']) },
  { dir: 'scripts', allowed: () => rootDev },
];

describe('declared imports', () => {
  it('reads bare specifiers as packages', () => {
    expect(packageOf('@edgeml/edge/runtime/ort')).toBe('@edgeml/edge');
    expect(packageOf('onnxruntime-web/ort-wasm-simd-threaded.wasm')).toBe('onnxruntime-web');
    expect(packageOf('zod')).toBe('zod');
    for (const notPackage of ['node:fs', 'fs/promises', 'cloudflare:workers', './x.ts', '../y', 'https://esm.sh/x']) {
      expect(packageOf(notPackage), notPackage).toBeUndefined();
    }
  });

  it.each(FOLDERS.map((folder) => [folder.dir, folder] as const))('%s imports only packages its package.json declares', (_dir, folder) => {
    const files = sourceFiles(folder.dir);
    expect(files.length).toBeGreaterThan(0);
    const undeclared = new Map<string, string[]>();
    for (const file of files) {
      const allowed = folder.allowed(file);
      for (const specifier of importsOf(file)) {
        const pkg = packageOf(specifier);
        if (pkg !== undefined && !allowed.has(pkg)) undeclared.set(pkg, [...(undeclared.get(pkg) ?? []), file]);
      }
    }
    const report = [...undeclared].map(([pkg, where]) => `${pkg} (${[...new Set(where)].slice(0, 3).join(', ')}${where.length > 3 ? ', …' : ''})`);
    expect(report, `declare these in ${['bench', 'scripts'].includes(folder.dir) ? 'the root ' : `${folder.dir}/`}package.json`).toEqual([]);
  });
});
