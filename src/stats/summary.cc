#include "stats/summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace exo::stats {

using nlohmann::json;

namespace {

std::string Fmt(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::string PadLeft(const std::string& s, size_t w) {
  return s.size() >= w ? s : std::string(w - s.size(), ' ') + s;
}
std::string PadRight(const std::string& s, size_t w) {
  return s.size() >= w ? s : s + std::string(w - s.size(), ' ');
}

std::string PValue(double p) {
  if (std::isnan(p)) return "NA";
  if (p < 2e-16) return "< 2e-16";
  return p < 1e-4 ? Fmt("%.2e", p) : Fmt("%.6f", p);
}

std::string Stars(double p) {
  if (std::isnan(p)) return "";
  return p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : p < 0.1 ? "." : "";
}

double Quantile(std::vector<double> v, double q) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1) * q;  // R type 7
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

nlohmann::json Num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json GroupsJson(const LmmFit& fit) {
  json out = json::array();
  if (fit.group_sizes.empty() && !fit.group.empty())
    out.push_back({{"group", fit.group}, {"levels", fit.n_groups}});
  for (const auto& [group, levels] : fit.group_sizes)
    out.push_back({{"group", group}, {"levels", levels}});
  return out;
}

json SharesJson(const LmmFit& fit) {
  json out = json::array();
  for (const auto& v : fit.shares)
    out.push_back({{"group", v.group}, {"variance", v.variance}, {"share", v.share}});
  return out;
}

}  // namespace

json ModesJson(const LmmFit& fit) {
  constexpr double kZ975 = 1.959963984540054;
  json out = json::array();
  for (const auto& g : fit.modes) {
    json levels = json::array();
    for (size_t l = 0; l < g.levels.size(); ++l) {
      json low = json::array(), high = json::array();
      for (size_t k = 0; k < g.terms.size(); ++k) {
        low.push_back(g.mode[l][k] - kZ975 * g.sd[l][k]);
        high.push_back(g.mode[l][k] + kZ975 * g.sd[l][k]);
      }
      levels.push_back({{"level", g.levels[l]},
                        {"mode", g.mode[l]},
                        {"sd", g.sd[l]},
                        {"ci_low", low},
                        {"ci_high", high}});
    }
    out.push_back({{"group", g.group}, {"terms", g.terms}, {"levels", levels}});
  }
  return out;
}

namespace {}  // namespace

std::string SummaryText(const LmmFit& fit) {
  std::string s = std::string("Linear mixed model fit by ") +
                  (fit.reml ? "REML" : "maximum likelihood") +
                  ". t-tests use Satterthwaite's method\n";
  if (!fit.formula.empty()) s += "Formula: " + fit.formula + "\n";
  s += "\n";
  if (fit.reml) {
    s += "REML criterion at convergence: " + Fmt("%.4f", fit.reml_criterion) + "\n\n";
  } else {
    s += "     AIC      BIC   logLik deviance df.resid\n";
    s += PadLeft(Fmt("%.4f", fit.aic), 8) + " " + PadLeft(Fmt("%.4f", fit.bic), 8) + " " +
         PadLeft(Fmt("%.4f", fit.loglik), 8) + " " + PadLeft(Fmt("%.4f", fit.deviance), 8) + " " +
         PadLeft(std::to_string(fit.n_obs - fit.fixed.size() - fit.theta.size() - 1), 8) + "\n\n";
  }
  if (!fit.residuals.empty()) {
    std::vector<double> scaled;
    scaled.reserve(fit.residuals.size());
    for (double r : fit.residuals) scaled.push_back(r / fit.residual_sd);
    s += "Scaled residuals:\n     Min       1Q   Median       3Q      Max\n";
    for (double q : {0.0, 0.25, 0.5, 0.75, 1.0})
      s += PadLeft(Fmt("%.4f", Quantile(scaled, q)), 8) + " ";
    s += "\n\n";
  }
  // Column widths grow with the names, as in lme4's print.
  size_t gw = std::string("Residual").size() + 1, nw = 12;
  for (const auto& r : fit.random) {
    gw = std::max(gw, r.group.size() + 1);
    nw = std::max(nw, r.term.size() + 1);
  }
  s += "Random effects:\n " + PadRight("Groups", gw) + PadRight("Name", nw) +
       "  Variance  Std.Dev.  Corr\n";
  std::string last_group;
  for (const auto& r : fit.random) {
    s += " " + PadRight(r.group == last_group ? "" : r.group, gw) + PadRight(r.term, nw) +
         PadLeft(Fmt("%.4f", r.sd * r.sd), 10) + " " + PadLeft(Fmt("%.4f", r.sd), 9);
    for (const auto& c : fit.correlations)
      if (c.group == r.group && c.term2 == r.term) s += "  " + Fmt("%.3f", c.corr);
    s += "\n";
    last_group = r.group;
  }
  s += " " + PadRight("Residual", gw + nw) +
       PadLeft(Fmt("%.4f", fit.residual_sd * fit.residual_sd), 10) + " " +
       PadLeft(Fmt("%.4f", fit.residual_sd), 9) + "\n";
  s += "Number of obs: " + std::to_string(fit.n_obs) + ", groups:  ";
  if (fit.group_sizes.empty()) {
    s += fit.group + ", " + std::to_string(fit.n_groups);
  } else {
    for (size_t k = 0; k < fit.group_sizes.size(); ++k)
      s += (k ? "; " : "") + fit.group_sizes[k].first + ", " +
           std::to_string(fit.group_sizes[k].second);
  }
  s += "\n";
  if (fit.dropped_rows > 0)
    s += "(" + std::to_string(fit.dropped_rows) + " rows with missing values were left out)\n";
  s += "\nFixed effects:\n";
  size_t w = 12;
  for (const auto& f : fit.fixed) w = std::max(w, f.term.size() + 1);
  s += PadRight("", w) + "  Estimate Std. Error        df   t value  Pr(>|t|)\n";
  for (const auto& f : fit.fixed)
    s += PadRight(f.term, w) + PadLeft(Fmt("%.5g", f.estimate), 10) + " " +
         PadLeft(Fmt("%.5g", f.std_error), 10) + " " + PadLeft(Fmt("%.4f", f.df), 9) + " " +
         PadLeft(Fmt("%.4f", f.t), 9) + " " + PadLeft(PValue(f.p), 9) + " " + Stars(f.p) + "\n";
  s += "---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n";
  s += "\n95% Wald confidence intervals:\n";
  for (const auto& f : fit.fixed)
    s += PadRight(f.term, w) + PadLeft(Fmt("%.5g", f.ci_low), 12) +
         PadLeft(Fmt("%.5g", f.ci_high), 12) + "\n";
  if (!fit.shares.empty()) {
    s += "\nShare of variance (random intercepts, slope covariates at 0):\n";
    size_t sw = 12;
    for (const auto& v : fit.shares) sw = std::max(sw, v.group.size() + 2);
    for (const auto& v : fit.shares)
      s += " " + PadRight(v.group, sw) + PadLeft(Fmt("%.4f", v.variance), 12) +
           PadLeft(Fmt("%.1f%%", 100 * v.share), 8) + "\n";
  }
  for (const auto& warning : fit.warnings) s += "\nwarning: " + warning;
  if (!fit.warnings.empty()) s += "\n";
  return s;
}

