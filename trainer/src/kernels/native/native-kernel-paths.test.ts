import { describe, expect, it } from 'vitest';
import { buildNativeKernels, supportedNativeIsas, type NativeIsa } from './load-native-kernels.ts';
import type { NativeKernels } from './native-kernels.ts';
import { commandRuns } from './testing/command-runs.ts';

/**
 * Every micro-kernel path this CPU can run (EDGEML_NATIVE_ISA=generic|avx2|avx512) is built and
 * checked here, so a change that breaks the AVX2 path fails on an AVX-512 machine too.
 *
 * Each output is compared with a float64 reference and the bound that holds for a float32 dot
 * product of K terms summed in any order, with or without FMA (Higham, "Accuracy and Stability of
 * Numerical Algorithms", §3.1): |computed − exact| ≤ γ_K · Σ|a_k·b_k|, γ_K = K·u / (1 − K·u),
 * u = 2⁻²⁴. Σ|a_k·b_k| is the same reference run on absolute values. K is counted generously (every
 * product and every partial sum the blocking can add), so the bound is one no correct kernel can
 * miss on any CPU, while a wrong index or a dropped edge tile misses it by orders of magnitude.
 */
const U = 2 ** -24;
const gamma = (terms: number) => (terms * U) / (1 - terms * U);


/** Seeded values in [-1, 1): the same on every machine. */
function seeded(length: number, seed: number): Float32Array {
  const values = new Float32Array(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = state / 2 ** 31 - 1;
  }
  return values;
}

const abs = (values: Float32Array) => values.map(Math.abs);

/** Largest ratio |computed − exact| / (γ_K · Σ|terms|) over all outputs: ≤ 1 means within the bound. */
function worstRatio(computed: Float32Array, exact: Float64Array, magnitude: Float64Array, terms: number): number {
  expect(computed.length).toBe(exact.length);
  let worst = 0;
  for (let i = 0; i < exact.length; i++) {
    const bound = gamma(terms) * magnitude[i]! + Number.MIN_VALUE;
    worst = Math.max(worst, Math.abs(computed[i]! - exact[i]!) / bound);
  }
  return worst;
}

// geom: [n, h, w, ci, kh, kw, co, oh, ow, sh, sw, padTop, padLeft, dilationH, dilationW]
interface Conv {
  n: number; h: number; w: number; ci: number; kh: number; kw: number; co: number;
  oh: number; ow: number; sh: number; sw: number; pt: number; pl: number; dh: number; dw: number;
}
const geom = (c: Conv) => Int32Array.from([c.n, c.h, c.w, c.ci, c.kh, c.kw, c.co, c.oh, c.ow, c.sh, c.sw, c.pt, c.pl, c.dh, c.dw]);

/** Calls `visit(xIndex, filterIndex, yIndex)` for every product of an NHWC convolution with an HWIO filter. */
function eachProduct(c: Conv, visit: (xi: number, fi: number, yi: number) => void): void {
  for (let n = 0; n < c.n; n++)
    for (let oy = 0; oy < c.oh; oy++)
      for (let ox = 0; ox < c.ow; ox++)
        for (let ky = 0; ky < c.kh; ky++) {
          const iy = oy * c.sh - c.pt + ky * c.dh;
          if (iy < 0 || iy >= c.h) continue;
          for (let kx = 0; kx < c.kw; kx++) {
            const ix = ox * c.sw - c.pl + kx * c.dw;
            if (ix < 0 || ix >= c.w) continue;
            for (let ci = 0; ci < c.ci; ci++)
              for (let co = 0; co < c.co; co++) {
                visit(((n * c.h + iy) * c.w + ix) * c.ci + ci, ((ky * c.kw + kx) * c.ci + ci) * c.co + co, ((n * c.oh + oy) * c.ow + ox) * c.co + co);
              }
          }
        }
}

