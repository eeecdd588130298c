// Linear mixed models with several grouping factors, crossed or nested (lme4's general case).
//
// lme4 factors ΛᵀZᵀZΛ + I with a general sparse Cholesky (CHOLMOD). Here the structure is used
// directly: the columns of one grouping factor never meet each other in a row, so its part of
// ΛᵀZᵀZΛ + I is block diagonal. The factor with the most levels (the patients) keeps a q₁ × q₁
// block per level, eliminated first; the columns of the other factors (lots, clinics: q_r of
// them) form the Schur complement S = A₂₂ − Σᵢ A₂₁ᵢ A₁₁ᵢ⁻¹ A₁₂ᵢ, factored densely. The sparse
// factor is then
//     L = [ L₁  0  ]    L₁ = blockdiag(chol(A₁₁ᵢ)),  Wᵢ = L₁ᵢ⁻¹ A₁₂ᵢ (only the columns of the
//         [ Wᵀ  L₂ ]    other factors that level i meets),  L₂ = chol(S),
// the elimination order a sparse Cholesky with a minimum-degree ordering chooses for this
// pattern. One evaluation costs O(Σᵢ q₁ mᵢ (q₁ + mᵢ) + q_r³ / 3) with mᵢ the columns level i
// meets: the per-level blocks are linear in the data, the dense part depends only on the
// number of levels of the smaller factors.
#include <Eigen/Dense>
#include <Eigen/SparseCholesky>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <system_error>
#include <thread>
#include <type_traits>

#include "stats/internal/lmm_engine.h"

namespace exo::stats::internal {

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
constexpr int kMaxBlock = 8;
// The Schur complement is dense: q_r columns cost q_r² doubles twice and q_r³/3 per evaluation.
constexpr size_t kMaxOtherColumns = 5000;
// From this many levels of the largest factor the per-level work of an evaluation is split over
// two threads (each sums its half of the levels; the halves are added). Below it a thread's
// start costs more than it saves. A dense Schur complement is split only while a second copy of
// it is small.
constexpr size_t kParallelLevels = 1000;
constexpr size_t kParallelDenseColumns = 300;
using Small =
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor, kMaxBlock, kMaxBlock>;
using SmallVec = Eigen::Matrix<double, Eigen::Dynamic, 1, Eigen::ColMajor, kMaxBlock, 1>;

// One random part, in lme4's order (by decreasing number of levels).
struct Term {
  std::string name;  // as VarCorr names it: the group, "group.1" for its second part
  size_t factor = 0;
  bool intercept = true;
  std::vector<std::string> columns;  // (Intercept), slopes
  std::vector<const Column*> slopes;
  size_t size = 0;
  size_t theta_start = 0;
  bool block = false;  // of the factor with the most levels
  size_t offset = 0;   // block terms: within a level's block; others: first column
  size_t levels = 0;
  double Z(size_t c, size_t row) const {
    return intercept && c == 0 ? 1.0 : slopes[c - (intercept ? 1 : 0)]->values[row];
  }
};

// A touched block of the other factors' columns at one level of the block factor.
struct Touch {
  size_t column;  // first column among the other factors' columns
  size_t term;
  size_t local;  // first column in the level's Hᵢ
};

struct Model {
  size_t n = 0, p = 0, pa = 0;  // pa = p + 1: [X y]
  std::vector<Term> terms;
  size_t block_factor = 0, levels1 = 0, q1 = 0, qr = 0;
  std::vector<int32_t> level_of_row;
  // Per level of the block factor: A1 (q1 × q1), B1 (q1 × pa); Hᵢ = Z₁ᵢᵀZ_r (q1 × mᵢ).
  std::vector<double> a1, b1, h;
  std::vector<size_t> h_start, touch_start;  // per level, size levels1 + 1
  std::vector<Touch> touches;
  std::vector<size_t> touched_column;  // per local column of every level: its column
  MatrixXd g22, b2, c0;                // Z_rᵀZ_r, Z_rᵀ[X y], [X y]ᵀ[X y]
  // The Schur complement as a sparse matrix (when every other term is a scalar and S is
  // sparse, e.g. lots used one after another): its lower pattern with Z_rᵀZ_r's values, the
  // row and column of each stored entry, and for every level the entry each pair (a ≥ b) of
  // its touched columns updates, in loop order.
  bool sparse = false;
  Eigen::SparseMatrix<double> s_pattern;
  std::vector<double> g22_values;
  std::vector<int> nz_row, nz_col, scatter;
  std::vector<size_t> scatter_start;             // per level
  std::vector<size_t> column_term;               // per column of the other factors
  std::vector<std::pair<int, int>> theta_cells;  // (row, col) within its term
  std::vector<size_t> theta_term;
  std::vector<bool> diagonal;
  bool parallel = false;  // evaluate the levels in two halves at once (kParallelLevels)
  // Sparse S split in two (SplitSchur): S = [A Bᵀ; B C] with A the columns of the first other
  // term (the lots: sparse), C the remaining qt columns (the clinics: few, and dense once the
  // lots are eliminated). Per entry of S's pattern: its part (0 A, 1 B, 2 C) and its index there
  // (A's values; B as qt × qa and C as qt × qt, column-major).
  bool split_schur = false;
  size_t qa = 0, qt = 0;
  Eigen::SparseMatrix<double> a_pattern;
  std::vector<unsigned char> part_of;
  std::vector<int> index_in_part;

