// A whole LSTM sequence (forward and backpropagation through time) in one call each: tfjs runs an LSTM
// as ~30 kernels per time step and ~60 per step of its gradient, each paying the engine's per-op cost.
// Gate order and masking follow tfjs's LSTM: z = x·W + h·R + b split into i, f, c̃, o; i, f, o through
// the sigmoid, c̃ through tanh; c = f·c + i·c̃, h = o·tanh(c); at a masked (padded) step h and c carry over.
#pragma once
#include <cmath>
#include <cstring>
#include <vector>
#include "sgemm.h"

namespace edgeml {

/** Sizes: batch, time steps, input features, units. */
struct LstmGeom {
  long b, t, d, u;
  long gates() const { return 4 * u; }
  // Per (batch, step) the forward pass keeps the activated gates (4u), then c (u), then h (u).
  long savedWidth() const { return 6 * u; }
};

// The gates and the cell of one row: i, f, o = σ(z + b), c̃ = tanh(z + b), c = f·c_prev + i·c̃, h = o·tanh(c).
// Built so the compiler calls the vector exp/tanh (glibc's libmvec): the scalar calls were most of the step.
// fast-math here only: these element-wise formulas have no sums to reorder.
__attribute__((optimize("fast-math"))) inline void activateGates(float* z, const float* bias, const float* prevC, float* c, float* h, long U) {
  for (long k = 0; k < 4 * U; k++) z[k] += bias[k];
  for (long k = 0; k < 2 * U; k++) z[k] = 1.f / (1.f + std::exp(-z[k]));
  for (long k = 2 * U; k < 3 * U; k++) z[k] = std::tanh(z[k]);
  for (long k = 3 * U; k < 4 * U; k++) z[k] = 1.f / (1.f + std::exp(-z[k]));
  for (long k = 0; k < U; k++) c[k] = z[U + k] * (prevC ? prevC[k] : 0.f) + z[k] * z[2 * U + k];
  for (long k = 0; k < U; k++) h[k] = z[3 * U + k] * std::tanh(c[k]);
}

/**
 * hLast[b, u] = h after the last step; saved[b, t, 6u] = activated gates, c and h of every step, which
 * lstmBackward reads. mask[b, t] is 1 for a token, 0 for padding.
 */
inline void lstmForward(const LstmGeom& g, const float* x, const float* w, const float* r, const float* bias, const float* mask,
                        float* hLast, float* saved) {
  const long G = g.gates(), S = g.savedWidth(), U = g.u;
  // Every step's input projection in one product, written into its step's gate slots (row stride S).
  sgemm(g.b * g.t, G, g.d, View{x, g.d, 1}, View{w, G, 1}, saved, S, false);
  for (long step = 0; step < g.t; step++) {
    float* z = saved + step * S;
    if (step > 0) sgemm(g.b, G, U, View{saved + (step - 1) * S + 5 * U, g.t * S, 1}, View{r, G, 1}, z, g.t * S, true);
    for (long b = 0; b < g.b; b++) {
      float* row = z + b * g.t * S;
      const float* prev = step > 0 ? row - S : nullptr;
      float* c = row + G;
      float* h = c + U;
      if (mask[b * g.t + step] == 0.f) {
        for (long k = 0; k < G; k++) row[k] = 0.f;
        for (long k = 0; k < U; k++) c[k] = prev ? prev[G + k] : 0.f, h[k] = prev ? prev[G + U + k] : 0.f;
        continue;
      }
      activateGates(row, bias, prev ? prev + G : nullptr, c, h, U);
    }
  }
  for (long b = 0; b < g.b; b++) std::memcpy(hLast + b * U, saved + (b * g.t + g.t - 1) * S + 5 * U, sizeof(float) * U);
}

__attribute__((optimize("fast-math"))) inline void tanhInto(const float* x, float* out, long n) {
  for (long k = 0; k < n; k++) out[k] = std::tanh(x[k]);
}

/** Gradients of hLast (dh) with respect to x, W, R and the bias, from lstmForward's saved states. */
inline void lstmBackward(const LstmGeom& g, const float* x, const float* w, const float* r, const float* mask, const float* saved,
                         const float* dhLast, float* dx, float* dw, float* dr, float* dbias) {
  const long G = g.gates(), S = g.savedWidth(), U = g.u, rows = g.b * g.t;
  std::vector<float> dz(rows * G, 0.f), dh(dhLast, dhLast + g.b * U), dc(g.b * U, 0.f), carried(g.b * U), tanhC(U);
  for (long step = g.t - 1; step >= 0; step--) {
    for (long b = 0; b < g.b; b++) {
      if (mask[b * g.t + step] == 0.f) continue;  // state carried through: dh and dc pass unchanged
      const long at = b * g.t + step;
      const float* gate = saved + at * S;
      const float* c = gate + G;
      const float* prevC = step > 0 ? gate - S + G : nullptr;
      float* d = dz.data() + at * G;
      float* dhb = dh.data() + b * U;
      float* dcb = dc.data() + b * U;
      tanhInto(c, tanhC.data(), U);
      for (long k = 0; k < U; k++) {
        const float i = gate[k], f = gate[U + k], cc = gate[2 * U + k], o = gate[3 * U + k];
        const float tc = tanhC[k];
        const float dcell = dcb[k] + dhb[k] * o * (1.f - tc * tc);
        d[k] = dcell * cc * i * (1.f - i);
        d[U + k] = dcell * (prevC ? prevC[k] : 0.f) * f * (1.f - f);
        d[2 * U + k] = dcell * i * (1.f - cc * cc);
        d[3 * U + k] = dhb[k] * tc * o * (1.f - o);
        dcb[k] = dcell * f;
      }
    }
    // dh into the previous step: dz·Rᵀ for the rows that stepped, unchanged for the carried ones.
    sgemm(g.b, U, G, View{dz.data() + step * G, g.t * G, 1}, View{r, 1, G}, carried.data(), U, false);
    for (long b = 0; b < g.b; b++)
      if (mask[b * g.t + step] != 0.f) std::memcpy(dh.data() + b * U, carried.data() + b * U, sizeof(float) * U);
  }
  sgemm(rows, g.d, G, View{dz.data(), G, 1}, View{w, 1, G}, dx, g.d, false);
  sgemm(g.d, G, rows, View{x, 1, g.d}, View{dz.data(), G, 1}, dw, G, false);
  // h of the step before each row (zero before the first), as one matrix for dR = Σ h_prevᵀ·dz.
  std::vector<float> hPrev(rows * U, 0.f);
  for (long b = 0; b < g.b; b++)
    for (long step = 1; step < g.t; step++) std::memcpy(hPrev.data() + (b * g.t + step) * U, saved + (b * g.t + step - 1) * S + 5 * U, sizeof(float) * U);
  sgemm(U, G, rows, View{hPrev.data(), 1, U}, View{dz.data(), G, 1}, dr, G, false);
  std::vector<double> sums(G, 0.0);
  for (long row = 0; row < rows; row++)
    for (long k = 0; k < G; k++) sums[k] += dz[row * G + k];
  for (long k = 0; k < G; k++) dbias[k] = static_cast<float>(sums[k]);
}

}  // namespace edgeml
