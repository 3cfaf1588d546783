// Blocked single-precision GEMM: C (row-major, ldc) = or += A·B, where A and B are strided views
// (so transposes cost nothing). BLIS-style: B is packed into NR-wide panels and A into MR-tall
// panels per cache block, and a register-blocked micro-kernel runs MR×NR FMAs per k. The vector
// width follows the build's -march: AVX-512 (16 lanes), AVX/AVX2 (8), else 4 (SSE or NEON).
#pragma once
#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace edgeml {

#if defined(__AVX512F__)
constexpr int VL = 16, MR = 12, NV = 2;
constexpr const char* kSimd = "avx512";
#elif defined(__AVX2__) && defined(__FMA__)
constexpr int VL = 8, MR = 6, NV = 2;
constexpr const char* kSimd = "avx2-fma";
#elif defined(__AVX__)
constexpr int VL = 8, MR = 6, NV = 2;
constexpr const char* kSimd = "avx";
#else
constexpr int VL = 4, MR = 4, NV = 2;
constexpr const char* kSimd = "generic";
#endif
constexpr int NR = VL * NV;
constexpr long KC = 256;
constexpr long MC = MR * 16;
constexpr long NC = NR * 32;

typedef float vf __attribute__((vector_size(VL * sizeof(float))));

/** A strided matrix view: element (i, k) at p[i·rs + k·cs]. */
struct View {
  const float* p;
  long rs, cs;
  float at(long i, long k) const { return p[i * rs + k * cs]; }
};

/** Per-thread packing buffers, grown on demand and kept for the thread's life. */
struct PackBuffers {
  float* a = nullptr;
  float* b = nullptr;
  float* tile = nullptr;
  PackBuffers() {
    a = static_cast<float*>(std::aligned_alloc(64, sizeof(float) * MC * KC));
    b = static_cast<float*>(std::aligned_alloc(64, sizeof(float) * KC * NC));
    tile = static_cast<float*>(std::aligned_alloc(64, sizeof(float) * MR * NR));
  }
  ~PackBuffers() { std::free(a); std::free(b); std::free(tile); }
};

inline PackBuffers& packBuffers() {
  thread_local PackBuffers buffers;
  return buffers;
}

// Rows beyond mc are zero so the micro-kernel always runs a full MR×NR tile.
inline void packA(const View& A, long i0, long k0, long mc, long kc, float* dst) {
  for (long ip = 0; ip < mc; ip += MR) {
    const long rows = std::min<long>(MR, mc - ip);
    for (long k = 0; k < kc; k++) {
      const float* src = A.p + (i0 + ip) * A.rs + (k0 + k) * A.cs;
      long r = 0;
      // Fixed-size copies for whole panels: the compiler turns them into vector moves, where a
      // memcpy call per k would cost as much as the copy.
      if (A.rs == 1 && rows == MR) {
        for (int q = 0; q < MR; q++) dst[q] = src[q];
        r = MR;
      }
      for (; r < rows; r++) dst[r] = src[r * A.rs];
      for (; r < MR; r++) dst[r] = 0.f;
      dst += MR;
    }
  }
}

inline void packB(const View& B, long k0, long j0, long kc, long nc, float* dst) {
  for (long jp = 0; jp < nc; jp += NR) {
    const long cols = std::min<long>(NR, nc - jp);
    for (long k = 0; k < kc; k++) {
      const float* src = B.p + (k0 + k) * B.rs + (j0 + jp) * B.cs;
      long c = 0;
      if (B.cs == 1 && cols == NR) {
        for (int q = 0; q < NR; q++) dst[q] = src[q];
        c = NR;
      } else if (B.cs == 1) {
        std::memcpy(dst, src, sizeof(float) * cols);
        c = cols;
      } else {
        for (; c < cols; c++) dst[c] = src[c * B.cs];
      }
      for (; c < NR; c++) dst[c] = 0.f;
      dst += NR;
    }
  }
}

