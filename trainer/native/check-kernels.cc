// A standalone check of the kernels, without Node: built for another architecture (ARM64 under
// qemu-user, see trainer/src/kernels/native/native-kernels-cross.test.ts) it shows that the
// generic path builds and computes there. Each output must lie within γ_K·Σ|a·b| of a double
// reference, the bound of a float32 sum of K products in any order (u = 2^-24). Exits 1 otherwise.
#include <cmath>
#include <cstdio>
#include <vector>

#include "kernels.h"

namespace {

using edgeml::ConvGeom;

std::vector<float> seeded(long n, unsigned seed) {
  std::vector<float> v(n);
  for (long i = 0; i < n; i++) {
    seed = seed * 1664525u + 1013904223u;
    v[i] = static_cast<float>(seed / 2147483648.0 - 1.0);
  }
  return v;
}

// The worst |computed − exact| / (γ_K·Σ|terms|): at most 1 for a correct kernel.
double worst(const std::vector<float>& got, const std::vector<double>& exact, const std::vector<double>& magnitude, long terms) {
  const double u = std::ldexp(1.0, -24), gamma = terms * u / (1 - terms * u);
  double ratio = 0;
  for (size_t i = 0; i < exact.size(); i++) ratio = std::max(ratio, std::fabs(got[i] - exact[i]) / (gamma * magnitude[i] + 1e-300));
  return ratio;
}

template <typename Visit>
void eachProduct(const ConvGeom& g, Visit visit) {
  for (long n = 0; n < g.n; n++)
    for (long oy = 0; oy < g.oh; oy++)
      for (long ox = 0; ox < g.ow; ox++)
        for (long ky = 0; ky < g.kh; ky++) {
          const long iy = oy * g.sh - g.pt + ky * g.dh;
          if (iy < 0 || iy >= g.h) continue;
          for (long kx = 0; kx < g.kw; kx++) {
            const long ix = ox * g.sw - g.pl + kx * g.dw;
            if (ix < 0 || ix >= g.w) continue;
            for (long ci = 0; ci < g.ci; ci++)
              for (long co = 0; co < g.co; co++)
                visit(((n * g.h + iy) * g.w + ix) * g.ci + ci, ((ky * g.kw + kx) * g.ci + ci) * g.co + co, ((n * g.oh + oy) * g.ow + ox) * g.co + co);
          }
        }
}

}  // namespace

int main() {
  // Leaked like the addon's: joining its blocked workers at exit would hang.
  edgeml::ThreadPool& pool = *new edgeml::ThreadPool(2);
  const ConvGeom g{2, 9, 9, 37, 3, 3, 45, 9, 9, 1, 1, 1, 1, 1, 1};
  const long xs = g.n * g.h * g.w * g.ci, fs = g.kh * g.kw * g.ci * g.co, ys = g.n * g.oh * g.ow * g.co;
  auto x = seeded(xs, 1), f = seeded(fs, 2), dy = seeded(ys, 3);
  std::vector<double> y64(ys), yAbs(ys), dx64(xs), dxAbs(xs), dw64(fs), dwAbs(fs);
  eachProduct(g, [&](long xi, long fi, long yi) {
    y64[yi] += double(x[xi]) * f[fi];
    yAbs[yi] += std::fabs(double(x[xi]) * f[fi]);
    dx64[xi] += double(dy[yi]) * f[fi];
    dxAbs[xi] += std::fabs(double(dy[yi]) * f[fi]);
    dw64[fi] += double(x[xi]) * dy[yi];
    dwAbs[fi] += std::fabs(double(x[xi]) * dy[yi]);
  });
  std::vector<float> y(ys), dx(xs), dw(fs);
  edgeml::conv2dForward(pool, g, x.data(), f.data(), nullptr, false, y.data());
  edgeml::conv2dBackpropInput(pool, g, dy.data(), f.data(), dx.data());
  edgeml::conv2dBackpropFilter(pool, g, x.data(), dy.data(), dw.data());

  const long M = 37, N = 45, K = 300;
  auto a = seeded(M * K, 4), b = seeded(K * N, 5);
  std::vector<double> c64(M * N), cAbs(M * N);
  for (long i = 0; i < M; i++)
    for (long j = 0; j < N; j++)
      for (long k = 0; k < K; k++) {
        c64[i * N + j] += double(a[i * K + k]) * b[k * N + j];
        cAbs[i * N + j] += std::fabs(double(a[i * K + k]) * b[k * N + j]);
      }
  std::vector<float> c(M * N);
  edgeml::batchMatMul(pool, 1, M, N, K, a.data(), 0, false, b.data(), 0, false, c.data());

  const double ratios[] = {worst(y, y64, yAbs, 2 * g.kh * g.kw * g.ci + 16), worst(dx, dx64, dxAbs, 2 * g.kh * g.kw * g.co + 16),
                           worst(dw, dw64, dwAbs, 2 * g.n * g.oh * g.ow + 16), worst(c, c64, cAbs, 2 * K + 16)};
  const char* names[] = {"conv2dForward", "conv2dBackpropInput", "conv2dBackpropFilter", "sgemm"};
  int failed = 0;
  for (int i = 0; i < 4; i++) {
    std::printf("%s %s %.4f\n", edgeml::kSimd, names[i], ratios[i]);
    failed |= !(ratios[i] <= 1);
  }
  return failed;
}
