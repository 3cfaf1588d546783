// Sums over leading or trailing axes, and the max-pool gradient, NHWC, spread over the thread pool.
// The wasm backend sums over leading axes (a bias's gradient: N·H·W rows of C) by transposing the
// whole tensor first; its max-pool gradient is a JS loop. Both are memory-bound passes here.
#pragma once
#include <atomic>
#include <cstring>
#include <vector>
#include "kernels.h"

namespace edgeml {

/**
 * out[c] = Σ_r x[r·cols + c]: blocks of rows are summed (float) by any worker into their own
 * slots, then added in block order (double), so the result does not depend on the threads.
 */
inline void sumRows(ThreadPool& pool, const float* x, long rows, long cols, float* out) {
  constexpr long kBlock = 256;
  const long tasks = (rows + kBlock - 1) / kBlock;
  std::vector<float> blocks(tasks * cols, 0.f);
  parallelFor(pool, tasks, [&](long t, int) {
    float* block = blocks.data() + t * cols;
    const long r1 = std::min(rows, (t + 1) * kBlock);
    for (long r = t * kBlock; r < r1; r++) {
      const float* row = x + r * cols;
      for (long c = 0; c < cols; c++) block[c] += row[c];
    }
  });
  std::vector<double> total(cols, 0.0);
  for (long t = 0; t < tasks; t++)
    for (long c = 0; c < cols; c++) total[c] += blocks[t * cols + c];
  for (long c = 0; c < cols; c++) out[c] = static_cast<float>(total[c]);
}

/** out[r] = Σ_c x[r·cols + c]. */
inline void sumColumns(ThreadPool& pool, const float* x, long rows, long cols, float* out) {
  std::atomic<long> next{0};
  constexpr long kBlock = 64;
  const long tasks = (rows + kBlock - 1) / kBlock;
  pool.run([&](int, int) {
    for (long t; (t = next.fetch_add(1)) < tasks;) {
      for (long r = t * kBlock; r < std::min(rows, (t + 1) * kBlock); r++) {
        const float* row = x + r * cols;
        double s = 0;
        for (long c = 0; c < cols; c++) s += row[c];
        out[r] = static_cast<float>(s);
      }
    }
  });
}

/**
 * out[o·inner + c] = scale · Σ_r x[(o·reduce + r)·inner + c]: axes in the middle (a mean over a text's
 * positions, [batch, length, size] → [batch, size]), which the wasm backend reduces by transposing the
 * whole tensor first. Each outer index is one task, summed in order (double): thread-independent.
 */
inline void sumMiddle(ThreadPool& pool, const float* x, long outer, long reduce, long inner, float scale, float* out) {
  parallelFor(pool, outer, [&](long o, int) {
    std::vector<double> acc(inner, 0.0);
    const float* block = x + o * reduce * inner;
    for (long r = 0; r < reduce; r++)
      for (long c = 0; c < inner; c++) acc[c] += block[r * inner + c];
    for (long c = 0; c < inner; c++) out[o * inner + c] = static_cast<float>(acc[c] * scale);
  });
}

/**
 * out[(o·reduce + r)·inner + c] = scale · x[o·inner + c]: sumMiddle's adjoint, a mean's gradient over a text's
 * positions, which tfjs builds from a tensor of ones (filled in JS), a broadcast product and a division.
 */
inline void spreadMiddle(ThreadPool& pool, const float* x, long outer, long reduce, long inner, float scale, float* out) {
  parallelFor(pool, outer, [&](long o, int) {
    const float* source = x + o * inner;
    float* block = out + o * reduce * inner;
    for (long r = 0; r < reduce; r++)
      for (long c = 0; c < inner; c++) block[r * inner + c] = scale * source[c];
  });
}

struct PoolGeom {
  long n, h, w, c, oh, ow, fh, fw, sh, sw, pt, pl;
};

/**
 * dx: each output's gradient goes to the first maximum of its window (row-major scan, strictly
 * greater replaces), as in tfjs's cpu backend. Images are split among the workers.
 */
inline void maxPoolGrad(ThreadPool& pool, const PoolGeom& g, const float* x, const float* dy, float* dx) {
  std::atomic<long> next{0};
  pool.run([&](int, int) {
    std::vector<float> best(g.c);
    std::vector<long> at(g.c);
    for (long b; (b = next.fetch_add(1)) < g.n;) {
      const long rowStride = g.w * g.c;
      const float* xb = x + b * g.h * rowStride;
      float* dxb = dx + b * g.h * rowStride;
      std::memset(dxb, 0, sizeof(float) * g.h * rowStride);
      for (long oy = 0; oy < g.oh; oy++) {
        const long y0 = std::max(0L, oy * g.sh - g.pt), y1 = std::min(g.h, oy * g.sh - g.pt + g.fh);
        for (long ox = 0; ox < g.ow; ox++) {
          const long x0 = std::max(0L, ox * g.sw - g.pl), x1 = std::min(g.w, ox * g.sw - g.pl + g.fw);
          if (y0 >= y1 || x0 >= x1) continue;
          const float* gy = dy + ((b * g.oh + oy) * g.ow + ox) * g.c;
          const long first = y0 * rowStride + x0 * g.c;
          for (long c = 0; c < g.c; c++) best[c] = xb[first + c], at[c] = first + c;
          for (long yy = y0; yy < y1; yy++) {
            for (long xx = yy == y0 ? x0 + 1 : x0; xx < x1; xx++) {
              const long p = yy * rowStride + xx * g.c;
              for (long c = 0; c < g.c; c++) {
                const float v = xb[p + c];
                if (v > best[c]) best[c] = v, at[c] = p + c;
              }
            }
          }
          for (long c = 0; c < g.c; c++) dxb[at[c]] += gy[c];
        }
      }
    }
  });
}

}  // namespace edgeml
