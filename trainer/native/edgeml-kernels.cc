// N-API bindings of the native training kernels (trainer/src/kernels/native/ loads this file).
// Every function takes Float32Array views (of the wasm backend's heap) and an Int32Array of sizes,
// checks that each view is long enough for those sizes, and writes its output view in place.
#include <node_api.h>

#include <cstdlib>
#include <string>
#include <thread>

#include "adam.h"
#include "embedding.h"
#include "kernels.h"
#include "lstm.h"
#include "reductions.h"

namespace {

using edgeml::ConvGeom;

edgeml::ThreadPool& pool() {
  // Leaked on purpose: joining blocked workers at exit would hang, and destroying joinable threads aborts.
  static edgeml::ThreadPool* instance = [] {
    int threads = static_cast<int>(std::thread::hardware_concurrency());
    if (const char* env = std::getenv("EDGEML_NATIVE_THREADS")) threads = std::atoi(env);
    return new edgeml::ThreadPool(std::max(1, std::min(threads, 64)));
  }();
  return *instance;
}

struct Args {
  napi_env env;
  napi_value argv[12];
  size_t argc = 12;
  bool failed = false;

  Args(napi_env e, napi_callback_info info) : env(e) { napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr); }

  void fail(const std::string& message) {
    if (!failed) napi_throw_error(env, "EDGEML_NATIVE_KERNEL", message.c_str());
    failed = true;
  }
  // A Float32Array of at least `need` elements, or null when `optional` and the argument is null.
  float* floats(size_t i, long need, bool optional = false) {
    if (failed) return nullptr;
    napi_valuetype type;
    if (i >= argc || napi_typeof(env, argv[i], &type) != napi_ok) return fail("missing argument " + std::to_string(i)), nullptr;
    if (optional && (type == napi_null || type == napi_undefined)) return nullptr;
    bool isTyped = false;
    napi_is_typedarray(env, argv[i], &isTyped);
    napi_typedarray_type kind;
    size_t length;
    void* data;
    if (!isTyped || napi_get_typedarray_info(env, argv[i], &kind, &length, &data, nullptr, nullptr) != napi_ok ||
        kind != napi_float32_array)
      return fail("argument " + std::to_string(i) + " must be a Float32Array"), nullptr;
    if (static_cast<long>(length) < need)
      return fail("argument " + std::to_string(i) + " has " + std::to_string(length) + " elements, needs " + std::to_string(need)), nullptr;
    return static_cast<float*>(data);
  }
  // Sizes: an Int32Array of at least `count` elements, none negative.
  const int32_t* ints(size_t i, size_t count) {
    const int32_t* values = int32s(i, static_cast<long>(count));
    if (!values) return nullptr;
    for (size_t k = 0; k < count; k++)
      if (values[k] < 0) return fail("negative size in argument " + std::to_string(i)), nullptr;
    return values;
  }
  // An Int32Array of at least `need` elements, any values (ids: the kernel checks their range).
  const int32_t* int32s(size_t i, long need) {
    if (failed) return nullptr;
    bool isTyped = false;
    if (i < argc) napi_is_typedarray(env, argv[i], &isTyped);
    napi_typedarray_type kind;
    size_t length;
    void* data;
    if (!isTyped || napi_get_typedarray_info(env, argv[i], &kind, &length, &data, nullptr, nullptr) != napi_ok ||
        kind != napi_int32_array || static_cast<long>(length) < need)
      return fail("argument " + std::to_string(i) + " must be an Int32Array of at least " + std::to_string(need)), nullptr;
    return static_cast<const int32_t*>(data);
  }
};

bool readGeom(Args& args, size_t i, ConvGeom& g) {
  const int32_t* v = args.ints(i, 15);
  if (!v) return false;
  g = ConvGeom{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14]};
  if (g.sh < 1 || g.sw < 1 || g.dh < 1 || g.dw < 1) return args.fail("strides and dilations must be ≥ 1"), false;
  return true;
}

