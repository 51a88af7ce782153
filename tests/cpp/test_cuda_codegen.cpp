// Every kind of kernel source the CUDA backend generates must compile with NVRTC. Compiles
// for sm_90 with NVRTC alone (no GPU, driver or context), so it runs wherever the CUDA
// toolkit is installed.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "backend/cuda/codegen.hpp"
#include "backend/cuda/nvrtc_compile.hpp"
#include "ops/fp_status.hpp"
#include "ops/op_table.hpp"

namespace {

using metallic::Dtype;
using metallic::OpId;
using metallic::op_info;
using metallic::cuda::Access;
using metallic::cuda::ElementwiseKey;

constexpr const char* kArch = "sm_90";

struct Case {
  std::string name;    // what the source was generated for, for the failure message
  std::string source;
};

// The source with line numbers, as NVRTC's log cites them.
std::string numbered(const std::string& source) {
  std::string out;
  int line = 1;
  size_t begin = 0;
  while (begin < source.size()) {
    size_t end = source.find('\n', begin);
    if (end == std::string::npos) end = source.size();
    std::string no = std::to_string(line++);
    out += std::string(no.size() < 4 ? 4 - no.size() : 0, ' ') + no + "  " + source.substr(begin, end - begin) + "\n";
    begin = end + 1;
  }
  return out;
}

// Compiles every case (on all cores: NVRTC programs compile independently) and reports
// each failure with NVRTC's log and the source (compile_cubin's message holds both).
void expect_all_compile(const std::vector<Case>& cases) {
  std::vector<std::string> errors(cases.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next++) < cases.size();) {
      try {
        if (metallic::cuda::compile_cubin(cases[i].source, kArch).empty()) errors[i] = "empty cubin";
      } catch (const std::exception& e) {
        errors[i] = e.what();
        if (errors[i].empty()) errors[i] = "unknown error";
      }
    }
  };
  const size_t n_threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  std::vector<std::thread> threads;
  for (size_t t = 1; t < n_threads; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < cases.size(); ++i)
    if (!errors[i].empty())
      ADD_FAILURE() << cases[i].name << ":\n" << errors[i] << "\n--- source, numbered as in the log ---\n"
                    << numbered(cases[i].source);
}

std::string dtype_list(const std::vector<Dtype>& dtypes) {
  std::string s;
  for (Dtype d : dtypes) s += (s.empty() ? "" : ",") + std::string(metallic::dtype_name(d));
  return s;
}

std::string access_list(const std::vector<Access>& access) {
  std::string s;
  for (Access a : access) s += a == Access::contiguous ? 'c' : a == Access::scalar ? 's' : 't';
  return s;
}

// The operand dtypes of loop `loop` of op: inputs, then outputs.
std::vector<Dtype> loop_dtypes(OpId op, int loop) {
  const metallic::Loop& l = op_info(op).loops[loop];
  std::vector<Dtype> d(l.in, l.in + l.nin);
  d.insert(d.end(), l.out, l.out + l.nout);
  return d;
}

// Every floating-point condition looked for (as under errstate(all='warn')).
constexpr unsigned kAllFp = metallic::ops::kFpDivide | metallic::ops::kFpOverflow | metallic::ops::kFpUnderflow |
                            metallic::ops::kFpInvalid;

Case elementwise(OpId op, int loop, std::vector<Dtype> dtypes, std::vector<Access> access, int ndim = 1,
                 int vec = 1, unsigned fp_want = 0) {
  const ElementwiseKey key{op, loop, dtypes, access, ndim, vec, fp_want};
  std::string name = "elementwise " + std::string(op_info(op).name) + " loop " + std::to_string(loop) + " (" +
                     dtype_list(dtypes) + ") access " + access_list(access) + " ndim " +
                     std::to_string(ndim) + " vec " + std::to_string(vec) + " fp_want " + std::to_string(fp_want);
  return {name, metallic::cuda::elementwise_source(key)};
}