type Which = 'forward' | 'input' | 'filter';
/** The float64 result of one convolution pass: y from (x, f), dx from (dy, f), or dW from (x, dy). */
function convReference(c: Conv, which: Which, x: Float32Array, f: Float32Array, y: Float32Array): Float64Array {
  const out = new Float64Array(which === 'forward' ? c.n * c.oh * c.ow * c.co : which === 'input' ? c.n * c.h * c.w * c.ci : c.kh * c.kw * c.ci * c.co);
  eachProduct(c, (xi, fi, yi) => {
    if (which === 'forward') out[yi]! += x[xi]! * f[fi]!;
    else if (which === 'input') out[xi]! += y[yi]! * f[fi]!;
    else out[fi]! += x[xi]! * y[yi]!;
  });
  return out;
}

// A first layer (1 channel, many edge pixels), a strided and dilated one, and a deep one whose
// K passes the GEMM's 256-deep blocks, with channel counts that leave partial MR×NR tiles on every path.
const CONVS: Conv[] = [
  { n: 3, h: 13, w: 11, ci: 1, kh: 5, kw: 5, co: 16, oh: 9, ow: 7, sh: 1, sw: 1, pt: 0, pl: 0, dh: 1, dw: 1 },
  { n: 2, h: 12, w: 12, ci: 5, kh: 3, kw: 3, co: 7, oh: 6, ow: 6, sh: 2, sw: 2, pt: 1, pl: 1, dh: 1, dw: 1 },
  { n: 2, h: 9, w: 9, ci: 37, kh: 3, kw: 3, co: 45, oh: 9, ow: 9, sh: 1, sw: 1, pt: 1, pl: 1, dh: 1, dw: 1 },
];
const DILATED: Conv = { n: 2, h: 10, w: 10, ci: 3, kh: 3, kw: 3, co: 20, oh: 6, ow: 6, sh: 1, sw: 1, pt: 0, pl: 0, dh: 2, dw: 2 };

function checkConv(kernels: NativeKernels, c: Conv, which: Which): number {
  const x = seeded(c.n * c.h * c.w * c.ci, 1);
  const f = seeded(c.kh * c.kw * c.ci * c.co, 2);
  const y = seeded(c.n * c.oh * c.ow * c.co, 3);
  const exact = convReference(c, which, x, f, y);
  const magnitude = convReference(c, which, abs(x), abs(f), abs(y));
  const out = new Float32Array(exact.length);
  if (which === 'forward') kernels.conv2dForward(x, f, null, out, geom(c), false);
  else if (which === 'input') kernels.conv2dBackpropInput(y, f, out, geom(c));
  else kernels.conv2dBackpropFilter(x, y, out, geom(c));
  // Products per output, plus the partial sums that column blocks, col2im and threads add.
  const terms = which === 'forward' ? c.kh * c.kw * c.ci : which === 'input' ? c.kh * c.kw * c.co : c.n * c.oh * c.ow;
  return worstRatio(out, exact, magnitude, 2 * terms + 16);
}

function checkMatMul(kernels: NativeKernels, transposeA: boolean, transposeB: boolean, broadcastB: boolean): number {
  const [batch, m, n, k] = [3, 37, 45, 300];
  const a = seeded(batch * m * k, 4);
  const b = seeded((broadcastB ? 1 : batch) * k * n, 5);
  const exact = new Float64Array(batch * m * n);
  const magnitude = new Float64Array(batch * m * n);
  for (let p = 0; p < batch; p++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++)
        for (let q = 0; q < k; q++) {
          const av = a[p * m * k + (transposeA ? q * m + i : i * k + q)]!;
          const bv = b[(broadcastB ? 0 : p) * k * n + (transposeB ? j * k + q : q * n + j)]!;
          exact[(p * m + i) * n + j]! += av * bv;
          magnitude[(p * m + i) * n + j]! += Math.abs(av * bv);
        }
  const out = new Float32Array(batch * m * n);
  kernels.batchMatMul(a, b, out, Int32Array.from([batch, m, n, k, Number(transposeA), Number(transposeB), 0, Number(broadcastB)]));
  return worstRatio(out, exact, magnitude, 2 * k + 16);
}

