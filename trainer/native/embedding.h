// Embedding's row lookup (GatherV2 on axis 0) and its gradient's scatter-add (UnsortedSegmentSum over the
// table's rows), spread over the thread pool. The wasm backend's GatherV2 computes every element's
// coordinates and it has no UnsortedSegmentSum: both were JS loops, a third of a pooled text model's step.
#pragma once
#include <cstdint>
#include <cstring>
#include "kernels.h"

namespace edgeml {

/** out[i] = table[ids[i]] (rowSize floats each). Returns the first i whose id is outside [0, rows), or -1 (nothing written). */
inline long gatherRows(ThreadPool& pool, const float* table, long rows, long rowSize, const int32_t* ids, long count, float* out) {
  for (long i = 0; i < count; i++)
    if (ids[i] < 0 || ids[i] >= rows) return i;
  constexpr long kRowsPerTask = 2048;
  parallelFor(pool, (count + kRowsPerTask - 1) / kRowsPerTask, [&](long t, int) {
    const long end = std::min(count, (t + 1) * kRowsPerTask);
    for (long i = t * kRowsPerTask; i < end; i++) copyFloats(out + i * rowSize, table + ids[i] * rowSize, rowSize);
  });
  return -1;
}

/**
 * out = 0, then out[ids[i]] += values[i] for each row (rowSize floats); ids outside [0, segments) are
 * dropped, as in TensorFlow. Each task owns a range of out's rows and scans every id, so no two tasks
 * write one row and each row adds its values in id order: the sums do not depend on the threads.
 */
inline void scatterAddRows(ThreadPool& pool, const float* values, const int32_t* ids, long count, long rowSize, long segments, float* out) {
  const long tasks = std::max(1L, std::min<long>(4, segments));
  parallelFor(pool, tasks, [&](long t, int) {
    const long first = t * segments / tasks, end = (t + 1) * segments / tasks;
    zeroFloats(out + first * rowSize, (end - first) * rowSize);
    for (long i = 0; i < count; i++) {
      const long id = ids[i];
      if (id < first || id >= end) continue;
      float* row = out + id * rowSize;
      const float* v = values + i * rowSize;
      for (long k = 0; k < rowSize; k++) row[k] += v[k];
    }
  });
}

}  // namespace edgeml