nlohmann::json SummaryJson(const LmmFit& fit, bool groups) {
  json fixed = json::array();
  for (const auto& f : fit.fixed)
    fixed.push_back({{"term", f.term},
                     {"estimate", f.estimate},
                     {"std_error", f.std_error},
                     {"t", f.t},
                     {"df", Num(f.df)},
                     {"p", Num(f.p)},
                     {"ci_low", f.ci_low},
                     {"ci_high", f.ci_high}});
  json random = json::array();
  for (const auto& r : fit.random)
    random.push_back({{"group", r.group}, {"term", r.term}, {"sd", r.sd}});
  json corr = json::array();
  for (const auto& c : fit.correlations)
    corr.push_back({{"group", c.group}, {"terms", {c.term1, c.term2}}, {"corr", Num(c.corr)}});
  json out = {{"schema", "exoclinic.lmm/1"},
              {"formula", fit.formula},
              {"method", fit.reml ? "REML" : "ML"},
              {"fixed_effects", fixed},
              {"random_effects", random},
              {"correlations", corr},
              {"residual_sd", fit.residual_sd},
              {"loglik", fit.loglik},
              {"aic", fit.aic},
              {"bic", fit.bic},
              {"n_obs", fit.n_obs},
              {"n_groups", fit.n_groups},
              {"groups", GroupsJson(fit)},
              {"variance_shares", SharesJson(fit)},
              {"singular", fit.singular},
              {"dropped_rows", fit.dropped_rows},
              {"theta", fit.theta},
              {"converged", fit.converged},
              {"evaluations", fit.evaluations},
              {"fit_seconds", fit.fit_seconds},
              {"warnings", fit.warnings}};
  if (fit.factor_nonzeros > 0) out["factor_nonzeros"] = fit.factor_nonzeros;
  if (fit.evaluation_seconds > 0) out["evaluation_seconds"] = fit.evaluation_seconds;
  if (fit.read_seconds > 0) out["read_seconds"] = fit.read_seconds;
  if (fit.reml)
    out["reml_criterion"] = fit.reml_criterion;
  else
    out["deviance"] = fit.deviance;
  if (groups) {
    json modes = json::array();
    for (size_t g = 0; g < fit.ranef.size(); ++g) {
      json effects = json::object();
      for (size_t k = 0; k < fit.random_terms.size(); ++k)
        effects[fit.random_terms[k]] = fit.ranef[g][k];
      modes.push_back({{"level", fit.group_levels[g]}, {"effects", effects}});
    }
    out["conditional_modes"] = modes;
    out["random_effect_modes"] = ModesJson(fit);
    json fitted = json::array();
    for (size_t r = 0; r < fit.fitted.size(); ++r)
      fitted.push_back({{"group", fit.group_levels[static_cast<size_t>(fit.row_group[r])]},
                        {"time", fit.row_time[r]},
                        {"observed", fit.observed[r]},
                        {"fitted", fit.fitted[r]}});
    out["fitted"] = fitted;
  }
  return out;
}

}  // namespace exo::stats
