// Building the crossed/nested mixed model once per fit: per-level sums over the rows and the
// plan for the Schur complement S (src/stats/lmm_crossed.cc explains the method).
#include "stats/internal/lmm_crossed_model.h"

#include <algorithm>
#include <cmath>

namespace exo::stats::internal::crossed {

using Eigen::MatrixXd;
using Eigen::VectorXd;

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

namespace {

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

}  // namespace

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

}  // namespace exo::stats::internal::crossed