Case loop_case(OpId op, int loop, std::vector<Access> access = {}, int ndim = 1, int vec = 1,
               unsigned fp_want = 0) {
  std::vector<Dtype> dtypes = loop_dtypes(op, loop);
  if (access.empty()) access.assign(dtypes.size(), Access::contiguous);
  return elementwise(op, loop, dtypes, access, ndim, vec, fp_want);
}

Case cast(Dtype from, Dtype to, Access a = Access::contiguous, Access b = Access::contiguous, int ndim = 1,
          int vec = 1, unsigned fp_want = 0) {
  // A cast is loop -1 of any op; the backend uses add.
  return elementwise(OpId::add, -1, {from, to}, {a, b}, ndim, vec, fp_want);
}

OpId op_named(const char* name) {
  const auto op = metallic::op_by_name(name);
  EXPECT_TRUE(op.has_value()) << name;
  return *op;
}

// The index of op's loop with these operand dtypes (inputs then outputs).
int find_loop(OpId op, const std::vector<Dtype>& dtypes) {
  const auto& loops = op_info(op).loops;
  for (int k = 0; k < static_cast<int>(loops.size()); ++k)
    if (loop_dtypes(op, k) == dtypes) return k;
  ADD_FAILURE() << op_info(op).name << " has no loop " << dtype_list(dtypes);
  return 0;
}

// NumPy's accumulator for add/multiply (as the core's reductions pick it).
Dtype sum_acc(Dtype d) {
  if (d == Dtype::bool_ || metallic::kind(d) == metallic::Kind::Int) return Dtype::int64;
  if (metallic::kind(d) == metallic::Kind::UInt) return Dtype::uint64;
  return d;
}

Case reduce(OpId op, Dtype in, Dtype acc, Dtype out, int kept, int red) {
  std::string name = "reduce " + std::string(op_info(op).name) + " in " + metallic::dtype_name(in) + " acc " +
                     metallic::dtype_name(acc) + " out " + metallic::dtype_name(out) + " kept_dims " +
                     std::to_string(kept) + " red_dims " + std::to_string(red);
  return {name, metallic::cuda::reduce_source(op, in, acc, out, kept, red)};
}

const std::vector<Dtype> kReduceDtypes = {Dtype::float32, Dtype::float16,   Dtype::float64,   Dtype::int32,
                                          Dtype::bool_,   Dtype::complex64, Dtype::complex128};

// Each dtype's loops a sample covers beyond an op's first loop: the dtypes whose code
// differs most (half in float, bool, the widest integers, complex).
bool sampled(const std::vector<Dtype>& dtypes) {
  for (Dtype d : {Dtype::float16, Dtype::float64, Dtype::bool_, Dtype::int8, Dtype::uint64, Dtype::complex128})
    if (dtypes.front() == d) return true;
  return false;
}

}  // namespace

// Every op's first loop plus a sample of its others (every loop with
// METALLIC_TEST_ALL_LOOPS=1: about twice as long), contiguous operands, vec=1; without
// and with the floating-point status checks.
void every_op_contiguous(unsigned fp_want) {
  const char* all_env = std::getenv("METALLIC_TEST_ALL_LOOPS");
  const bool all = all_env && std::string(all_env) == "1";
  std::vector<Case> cases;
  for (int i = 0; i < metallic::kNumOps; ++i) {
    const OpId op = static_cast<OpId>(i);
    const int n_loops = static_cast<int>(op_info(op).loops.size());
    ASSERT_GT(n_loops, 0) << op_info(op).name;
    for (int k = 0; k < n_loops; ++k)
      if (all || k == 0 || sampled(loop_dtypes(op, k))) cases.push_back(loop_case(op, k, {}, 1, 1, fp_want));
  }
  expect_all_compile(cases);
}
TEST(CudaCodegen, EveryOpContiguous) { every_op_contiguous(0); }
TEST(CudaCodegen, EveryOpWithFpStatus) { every_op_contiguous(kAllFp); }

