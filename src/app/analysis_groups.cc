#include "app/analysis_groups.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "report/plots.h"

namespace exo::app {

namespace {

constexpr double kZ975 = 1.959963984540054;

std::string Percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", 100 * share);
  return buf;
}

}  // namespace

std::vector<std::string> CaterpillarFigures(const stats::LmmFit& fit, Lang lang,
                                            const ModelNames& names) {
  std::vector<std::string> out;
  for (size_t g = 1; g < fit.modes.size(); ++g) {
    const auto& m = fit.modes[g];
    const auto term = std::find(m.terms.begin(), m.terms.end(), "(Intercept)");
    const size_t k = term == m.terms.end() ? 0 : static_cast<size_t>(term - m.terms.begin());
    std::vector<report::ForestRow> rows;
    for (size_t l = 0; l < m.levels.size(); ++l)
      rows.push_back({m.levels[l], m.mode[l][k], m.mode[l][k] - kZ975 * m.sd[l][k],
                      m.mode[l][k] + kZ975 * m.sd[l][k]});
    std::sort(rows.begin(), rows.end(),
              [](const auto& a, const auto& b) { return a.estimate < b.estimate; });
    const size_t total = rows.size();
    if (total > kMaxCaterpillarLevels) {
      std::vector<report::ForestRow> shown;
      for (size_t i = 0; i < kMaxCaterpillarLevels; ++i)
        shown.push_back(rows[i * (total - 1) / (kMaxCaterpillarLevels - 1)]);
      rows = std::move(shown);
    }
    const std::string title = Message("analysis.caterpillar", lang,
                                      {names.Group(m.group), names.Term(m.terms[k]),
                                       std::to_string(rows.size()), std::to_string(total)});
    out.push_back(report::RenderForestSvg(title, rows));
  }
  return out;
}

std::vector<std::string> GroupNotes(const stats::LmmFit& fit, Lang lang) {
  std::vector<std::string> out;
  if (fit.modes.size() < 2) return out;
  for (const auto& [group, levels] : fit.group_sizes) {
    std::string share = "—";
    for (const auto& s : fit.shares)
      if (s.group == group) share = Percent(s.share);
    out.push_back(Message("analysis.group_share", lang, {group, std::to_string(levels), share}));
    if (levels < 5)
      out.push_back(Message("analysis.few_levels", lang, {group, std::to_string(levels)}));
  }
  if (fit.singular) out.push_back(Message("analysis.singular_note", lang));
  out.push_back(Message("analysis.lot_note", lang));
  return out;
}

}  // namespace exo::app