// conv2dForward(x, filter, bias | null, y, geom, relu)
napi_value Conv2dForward(napi_env env, napi_callback_info info) {
  Args args(env, info);
  ConvGeom g;
  if (!readGeom(args, 4, g)) return nullptr;
  const float* x = args.floats(0, g.n * g.h * g.w * g.ci);
  const float* f = args.floats(1, g.patch() * g.co);
  const float* bias = args.floats(2, g.co, true);
  float* y = args.floats(3, g.pixels() * g.co);
  bool relu = false;
  if (!args.failed && napi_get_value_bool(env, args.argv[5], &relu) != napi_ok) args.fail("relu must be a boolean");
  if (args.failed) return nullptr;
  edgeml::conv2dForward(pool(), g, x, f, bias, relu, y);
  return nullptr;
}

// conv2dBackpropInput(dy, filter, dx, geom)
napi_value Conv2dBackpropInput(napi_env env, napi_callback_info info) {
  Args args(env, info);
  ConvGeom g;
  if (!readGeom(args, 3, g)) return nullptr;
  const float* dy = args.floats(0, g.pixels() * g.co);
  const float* f = args.floats(1, g.patch() * g.co);
  float* dx = args.floats(2, g.n * g.h * g.w * g.ci);
  if (args.failed) return nullptr;
  edgeml::conv2dBackpropInput(pool(), g, dy, f, dx);
  return nullptr;
}

// conv2dBackpropFilter(x, dy, dw, geom)
napi_value Conv2dBackpropFilter(napi_env env, napi_callback_info info) {
  Args args(env, info);
  ConvGeom g;
  if (!readGeom(args, 3, g)) return nullptr;
  const float* x = args.floats(0, g.n * g.h * g.w * g.ci);
  const float* dy = args.floats(1, g.pixels() * g.co);
  float* dw = args.floats(2, g.patch() * g.co);
  if (args.failed) return nullptr;
  edgeml::conv2dBackpropFilter(pool(), g, x, dy, dw);
  return nullptr;
}

// batchMatMul(a, b, out, [batch, M, N, K, transA, transB, aBroadcast, bBroadcast])
napi_value BatchMatMul(napi_env env, napi_callback_info info) {
  Args args(env, info);
  const int32_t* v = args.ints(3, 8);
  if (!v) return nullptr;
  const long batch = v[0], M = v[1], N = v[2], K = v[3];
  const bool transA = v[4], transB = v[5], aOne = v[6], bOne = v[7];
  const float* a = args.floats(0, (aOne ? 1 : batch) * M * K);
  const float* b = args.floats(1, (bOne ? 1 : batch) * K * N);
  float* out = args.floats(2, batch * M * N);
  if (args.failed) return nullptr;
  edgeml::batchMatMul(pool(), batch, M, N, K, a, aOne ? 0 : M * K, transA, b, bOne ? 0 : K * N, transB, out);
  return nullptr;
}

// sum(x, out, [rows, cols, leading]): leading sums the rows (out has cols), else each row (out has rows).
napi_value Sum(napi_env env, napi_callback_info info) {
  Args args(env, info);
  const int32_t* v = args.ints(2, 3);
  if (!v) return nullptr;
  const long rows = v[0], cols = v[1];
  const bool leading = v[2];
  const float* x = args.floats(0, rows * cols);
  float* out = args.floats(1, leading ? cols : rows);
  if (args.failed) return nullptr;
  if (leading) edgeml::sumRows(pool(), x, rows, cols, out);
  else edgeml::sumColumns(pool(), x, rows, cols, out);
  return nullptr;
}

