// NHWC convolution (forward and both gradients) by im2col + GEMM, and batched matmul, spread over
// the thread pool. Inputs are read where they lie (the wasm heap); outputs are written in place.
#pragma once
#include <atomic>
#include <vector>
#include "sgemm.h"
#include "thread-pool.h"

namespace edgeml {

/** Convolution geometry, in the order the JS side passes it. */
struct ConvGeom {
  long n, h, w, ci, kh, kw, co, oh, ow, sh, sw, pt, pl, dh, dw;
  long pixels() const { return n * oh * ow; }
  long patch() const { return kh * kw * ci; }
};

// Tasks taken in turn by every worker until none is left.
inline void parallelFor(ThreadPool& pool, long tasks, const std::function<void(long task, int worker)>& f) {
  if (tasks == 1) return f(0, 0);  // nothing to share: waking the pool would cost more
  std::atomic<long> next{0};
  pool.run([&](int worker, int) {
    for (long t; (t = next.fetch_add(1)) < tasks;) f(t, worker);
  });
}

// Copies or adds a few floats: a first layer's patch row is 3 to 15 of them, where a library call
// per row would cost more than the copy.
inline void copyFloats(float* d, const float* s, long n) {
  if (n < 16) for (long i = 0; i < n; i++) d[i] = s[i];
  else std::memcpy(d, s, sizeof(float) * n);
}
inline void zeroFloats(float* d, long n) {
  if (n < 16) for (long i = 0; i < n; i++) d[i] = 0.f;
  else std::memset(d, 0, sizeof(float) * n);
}

// Walks output pixels [p0, p1) in order, keeping (image, row, column) as counters: dividing the
// pixel index for each of them cost as much as the copy itself for a 1-channel first layer.
struct PixelCursor {
  long b, oy, ox;
  PixelCursor(const ConvGeom& g, long p) {
    const long hw = g.oh * g.ow, r = p % hw;
    b = p / hw, oy = r / g.ow, ox = r % g.ow;
  }
  void next(const ConvGeom& g) {
    if (++ox == g.ow) {
      ox = 0;
      if (++oy == g.oh) oy = 0, b++;
    }
  }
};

// Rows [p0, p1) of the im2col matrix (one row per output pixel, patch() columns) into dst. A patch
// row inside the image along x (and undilated) is kw·ci contiguous floats: one copy.
inline void im2col(const ConvGeom& g, const float* x, long p0, long p1, float* dst) {
  const long K = g.patch(), span = g.kw * g.ci;
  PixelCursor at(g, p0);
  for (long p = p0; p < p1; p++, dst += K, at.next(g)) {
    const long ix0 = at.ox * g.sw - g.pl;
    const bool inside = g.dw == 1 && ix0 >= 0 && ix0 + g.kw <= g.w;
    float* d = dst;
    for (long ky = 0; ky < g.kh; ky++, d += span) {
      const long iy = at.oy * g.sh - g.pt + ky * g.dh;
      if (iy < 0 || iy >= g.h) {
        zeroFloats(d, span);
        continue;
      }
      const float* row = x + (at.b * g.h + iy) * g.w * g.ci;
      if (inside) {
        copyFloats(d, row + ix0 * g.ci, span);
        continue;
      }
      for (long kx = 0; kx < g.kw; kx++) {
        const long ix = ix0 + kx * g.dw;
        if (ix < 0 || ix >= g.w) zeroFloats(d + kx * g.ci, g.ci);
        else copyFloats(d + kx * g.ci, row + ix * g.ci, g.ci);
      }
    }
  }
}

// The adjoint of im2col: adds rows [p0, p1) of a patch matrix back onto dx.
inline void col2im(const ConvGeom& g, const float* col, long p0, long p1, float* dx) {
  const long K = g.patch(), span = g.kw * g.ci;
  PixelCursor at(g, p0);
  for (long p = p0; p < p1; p++, col += K, at.next(g)) {
    const long ix0 = at.ox * g.sw - g.pl;
    const bool inside = g.dw == 1 && ix0 >= 0 && ix0 + g.kw <= g.w;
    const float* s = col;
    for (long ky = 0; ky < g.kh; ky++, s += span) {
      const long iy = at.oy * g.sh - g.pt + ky * g.dh;
      if (iy < 0 || iy >= g.h) continue;
      float* row = dx + (at.b * g.h + iy) * g.w * g.ci;
      if (inside) {
        float* d = row + ix0 * g.ci;
        for (long i = 0; i < span; i++) d[i] += s[i];
        continue;
      }
      for (long kx = 0; kx < g.kw; kx++) {
        const long ix = ix0 + kx * g.dw;
        if (ix < 0 || ix >= g.w) continue;
        float* d = row + ix * g.ci;
        for (long c = 0; c < g.ci; c++) d[c] += s[kx * g.ci + c];
      }
    }
  }
}

inline bool isPointwise(const ConvGeom& g) {
  return g.kh == 1 && g.kw == 1 && g.sh == 1 && g.sw == 1 && g.pt == 0 && g.pl == 0 && g.oh == g.h && g.ow == g.w;
}

constexpr long kRowsPerTask = MR * 24;

inline std::vector<float>& scratch() {
  thread_local std::vector<float> buffer;
  return buffer;
}

/** y = act(conv(x, f) + bias); bias may be null; relu when asked. */
inline void conv2dForward(ThreadPool& pool, const ConvGeom& g, const float* x, const float* f, const float* bias, bool relu, float* y) {
  const long P = g.pixels(), K = g.patch(), CO = g.co;
  const long tasks = (P + kRowsPerTask - 1) / kRowsPerTask;
  parallelFor(pool, tasks, [&](long t, int) {
    const long p0 = t * kRowsPerTask, p1 = std::min(P, p0 + kRowsPerTask);
    const float* a = x + p0 * K;
    if (!isPointwise(g)) {
      std::vector<float>& col = scratch();
      col.resize((p1 - p0) * K);
      im2col(g, x, p0, p1, col.data());
      a = col.data();
    }
    float* out = y + p0 * CO;
    sgemm(p1 - p0, CO, K, View{a, K, 1}, View{f, CO, 1}, out, CO, false);
    if (bias || relu) {
      for (long p = 0; p < p1 - p0; p++) {
        float* o = out + p * CO;
        if (bias) for (long c = 0; c < CO; c++) o[c] += bias[c];
        if (relu) for (long c = 0; c < CO; c++) o[c] = o[c] > 0.f ? o[c] : 0.f;
      }
    }
  });
}

/** dx = col2im(dy · fᵀ); each task owns whole images so the scatter-adds never overlap. */
inline void conv2dBackpropInput(ThreadPool& pool, const ConvGeom& g, const float* dy, const float* f, float* dx) {
  const long K = g.patch(), CO = g.co, perImage = g.oh * g.ow;
  const View ft{f, 1, CO};  // fᵀ: (co, k) at f[k·CO + co]
  if (isPointwise(g)) {
    const long P = g.pixels(), tasks = (P + kRowsPerTask - 1) / kRowsPerTask;
    parallelFor(pool, tasks, [&](long t, int) {
      const long p0 = t * kRowsPerTask, p1 = std::min(P, p0 + kRowsPerTask);
      sgemm(p1 - p0, K, CO, View{dy + p0 * CO, CO, 1}, ft, dx + p0 * K, K, false);
    });
    return;
  }
  std::memset(dx, 0, sizeof(float) * g.n * g.h * g.w * g.ci);
  parallelFor(pool, g.n, [&](long b, int) {
    std::vector<float>& col = scratch();
    for (long q0 = 0; q0 < perImage; q0 += kRowsPerTask) {
      const long rows = std::min(kRowsPerTask, perImage - q0), p0 = b * perImage + q0;
      col.resize(rows * K);
      sgemm(rows, K, CO, View{dy + p0 * CO, CO, 1}, ft, col.data(), K, false);
      col2im(g, col.data(), p0, p0 + rows, dx);
    }
  });
}

/**
 * dw[k, co] = Σ_p col[p, k]·dy[p, co]. The pixels are cut into a fixed number of groups (set by
 * the sizes alone), each summed in order into its own buffer, and the groups added in order: the
 * result is the same whichever threads ran which group, so training runs repeat exactly.
 */
inline void conv2dBackpropFilter(ThreadPool& pool, const ConvGeom& g, const float* x, const float* dy, float* dw) {
  const long P = g.pixels(), K = g.patch(), CO = g.co;
  const long rowsPerTask = kRowsPerTask * 2;
  const long tasks = (P + rowsPerTask - 1) / rowsPerTask;
  const long groups = std::min<long>(tasks, 8);
  std::vector<std::vector<float>> partial(groups, std::vector<float>(K * CO, 0.f));
  parallelFor(pool, groups, [&](long group, int) {
    for (long t = group * tasks / groups; t < (group + 1) * tasks / groups; t++) {
      const long p0 = t * rowsPerTask, p1 = std::min(P, p0 + rowsPerTask);
      const float* a = x + p0 * K;
      if (!isPointwise(g)) {
        std::vector<float>& col = scratch();
        col.resize((p1 - p0) * K);
        im2col(g, x, p0, p1, col.data());
        a = col.data();
      }
      sgemm(K, CO, p1 - p0, View{a, 1, K}, View{dy + p0 * CO, CO, 1}, partial[group].data(), CO, true);
    }
  });
  std::memset(dw, 0, sizeof(float) * K * CO);
  for (const auto& sum : partial)
    for (long i = 0; i < K * CO; i++) dw[i] += sum[i];
}

/** out[b] = op(a[b])·op(b[b]) for each batch; a zero batch stride broadcasts that operand. */
inline void batchMatMul(ThreadPool& pool, long batch, long M, long N, long K, const float* a, long aStride, bool transA,
                        const float* b, long bStride, bool transB, float* out) {
  auto viewA = [&](long i) { return transA ? View{a + i * aStride, 1, M} : View{a + i * aStride, K, 1}; };
  auto viewB = [&](long i) { return transB ? View{b + i * bStride, 1, K} : View{b + i * bStride, N, 1}; };
  if (batch >= pool.size() * 2) {
    parallelFor(pool, batch, [&](long i, int) { sgemm(M, N, K, viewA(i), viewB(i), out + i * M * N, N, false); });
    return;
  }
  // Few batches: split each product along its longer side.
  const int parts = pool.size() * 2;
  const bool splitRows = M >= N;
  const long side = splitRows ? M : N, unit = splitRows ? MR : NR;
  const long chunk = ((side + parts - 1) / parts + unit - 1) / unit * unit;
  const long pieces = (side + chunk - 1) / chunk;
  parallelFor(pool, batch * pieces, [&](long t, int) {
    const long i = t / pieces, s0 = (t % pieces) * chunk, len = std::min(chunk, side - s0);
    View A = viewA(i), B = viewB(i);
    float* c = out + i * M * N;
    if (splitRows) sgemm(len, N, K, View{A.p + s0 * A.rs, A.rs, A.cs}, B, c + s0 * N, N, false);
    else sgemm(M, len, K, A, View{B.p + s0 * B.cs, B.rs, B.cs}, c + s0, N, false);
  });
}

}  // namespace edgeml
