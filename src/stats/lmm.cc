#include "stats/lmm.h"

#include <Eigen/Dense>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>
#include <thread>

#include "stats/internal/lmm_engine.h"

namespace exo::stats {

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using internal::Eval;
constexpr int kMaxQ = 8;
constexpr int kMaxP = static_cast<int>(internal::kMaxFixed);
using MatQ = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor, kMaxQ, kMaxQ>;
using MatQP =
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor, kMaxQ, kMaxP + 1>;
using VecQ = Eigen::Matrix<double, Eigen::Dynamic, 1, Eigen::ColMajor, kMaxQ, 1>;

// The pieces of the model that do not depend on θ, one contiguous block per group:
// ZᵢᵀZᵢ (q × q) then Zᵢᵀ[Xᵢ yᵢ] (q × (p+1)), both column-major; and C0 = [X y]ᵀ[X y].
struct Stats {
  size_t q = 0, p = 0, groups = 0, block = 0;
  std::vector<double> blocks;
  MatrixXd c0;  // (p+1) × (p+1)
  const double* Block(size_t i) const { return &blocks[i * block]; }
};

// Λ (q × q, lower triangular, block diagonal by part) from θ.
struct ThetaMap {
  std::vector<std::pair<int, int>> cells;  // (row, col) for each θ, lme4's column-major order
  std::vector<bool> diagonal;
  MatQ Lambda(const std::vector<double>& theta, int q) const {
    MatQ l = MatQ::Zero(q, q);
    for (size_t k = 0; k < cells.size(); ++k) l(cells[k].first, cells[k].second) = theta[k];
    return l;
  }
};

// Rows of the sums below are padded to an even length, so pairs of entries can be added at once.
constexpr size_t Stride(size_t m) { return (m + 1) & ~size_t{1}; }
constexpr size_t kMaxStride = Stride(kMaxP + 1);

// What one thread adds up over its groups: log|Lθ|² and Σ (L⁻¹ΛᵀZᵢᵀ[Xᵢ yᵢ])ᵀ(...), the
// lower triangle of a (p+1) × (p+1) matrix, row-major with rows Stride(p+1) apart.
struct Partial {
  double ldl2 = 0;
  double sum[kMaxStride * kMaxStride];
};

// log det: every factor is at least 1 (M ≥ I), so products of 8 groups cannot overflow, and
// one log per 8 groups is much cheaper than one per group.
struct LogDet {
  double sum = 0, product = 1;
  int pending = 0;
  void Add(double factor) {
    product *= factor;
    if (++pending == 8) {
      sum += std::log(product);
      product = 1;
      pending = 0;
    }
  }
  double Total() const { return sum + std::log(product); }
};

// Two doubles at once (GCC's vector extension: SSE2 on x86-64, NEON on arm64).
typedef double Pair __attribute__((vector_size(16)));
inline Pair LoadPair(const double* p) {
  Pair v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void StorePair(double* p, Pair v) { std::memcpy(p, &v, sizeof v); }

// Adds r rᵀ (lower triangle, and the padding beside it) for r of length m, r[m] = 0 when m is odd.
inline void AddOuter(double* sum, const double* r, size_t m) {
  const size_t stride = Stride(m);
  for (size_t j = 0; j < m; ++j) {
    double* row = sum + j * stride;
    const Pair rj = {r[j], r[j]};
    for (size_t k = 0; k <= j; k += 2) StorePair(row + k, LoadPair(row + k) + rj * LoadPair(r + k));
  }
}
// Adds r rᵀ + s sᵀ likewise.
inline void AddOuter2(double* sum, const double* r, const double* s, size_t m) {
  const size_t stride = Stride(m);
  for (size_t j = 0; j < m; ++j) {
    double* row = sum + j * stride;
    const Pair rj = {r[j], r[j]}, sj = {s[j], s[j]};
    for (size_t k = 0; k <= j; k += 2)
      StorePair(row + k, LoadPair(row + k) + rj * LoadPair(r + k) + sj * LoadPair(s + k));
  }
}

// Groups [g0, g1), one random column: M = λ²a + 1, r = λ[b c] / √M. kM = p + 1 when it is known
// at compile time (the loops unroll), 0 otherwise.
template <size_t kM>
void Groups1(const Stats& st, const MatQ& lambda, size_t g0, size_t g1, Partial& out) {
  const size_t m = kM > 0 ? kM : st.p + 1;
  const double l = lambda(0, 0);
  double r[kMaxStride] = {};
  LogDet det;
  for (size_t i = g0; i < g1; ++i) {
    const double* blk = st.Block(i);
    const double mm = l * l * blk[0] + 1.0;
    det.Add(mm);
    const double f = l / std::sqrt(mm);
    for (size_t j = 0; j < m; ++j) r[j] = f * blk[1 + j];
    AddOuter(out.sum, r, m);
  }
  out.ldl2 = det.Total();
}

// Groups [g0, g1), two random columns: the 2 × 2 Cholesky factor written out. In chunks: first
// every group's factor (square roots and divisions of different groups do not wait for each
// other), then the rows L⁻¹Λᵀ[B c] and their sums (no square root on the way).
template <size_t kM>
void Groups2(const Stats& st, const MatQ& lambda, size_t g0, size_t g1, Partial& out) {
  const size_t m = kM > 0 ? kM : st.p + 1;
  const double l00 = lambda(0, 0), l10 = lambda(1, 0), l11 = lambda(1, 1);
  double r0[kMaxStride] = {}, r1[kMaxStride] = {};
  constexpr size_t kChunk = 64;
  double inv00[kChunk], c10[kChunk], inv11[kChunk];
  LogDet det;
  for (size_t c0 = g0; c0 < g1; c0 += kChunk) {
    const size_t count = std::min(kChunk, g1 - c0);
    for (size_t k = 0; k < count; ++k) {
      const double* blk = st.Block(c0 + k);
      const double a00 = blk[0], a10 = blk[1], a11 = blk[3];
      // M = ΛᵀAΛ + I and its factor L.
      const double u0 = a00 * l00 + a10 * l10, u1 = a10 * l00 + a11 * l10;
      const double m00 = l00 * u0 + l10 * u1 + 1.0, m10 = l11 * u1, m11 = l11 * l11 * a11 + 1.0;
      const double i00 = 1.0 / std::sqrt(m00);
      const double c = m10 * i00;
      const double d11 = m11 - c * c;
      det.Add(m00 * d11);
      inv00[k] = i00;
      c10[k] = c;
      inv11[k] = 1.0 / std::sqrt(d11);
    }
    for (size_t k = 0; k < count; ++k) {
      // L⁻¹Λᵀ[B c], column by column.
      const double* b = st.Block(c0 + k) + 4;
      for (size_t j = 0; j < m; ++j) {
        const double b0 = b[2 * j], b1 = b[2 * j + 1];
        const double s0 = (l00 * b0 + l10 * b1) * inv00[k];
        r0[j] = s0;
        r1[j] = (l11 * b1 - c10[k] * s0) * inv11[k];
      }
      AddOuter2(out.sum, r0, r1, m);
    }
  }
  out.ldl2 = det.Total();
}

// Four doubles at once (GCC's vector extension: AVX in the x86-64-v3 copy of the group loops,
// two SSE2 halves in the baseline one).
typedef double Quad __attribute__((vector_size(32)));

// Groups [g0, g1), two random columns, p + 1 = kM known at compile time: four groups at a time,
// one in each lane of a Quad, so that each entry of the (p+1) × (p+1) sum takes two
// multiply-adds per four groups; the lanes are added up at the end. The rest (fewer than four
// groups) as in Groups2. Issue #17: ~1.6 ms per evaluation at 1e6 rows on two threads before.
template <size_t kM>
void Groups2Lanes(const Stats& st, const MatQ& lambda, size_t g0, size_t g1, Partial& out) {
  constexpr size_t kEntries = kM * (kM + 1) / 2;
  const double l00 = lambda(0, 0), l10 = lambda(1, 0), l11 = lambda(1, 1);
  Quad acc[kEntries] = {};
  LogDet det;
  size_t i = g0;
  for (; i + 4 <= g1; i += 4) {
    const double* b[4] = {st.Block(i), st.Block(i + 1), st.Block(i + 2), st.Block(i + 3)};
    // Lanes by reference: a function returning a Quad would have the AVX calling convention.
    const auto lanes = [&](size_t at, Quad& v) {
      v = Quad{b[0][at], b[1][at], b[2][at], b[3][at]};
    };
    Quad a00, a10, a11;
    lanes(0, a00);
    lanes(1, a10);
    lanes(3, a11);
    // M = ΛᵀAΛ + I and its factor L, per lane.
    const Quad u0 = a00 * l00 + a10 * l10, u1 = a10 * l00 + a11 * l10;
    const Quad m00 = l00 * u0 + l10 * u1 + 1.0, m10 = l11 * u1, m11 = l11 * l11 * a11 + 1.0;
    Quad root00, root11;
    for (int k = 0; k < 4; ++k) root00[k] = std::sqrt(m00[k]);
    const Quad inv00 = 1.0 / root00;
    const Quad c10 = m10 * inv00;
    const Quad d11 = m11 - c10 * c10;
    for (int k = 0; k < 4; ++k) {
      root11[k] = std::sqrt(d11[k]);
      det.Add(m00[k] * d11[k]);
    }
    const Quad inv11 = 1.0 / root11;
    // L⁻¹Λᵀ[B c], column by column, and the sums of its rows' products.
    Quad r0[kM], r1[kM];
    for (size_t j = 0; j < kM; ++j) {
      Quad b0, b1;
      lanes(4 + 2 * j, b0);
      lanes(5 + 2 * j, b1);
      const Quad s0 = (l00 * b0 + l10 * b1) * inv00;
      r0[j] = s0;
      r1[j] = (l11 * b1 - c10 * s0) * inv11;
    }
    for (size_t j = 0, e = 0; j < kM; ++j)
      for (size_t k = 0; k <= j; ++k, ++e) acc[e] += r0[j] * r0[k] + r1[j] * r1[k];
  }
  const size_t stride = Stride(kM);
  for (size_t j = 0, e = 0; j < kM; ++j)
    for (size_t k = 0; k <= j; ++k, ++e)
      out.sum[j * stride + k] += (acc[e][0] + acc[e][1]) + (acc[e][2] + acc[e][3]);
  Partial rest;
  std::fill(rest.sum, rest.sum + stride * stride, 0.0);
  Groups2<kM>(st, lambda, i, g1, rest);
  for (size_t k = 0; k < stride * stride; ++k) out.sum[k] += rest.sum[k];
  out.ldl2 = det.Total() + rest.ldl2;
}

// Groups [g0, g1), any number of random columns.
void GroupsAny(const Stats& st, const MatQ& lambda, size_t g0, size_t g1, Partial& out) {
  const int q = static_cast<int>(st.q), m = static_cast<int>(st.p + 1);
  LogDet det;
  for (size_t i = g0; i < g1; ++i) {
    const double* blk = st.Block(i);
    Eigen::Map<const MatrixXd> a(blk, q, q);
    Eigen::Map<const MatrixXd> b(blk + st.q * st.q, q, m);
    MatQ mm = lambda.transpose() * a * lambda;
    mm.diagonal().array() += 1.0;
    Eigen::LLT<MatQ> llt(mm);
    const MatQ& l = llt.matrixLLT();
    double d = 1;
    for (int k = 0; k < q; ++k) d *= l(k, k) * l(k, k);
    det.Add(d);
    MatQP r = lambda.transpose() * b;
    llt.matrixL().solveInPlace(r);
    for (int k = 0; k < q; ++k) {
      double row[kMaxStride] = {};
      for (int j = 0; j < m; ++j) row[j] = r(k, j);
      AddOuter(out.sum, row, static_cast<size_t>(m));
    }
  }
  out.ldl2 = det.Total();
}

// q = 1 or 2 with p + 1 = kM for kM up to 12 (a compile-time size), else a run-time size.
template <size_t kM>
void GroupsQ(const Stats& st, const MatQ& lambda, size_t g0, size_t g1, Partial& out) {
  if constexpr (kM <= 12) {
    if (st.p + 1 == kM) {
      if (st.q == 1)
        Groups1<kM>(st, lambda, g0, g1, out);
      else
        Groups2Lanes<kM>(st, lambda, g0, g1, out);
      return;
    }
    GroupsQ<kM + 1>(st, lambda, g0, g1, out);
  } else if (st.q == 1) {
    Groups1<0>(st, lambda, g0, g1, out);
  } else {
    Groups2<0>(st, lambda, g0, g1, out);
  }
}

// On x86-64 the loops over the groups are compiled twice, for the baseline and for CPUs with
// AVX2 and FMA (chosen once at start, by the CPU), with every kernel inlined into each copy.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define EXO_KERNEL_CLONES __attribute__((flatten, target_clones("arch=x86-64-v3", "default")))
#else
#define EXO_KERNEL_CLONES
#endif

EXO_KERNEL_CLONES
void EvaluateGroups(const Stats& st, const MatQ& lambda, size_t g0, size_t g1, Partial& out) {
  const size_t stride = Stride(st.p + 1);
  std::fill(out.sum, out.sum + stride * stride, 0.0);
  if (st.q <= 2)
    GroupsQ<2>(st, lambda, g0, g1, out);
  else
    GroupsAny(st, lambda, g0, g1, out);
}

// Below this many groups an evaluation runs on one thread (handing half to the helper costs
// more, and on a busy 2-core machine the helper may wait for a core: 1e4 rows, 1,328 groups, took
// 4-70 ms instead of a steady 6.6 ms split); below kParallelBatchGroups a batch of evaluations does
// too, and from kSplitBatchGroups on the evaluations of a batch are each split rather than shared
// out whole.
constexpr size_t kParallelGroups = 4000;
constexpr size_t kParallelBatchGroups = 300;
constexpr size_t kSplitBatchGroups = 8000;

// The cores to use (glibc reads /sys for every std::thread::hardware_concurrency call).
size_t Cores() {
  static const size_t kCores = std::max(1u, std::thread::hardware_concurrency());
  return kCores;
}

// A second thread kept for the whole fit (issue #17: starting a thread per evaluation cost
// ~0.1 ms in this VM, a quarter of an evaluation at 1e5 rows). Both(job) runs job(1) on it and
// job(0) on the caller, and returns when both have finished. Between jobs the helper spins a
// little (evaluations follow each other within microseconds while the optimiser runs), then
// sleeps on the generation counter. One caller at a time.
class Helper {
 public:
  Helper() : thread_([this] { Loop(); }) {}
  ~Helper() {
    stop_.store(true, std::memory_order_relaxed);
    Signal();
    thread_.join();
  }
  Helper(const Helper&) = delete;
  Helper& operator=(const Helper&) = delete;

  void Both(const std::function<void(int)>& job) {
    job_ = &job;
    done_.store(false, std::memory_order_relaxed);
    Signal();
    job(0);
    for (int spin = 0; !done_.load(std::memory_order_acquire); ++spin) {
      if (spin < kSpin)
        Pause();
      else
        done_.wait(false, std::memory_order_acquire);
    }
  }

 private:
  static constexpr int kSpin = 2000;  // ~0.1 ms
  static void Pause() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
  void Signal() {
    generation_.fetch_add(1, std::memory_order_release);
    generation_.notify_one();
  }
  void Loop() {
    uint64_t seen = 0;
    for (;;) {
      uint64_t now;
      for (int spin = 0; (now = generation_.load(std::memory_order_acquire)) == seen; ++spin) {
        if (spin < kSpin)
          Pause();
        else
          generation_.wait(seen, std::memory_order_acquire);
      }
      seen = now;
      if (stop_.load(std::memory_order_relaxed)) return;
      (*job_)(1);
      done_.store(true, std::memory_order_release);
      done_.notify_one();
    }
  }

  std::atomic<uint64_t> generation_{0};
  std::atomic<bool> done_{true};
  std::atomic<bool> stop_{false};
  const std::function<void(int)>* job_ = nullptr;
  std::thread thread_;  // last: it starts once the members above exist
};

// The profiled deviance's pieces at θ, the groups split with `helper` when there is one and
// enough groups; no allocation per group.
Eval Evaluate(const Stats& st, const ThetaMap& tm, const std::vector<double>& theta,
              Helper* helper) {
  const long m = static_cast<long>(st.p + 1);
  const size_t stride = Stride(st.p + 1);
  const MatQ lambda = tm.Lambda(theta, static_cast<int>(st.q));
  Partial first;
  if (helper == nullptr || st.groups < kParallelGroups) {
    EvaluateGroups(st, lambda, 0, st.groups, first);
  } else {
    Partial second;
    const size_t mid = st.groups / 2;
    helper->Both([&](int w) {
      if (w == 0)
        EvaluateGroups(st, lambda, 0, mid, first);
      else
        EvaluateGroups(st, lambda, mid, st.groups, second);
    });
    first.ldl2 += second.ldl2;
    for (size_t k = 0; k < stride * stride; ++k) first.sum[k] += second.sum[k];
  }
  MatrixXd c = st.c0;
  for (long j = 0; j < m; ++j)
    for (long k = 0; k <= j; ++k) {
      c(j, k) -= first.sum[static_cast<size_t>(j) * stride + static_cast<size_t>(k)];
      c(k, j) = c(j, k);
    }
  return internal::EvalFromCrossProduct(c, first.ldl2);
}

// Several θ at once: each evaluation on one thread, the two threads taking turns, when there
// are few groups; otherwise one after the other, each split.
std::vector<Eval> EvaluateMany(const Stats& st, const ThetaMap& tm,
                               const std::vector<std::vector<double>>& thetas, Helper* helper) {
  std::vector<Eval> out(thetas.size());
  if (helper == nullptr || st.groups >= kSplitBatchGroups || st.groups < kParallelBatchGroups ||
      thetas.size() < 2) {
    for (size_t k = 0; k < thetas.size(); ++k) out[k] = Evaluate(st, tm, thetas[k], helper);
    return out;
  }
  std::atomic<size_t> next{0};
  helper->Both([&](int) {
    for (size_t k = next++; k < thetas.size(); k = next++)
      out[k] = Evaluate(st, tm, thetas[k], nullptr);
  });
  return out;
}

}  // namespace

std::vector<std::string> FormulaColumns(const Formula& f) {
  std::vector<std::string> out = {f.response};
  const auto add = [&out](const std::string& v) {
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  };
  for (const auto& t : f.terms)
    for (const auto& v : t) add(v);
  for (const auto& r : f.random) {
    for (const auto& s : r.slopes) add(s);
    for (const auto& v : GroupVariables(r.group)) add(v);
  }
  return out;
}

namespace {

// The random-effect columns of one row: 1 for an intercept, else a slope column's value.
struct RandomColumns {
  std::vector<std::string> names;
  std::vector<int> part_of;                     // column -> random part
  std::vector<const std::vector<double>*> src;  // nullptr: intercept
  void Row(size_t r, double* out) const {
    for (size_t c = 0; c < src.size(); ++c) out[c] = src[c] == nullptr ? 1.0 : (*src[c])[r];
  }
};

// Per group ZᵢᵀZᵢ and Zᵢᵀ[Xᵢ yᵢ], and [X y]ᵀ[X y], in one pass over the rows; y centred when
// the constant is in the span of X (internal::CentreResponse).
Stats SufficientStats(const internal::FixedDesign& fd, const RandomColumns& rc,
                      const std::vector<double>& y, const std::vector<int32_t>& g, size_t groups,
                      internal::Centring& centring) {
  Stats st;
  st.q = rc.src.size();
  st.p = fd.p;
  st.groups = groups;
  const size_t q = st.q, p = st.p, m = p + 1, n = fd.n;
  st.block = q * q + q * m;
  st.blocks.assign(groups * st.block, 0.0);
  double y_mean = 0;
  for (double v : y) y_mean += v;
  y_mean /= static_cast<double>(n);
  // [X y]ᵀ[X y] (lower triangle) and Xᵀ1 with y − ȳ. Two threads: each takes the rows of half
  // of the groups (whichever rows they are on), adds them into its own cross-product and into
  // the blocks of its groups, so no block is written by both and each row is read once.
  struct Sums {
    std::vector<double> cross, x_ones;
  };
  const auto pass = [&](size_t g0, size_t g1, Sums& sums) {
    sums.cross.assign(Stride(m) * Stride(m), 0.0);
    sums.x_ones.assign(p, 0.0);
    double xa[kMaxStride] = {}, z[kMaxQ];
    for (size_t r = 0; r < n; ++r) {
      const auto gi = static_cast<size_t>(g[r]);
      if (gi < g0 || gi >= g1) continue;
      fd.Row(r, xa);
      xa[p] = y[r] - y_mean;
      AddOuter(sums.cross.data(), xa, m);
      for (size_t k = 0; k < p; ++k) sums.x_ones[k] += xa[k];
      rc.Row(r, z);
      double* blk = &st.blocks[gi * st.block];
      for (size_t j = 0; j < q; ++j) {
        for (size_t i = 0; i < q; ++i) blk[j * q + i] += z[i] * z[j];
        double* b = blk + q * q;
        for (size_t k = 0; k < m; ++k) b[k * q + j] += z[j] * xa[k];
      }
    }
  };
  Sums sums, other;
  if (n >= 100000 && Cores() >= 2) {
    std::thread t([&] { pass(groups / 2, groups, other); });
    pass(0, groups / 2, sums);
    t.join();
    for (size_t k = 0; k < sums.cross.size(); ++k) sums.cross[k] += other.cross[k];
    for (size_t k = 0; k < p; ++k) sums.x_ones[k] += other.x_ones[k];
  } else {
    pass(0, groups, sums);
  }
  const std::vector<double>& cross = sums.cross;
  const std::vector<double>& x_ones = sums.x_ones;
  st.c0.resize(static_cast<long>(m), static_cast<long>(m));
  for (size_t j = 0; j < m; ++j)
    for (size_t k = 0; k <= j; ++k)
      st.c0(static_cast<long>(j), static_cast<long>(k)) =
          st.c0(static_cast<long>(k), static_cast<long>(j)) = cross[j * Stride(m) + k];
  const MatrixXd xtx = st.c0.topLeftCorner(static_cast<long>(p), static_cast<long>(p));
  const Eigen::Map<const VectorXd> xt1(x_ones.data(), static_cast<long>(p));
  centring = internal::CentreResponse(xtx, xt1, static_cast<double>(n), y_mean);
  if (centring.shift == 0 && y_mean != 0) {
    // The constant is not in the span of X: back to y itself.
    const long pl = static_cast<long>(p);
    st.c0.col(pl).head(pl) += y_mean * xt1;
    st.c0.row(pl).head(pl) = st.c0.col(pl).head(pl).transpose();
    st.c0(pl, pl) += static_cast<double>(n) * y_mean * y_mean;  // Σ(y − ȳ) = 0
    double z[kMaxQ];
    for (size_t r = 0; r < n; ++r) {
      rc.Row(r, z);
      double* c = &st.blocks[static_cast<size_t>(g[r]) * st.block + q * q + q * p];
      for (size_t j = 0; j < q; ++j) c[j] += z[j] * y_mean;
    }
  }
  return st;
}

// One grouping factor: a dense q × q Cholesky block per group (the parts of `||` share it).
Result<LmmFit> FitOneFactor(const DataTable& data, const Formula& f, const FitOptions& options,
                            const internal::FixedDesign& fd, internal::GroupCodes gc) {
  RandomColumns rc;
  for (size_t k = 0; k < f.random.size(); ++k) {
    if (f.random[k].intercept) {
      rc.names.push_back("(Intercept)");
      rc.part_of.push_back(static_cast<int>(k));
      rc.src.push_back(nullptr);
    }
    for (const auto& s : f.random[k].slopes) {
      rc.names.push_back(s);
      rc.part_of.push_back(static_cast<int>(k));
      rc.src.push_back(&data.Find(s)->values);
    }
  }
  const size_t q = rc.names.size(), p = fd.p, n = fd.n, groups = gc.levels.size();
  if (q > static_cast<size_t>(kMaxQ)) return Invalid("formula", "err.lmm_too_many_random");
  const std::vector<double>& y = data.Find(f.response)->values;
  internal::Centring centring;
  const Stats st = SufficientStats(fd, rc, y, gc.codes, groups, centring);
  if (auto rank = internal::CheckFullRank(
          st.c0.topLeftCorner(static_cast<long>(p), static_cast<long>(p)), fd.names);
      !rank)
    return rank.error();
  // θ layout: lme4's column-major lower triangle per correlated part.
  ThetaMap tm;
  std::vector<double> theta0;
  {
    size_t start = 0;
    for (size_t k = 0; k < f.random.size(); ++k) {
      const size_t size = (f.random[k].intercept ? 1 : 0) + f.random[k].slopes.size();
      for (size_t col = 0; col < size; ++col)
        for (size_t row = col; row < size; ++row) {
          tm.cells.push_back({static_cast<int>(start + row), static_cast<int>(start + col)});
          tm.diagonal.push_back(row == col);
          theta0.push_back(row == col ? 1.0 : 0.0);
        }
      start += size;
    }
  }
  std::optional<Helper> helper;
  if (Cores() >= 2 && st.groups >= kParallelBatchGroups) helper.emplace();
  Helper* const h = helper ? &*helper : nullptr;
  const internal::EvalFn eval = [&](const std::vector<double>& th) {
    return Evaluate(st, tm, th, h);
  };
  const internal::EvalManyFn eval_many = [&](const std::vector<std::vector<double>>& ths) {
    return EvaluateMany(st, tm, ths, h);
  };
  const auto started = std::chrono::steady_clock::now();
  internal::Minimum best =
      internal::MinimiseDeviance(eval, theta0, tm.diagonal, n, p, options, eval_many);
  const double optimise_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // Column signs: make each diagonal element of Λ non-negative.
  {
    const MatQ l = tm.Lambda(best.x, static_cast<int>(q));
    for (int col = 0; col < static_cast<int>(q); ++col)
      if (l(col, col) < 0)
        for (size_t k = 0; k < tm.cells.size(); ++k)
          if (tm.cells[k].second == col) best.x[k] = -best.x[k];
  }
  const Eval e = eval(best.x);
  if (!e.ok || !(e.r2 > 0)) return Invalid("formula", "err.lmm_no_estimate");
  const VectorXd beta_centred = e.beta;  // for the conditional modes (centred y)
  VectorXd beta = e.beta;
  if (centring.shift != 0) beta += centring.shift * centring.b1;
  LmmFit fit = internal::StartFit(options, best, n);
  fit.evaluation_seconds = optimise_seconds / std::max(1, best.evaluations);
  fit.n_groups = groups;
  fit.group = f.random[0].group;
  fit.group_levels = std::move(gc.levels);
  fit.random_terms = rc.names;
  fit.singular = internal::IsSingular(best.x, tm.diagonal);
  if (fit.singular) fit.warnings.push_back("boundary (singular) fit: see help('isSingular')");
  if (!best.converged) fit.warnings.push_back("the optimizer did not converge");
  internal::FixedEffectInference(eval, e, beta, best.x, fd, options.reml, fit, eval_many);
  const double sigma2 = fit.residual_sd * fit.residual_sd;
  // Variance components: σ² ΛΛᵀ per part.
  const MatQ lambda = tm.Lambda(best.x, static_cast<int>(q));
  const MatrixXd sigma_b = sigma2 * lambda * lambda.transpose();
  for (size_t col = 0; col < q; ++col) {
    const int part = rc.part_of[col];
    const std::string group = part == 0 ? fit.group : fit.group + "." + std::to_string(part);
    fit.random.push_back(
        {group, rc.names[col], std::sqrt(sigma_b(static_cast<long>(col), static_cast<long>(col)))});
    for (size_t c2 = col + 1; c2 < q; ++c2)
      if (rc.part_of[c2] == part) {
        const double den = std::sqrt(sigma_b(static_cast<long>(col), static_cast<long>(col)) *
                                     sigma_b(static_cast<long>(c2), static_cast<long>(c2)));
        fit.correlations.push_back(
            {group, rc.names[col], rc.names[c2],
             den > 0 ? sigma_b(static_cast<long>(col), static_cast<long>(c2)) / den
                     : std::numeric_limits<double>::quiet_NaN()});
      }
  }
  // Conditional modes b = Λu, u = L⁻ᵀ(cu − RZX β), and their conditional variances
  // σ² Λ (LLᵀ)⁻¹ Λᵀ.
  fit.ranef.resize(groups);
  GroupModes modes;
  modes.group = fit.group;
  modes.terms = rc.names;
  modes.levels = fit.group_levels;
  modes.sd.resize(groups);
  modes.mode.resize(groups);
  // Groups [g0, g1): each group's vectors are allocated here too, so that on two threads the
  // 3 × 133,239 small allocations of 1e6 rows are shared as well (issue #17).
  const auto group_modes = [&](size_t g0, size_t g1) {
    const int qi = static_cast<int>(q), pi = static_cast<int>(p);
    for (size_t i = g0; i < g1; ++i) {
      const double* blk = st.Block(i);
      Eigen::Map<const MatrixXd> am(blk, qi, qi);
      Eigen::Map<const MatrixXd> bm(blk + q * q, qi, pi);
      Eigen::Map<const VectorXd> cm(blk + q * q + q * p, qi);
      MatQ mm = lambda.transpose() * am * lambda;
      mm.diagonal().array() += 1.0;
      Eigen::LLT<MatQ> llt(mm);
      MatQP rzx = lambda.transpose() * bm;
      llt.matrixL().solveInPlace(rzx);
      VecQ cu = lambda.transpose() * cm;
      llt.matrixL().solveInPlace(cu);
      VecQ u = cu - rzx * beta_centred;
      llt.matrixU().solveInPlace(u);
      const VecQ b = lambda * u;
      MatQ linv_lt = lambda.transpose();  // L⁻¹Λᵀ: its column norms are the variances
      llt.matrixL().solveInPlace(linv_lt);
      std::vector<double>& mode = fit.ranef[i];
      std::vector<double>& sd = modes.sd[i];
      mode.resize(q);
      sd.resize(q);
      for (int kx = 0; kx < qi; ++kx) {
        mode[static_cast<size_t>(kx)] = b(kx);
        sd[static_cast<size_t>(kx)] = std::sqrt(sigma2 * linv_lt.col(kx).squaredNorm());
      }
      modes.mode[i] = mode;
    }
  };
  if (h != nullptr && groups >= kParallelGroups)
    h->Both([&](int w) { w == 0 ? group_modes(0, groups / 2) : group_modes(groups / 2, groups); });
  else
    group_modes(0, groups);
  fit.modes.push_back(std::move(modes));
  if (options.keep_fitted) {
    fit.row_group = std::move(gc.codes);
    fit.observed = y;
    fit.fitted.resize(n);
    fit.residuals.resize(n);
    fit.row_time.resize(n);
    size_t slope_col = q;
    for (size_t c = 0; c < q; ++c)
      if (rc.names[c] != "(Intercept)") {
        slope_col = c;
        break;
      }
    double xr[kMaxP], z[kMaxQ];
    for (size_t r = 0; r < n; ++r) {
      fd.Row(r, xr);
      rc.Row(r, z);
      double v = 0;
      for (size_t j = 0; j < p; ++j) v += xr[j] * beta(static_cast<long>(j));
      const auto& b = fit.ranef[static_cast<size_t>(fit.row_group[r])];
      for (size_t c = 0; c < q; ++c) v += z[c] * b[c];
      fit.fitted[r] = v;
      fit.residuals[r] = y[r] - v;
      fit.row_time[r] = slope_col < q ? z[slope_col] : static_cast<double>(r);
    }
  }
  return fit;
}

// Checks lme4 makes before fitting, per random term, in our words and naming the term.
Status CheckRandomTerms(const DataTable& data, const Formula& f,
                        const std::vector<internal::GroupCodes>& factors) {
  const auto codes_of = [&factors](const std::string& group) -> const internal::GroupCodes& {
    for (const auto& g : factors)
      if (g.name == group) return g;
    return factors.front();
  };
  for (const auto& part : f.random) {
    const auto& g = codes_of(part.group);
    if (g.levels.size() < 2)
      return Invalid("formula", "err.lmm_few_groups",
                     {part.text, part.group, std::to_string(g.levels.size())});
    for (const auto& s : part.slopes) {
      // A slope that is constant within every level is confounded with the intercept.
      const auto& values = data.Find(s)->values;
      std::vector<double> first(g.levels.size(), std::numeric_limits<double>::quiet_NaN());
      bool varies = false;
      for (size_t r = 0; r < data.rows && !varies; ++r) {
        double& v0 = first[static_cast<size_t>(g.codes[r])];
        if (std::isnan(v0))
          v0 = values[r];
        else if (values[r] != v0)
          varies = true;
      }
      if (!varies) return Invalid("formula", "err.lmm_slope_constant", {part.text, s, part.group});
    }
    const size_t q = g.levels.size() * ((part.intercept ? 1 : 0) + part.slopes.size());
    if (q >= data.rows)
      return Invalid("formula", "err.lmm_few_obs",
                     {std::to_string(data.rows), std::to_string(q), part.text});
  }
  return OkStatus();
}

// The variance share of each grouping factor's random intercept (docs/analysis.md).
std::vector<VarianceShare> Shares(const LmmFit& fit) {
  std::vector<VarianceShare> out;
  double total = fit.residual_sd * fit.residual_sd;
  for (const auto& r : fit.random)
    if (r.term == "(Intercept)") {
      std::string group = r.group;
      out.push_back({group, r.sd * r.sd, 0});
      total += r.sd * r.sd;
    }
  out.push_back({"Residual", fit.residual_sd * fit.residual_sd, 0});
  for (auto& s : out) s.share = total > 0 ? s.variance / total : 0;
  return out;
}

}  // namespace

Result<LmmFit> FitLmm(const DataTable& data, const Formula& f, const FitOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  // Columns: a missing one is named, with the random term that uses it.
  std::vector<FieldError> errors;
  std::vector<std::string> named;
  const auto need = [&](const std::string& column, const std::string* term) {
    if (data.Find(column) != nullptr ||
        std::find(named.begin(), named.end(), column) != named.end())
      return;
    named.push_back(column);
    if (term == nullptr)
      errors.push_back({"column", "err.csv_no_column", {column}});
    else
      errors.push_back({"formula", "err.lmm_term_no_column", {*term, column}});
  };
  need(f.response, nullptr);
  for (const auto& t : f.terms)
    for (const auto& v : t) need(v, nullptr);
  for (const auto& part : f.random) {
    for (const auto& s : part.slopes) need(s, &part.text);
    for (const auto& v : GroupVariables(part.group)) need(v, &part.text);
  }
  if (!errors.empty()) return InvalidFields(std::move(errors));
  if (!data.Find(f.response)->numeric)
    return Invalid("column", "err.lmm_not_numeric", {f.response});
  for (const auto& part : f.random)
    for (const auto& s : part.slopes)
      if (!data.Find(s)->numeric) return Invalid("formula", "err.lmm_slope_factor", {part.text, s});
  std::vector<internal::GroupCodes> factors;
  for (const auto& g : GroupingFactors(f)) factors.push_back(internal::MakeGroupCodes(data, g));
  if (auto ok = CheckRandomTerms(data, f, factors); !ok) return ok.error();
  auto fixed = internal::BuildFixedDesign(data, f, options);
  if (!fixed) return fixed.error();
  if (factors.size() > 1) fixed->Materialize();
  auto fit = factors.size() == 1 ? FitOneFactor(data, f, options, *fixed, std::move(factors[0]))
                                 : internal::FitCrossed(data, f, options, *fixed, factors);
  if (!fit) return fit.error();
  fit->dropped_rows = data.dropped;
  fit->shares = Shares(*fit);
  fit->group_sizes.clear();
  for (const auto& m : fit->modes) fit->group_sizes.push_back({m.group, m.levels.size()});
  fit->fit_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return fit;
}

}  // namespace exo::stats