// Vector accesses (vec=4): one and two outputs, mixed output dtypes, scalar operands
// beside contiguous ones, no inputs.
TEST(CudaCodegen, Vectorized) {
  using enum Dtype;
  const Access c = Access::contiguous, s = Access::scalar;
  std::vector<Case> cases;
  const OpId add = op_named("add"), where = op_named("where");
  cases.push_back(loop_case(add, find_loop(add, {float32, float32, float32}), {c, c, c}, 1, 4));
  cases.push_back(loop_case(add, find_loop(add, {float16, float16, float16}), {c, s, c}, 1, 4));
  cases.push_back(loop_case(add, find_loop(add, {complex128, complex128, complex128}), {s, c, c}, 1, 4));
  cases.push_back(loop_case(add, find_loop(add, {bool_, bool_, bool_}), {c, c, c}, 1, 4));
  const OpId mul = op_named("multiply");
  cases.push_back(loop_case(mul, find_loop(mul, {int8, int8, int8}), {c, c, c}, 1, 4));
  const OpId divmod = op_named("divmod");
  cases.push_back(loop_case(divmod, find_loop(divmod, {float64, float64, float64, float64}), {c, s, c, c}, 1, 4));
  const OpId frexp = op_named("frexp");
  cases.push_back(loop_case(frexp, find_loop(frexp, {float32, float32, int32}), {c, c, c}, 1, 4));
  const OpId less = op_named("less");
  cases.push_back(loop_case(less, find_loop(less, {complex64, complex64, bool_}), {c, c, c}, 1, 4));
  cases.push_back(loop_case(where, find_loop(where, {bool_, float32, float32, float32}), {c, c, s, c}, 1, 4));
  const OpId sin = op_named("sin");
  cases.push_back(loop_case(sin, find_loop(sin, {float16, float16}), {c, c}, 1, 4));
  cases.push_back(loop_case(op_named("_iota"), 0, {c}, 1, 4));
  // Generators that make four neighbours at once (block4), and draws with per-element
  // parameters (positional: f(i, x...)) beside contiguous and scalar parameters.
  for (const char* gen : {"_random_uniform", "_random_normal", "_random_uniform_f32", "_random_normal_f32"})
    cases.push_back(loop_case(op_named(gen), 0, {c}, 1, 4));
  cases.push_back(loop_case(op_named("_random_gamma"), 0, {s, c}, 1, 4));
  cases.push_back(loop_case(op_named("_random_poisson"), 0, {c, c}, 1, 4));
  cases.push_back(loop_case(op_named("_random_binomial"), 0, {c, s, c}, 1, 4));
  cases.push_back(loop_case(op_named("_random_vonmises"), 0, {s, c, c}, 1, 4));
  for (size_t size : {1, 2, 4, 8, 16}) {
    cases.push_back({"take " + std::to_string(size), metallic::cuda::take_source(size)});
    cases.push_back({"scatter " + std::to_string(size), metallic::cuda::scatter_source(size)});
  }
  expect_all_compile(cases);
}