// sumMiddle(x, out, [outer, reduce, inner], scale): sums (scaled: a mean) over the middle of [outer, reduce, inner];
// spreadMiddle(x, out, [outer, reduce, inner], scale): its adjoint, x [outer, inner] repeated (scaled) over the middle.
napi_value Middle(napi_env env, napi_callback_info info, bool spread) {
  Args args(env, info);
  const int32_t* v = args.ints(2, 3);
  if (!v) return nullptr;
  const long outer = v[0], reduce = v[1], inner = v[2];
  const float* x = args.floats(0, spread ? outer * inner : outer * reduce * inner);
  float* out = args.floats(1, spread ? outer * reduce * inner : outer * inner);
  double scale = 1;
  if (!args.failed && napi_get_value_double(env, args.argv[3], &scale) != napi_ok) args.fail("scale must be a number");
  if (args.failed) return nullptr;
  (spread ? edgeml::spreadMiddle : edgeml::sumMiddle)(pool(), x, outer, reduce, inner, static_cast<float>(scale), out);
  return nullptr;
}
napi_value SumMiddle(napi_env env, napi_callback_info info) { return Middle(env, info, false); }
napi_value SpreadMiddle(napi_env env, napi_callback_info info) { return Middle(env, info, true); }

// maxPoolGrad(x, dy, dx, [n, h, w, c, oh, ow, fh, fw, sh, sw, padTop, padLeft])
napi_value MaxPoolGrad(napi_env env, napi_callback_info info) {
  Args args(env, info);
  const int32_t* v = args.ints(3, 12);
  if (!v) return nullptr;
  const edgeml::PoolGeom g{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]};
  if (g.sh < 1 || g.sw < 1) return args.fail("strides must be ≥ 1"), nullptr;
  const float* x = args.floats(0, g.n * g.h * g.w * g.c);
  const float* dy = args.floats(1, g.n * g.oh * g.ow * g.c);
  float* dx = args.floats(2, g.n * g.h * g.w * g.c);
  if (args.failed) return nullptr;
  edgeml::maxPoolGrad(pool(), g, x, dy, dx);
  return nullptr;
}

bool readLstmGeom(Args& args, size_t i, edgeml::LstmGeom& g) {
  const int32_t* v = args.ints(i, 4);
  if (!v) return false;
  g = edgeml::LstmGeom{v[0], v[1], v[2], v[3]};
  return true;
}

// lstmForward(x, kernel, recurrentKernel, bias, mask, hLast, saved, [batch, steps, features, units])
napi_value LstmForward(napi_env env, napi_callback_info info) {
  Args args(env, info);
  edgeml::LstmGeom g;
  if (!readLstmGeom(args, 7, g)) return nullptr;
  const float* x = args.floats(0, g.b * g.t * g.d);
  const float* w = args.floats(1, g.d * g.gates());
  const float* r = args.floats(2, g.u * g.gates());
  const float* bias = args.floats(3, g.gates());
  const float* mask = args.floats(4, g.b * g.t);
  float* hLast = args.floats(5, g.b * g.u);
  float* saved = args.floats(6, g.b * g.t * g.savedWidth());
  if (args.failed) return nullptr;
  edgeml::lstmForward(g, x, w, r, bias, mask, hLast, saved);
  return nullptr;
}

// lstmBackward(x, kernel, recurrentKernel, mask, saved, dhLast, dx, dKernel, dRecurrentKernel, dBias, sizes)
napi_value LstmBackward(napi_env env, napi_callback_info info) {
  Args args(env, info);
  edgeml::LstmGeom g;
  if (!readLstmGeom(args, 10, g)) return nullptr;
  const float* x = args.floats(0, g.b * g.t * g.d);
  const float* w = args.floats(1, g.d * g.gates());
  const float* r = args.floats(2, g.u * g.gates());
  const float* mask = args.floats(3, g.b * g.t);
  const float* saved = args.floats(4, g.b * g.t * g.savedWidth());
  const float* dhLast = args.floats(5, g.b * g.u);
  float* dx = args.floats(6, g.b * g.t * g.d);
  float* dw = args.floats(7, g.d * g.gates());
  float* dr = args.floats(8, g.u * g.gates());
  float* dbias = args.floats(9, g.gates());
  if (args.failed) return nullptr;
  edgeml::lstmBackward(g, x, w, r, mask, saved, dhLast, dx, dw, dr, dbias);
  return nullptr;
}