  Small Lambda(const std::vector<double>& theta, size_t t) const {
    const Term& term = terms[t];
    Small l = Small::Zero(static_cast<long>(term.size), static_cast<long>(term.size));
    for (size_t k = term.theta_start; k < theta.size() && theta_term[k] == t; ++k)
      l(theta_cells[k].first, theta_cells[k].second) = theta[k];
    return l;
  }
  Small BlockLambda(const std::vector<double>& theta) const {
    Small l = Small::Zero(static_cast<long>(q1), static_cast<long>(q1));
    for (size_t t = 0; t < terms.size(); ++t)
      if (terms[t].block) {
        const long o = static_cast<long>(terms[t].offset), s = static_cast<long>(terms[t].size);
        l.block(o, o, s, s) = Lambda(theta, t);
      }
    return l;
  }
};

// Scratch of one evaluation, kept for the conditional modes.
struct Workspace {
  std::vector<double> w;   // Wᵢ = L₁ᵢ⁻¹ A₁₂ᵢ, laid out as Model::h
  std::vector<double> v1;  // L₁ᵢ⁻¹ Λ₁ᵀ B1ᵢ, q1 × pa per level
  MatrixXd s;              // S (dense)
  Eigen::SparseMatrix<double> s_sparse;
  MatrixXd rhs;  // Λ_rᵀB2 − Σ Wᵢᵀ v1ᵢ, q_r × pa
  Eigen::LLT<MatrixXd> l2;
  Eigen::SimplicialLLT<Eigen::SparseMatrix<double>, Eigen::Lower> l2_sparse;
  bool analysed = false;
  // Split S (Model::split_schur): A = PᵀL_A L_AᵀP sparse, X = L_A⁻¹ P Bᵀ, C − XᵀX = L_C L_Cᵀ.
  size_t qa = 0;  // > 0 when split
  Eigen::SparseMatrix<double> a_sparse;
  MatrixXd b_dense, c_dense, x;
  Eigen::LLT<MatrixXd> l_c;
  // The second half's sums when the levels are split over two threads.
  MatrixXd c_half, s_dense_half, rhs_half;
  std::vector<double> s_half;
  double ldl2_half = 0;
  MatrixXd Solve(const MatrixXd& b) const {
    if (qa > 0) {
      const long na = static_cast<long>(qa), nt = b.rows() - na;
      MatrixXd y1 = l2_sparse.permutationP() * b.topRows(na);
      l2_sparse.matrixL().solveInPlace(y1);
      const MatrixXd x2 = l_c.solve(b.bottomRows(nt) - x.transpose() * y1);
      y1.noalias() -= x * x2;
      l2_sparse.matrixU().solveInPlace(y1);
      MatrixXd out(b.rows(), b.cols());
      out.topRows(na) = l2_sparse.permutationPinv() * y1;
      out.bottomRows(nt) = x2;
      return out;
    }
    return s_sparse.rows() > 0 ? MatrixXd(l2_sparse.solve(b)) : MatrixXd(l2.solve(b));
  }
  size_t FactorNonZeros(size_t qr) const {
    if (s_sparse.rows() == 0) return qr * (qr + 1) / 2;
    const size_t la = static_cast<size_t>(l2_sparse.matrixL().nestedExpression().nonZeros());
    const size_t qt = qr - qa;
    return qa > 0 ? la + qa * qt + qt * (qt + 1) / 2 : la;
  }
};

Result<Model> BuildModel(const DataTable& data, const Formula& f, const FixedDesign& fd,
                         const std::vector<GroupCodes>& factors, Centring& centring) {
  Model m;
  m.n = fd.n;
  m.p = fd.p;
  m.pa = fd.p + 1;
  // Terms in lme4's order; names made unique as VarCorr makes them.
  std::vector<size_t> order(f.random.size());
  std::vector<size_t> factor_of(f.random.size());
  for (size_t k = 0; k < f.random.size(); ++k) {
    order[k] = k;
    for (size_t g = 0; g < factors.size(); ++g)
      if (factors[g].name == f.random[k].group) factor_of[k] = g;
  }
  // lme4's mkReTrms: when some term has more levels than the one before it, the terms are put
  // in reverse of a stable ascending order by levels (ties end up reversed); otherwise as written.
  const auto levels_of = [&](size_t k) { return factors[factor_of[k]].levels.size(); };
  bool reorder = false;
  for (size_t k = 1; k < order.size(); ++k) reorder = reorder || levels_of(k) > levels_of(k - 1);
  if (reorder) {
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return levels_of(a) < levels_of(b); });
    std::reverse(order.begin(), order.end());
  }
  size_t theta_count = 0;
  for (size_t k : order) {
    const RandomPart& part = f.random[k];
    Term t;
    t.factor = factor_of[k];
    size_t repeats = 0;
    for (const auto& earlier : m.terms) repeats += earlier.factor == t.factor;
    t.name = repeats == 0 ? part.group : part.group + "." + std::to_string(repeats);
    t.intercept = part.intercept;
    if (part.intercept) t.columns.push_back("(Intercept)");
    for (const auto& s : part.slopes) {
      t.columns.push_back(s);
      t.slopes.push_back(data.Find(s));
    }
    t.size = t.columns.size();
    t.levels = factors[t.factor].levels.size();
    if (t.size > static_cast<size_t>(kMaxBlock))
      return Invalid("formula", "err.lmm_too_many_random");
    t.theta_start = theta_count;
    for (size_t col = 0; col < t.size; ++col)
      for (size_t row = col; row < t.size; ++row) {
        m.theta_cells.push_back({static_cast<int>(row), static_cast<int>(col)});
        m.theta_term.push_back(m.terms.size());
        m.diagonal.push_back(row == col);
        ++theta_count;
      }
    m.terms.push_back(std::move(t));
  }
  m.block_factor = m.terms[0].factor;
  m.levels1 = factors[m.block_factor].levels.size();
  for (auto& t : m.terms) {
    t.block = t.factor == m.block_factor;
    if (t.block) {
      t.offset = m.q1;
      m.q1 += t.size;
    } else {
      t.offset = m.qr;
      m.qr += t.size * factors[t.factor].levels.size();
    }
  }
  if (m.q1 > static_cast<size_t>(kMaxBlock)) return Invalid("formula", "err.lmm_too_many_random");
  if (m.qr > kMaxOtherColumns)
    return Invalid("formula", "err.lmm_too_many_levels",
                   {std::to_string(m.qr), std::to_string(kMaxOtherColumns)});
  m.level_of_row = factors[m.block_factor].codes;
  // [X y] with y centred when the constant is in the span of X.
  const size_t n = m.n, p = m.p, pa = m.pa, q1 = m.q1;
  Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> xm(
      fd.x.data(), static_cast<long>(n), static_cast<long>(p));
  const auto& yv = data.Find(f.response)->values;
  Eigen::Map<const VectorXd> ym(yv.data(), static_cast<long>(n));
  const MatrixXd xtx = xm.transpose() * xm;
  if (auto rank = CheckFullRank(xtx, fd.names); !rank) return rank.error();
  const VectorXd ones_x = xm.transpose() * VectorXd::Ones(static_cast<long>(n));
  centring = CentreResponse(xtx, ones_x, static_cast<double>(n), ym.mean());
  const VectorXd yc = ym.array() - centring.shift;
  m.c0.resize(static_cast<long>(pa), static_cast<long>(pa));
  m.c0.topLeftCorner(static_cast<long>(p), static_cast<long>(p)) = xtx;
  m.c0.col(static_cast<long>(p)).head(static_cast<long>(p)) = xm.transpose() * yc;
  m.c0.row(static_cast<long>(p)).head(static_cast<long>(p)) =
      m.c0.col(static_cast<long>(p)).head(static_cast<long>(p)).transpose();
  m.c0(static_cast<long>(p), static_cast<long>(p)) = yc.squaredNorm();
  // Rows by level of the block factor (counting sort).
  std::vector<size_t> start(m.levels1 + 1, 0), rows(n);
  for (size_t r = 0; r < n; ++r) ++start[static_cast<size_t>(m.level_of_row[r]) + 1];
  for (size_t i = 0; i < m.levels1; ++i) start[i + 1] += start[i];
  {
    std::vector<size_t> next(start.begin(), start.end() - 1);
    for (size_t r = 0; r < n; ++r) rows[next[static_cast<size_t>(m.level_of_row[r])]++] = r;
  }
  m.a1.assign(m.levels1 * q1 * q1, 0.0);
  m.b1.assign(m.levels1 * q1 * pa, 0.0);
  m.g22 = MatrixXd::Zero(static_cast<long>(m.qr), static_cast<long>(m.qr));
  m.b2 = MatrixXd::Zero(static_cast<long>(m.qr), static_cast<long>(pa));
  m.h_start.assign(1, 0);
  m.touch_start.assign(1, 0);
  std::vector<long> local_of(m.qr, -1);
  std::vector<double> hi, z1(q1), xa(pa);
  std::vector<std::pair<size_t, double>> zr;  // the other factors' entries of one row
  for (size_t i = 0; i < m.levels1; ++i) {
    hi.clear();
    size_t mi = 0;
    const size_t first_touch = m.touches.size();
    double* a = &m.a1[i * q1 * q1];
    double* b = &m.b1[i * q1 * pa];
    for (size_t k = start[i]; k < start[i + 1]; ++k) {
      const size_t r = rows[k];
      for (const auto& t : m.terms)
        if (t.block)
          for (size_t c = 0; c < t.size; ++c) z1[t.offset + c] = t.Z(c, r);
      for (size_t j = 0; j < p; ++j) xa[j] = fd.x[r * p + j];
      xa[p] = yc(static_cast<long>(r));
      for (size_t c = 0; c < q1; ++c) {
        for (size_t d = 0; d < q1; ++d) a[c * q1 + d] += z1[d] * z1[c];
        for (size_t j = 0; j < pa; ++j) b[j * q1 + c] += z1[c] * xa[j];
      }
      zr.clear();
      for (size_t ti = 0; ti < m.terms.size(); ++ti) {
        const Term& t = m.terms[ti];
        if (t.block) continue;
        const size_t base = t.offset + static_cast<size_t>(factors[t.factor].codes[r]) * t.size;
        if (local_of[base] < 0) {
          local_of[base] = static_cast<long>(mi);
          m.touches.push_back({base, ti, mi});
          for (size_t c = 0; c < t.size; ++c) m.touched_column.push_back(base + c);
          mi += t.size;
          hi.resize(mi * q1, 0.0);
        }
        const size_t local = static_cast<size_t>(local_of[base]);
        for (size_t c = 0; c < t.size; ++c) {
          const double v = t.Z(c, r);
          zr.push_back({base + c, v});
          double* hc = &hi[(local + c) * q1];
          for (size_t d = 0; d < q1; ++d) hc[d] += v * z1[d];
        }
      }
      for (const auto& [ca, va] : zr) {
        for (const auto& [cb, vb] : zr)
          m.g22(static_cast<long>(ca), static_cast<long>(cb)) += va * vb;
        for (size_t j = 0; j < pa; ++j)
          m.b2(static_cast<long>(ca), static_cast<long>(j)) += va * xa[j];
      }
    }
    for (size_t k = first_touch; k < m.touches.size(); ++k) local_of[m.touches[k].column] = -1;
    m.h.insert(m.h.end(), hi.begin(), hi.end());
    m.h_start.push_back(m.h.size());
    m.touch_start.push_back(m.touches.size());
  }
  return m;
}

