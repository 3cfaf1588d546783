import { describe, expect, it } from 'vitest';
import type { CpuProfile } from '@edgeml/test/support/open-worker-inspector';
import { bundleModuleAt, summarizeCpuProfile } from './summarize-cpu-profile.ts';

const BUNDLE = ['// node_modules/hono/dist/hono.js', 'function dispatch() {}', '', '// edge/src/predict/predict.ts', 'async function predict() {}', '// edge/src/runtime/ort.ts', 'function runSessionFeeds() {}'].join('\n');

const frame = (functionName: string, url = '', lineNumber = -1) => ({ functionName, url, lineNumber, columnNumber: 0 });

/** root → dispatch (hono) → predict → runSessionFeeds → { wasm, native stringify }, and (program), (garbage collector). */
const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 7, 8] },
    { id: 2, callFrame: frame('dispatch', 'index.js', 1), children: [3] },
    { id: 3, callFrame: frame('predict', 'index.js', 4), children: [4] },
    { id: 4, callFrame: frame('runSessionFeeds', 'index.js', 6), children: [5, 6] },
    { id: 5, callFrame: frame('$func42', 'wasm://wasm/abc') },
    { id: 6, callFrame: frame('stringify') },
    { id: 7, callFrame: frame('(program)') },
    { id: 8, callFrame: frame('(garbage collector)') },
  ],
  startTime: 0,
  endTime: 1000,
  samples: [5, 5, 6, 3, 2, 7, 7, 8],
  timeDeltas: [100, 100, 50, 20, 10, 300, 300, 40],
};

describe('summarizeCpuProfile', () => {
  const summary = summarizeCpuProfile(PROFILE, 2, bundleModuleAt(BUNDLE), (url) => url === 'index.js', [
    { label: 'predict', functionName: 'predict', module: 'edge/src/predict/predict.ts' },
    { label: 'run', functionName: 'runSessionFeeds', module: 'edge/src/runtime/ort.ts' },
    { label: 'wrong module', functionName: 'predict', module: 'edge/src/runtime/ort.ts' },
  ]);

  it('maps bundle lines to the module esbuild wrote them from', () => {
    const moduleAt = bundleModuleAt(BUNDLE);
    expect([0, 1, 2, 4, 6].map(moduleAt)).toEqual(['node_modules/hono/dist/hono.js', 'node_modules/hono/dist/hono.js', 'node_modules/hono/dist/hono.js', 'edge/src/predict/predict.ts', 'edge/src/runtime/ort.ts']);
  });

  it('counts each sample for the median interval, not for the time since the sample before', () => {
    expect(summary.intervalUs).toBe(100);
  });

  it('counts self time by origin per request, a native function for its caller', () => {
    expect(Object.fromEntries(summary.byOrigin.map((row) => [row.origin, row.usPerRequest]))).toEqual({
      'onnxruntime-web WASM': 100,
      'edge/src/runtime/ort.ts': 50,
      'edge/src/predict/predict.ts': 50,
      hono: 50,
      '(program)': 100,
      '(garbage collector)': 50,
    });
    expect(summary.jsUsPerRequest).toBe(300);
  });

  it('times steps inclusively, by function name and module', () => {
    expect(summary.steps).toEqual([
      { step: 'predict', usPerRequest: 200 },
      { step: 'run', usPerRequest: 150 },
      { step: 'wrong module', usPerRequest: 0 },
    ]);
  });
});