// adamUpdate(x, m, v, g, newX, newM, newV, [learningRate, beta1, beta2, epsilon, correction1, correction2])
napi_value AdamUpdate(napi_env env, napi_callback_info info) {
  Args args(env, info);
  const float* h = args.floats(7, 6);
  const float* x = args.floats(0, 0);
  if (!x) return nullptr;
  napi_typedarray_type kind;
  size_t n;
  napi_get_typedarray_info(env, args.argv[0], &kind, &n, nullptr, nullptr, nullptr);
  const long len = static_cast<long>(n);
  const float* m = args.floats(1, len);
  const float* v = args.floats(2, len);
  const float* g = args.floats(3, len);
  float* newX = args.floats(4, len);
  float* newM = args.floats(5, len);
  float* newV = args.floats(6, len);
  if (args.failed) return nullptr;
  edgeml::adamUpdate(pool(), edgeml::AdamStep{h[0], h[1], h[2], h[3], h[4], h[5]}, len, x, m, v, g, newX, newM, newV);
  return nullptr;
}

// The row kernels' sizes [tableRows, rowSize, count] (argument 3) and their `count` ids (argument 1).
const int32_t* readRowIds(Args& args, long& tableRows, long& rowSize, long& count) {
  const int32_t* v = args.ints(3, 3);
  if (!v) return nullptr;
  tableRows = v[0], rowSize = v[1], count = v[2];
  return args.int32s(1, count);
}

// gatherRows(table, ids, out, [rows, rowSize, count]): the first position whose id is outside the table, or -1.
napi_value GatherRows(napi_env env, napi_callback_info info) {
  Args args(env, info);
  long rows, rowSize, count;
  const int32_t* ids = readRowIds(args, rows, rowSize, count);
  if (!ids) return nullptr;
  const float* table = args.floats(0, rows * rowSize);
  float* out = args.floats(2, count * rowSize);
  if (args.failed) return nullptr;
  napi_value result;
  napi_create_int64(env, edgeml::gatherRows(pool(), table, rows, rowSize, ids, count, out), &result);
  return result;
}

// scatterAddRows(values, ids, out, [segments, rowSize, count]): out = Σ of the rows of values by id.
napi_value ScatterAddRows(napi_env env, napi_callback_info info) {
  Args args(env, info);
  long segments, rowSize, count;
  const int32_t* ids = readRowIds(args, segments, rowSize, count);
  if (!ids) return nullptr;
  const float* values = args.floats(0, count * rowSize);
  float* out = args.floats(2, segments * rowSize);
  if (args.failed) return nullptr;
  edgeml::scatterAddRows(pool(), values, ids, count, rowSize, segments, out);
  return nullptr;
}

napi_value Info(napi_env env, napi_callback_info) {
  napi_value result, simd, threads;
  napi_create_object(env, &result);
  napi_create_string_utf8(env, edgeml::kSimd, NAPI_AUTO_LENGTH, &simd);
  napi_create_int32(env, pool().size(), &threads);
  napi_set_named_property(env, result, "simd", simd);
  napi_set_named_property(env, result, "threads", threads);
  return result;
}

}  // namespace

NAPI_MODULE_INIT() {
  const napi_property_descriptor functions[] = {
      {"conv2dForward", nullptr, Conv2dForward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dBackpropInput", nullptr, Conv2dBackpropInput, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dBackpropFilter", nullptr, Conv2dBackpropFilter, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"batchMatMul", nullptr, BatchMatMul, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sum", nullptr, Sum, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sumMiddle", nullptr, SumMiddle, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"spreadMiddle", nullptr, SpreadMiddle, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maxPoolGrad", nullptr, MaxPoolGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"lstmForward", nullptr, LstmForward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"lstmBackward", nullptr, LstmBackward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adamUpdate", nullptr, AdamUpdate, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gatherRows", nullptr, GatherRows, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"scatterAddRows", nullptr, ScatterAddRows, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"info", nullptr, Info, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(functions) / sizeof(functions[0]), functions);
  return exports;
}