// Λ_rᵀ G Λ_r for the other factors' block-diagonal Λ_r, in place on a q_r × q_r matrix, and
// Λ_rᵀ B on a q_r × k matrix.
void ApplyOtherLambda(const Model& m, const std::vector<Small>& lambdas, MatrixXd& g,
                      bool both_sides) {
  for (size_t t = 0; t < m.terms.size(); ++t) {
    const Term& term = m.terms[t];
    if (term.block) continue;
    const long s = static_cast<long>(term.size);
    const Small lt = lambdas[t].transpose();
    const size_t end = term.offset + term.levels * term.size;
    for (size_t c = term.offset; c < end; c += term.size) {
      const long cl = static_cast<long>(c);
      if (s == 1) {
        const double l = lt(0, 0);
        g.row(cl) *= l;
        if (both_sides) g.col(cl) *= l;
      } else {
        g.middleRows(cl, s) = (lt * g.middleRows(cl, s)).eval();
        if (both_sides) g.middleCols(cl, s) = (g.middleCols(cl, s) * lt.transpose()).eval();
      }
    }
  }
}

// Chooses the sparse Schur complement when it pays: every other term a scalar (then Λ_r is a
// diagonal scaling) and at most a fifth of S's lower triangle stored.
// Calls f(ga, gb) for every pair of other-factor columns (ga >= gb) that level i of the
// largest factor touches, in the order the Schur complement's scatter uses.
template <class F>
void ForEachTouchedPair(const Model& m, size_t i, F f) {
  const size_t first = m.h_start[i] / m.q1, mi = (m.h_start[i + 1] - m.h_start[i]) / m.q1;
  for (size_t b = 0; b < mi; ++b)
    for (size_t a = 0; a < mi; ++a) {
      const int ga = static_cast<int>(m.touched_column[first + a]);
      const int gb = static_cast<int>(m.touched_column[first + b]);
      if (ga >= gb) f(ga, gb);
    }
}