function checkSum(kernels: NativeKernels, leading: boolean): number {
  const [rows, cols] = [1000, 37];
  const x = seeded(rows * cols, 6);
  const exact = new Float64Array(leading ? cols : rows);
  const magnitude = new Float64Array(exact.length);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      exact[leading ? c : r]! += x[r * cols + c]!;
      magnitude[leading ? c : r]! += Math.abs(x[r * cols + c]!);
    }
  const out = new Float32Array(exact.length);
  kernels.sum(x, out, Int32Array.from([rows, cols, Number(leading)]));
  return worstRatio(out, exact, magnitude, 2 * (leading ? rows : cols) + 16);
}

/** Max-pool's gradient routes each dy to its window's first largest input: exact, no rounding at all with distinct inputs and no overlap. */
function checkMaxPoolGrad(kernels: NativeKernels): void {
  // geom: [n, h, w, c, oh, ow, filterH, filterW, strideH, strideW, padTop, padLeft]
  const [n, h, w, c, oh, ow, fh, fw] = [2, 8, 8, 3, 4, 4, 2, 2];
  const x = seeded(n * h * w * c, 7);
  const dy = seeded(n * oh * ow * c, 8);
  const expected = new Float32Array(x.length);
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++)
        for (let ch = 0; ch < c; ch++) {
          let best = -1;
          for (let ky = 0; ky < fh; ky++)
            for (let kx = 0; kx < fw; kx++) {
              const index = ((b * h + oy * 2 + ky) * w + ox * 2 + kx) * c + ch;
              if (best < 0 || x[index]! > x[best]!) best = index;
            }
          expected[best] = dy[((b * oh + oy) * ow + ox) * c + ch]!;
        }
  const dx = new Float32Array(x.length);
  kernels.maxPoolGrad(x, dy, dx, Int32Array.from([n, h, w, c, oh, ow, fh, fw, 2, 2, 0, 0]));
  expect(dx).toEqual(expected);
}

describe.runIf(commandRuns())('native kernels on every micro-kernel path this CPU runs', async () => {
  const isas = await supportedNativeIsas();

  it('include the generic path everywhere', () => {
    expect(isas[0]).toBe('generic');
  });

  describe.each(isas)('%s', (isa: NativeIsa) => {
    let kernels: NativeKernels;
    it('builds and reports its path', async () => {
      const loaded = await buildNativeKernels({ ...process.env, EDGEML_NATIVE_ISA: isa });
      if (!loaded.ok) throw new Error(loaded.reason);
      kernels = loaded.kernels;
      expect(loaded.isa).toBe(isa);
      expect(kernels.info().simd).toBe(isa === 'avx2' ? 'avx2-fma' : isa);
    });

    it.each(['forward', 'input', 'filter'] as const)('computes conv2d %s within γ_K of the exact result', (which) => {
      for (const conv of CONVS) expect(checkConv(kernels, conv, which)).toBeLessThanOrEqual(1);
      if (which === 'forward') expect(checkConv(kernels, DILATED, which)).toBeLessThanOrEqual(1);
    });

    it('computes batched matmuls (every transpose, broadcast B) within γ_K', () => {
      for (const [ta, tb, broadcast] of [[false, false, false], [true, false, false], [false, true, false], [true, true, true]] as const) {
        expect(checkMatMul(kernels, ta, tb, broadcast)).toBeLessThanOrEqual(1);
      }
    });

    it('sums rows and columns within γ_K, and routes max-pool gradients exactly', () => {
      expect(checkSum(kernels, true)).toBeLessThanOrEqual(1);
      expect(checkSum(kernels, false)).toBeLessThanOrEqual(1);
      checkMaxPoolGrad(kernels);
    });
  });

  it('refuses a path this CPU cannot run, or a name it does not know, with the reason', async () => {
    expect(await buildNativeKernels({ ...process.env, EDGEML_NATIVE_ISA: 'sse9' })).toEqual({
      ok: false,
      reason: 'EDGEML_NATIVE_ISA="sse9" is not one of native, generic, avx2, avx512',
    });
    const missing = (['avx2', 'avx512'] as const).find((isa) => !isas.includes(isa));
    if (missing) expect(await buildNativeKernels({ ...process.env, EDGEML_NATIVE_ISA: missing })).toMatchObject({ ok: false, reason: expect.stringContaining('this CPU runs only') });
  });
});
