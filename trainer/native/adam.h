// Adam's update of one variable in one pass (tfjs runs it as 14 element-wise kernels, each writing a
// tensor of the variable's size): m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; x ← x − lr·(m/c₁)/(√(v/c₂) + ε).
#pragma once
#include <cmath>
#include "kernels.h"

namespace edgeml {

struct AdamStep {
  float learningRate, beta1, beta2, epsilon, correction1, correction2;
};

// One chunk, on locals and restrict pointers (the outputs are fresh tensors): otherwise a store could alias the
// step's fields or the other arrays and the loop would not vectorise (nor without -fno-math-errno: std::sqrt).
inline void adamChunk(const AdamStep& s, long begin, long end, const float* __restrict x, const float* __restrict m, const float* __restrict v,
                      const float* __restrict g, float* __restrict newX, float* __restrict newM, float* __restrict newV) {
  const float beta1 = s.beta1, beta2 = s.beta2, epsilon = s.epsilon;
  const float a = s.learningRate / s.correction1, b = 1.f / s.correction2;
  for (long i = begin; i < end; i++) {
    const float mi = beta1 * m[i] + (1.f - beta1) * g[i];
    const float vi = beta2 * v[i] + (1.f - beta2) * g[i] * g[i];
    newM[i] = mi, newV[i] = vi;
    newX[i] = x[i] - a * mi / (std::sqrt(vi * b) + epsilon);
  }
}

inline void adamUpdate(ThreadPool& pool, const AdamStep& s, long n, const float* x, const float* m, const float* v, const float* g,
                       float* newX, float* newM, float* newV) {
  constexpr long kChunk = 1 << 15;
  parallelFor(pool, (n + kChunk - 1) / kChunk, [&](long t, int) { adamChunk(s, t * kChunk, std::min(n, (t + 1) * kChunk), x, m, v, g, newX, newM, newV); });
}

}  // namespace edgeml