// A sparse Cholesky factor of S fills in wherever a small factor's columns (clinics) meet the
// columns of a large one (lots) that are eliminated before them: every lot column of L then
// holds an entry for nearly every clinic, updated one entry at a time. The same factor by
// blocks: the first other term's columns A sparsely, then the Schur complement of the rest,
// C − XᵀX with X = L_A⁻¹ P Bᵀ, densely (one symmetric rank-qa update): the arithmetic of the fill
// done as dense products. Used while the dense part stays small (qt columns, qa·qt² flops).
constexpr size_t kMaxTailColumns = 400;
constexpr double kMaxTailWork = 2e7;

void SplitSchur(Model& m) {
  size_t first = m.terms.size();
  for (size_t t = 0; t < m.terms.size() && first == m.terms.size(); ++t)
    if (!m.terms[t].block) first = t;
  if (first == m.terms.size() || m.terms[first].offset != 0) return;
  const size_t qa = m.terms[first].levels * m.terms[first].size, qt = m.qr - qa;
  if (qt == 0 || qt > kMaxTailColumns ||
      static_cast<double>(qa) * static_cast<double>(qt) * static_cast<double>(qt) > kMaxTailWork)
    return;
  m.split_schur = true;
  m.qa = qa;
  m.qt = qt;
  const size_t nnz = m.nz_row.size();
  m.part_of.resize(nnz);
  m.index_in_part.resize(nnz);
  std::vector<Eigen::Triplet<double>> triplets;
  for (size_t k = 0; k < nnz; ++k) {
    const size_t r = static_cast<size_t>(m.nz_row[k]), c = static_cast<size_t>(m.nz_col[k]);
    if (r < qa) {
      triplets.emplace_back(static_cast<int>(r), static_cast<int>(c), 0.0);
      m.part_of[k] = 0;
    } else if (c < qa) {
      m.part_of[k] = 1;
      m.index_in_part[k] = static_cast<int>((r - qa) + c * qt);
    } else {
      m.part_of[k] = 2;
      m.index_in_part[k] = static_cast<int>((r - qa) + (c - qa) * qt);
    }
  }
  m.a_pattern.resize(static_cast<long>(qa), static_cast<long>(qa));
  m.a_pattern.setFromTriplets(triplets.begin(), triplets.end());
  m.a_pattern.makeCompressed();
  // A's entries keep S's column-major order (S's pattern is sorted by column, then row).
  int next = 0;
  for (size_t k = 0; k < nnz; ++k)
    if (m.part_of[k] == 0) m.index_in_part[k] = next++;
}

void PlanSchur(Model& m) {
  for (const auto& t : m.terms)
    if (!t.block && t.size != 1) return;
  m.column_term.assign(m.qr, 0);
  for (size_t ti = 0; ti < m.terms.size(); ++ti)
    if (!m.terms[ti].block)
      for (size_t c = 0; c < m.terms[ti].levels; ++c) m.column_term[m.terms[ti].offset + c] = ti;
  std::vector<std::pair<int, int>> entries;  // (col, row), row ≥ col
  const long qr = static_cast<long>(m.qr);
  for (long c = 0; c < qr; ++c)
    for (long r = c; r < qr; ++r)
      if (r == c || m.g22(r, c) != 0) entries.push_back({static_cast<int>(c), static_cast<int>(r)});
  for (size_t i = 0; i < m.levels1; ++i)
    ForEachTouchedPair(m, i, [&](int ga, int gb) { entries.push_back({gb, ga}); });
  std::sort(entries.begin(), entries.end());
  entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
  const double lower = static_cast<double>(m.qr) * static_cast<double>(m.qr + 1) / 2;
  if (static_cast<double>(entries.size()) > 0.2 * lower) return;
  m.sparse = true;
  std::vector<Eigen::Triplet<double>> triplets;
  triplets.reserve(entries.size());
  for (const auto& [c, r] : entries) triplets.emplace_back(r, c, 0.0);
  m.s_pattern.resize(qr, qr);
  m.s_pattern.setFromTriplets(triplets.begin(), triplets.end());
  m.s_pattern.makeCompressed();
  const auto index_of = [&m](int r, int c) {
    const int* outer = m.s_pattern.outerIndexPtr();
    const int* inner = m.s_pattern.innerIndexPtr();
    return static_cast<int>(std::lower_bound(inner + outer[c], inner + outer[c + 1], r) - inner);
  };
  const size_t nnz = static_cast<size_t>(m.s_pattern.nonZeros());
  m.g22_values.assign(nnz, 0.0);
  m.nz_row.resize(nnz);
  m.nz_col.resize(nnz);
  for (int c = 0; c < static_cast<int>(qr); ++c)
    for (int k = m.s_pattern.outerIndexPtr()[c]; k < m.s_pattern.outerIndexPtr()[c + 1]; ++k) {
      const int r = m.s_pattern.innerIndexPtr()[k];
      m.nz_row[static_cast<size_t>(k)] = r;
      m.nz_col[static_cast<size_t>(k)] = c;
      m.g22_values[static_cast<size_t>(k)] = m.g22(r, c);
    }
  m.scatter_start.assign(1, 0);
  for (size_t i = 0; i < m.levels1; ++i) {
    ForEachTouchedPair(m, i, [&](int ga, int gb) { m.scatter.push_back(index_of(ga, gb)); });
    m.scatter_start.push_back(m.scatter.size());
  }
  m.g22.resize(0, 0);  // kept as g22_values
  SplitSchur(m);
}