// MR×NR tile of C (row stride ldc) = or += A panel · packed B panel, over kc. Element (i, k) of
// the A panel is a[i·lda + k·step]: packed (lda 1, step MR) or read in place from row-major rows
// (lda = the row stride, step 1), skipping the copy.
// W vectors of the panel's NV are computed (W = 1: the tile's right half is padding, skipped).
template <int W = NV>
inline void microKernel(long kc, const float* __restrict a, long lda, long step, const float* __restrict b, float* c, long ldc, bool accumulate) {
  vf acc[MR][W];
  for (int i = 0; i < MR; i++)
    for (int j = 0; j < W; j++) acc[i][j] = vf{};
  for (long k = 0; k < kc; k++) {
    vf bv[W];
    for (int j = 0; j < W; j++) bv[j] = *reinterpret_cast<const vf*>(b + j * VL);
    for (int i = 0; i < MR; i++) {
      const float av = a[i * lda];
      for (int j = 0; j < W; j++) acc[i][j] += av * bv[j];
    }
    a += step;
    b += NR;
  }
  for (int i = 0; i < MR; i++) {
    for (int j = 0; j < W; j++) {
      float* out = c + i * ldc + j * VL;
      if (accumulate) {
        vf old;
        std::memcpy(&old, out, sizeof(vf));
        acc[i][j] += old;
      }
      std::memcpy(out, &acc[i][j], sizeof(vf));
    }
  }
}

/** C[M×N] (row stride ldc) = A·B, or += when accumulate. Single-threaded; callers split the work. */
inline void sgemm(long M, long N, long K, const View& A, const View& B, float* C, long ldc, bool accumulate) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (!accumulate)
      for (long i = 0; i < M; i++) std::memset(C + i * ldc, 0, sizeof(float) * N);
    return;
  }
  PackBuffers& buf = packBuffers();
  for (long jc = 0; jc < N; jc += NC) {
    const long nc = std::min(NC, N - jc);
    for (long pc = 0; pc < K; pc += KC) {
      const long kc = std::min(KC, K - pc);
      const bool acc = accumulate || pc > 0;
      packB(B, pc, jc, kc, nc, buf.b);
      for (long ic = 0; ic < M; ic += MC) {
        const long mc = std::min(MC, M - ic);
        // Row-major A is read in place for its full MR-row panels (only the last, partial panel is
        // packed): packing would copy all of A once per column block for nothing. Column-major A
        // (a transposed operand) measured slower in place than packed, so it is packed.
        const bool direct = A.cs == 1;
        const long lda = A.rs, step = 1;
        const long packedFrom = direct ? mc / MR * MR : 0;
        if (packedFrom < mc) packA(A, ic + packedFrom, pc, mc - packedFrom, kc, buf.a + packedFrom * kc);
        for (long jr = 0; jr < nc; jr += NR) {
          const long nr = std::min<long>(NR, nc - jr);
          const float* bp = buf.b + jr * kc;
          for (long ir = 0; ir < mc; ir += MR) {
            const long mr = std::min<long>(MR, mc - ir);
            const bool inPlace = ir < packedFrom;
            const float* ap = inPlace ? A.p + (ic + ir) * A.rs + pc * A.cs : buf.a + ir * kc;
            const long aLd = inPlace ? lda : 1, aStep = inPlace ? step : MR;
            float* c = C + (ic + ir) * ldc + jc + jr;
            if (mr == MR && nr == NR) {
              microKernel(kc, ap, aLd, aStep, bp, c, ldc, acc);
            } else if (mr == MR && nr == VL) {
              // A half-width panel (N = 16, 48, ... on AVX-512: a first layer's channels) is one
              // vector wide: written straight to C, not through the scratch tile's scalar copy.
              microKernel<1>(kc, ap, aLd, aStep, bp, c, ldc, acc);
            } else {
              // Edge tile: computed whole into the scratch tile, then the valid part copied out.
              if (nr <= VL) microKernel<1>(kc, ap, aLd, aStep, bp, buf.tile, NR, false);
              else microKernel(kc, ap, aLd, aStep, bp, buf.tile, NR, false);
              for (long i = 0; i < mr; i++)
                for (long j = 0; j < nr; j++) c[i * ldc + j] = (acc ? c[i * ldc + j] : 0.f) + buf.tile[i * NR + j];
            }
          }
        }
      }
    }
  }
}

}  // namespace edgeml