// Strided and scalar operands over 2 and 3 dimensions.
TEST(CudaCodegen, StridedAndScalar) {
  using enum Dtype;
  const Access t = Access::strided, s = Access::scalar;
  std::vector<Case> cases;
  const OpId add = op_named("add"), sub = op_named("subtract");
  cases.push_back(loop_case(add, find_loop(add, {float32, float32, float32}), {t, t, t}, 2));
  cases.push_back(loop_case(add, find_loop(add, {float16, float16, float16}), {t, s, t}, 3));
  cases.push_back(loop_case(sub, find_loop(sub, {complex128, complex128, complex128}), {s, t, t}, 2));
  cases.push_back(loop_case(add, find_loop(add, {int64, int64, int64}), {s, s, s}, 1));
  const OpId shift = op_named("left_shift");
  cases.push_back(loop_case(shift, find_loop(shift, {uint64, uint64, uint64}), {t, t, t}, 3));
  const OpId modf = op_named("modf");
  cases.push_back(loop_case(modf, find_loop(modf, {float16, float16, float16}), {t, t, t}, 2));
  const OpId where = op_named("where");
  cases.push_back(loop_case(where, find_loop(where, {bool_, complex64, complex64, complex64}), {t, s, t, t}, 3));
  const OpId eq = op_named("equal");
  cases.push_back(loop_case(eq, find_loop(eq, {int64, uint64, bool_}), {t, t, t}, 2));
  const OpId ldexp = op_named("ldexp");
  cases.push_back(loop_case(ldexp, find_loop(ldexp, {float64, int64, float64}), {t, s, t}, 3));
  cases.push_back(loop_case(op_named("_random_normal"), 0, {t}, 2));
  cases.push_back(loop_case(op_named("_iota"), 0, {t}, 3));
  cases.push_back(loop_case(op_named("_random_hypergeometric"), 0, {t, s, t, t}, 3));
  cases.push_back(loop_case(op_named("_random_zipf"), 0, {t, t}, 2));
  cases.push_back(loop_case(op_named("_random_logseries"), 0, {s, t}, 2));
  // With the floating-point status checks: strided, vector accesses, two outputs.
  const OpId div = op_named("divide"), fdiv = op_named("floor_divide"), divmod = op_named("divmod");
  cases.push_back(loop_case(div, find_loop(div, {float16, float16, float16}), {t, s, t}, 3, 1, kAllFp));
  cases.push_back(loop_case(div, find_loop(div, {float32, float32, float32}), {}, 1, 4, kAllFp));
  cases.push_back(loop_case(fdiv, find_loop(fdiv, {int64, int64, int64}), {t, t, t}, 2, 1, kAllFp));
  cases.push_back(loop_case(divmod, find_loop(divmod, {float64, float64, float64, float64}), {}, 1, 4, kAllFp));
  cases.push_back(loop_case(divmod, find_loop(divmod, {int8, int8, int8, int8}), {t, t, t, t}, 2, 1, kAllFp));
  expect_all_compile(cases);
}

// Casts (loop -1) between dtypes whose conversions differ: half, bool, complex.
TEST(CudaCodegen, Casts) {
  using enum Dtype;
  const Access c = Access::contiguous, t = Access::strided, s = Access::scalar;
  const std::vector<std::pair<Dtype, Dtype>> pairs = {
      {float16, float32},   {float32, float16},    {float16, float64},   {float64, float16},
      {bool_, float16},     {float16, bool_},      {complex128, float16}, {float16, complex128},
      {complex128, bool_},  {bool_, complex128},   {float64, complex128}, {complex128, complex64},
      {complex64, complex128}, {complex128, int32}, {int64, float16},    {uint8, complex128},
      {int8, uint64},       {uint64, float32},     {float32, bool_},     {bool_, int16},
      {float16, float16},   {complex128, complex128}};
  std::vector<Case> cases;
  for (auto [from, to] : pairs) cases.push_back(cast(from, to));
  cases.push_back(cast(float16, complex128, t, t, 2));
  cases.push_back(cast(complex128, float16, t, t, 3));
  cases.push_back(cast(bool_, float32, s, t, 2));
  cases.push_back(cast(float32, float16, c, c, 1, 4));
  cases.push_back(cast(complex128, bool_, c, c, 1, 4));
  cases.push_back(cast(float64, float16, s, c, 1, 4));
  for (auto [from, to] : pairs) cases.push_back(cast(from, to, c, c, 1, 1, kAllFp));
  cases.push_back(cast(float64, float16, t, t, 2, 1, kAllFp));
  cases.push_back(cast(float32, float16, c, c, 1, 4, kAllFp));
  expect_all_compile(cases);
}

