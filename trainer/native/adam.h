// Adam's update of one variable in one pass (tfjs runs it as 14 element-wise kernels, each writing a
// tensor of the variable's size): m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; x ← x − lr·(m/c₁)/(√(v/c₂) + ε).
#pragma once
#include <cmath>
#include "kernels.h"

namespace edgeml {

struct AdamStep {
  float learningRate, beta1, beta2, epsilon, correction1, correction2;
};

inline void adamUpdate(ThreadPool& pool, const AdamStep& s, long n, const float* x, const float* m, const float* v, const float* g,
                       float* newX, float* newM, float* newV) {
  constexpr long kChunk = 1 << 15;
  parallelFor(pool, (n + kChunk - 1) / kChunk, [&](long t, int) {
    const long end = std::min(n, (t + 1) * kChunk);
    const float a = s.learningRate / s.correction1, b = 1.f / s.correction2;
    for (long i = t * kChunk; i < end; i++) {
      const float mi = s.beta1 * m[i] + (1.f - s.beta1) * g[i];
      const float vi = s.beta2 * v[i] + (1.f - s.beta2) * g[i] * g[i];
      newM[i] = mi, newV[i] = vi;
      newX[i] = x[i] - a * mi / (std::sqrt(vi * b) + s.epsilon);
    }
  });
}

}  // namespace edgeml