// Cholesky factor of a small symmetric positive definite block (ΛᵀAΛ + I always is), and
// solves with it, written out for a size known at compile time: Eigen's general triangular
// solver costs more than the arithmetic for 1 × 1 and 2 × 2 blocks.
template <int Q, class Block>
Block SmallCholesky(const Block& a) {
  Block l = Block::Zero(a.rows(), a.cols());
  const long q = Q == Eigen::Dynamic ? a.rows() : Q;
  for (long j = 0; j < q; ++j) {
    double d = a(j, j);
    for (long k = 0; k < j; ++k) d -= l(j, k) * l(j, k);
    l(j, j) = std::sqrt(d);
    for (long i = j + 1; i < q; ++i) {
      double v = a(i, j);
      for (long k = 0; k < j; ++k) v -= l(i, k) * l(j, k);
      l(i, j) = v / l(j, j);
    }
  }
  return l;
}

// x ← L⁻¹ x for every column of x.
template <int Q, class Block, class Wide>
void SolveLowerInPlace(const Block& l, Wide& x) {
  const long q = Q == Eigen::Dynamic ? l.rows() : Q;
  for (long j = 0; j < x.cols(); ++j)
    for (long i = 0; i < q; ++i) {
      double v = x(i, j);
      for (long k = 0; k < i; ++k) v -= l(i, k) * x(k, j);
      x(i, j) = v / l(i, i);
    }
}

// What the per-level loop of an evaluation reads, and where it adds its sums.
struct LevelInputs {
  const std::vector<Small>& lambdas;
  const Small& l1;
};
struct LevelSums {
  MatrixXd* c;        // [X y]ᵀ[X y] − Σ vᵢᵀvᵢ
  double* ldl2;       // + Σ log det(A₁₁ᵢ)
  double* s_values;   // sparse S: values, − Σ WᵢᵀWᵢ scattered
  MatrixXd* s_dense;  // dense S (lower triangle)
  MatrixXd* rhs;      // − Σ Wᵢᵀ vᵢ
};

// Levels [begin, end) of the block factor with q₁ = Q known at compile time (Eigen::Dynamic:
// any q₁ up to kMaxBlock): fixed-size blocks let Eigen unroll the 1 × 1 and 2 × 2 cases that a
// random intercept, or an intercept and one slope, give.
template <int Q>
void EvaluateLevelsOf(const Model& m, const LevelInputs& in, size_t begin, size_t end,
                      Workspace& ws, const LevelSums& out) {
  using Block = std::conditional_t<Q == Eigen::Dynamic, Small, Eigen::Matrix<double, Q, Q>>;
  using Wide = Eigen::Matrix<double, Q, Eigen::Dynamic>;
  using Stored = std::conditional_t<Q == Eigen::Dynamic, MatrixXd, Block>;  // as mapped
  const long q1 = static_cast<long>(m.q1), pa = static_cast<long>(m.pa);
  const Block l1 = in.l1;
  const Block l1t = l1.transpose();
  MatrixXd& c = *out.c;
  double* sv = out.s_values;
  double ldl2 = 0, det = 1.0;
  int pending = 0;
  for (size_t i = begin; i < end; ++i) {
    Eigen::Map<const Stored> a(&m.a1[i * m.q1 * m.q1], q1, q1);
    Eigen::Map<const Wide> b(&m.b1[i * m.q1 * m.pa], q1, pa);
    Block mm = l1t * a * l1;
    mm.diagonal().array() += 1.0;
    const Block lf = SmallCholesky<Q>(mm);
    for (long k = 0; k < q1; ++k) det *= lf(k, k) * lf(k, k);
    if (++pending == 8) {
      ldl2 += std::log(det);
      det = 1.0;
      pending = 0;
    }
    Eigen::Map<Wide> v(&ws.v1[i * m.q1 * m.pa], q1, pa);
    v.noalias() = l1t * b;
    SolveLowerInPlace<Q>(lf, v);
    c.noalias() -= v.transpose() * v;
    const long mi = static_cast<long>((m.h_start[i + 1] - m.h_start[i]) / m.q1);
    if (mi == 0) continue;
    Eigen::Map<const Wide> h(&m.h[m.h_start[i]], q1, mi);
    Eigen::Map<Wide> w(&ws.w[m.h_start[i]], q1, mi);
    w.noalias() = l1t * h;
    for (size_t k = m.touch_start[i]; k < m.touch_start[i + 1]; ++k) {
      const Touch& t = m.touches[k];
      const long s = static_cast<long>(m.terms[t.term].size), loc = static_cast<long>(t.local);
      if (s == 1)
        w.col(loc) *= in.lambdas[t.term](0, 0);
      else
        w.middleCols(loc, s) = (w.middleCols(loc, s) * in.lambdas[t.term]).eval();
    }
    SolveLowerInPlace<Q>(lf, w);
    // S[touched, touched] −= WᵀW (lower triangle), v2[touched] −= Wᵀ v.
    const size_t* cols = &m.touched_column[m.h_start[i] / m.q1];
    const int* scatter = sv != nullptr ? &m.scatter[m.scatter_start[i]] : nullptr;
    for (long b2 = 0; b2 < mi; ++b2) {
      const long gb = static_cast<long>(cols[b2]);
      for (long a2 = 0; a2 < mi; ++a2) {
        const long ga = static_cast<long>(cols[a2]);
        if (ga < gb) continue;
        const double d = w.col(a2).dot(w.col(b2));
        if (scatter != nullptr)
          sv[*scatter++] -= d;
        else
          (*out.s_dense)(ga, gb) -= d;
      }
      out.rhs->row(gb).noalias() -= w.col(b2).transpose() * v;
    }
  }
  *out.ldl2 += ldl2 + std::log(det);
}