// Reductions as the backend asks for them: NumPy's accumulator, one and two kept and
// reduced dimensions, and the second pass over partial results (in = compute dtype of acc).
TEST(CudaCodegen, Reductions) {
  using enum Dtype;
  using metallic::compute_dtype;
  std::vector<Case> cases;
  const OpId add = op_named("add"), mul = op_named("multiply"), max = op_named("maximum"),
             min = op_named("minimum"), land = op_named("logical_and"), lor = op_named("logical_or");
  for (Dtype d : kReduceDtypes) {
    const Dtype acc = sum_acc(d);
    for (int kept = 1; kept <= 2; ++kept)
      for (int red = 1; red <= 2; ++red) cases.push_back(reduce(add, d, acc, acc, kept, red));
    cases.push_back(reduce(add, compute_dtype(acc), acc, acc, 1, 1));  // second pass
    cases.push_back(reduce(mul, d, acc, acc, 1, 1));
    cases.push_back(reduce(mul, d, acc, acc, 2, 2));
    cases.push_back(reduce(max, d, d, d, 1, 1));
    cases.push_back(reduce(max, d, d, d, 2, 2));
    cases.push_back(reduce(max, compute_dtype(d), d, d, 2, 1));  // second pass
  }
  for (Dtype d : {float32, float16, int64, uint8, bool_}) cases.push_back(reduce(min, d, d, d, 1, 2));
  for (Dtype d : {bool_, float32, complex128}) {
    cases.push_back(reduce(land, d, bool_, bool_, 1, 1));
    cases.push_back(reduce(lor, d, bool_, bool_, 2, 2));
  }
  cases.push_back(reduce(add, float32, float64, float64, 1, 1));  // sum(dtype=float64)
  cases.push_back(reduce(add, int8, int64, int64, 1, 1));
  cases.push_back(reduce(add, uint16, uint64, uint64, 2, 1));
  expect_all_compile(cases);
}

TEST(CudaCodegen, ArgReductions) {
  using enum Dtype;
  std::vector<Case> cases;
  for (Dtype d : {float32, float16, float64, int32, uint64, bool_, complex64, complex128})
    for (bool is_max : {true, false})
      for (int other : {1, 3}) {
        if (!is_max && other == 3) continue;
        cases.push_back({std::string("arg_reduce ") + (is_max ? "argmax " : "argmin ") + metallic::dtype_name(d) +
                             " other_dims " + std::to_string(other),
                         metallic::cuda::arg_reduce_source(d, is_max, other)});
      }
  for (Dtype d : {float32, float16, float64, int64, bool_, complex64, complex128})
    for (auto mode : {metallic::cuda::ArgMode::blocks, metallic::cuda::ArgMode::combine})
      cases.push_back({std::string("arg_reduce argmax ") + metallic::dtype_name(d) +
                           (mode == metallic::cuda::ArgMode::blocks ? " blocks" : " combine"),
                       metallic::cuda::arg_reduce_source(d, true, 2, mode)});
  expect_all_compile(cases);
}

TEST(CudaCodegen, Scans) {
  using enum Dtype;
  std::vector<Case> cases;
  const OpId add = op_named("add"), mul = op_named("multiply");
  auto scan = [&](OpId op, Dtype in, Dtype acc, Dtype out, int other) {
    cases.push_back({"scan " + std::string(op_info(op).name) + " in " + metallic::dtype_name(in) + " acc " +
                         metallic::dtype_name(acc) + " out " + metallic::dtype_name(out) + " other_dims " +
                         std::to_string(other),
                     metallic::cuda::scan_source(op, in, acc, out, other)});
  };
  for (Dtype d : {float32, float16, float64, int32, bool_, complex64, complex128}) {
    scan(add, d, sum_acc(d), sum_acc(d), 1);
    scan(mul, d, sum_acc(d), sum_acc(d), 2);
  }
  using metallic::cuda::ScanMode;
  for (auto mode : {ScanMode::totals, ScanMode::offsets, ScanMode::tiles})
    for (Dtype d : {float32, float16, int32, bool_, complex128})
      cases.push_back({"scan chunks " + std::string(metallic::dtype_name(d)) + " mode " +
                           std::to_string(static_cast<int>(mode)),
                       metallic::cuda::scan_source(mode == ScanMode::tiles ? mul : add, d, sum_acc(d), sum_acc(d), 2,
                                                   mode)});
  for (auto mode : {ScanMode::totals, ScanMode::offsets, ScanMode::tiles})  // cumsum(dtype=int8): 1-byte values
    cases.push_back({"scan chunks int8 accumulator mode " + std::to_string(static_cast<int>(mode)),
                     metallic::cuda::scan_source(add, int8, int8, int8, 1, mode)});
  scan(add, float16, float32, float32, 3);  // cumsum(dtype=float32)
  scan(add, int8, float64, float16, 1);     // out dtype unlike acc
  using metallic::cuda::NonzeroKernel;
  for (auto kernel : {NonzeroKernel::count, NonzeroKernel::offsets, NonzeroKernel::write})
    cases.push_back({"nonzero kernel " + std::to_string(static_cast<int>(kernel)),
                     metallic::cuda::nonzero_source(kernel)});
  expect_all_compile(cases);
}

