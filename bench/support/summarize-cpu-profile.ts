import type { CpuProfile } from '@edgeml/test/support/open-worker-inspector';

type CallFrame = CpuProfile['nodes'][number]['callFrame'];

/** V8's pseudo-frames: not code of any module. `(program)` is the thread outside JavaScript, idle waits included. */
const PSEUDO_FRAMES = new Set(['(root)', '(program)', '(idle)', '(garbage collector)']);

/** A step of the request, timed inclusively: every sample with a frame of `functionName` in `module` on its stack. */
export interface ProfileStep {
  label: string;
  functionName: string;
  module: string;
}

export interface ProfileSummary {
  /** The median interval between samples, µs: what each sample counts for. */
  intervalUs: number;
  /** µs per request of samples in JavaScript or WASM (pseudo-frames but the garbage collector left out). */
  jsUsPerRequest: number;
  /** Self time per request by where the code comes from: a source file of ours, a package, ORT's WASM, a pseudo-frame. */
  byOrigin: { origin: string; usPerRequest: number }[];
  /** Inclusive time per request of each step. */
  steps: { step: string; usPerRequest: number }[];
}

/**
 * Where a bundle's line comes from: esbuild (wrangler's bundler) starts each module's code with a
 * `// path/to/module.ts` comment when it does not minify, which the deployed bundle does not.
 */
export function bundleModuleAt(bundle: string): (line: number) => string | undefined {
  const starts: { line: number; module: string }[] = [];
  bundle.split('\n').forEach((text, line) => {
    const match = /^\/\/ ((?:[\w@.+-]+\/)+[\w@.+-]+\.[cm]?[jt]sx?)$/.exec(text);
    if (match) starts.push({ line, module: match[1]! });
  });
  return (line) => {
    let low = 0;
    let high = starts.length - 1;
    let found: string | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (starts[middle]!.line <= line) {
        found = starts[middle]!.module;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found;
  };
}

/** A package's name for code under node_modules, else the source file itself (ours). */
function originOf(module: string): string {
  return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module)?.[1] ?? module;
}

/**
 * Splits a CPU profile of `requests` requests: self time by origin, where a native function (a
 * workerd API, a V8 builtin such as JSON.stringify) counts for the JavaScript that called it, and
 * the inclusive time of `steps`. `moduleAt` maps a line of the bundle (`bundleUrl`) to its module.
 *
 * Each sample counts for the median interval between samples, not for its own: V8 samples the
 * isolate only while a thread holds it, so the sample after workerd ran other isolates (Miniflare's)
 * or waited for the next request carries all that time, and would pin it on where the request starts.
 */
export function summarizeCpuProfile(profile: CpuProfile, requests: number, moduleAt: (line: number) => string | undefined, bundleUrl: (url: string) => boolean, steps: readonly ProfileStep[]): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const moduleOf = (frame: CallFrame) => (bundleUrl(frame.url) ? moduleAt(frame.lineNumber) : undefined);
  /** The frame's own origin, or undefined for a native frame (no source). */
  const ownOrigin = (frame: CallFrame): string | undefined => {
    if (PSEUDO_FRAMES.has(frame.functionName)) return frame.functionName;
    if (frame.url.startsWith('wasm://')) return 'onnxruntime-web WASM';
    const module = moduleOf(frame);
    return module === undefined ? undefined : originOf(module);
  };
  const selfUs = new Map<string, number>();
  const stepUs = new Map<string, number>(steps.map((step) => [step.label, 0]));
  const intervalUs = [...profile.timeDeltas].sort((a, b) => a - b)[profile.timeDeltas.length >> 1] ?? 0;
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  for (const leaf of profile.samples) {
    let origin: string | undefined;
    const matched = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined; id = parents.get(id)) {
      const frame = nodes.get(id)!.callFrame;
      origin ??= ownOrigin(frame);
      for (const step of steps) {
        if (frame.functionName === step.functionName && moduleOf(frame) === step.module) matched.add(step.label);
      }
    }
    add(selfUs, origin ?? `native ${nodes.get(leaf)!.callFrame.functionName || '(anonymous)'}`, intervalUs);
    for (const label of matched) add(stepUs, label, intervalUs);
  }
  const perRequest = (us: number) => Math.round((us / requests) * 10) / 10;
  const inCode = [...selfUs].filter(([origin]) => !PSEUDO_FRAMES.has(origin) || origin === '(garbage collector)');
  return {
    intervalUs,
    jsUsPerRequest: perRequest(inCode.reduce((sum, [, us]) => sum + us, 0)),
    byOrigin: [...selfUs].sort((a, b) => b[1] - a[1]).map(([origin, us]) => ({ origin, usPerRequest: perRequest(us) })),
    steps: [...stepUs].map(([step, us]) => ({ step, usPerRequest: perRequest(us) })),
  };
}