void EvaluateLevels(const Model& m, const LevelInputs& in, size_t begin, size_t end, Workspace& ws,
                    const LevelSums& out) {
  switch (m.q1) {
    case 1:
      return EvaluateLevelsOf<1>(m, in, begin, end, ws, out);
    case 2:
      return EvaluateLevelsOf<2>(m, in, begin, end, ws, out);
    default:
      return EvaluateLevelsOf<Eigen::Dynamic>(m, in, begin, end, ws, out);
  }
}

// The profiled deviance's pieces at θ; `split`: the levels on two threads (Model::parallel).
Eval Evaluate(const Model& m, const std::vector<double>& theta, Workspace& ws, bool split) {
  const long pa = static_cast<long>(m.pa);
  std::vector<Small> lambdas(m.terms.size());
  for (size_t t = 0; t < m.terms.size(); ++t) lambdas[t] = m.Lambda(theta, t);
  const Small l1 = m.BlockLambda(theta);
  double* sv = nullptr;
  if (m.sparse) {
    if (ws.s_sparse.rows() == 0) ws.s_sparse = m.s_pattern;
    sv = ws.s_sparse.valuePtr();
    std::vector<double> lam(m.qr);
    for (size_t c = 0; c < m.qr; ++c) lam[c] = theta[m.terms[m.column_term[c]].theta_start];
    for (size_t k = 0; k < m.g22_values.size(); ++k) {
      const size_t r = static_cast<size_t>(m.nz_row[k]), cc = static_cast<size_t>(m.nz_col[k]);
      sv[k] = lam[r] * lam[cc] * m.g22_values[k] + (r == cc ? 1.0 : 0.0);
    }
  } else {
    ws.s = m.g22;
    ApplyOtherLambda(m, lambdas, ws.s, true);
    ws.s.diagonal().array() += 1.0;
  }
  ws.rhs = m.b2;
  ApplyOtherLambda(m, lambdas, ws.rhs, false);
  ws.w.resize(m.h.size());
  ws.v1.resize(m.levels1 * m.q1 * m.pa);
  MatrixXd c = m.c0;
  double ldl2 = 0;
  const LevelInputs in{lambdas, l1};
  const LevelSums first{&c, &ldl2, sv, m.sparse ? nullptr : &ws.s, &ws.rhs};
  if (split) {
    const size_t mid = m.levels1 / 2;
    ws.c_half.setZero(pa, pa);
    ws.ldl2_half = 0;
    ws.rhs_half.setZero(static_cast<long>(m.qr), pa);
    if (m.sparse)
      ws.s_half.assign(static_cast<size_t>(ws.s_sparse.nonZeros()), 0.0);
    else
      ws.s_dense_half.setZero(static_cast<long>(m.qr), static_cast<long>(m.qr));
    const LevelSums second{&ws.c_half, &ws.ldl2_half, m.sparse ? ws.s_half.data() : nullptr,
                           m.sparse ? nullptr : &ws.s_dense_half, &ws.rhs_half};
    std::thread worker;
    try {
      worker = std::thread([&] { EvaluateLevels(m, in, mid, m.levels1, ws, second); });
    } catch (const std::system_error&) {
      split = false;  // no thread to be had: all levels here
    }
    if (split) {
      EvaluateLevels(m, in, 0, mid, ws, first);
      worker.join();
      c += ws.c_half;
      ldl2 += ws.ldl2_half;
      ws.rhs += ws.rhs_half;
      if (m.sparse)
        for (size_t k = 0; k < ws.s_half.size(); ++k) sv[k] += ws.s_half[k];
      else
        ws.s += ws.s_dense_half;
    }
  }
  if (!split) EvaluateLevels(m, in, 0, m.levels1, ws, first);
  Eval bad;
  bad.ok = false;
  if (m.split_schur) {
    const long qa = static_cast<long>(m.qa), qt = static_cast<long>(m.qt);
    if (ws.a_sparse.rows() == 0) ws.a_sparse = m.a_pattern;
    ws.b_dense.setZero(qt, qa);
    ws.c_dense.setZero(qt, qt);
    double* av = ws.a_sparse.valuePtr();
    for (size_t k = 0; k < m.part_of.size(); ++k) {
      const int at = m.index_in_part[k];
      if (m.part_of[k] == 0)
        av[at] = sv[k];
      else if (m.part_of[k] == 1)
        ws.b_dense.data()[at] = sv[k];
      else
        ws.c_dense.data()[at] = sv[k];
    }
    if (!ws.analysed) ws.l2_sparse.analyzePattern(ws.a_sparse);
    ws.analysed = true;
    ws.qa = m.qa;
    ws.l2_sparse.factorize(ws.a_sparse);
    if (ws.l2_sparse.info() != Eigen::Success) return bad;
    const auto& l = ws.l2_sparse.matrixL().nestedExpression();  // diagonal first per column
    for (long k = 0; k < l.outerSize(); ++k)
      ldl2 += 2.0 * std::log(l.valuePtr()[l.outerIndexPtr()[k]]);
    ws.x = ws.l2_sparse.permutationP() * ws.b_dense.transpose();
    ws.l2_sparse.matrixL().solveInPlace(ws.x);
    ws.c_dense.selfadjointView<Eigen::Lower>().rankUpdate(ws.x.transpose(), -1.0);
    ws.l_c.compute(ws.c_dense);
    if (ws.l_c.info() != Eigen::Success) return bad;
    const MatrixXd& lc = ws.l_c.matrixLLT();
    for (long k = 0; k < lc.rows(); ++k) ldl2 += 2.0 * std::log(lc(k, k));
  } else if (m.sparse) {
    if (!ws.analysed) ws.l2_sparse.analyzePattern(ws.s_sparse);
    ws.analysed = true;
    ws.l2_sparse.factorize(ws.s_sparse);
    if (ws.l2_sparse.info() != Eigen::Success) return bad;
    const auto& l = ws.l2_sparse.matrixL().nestedExpression();  // diagonal first per column
    for (long k = 0; k < l.outerSize(); ++k)
      ldl2 += 2.0 * std::log(l.valuePtr()[l.outerIndexPtr()[k]]);
  } else {
    ws.l2.compute(ws.s);
    if (ws.l2.info() != Eigen::Success) return bad;
    const MatrixXd& l2 = ws.l2.matrixLLT();
    for (long k = 0; k < l2.rows(); ++k) ldl2 += 2.0 * std::log(l2(k, k));
  }
  c.noalias() -= ws.rhs.transpose() * ws.Solve(ws.rhs);
  return EvalFromCrossProduct(c, ldl2);
}

}  // namespace