// Sorting: every kernel for every key width, with and without positions, with 32- and
// 64-bit look-back words.
TEST(CudaCodegen, Sorts) {
  using metallic::cuda::SortKernel;
  std::vector<Case> cases;
  for (auto kernel : {SortKernel::histogram, SortKernel::onesweep, SortKernel::rows, SortKernel::search})
    for (size_t size : {1, 2, 4, 8})
      for (bool pos : {false, true})
        for (bool wide : {false, true})
          cases.push_back({"sort kernel " + std::to_string(static_cast<int>(kernel)) + " itemsize " +
                               std::to_string(size) + (pos ? " with positions" : "") + (wide ? " wide status" : ""),
                           metallic::cuda::sort_source(kernel, size, pos, wide)});
  expect_all_compile(cases);
}

// Fused chains: casts, float16 steps computed in float32, a generator, broadcast scalars,
// several outputs, strided operands, vector accesses, and the reduction variant.
TEST(CudaCodegen, FusedChains) {
  using enum Dtype;
  using metallic::FusedStep;
  using metallic::cuda::FusedKey;
  auto step = [](const char* name, std::vector<Dtype> dtypes, std::vector<int> args) {
    FusedStep st;
    st.op = op_named(name);
    st.loop = find_loop(st.op, dtypes);
    st.dtype = dtypes.back();
    st.args = std::move(args);
    return st;
  };
  auto cast_step = [](Dtype to, int arg) {
    FusedStep st;
    st.cast = true;
    st.dtype = to;
    st.args = {arg};
    return st;
  };
  // sin(x) * cos(y) + x * y - 2.0 over float32 leaves x, y and a scalar.
  std::vector<FusedStep> chain = {
      step("sin", {float32, float32}, {-1}),          step("cos", {float32, float32}, {-2}),
      step("multiply", {float32, float32, float32}, {0, 1}), step("multiply", {float32, float32, float32}, {-1, -2}),
      step("add", {float32, float32, float32}, {2, 3}), step("subtract", {float32, float32, float32}, {4, -3})};
  // float16 arithmetic, a cast to float64 and a comparison.
  std::vector<FusedStep> mixed = {step("multiply", {float16, float16, float16}, {-1, -2}), cast_step(float64, 0),
                                  step("sqrt", {float64, float64}, {1}),
                                  step("greater", {float64, float64, bool_}, {2, -3})};
  std::vector<Case> cases;
  auto add = [&](std::string name, FusedKey key) {
    name += " nleaves " + std::to_string(key.nleaves) + " outs " + std::to_string(key.out_steps.size()) + " ndim " +
            std::to_string(key.ndim) + " vec " + std::to_string(key.vec) + (key.reduce_op ? " reducing" : "");
    cases.push_back({"fused " + name, metallic::cuda::fused_source(key)});
  };
  for (int vec : {1, 4, 8})
    for (Access a : {Access::contiguous, Access::strided}) {
      if (vec > 1 && a == Access::strided) continue;
      FusedKey k;
      k.steps = chain;
      k.nleaves = 3;
      k.out_steps = {5, 2};  // the result and a referenced intermediate
      k.dtypes = {float32, float32, float32, float32, float32};
      k.access = {a, a, Access::scalar, a, a};
      k.ndim = a == Access::strided ? 3 : 1;
      k.vec = vec;
      add("chain", k);
      k.fp_want.assign(k.steps.size(), kAllFp);
      add("chain checked", k);
      k.fp_want.clear();
      k.out_steps = {};
      k.dtypes.resize(3);
      k.access.resize(3);
      k.reduce_op = op_named("add");
      k.reduce_acc = float32;
      k.reduce_out = float64;
      k.reduce_root = 5;
      add("chain sum", k);
      k.reduce_op = op_named("maximum");
      add("chain max", k);
    }
  FusedKey m;
  m.steps = mixed;
  m.nleaves = 3;
  m.out_steps = {3, 1};
  m.dtypes = {float16, int8, float64, bool_, float64};
  m.access = {Access::contiguous, Access::strided, Access::scalar, Access::strided, Access::strided};
  m.ndim = 2;
  add("mixed", m);
  m.fp_want = {kAllFp, kAllFp, 0, kAllFp};  // a step without checks beside checked ones
  add("mixed checked", m);
  m.out_steps = {};
  m.dtypes.resize(3);
  m.access.resize(3);
  m.reduce_op = op_named("logical_or");
  m.reduce_acc = bool_;
  m.reduce_out = bool_;
  m.reduce_root = 3;
  add("mixed any", m);
  // A negative binomial: a gamma draw of per-element shape scaled, feeding a Poisson draw
  // (positional steps beside arithmetic), and its sum.
  FusedKey nb;
  nb.steps = {step("_random_gamma", {float64, float64}, {-1}), step("multiply", {float64, float64, float64}, {0, -2}),
              step("_random_poisson", {float64, int64}, {1})};
  nb.nleaves = 2;
  nb.out_steps = {2};
  nb.dtypes = {float64, float64, int64};
  nb.access = {Access::strided, Access::scalar, Access::contiguous};
  nb.ndim = 2;
  add("negative binomial", nb);
  nb.out_steps = {};
  nb.dtypes.resize(2);
  nb.access.resize(2);
  nb.reduce_op = op_named("add");
  nb.reduce_acc = int64;
  nb.reduce_out = int64;
  nb.reduce_root = 2;
  add("negative binomial sum", nb);
  // A generator feeding arithmetic, complex steps, a 0-d pass (every operand scalar).
  FusedKey g;
  g.steps = {step("multiply", {complex128, complex128, complex128}, {-1, -1}),
             step("absolute", {complex128, float64}, {0})};
  g.nleaves = 1;
  g.out_steps = {1};
  g.dtypes = {complex128, float64};
  g.access = {Access::scalar, Access::scalar};
  add("complex 0-d", g);
  g.out_steps = {};
  g.dtypes.resize(1);
  g.access = {Access::contiguous};
  g.vec = 4;
  g.reduce_op = op_named("add");
  g.reduce_acc = complex128;
  g.reduce_out = complex128;
  g.reduce_root = 0;
  add("complex sum", g);
  g.reduce_root = 1;
  g.reduce_acc = float16;  // partials in float32, result stored as float16
  g.reduce_out = float16;
  g.reduce_op = op_named("maximum");
  add("float16 max", g);
  // Reductions over some axes: one thread or one block per output, a referenced
  // intermediate written on the way, a broadcast scalar leaf.
  for (bool tpo : {true, false}) {
    FusedKey k;
    k.steps = chain;
    k.nleaves = 3;
    k.out_steps = {2};
    k.dtypes = {float32, float32, float32, float32};
    k.access = {Access::strided, Access::strided, Access::scalar, Access::strided};
    k.reduce_op = op_named("add");
    k.reduce_acc = float32;
    k.reduce_out = float32;
    k.reduce_root = 5;
    k.kept_dims = 1;
    k.red_dims = 2;
    k.thread_per_output = tpo;
    cases.push_back({std::string("fused axis sum ") + (tpo ? "thread" : "block") + " per output",
                     metallic::cuda::fused_axis_source(k)});
    k.out_steps = {};
    k.dtypes.resize(3);
    k.access.resize(3);
    k.reduce_op = op_named("maximum");
    k.reduce_acc = float16;
    k.reduce_out = float16;
    cases.push_back({std::string("fused axis max ") + (tpo ? "thread" : "block") + " per output",
                     metallic::cuda::fused_axis_source(k)});
  }
  expect_all_compile(cases);
}