Result<LmmFit> FitCrossed(const DataTable& data, const Formula& f, const FitOptions& options,
                          const FixedDesign& fd, const std::vector<GroupCodes>& factors) {
  Centring centring;
  auto built = BuildModel(data, f, fd, factors, centring);
  if (!built) return built.error();
  PlanSchur(*built);
  built->parallel = std::thread::hardware_concurrency() > 1 && built->levels1 >= kParallelLevels &&
                    (built->sparse || built->qr <= kParallelDenseColumns);
  const Model& m = *built;
  std::vector<double> theta0;
  for (bool d : m.diagonal) theta0.push_back(d ? 1.0 : 0.0);
  Workspace ws, ws2;
  const EvalFn eval = [&](const std::vector<double>& th) {
    return Evaluate(m, th, ws, m.parallel);
  };
  // A batch of θ (the Newton polish, the Satterthwaite differences): two evaluations at once,
  // each on one thread, which also runs the sparse factorisation of S in parallel.
  EvalManyFn eval_many;
  if (std::thread::hardware_concurrency() > 1)
    eval_many = [&](const std::vector<std::vector<double>>& thetas) {
      std::vector<Eval> out(thetas.size());
      std::atomic<size_t> next{0};
      const auto work = [&](Workspace& w) {
        for (size_t k = next++; k < thetas.size(); k = next++)
          out[k] = Evaluate(m, thetas[k], w, false);
      };
      std::thread helper;
      try {
        if (thetas.size() > 1) helper = std::thread([&] { work(ws2); });
      } catch (const std::system_error&) {
      }
      work(ws);
      if (helper.joinable()) helper.join();
      return out;
    };
  const auto started = std::chrono::steady_clock::now();
  Minimum best = MinimiseDeviance(eval, theta0, m.diagonal, m.n, m.p, options, eval_many);
  const double optimise_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // Column signs: each diagonal element of Λ non-negative.
  for (size_t k = 0; k < best.x.size(); ++k)
    if (m.diagonal[k] && best.x[k] < 0) {
      const size_t t = m.theta_term[k];
      const int col = m.theta_cells[k].second;
      for (size_t j = m.terms[t].theta_start; j < best.x.size() && m.theta_term[j] == t; ++j)
        if (m.theta_cells[j].second == col) best.x[j] = -best.x[j];
    }
  const Eval e = Evaluate(m, best.x, ws, m.parallel);
  if (!e.ok || !(e.r2 > 0)) return Invalid("formula", "err.lmm_no_estimate");
  VectorXd beta = e.beta;
  if (centring.shift != 0) beta += centring.shift * centring.b1;
  LmmFit fit = StartFit(options, best, m.n);
  fit.evaluation_seconds = optimise_seconds / std::max(1, best.evaluations);
  fit.factor_nonzeros = m.levels1 * m.q1 * (m.q1 + 1) / 2 + m.h.size() + ws.FactorNonZeros(m.qr);
  fit.singular = IsSingular(best.x, m.diagonal);
  if (fit.singular) fit.warnings.push_back("boundary (singular) fit: see help('isSingular')");
  if (!best.converged) fit.warnings.push_back("the optimizer did not converge");
  FixedEffectInference(eval, e, beta, best.x, fd, options.reml, fit, eval_many);
  const double sigma2 = fit.residual_sd * fit.residual_sd;
  // Variance components and correlations per term.
  std::vector<Small> lambdas(m.terms.size());
  for (size_t t = 0; t < m.terms.size(); ++t) {
    const Term& term = m.terms[t];
    lambdas[t] = m.Lambda(best.x, t);
    const Small cov = sigma2 * lambdas[t] * lambdas[t].transpose();
    for (long a = 0; a < static_cast<long>(term.size); ++a) {
      fit.random.push_back({term.name, term.columns[static_cast<size_t>(a)], std::sqrt(cov(a, a))});
      for (long b = a + 1; b < static_cast<long>(term.size); ++b) {
        const double den = std::sqrt(cov(a, a) * cov(b, b));
        fit.correlations.push_back(
            {term.name, term.columns[static_cast<size_t>(a)], term.columns[static_cast<size_t>(b)],
             den > 0 ? cov(a, b) / den : std::numeric_limits<double>::quiet_NaN()});
      }
    }
  }
  // Conditional modes: u = L⁻ᵀ(cu − RZX β) from the factor at the optimum.
  Evaluate(m, best.x, ws, m.parallel);
  const long q1 = static_cast<long>(m.q1), p = static_cast<long>(m.p), pa = static_cast<long>(m.pa);
  const VectorXd& beta_c = e.beta;
  const VectorXd u2 = ws.Solve(ws.rhs.col(p) - ws.rhs.leftCols(p) * beta_c);
  const long qr = static_cast<long>(m.qr);
  const MatrixXd s_inv = ws.Solve(MatrixXd::Identity(qr, qr));
  const Small l1 = m.BlockLambda(best.x);
  std::vector<std::vector<double>> b1(m.levels1, std::vector<double>(m.q1)),
      sd1(m.levels1, std::vector<double>(m.q1));
  for (size_t i = 0; i < m.levels1; ++i) {
    Eigen::Map<const MatrixXd> a(&m.a1[i * m.q1 * m.q1], q1, q1);
    Small mm = l1.transpose() * a * l1;
    mm.diagonal().array() += 1.0;
    const Eigen::LLT<Small> llt(mm);
    Eigen::Map<const MatrixXd> v(&ws.v1[i * m.q1 * m.pa], q1, pa);
    const long mi = static_cast<long>((m.h_start[i + 1] - m.h_start[i]) / m.q1);
    Eigen::Map<const MatrixXd> w(ws.w.data() + m.h_start[i], q1, mi);
    const size_t* cols = mi > 0 ? &m.touched_column[m.h_start[i] / m.q1] : nullptr;
    VectorXd u2i(mi);
    MatrixXd s_sub(mi, mi);
    for (long a2 = 0; a2 < mi; ++a2) {
      u2i(a2) = u2(static_cast<long>(cols[a2]));
      for (long b2 = 0; b2 < mi; ++b2)
        s_sub(a2, b2) = s_inv(static_cast<long>(cols[a2]), static_cast<long>(cols[b2]));
    }
    SmallVec r = v.col(p) - v.leftCols(p) * beta_c - w * u2i;
    llt.matrixU().solveInPlace(r);
    const SmallVec bi = l1 * r;
    // (M⁻¹)₁₁ = A⁻¹ + (L₁⁻ᵀW) S⁻¹ (L₁⁻ᵀW)ᵀ, then σ²Λ₁(·)Λ₁ᵀ.
    MatrixXd lw = w;
    llt.matrixU().solveInPlace(lw);
    Small ainv = llt.solve(Small::Identity(q1, q1));
    const MatrixXd mi11 = MatrixXd(ainv) + lw * s_sub * lw.transpose();
    const MatrixXd var = sigma2 * MatrixXd(l1) * mi11 * MatrixXd(l1).transpose();
    for (long k = 0; k < q1; ++k) {
      b1[i][static_cast<size_t>(k)] = bi(k);
      sd1[i][static_cast<size_t>(k)] = std::sqrt(var(k, k));
    }
  }
  // Per grouping factor, in lme4's order: its terms' columns side by side.
  std::vector<size_t> factor_order;
  for (const auto& t : m.terms)
    if (std::find(factor_order.begin(), factor_order.end(), t.factor) == factor_order.end())
      factor_order.push_back(t.factor);
  for (size_t g : factor_order) {
    GroupModes gm;
    gm.group = factors[g].name;
    gm.levels = factors[g].levels;
    const size_t levels = gm.levels.size();
    for (const auto& t : m.terms)
      if (t.factor == g) gm.terms.insert(gm.terms.end(), t.columns.begin(), t.columns.end());
    if (g == m.block_factor) {
      gm.mode = b1;
      gm.sd = sd1;
    } else {
      gm.mode.assign(levels, {});
      gm.sd.assign(levels, {});
      for (size_t t = 0; t < m.terms.size(); ++t) {
        const Term& term = m.terms[t];
        if (term.factor != g) continue;
        const long s = static_cast<long>(term.size);
        for (size_t l = 0; l < levels; ++l) {
          const long base = static_cast<long>(term.offset + l * term.size);
          const SmallVec bl = lambdas[t] * u2.segment(base, s);
          const Small var =
              sigma2 * lambdas[t] * s_inv.block(base, base, s, s) * lambdas[t].transpose();
          for (long k = 0; k < s; ++k) {
            gm.mode[l].push_back(bl(k));
            gm.sd[l].push_back(std::sqrt(var(k, k)));
          }
        }
      }
    }
    fit.modes.push_back(std::move(gm));
  }
  // The block factor as the one-factor fields (trajectories are drawn per its level).
  const GroupModes& first = fit.modes[0];
  fit.group = first.group;
  fit.group_levels = first.levels;
  fit.random_terms = first.terms;
  fit.ranef = first.mode;
  fit.n_groups = first.levels.size();
  if (options.keep_fitted) {
    fit.row_group = m.level_of_row;
    fit.observed = data.Find(f.response)->values;
    fit.fitted.resize(m.n);
    fit.residuals.resize(m.n);
    fit.row_time.resize(m.n);
    const Term* slope_term = nullptr;
    for (const auto& t : m.terms)
      if (t.block && !t.slopes.empty() && slope_term == nullptr) slope_term = &t;
    VectorXd b_rest(static_cast<long>(m.qr));
    for (size_t t = 0; t < m.terms.size(); ++t) {
      const Term& term = m.terms[t];
      if (term.block) continue;
      const long sz = static_cast<long>(term.size);
      for (size_t l = 0; l < term.levels; ++l) {
        const long base = static_cast<long>(term.offset + l * term.size);
        b_rest.segment(base, sz) = lambdas[t] * u2.segment(base, sz);
      }
    }
    for (size_t r = 0; r < m.n; ++r) {
      double v = 0;
      for (size_t j = 0; j < m.p; ++j) v += fd.x[r * m.p + j] * beta(static_cast<long>(j));
      for (const Term& term : m.terms) {
        const size_t level = static_cast<size_t>(factors[term.factor].codes[r]);
        for (size_t c = 0; c < term.size; ++c)
          v += term.Z(c, r) *
               (term.block ? b1[level][term.offset + c]
                           : b_rest(static_cast<long>(term.offset + level * term.size + c)));
      }
      fit.fitted[r] = v;
      fit.residuals[r] = fit.observed[r] - v;
      fit.row_time[r] =
          slope_term != nullptr ? slope_term->slopes[0]->values[r] : static_cast<double>(r);
    }
  }
  return fit;
}

}  // namespace exo::stats::internal
