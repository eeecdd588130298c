// The analysis report of a fit: its SVG figures (forest plot, trajectories, residuals, normal
// QQ), as HTML and as PDF (renderers, not use cases).
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <map>

#include "app/analysis.h"
#include "app/analysis_groups.h"
#include "core/text.h"
#include "report/pdf.h"
#include "report/plots.h"
#include "stats/summary.h"

namespace exo::app {

std::vector<std::string> AnalysisFigures(const stats::LmmFit& fit, Lang lang,
                                         const ModelNames& names) {
  std::vector<std::string> out;
  std::vector<report::ForestRow> rows;
  for (const auto& f : fit.fixed)
    if (f.term != "(Intercept)")
      rows.push_back({names.Term(f.term), f.estimate, f.ci_low, f.ci_high});
  if (!rows.empty()) out.push_back(report::RenderForestSvg(Message("analysis.forest", lang), rows));
  for (auto& svg : CaterpillarFigures(fit, lang, names)) out.push_back(std::move(svg));
  if (fit.observed.empty()) return out;
  // Trajectories of up to 40 groups: observed (thin, light) and fitted (dark).
  std::map<int32_t, std::vector<size_t>> by_group;
  for (size_t r = 0; r < fit.row_group.size(); ++r) {
    const int32_t g = fit.row_group[r];
    if (by_group.size() < 40 || by_group.count(g)) by_group[g].push_back(r);
  }
  report::XyPlot traj{Message("analysis.trajectories", lang),
                      fit.random_terms.size() > 1 ? names.Term(fit.random_terms[1]) : "row",
                      Message("analysis.response", lang),
                      {},
                      false,
                      false};
  for (auto& [g, rs] : by_group) {
    std::sort(rs.begin(), rs.end(),
              [&fit](size_t a, size_t b) { return fit.row_time[a] < fit.row_time[b]; });
    report::Series obs, fitted;
    for (size_t r : rs) {
      obs.x.push_back(fit.row_time[r]), obs.y.push_back(fit.observed[r]);
      fitted.x.push_back(fit.row_time[r]), fitted.y.push_back(fit.fitted[r]);
    }
    obs.line = true, obs.colour = "#8aa9cc", obs.opacity = 0.6;
    fitted.line = true, fitted.points = false, fitted.colour = "#c05000";
    traj.series.push_back(obs);
    traj.series.push_back(fitted);
  }
  out.push_back(report::RenderXySvg(traj));
  // Residuals against fitted values (at most 4000 points, evenly spaced rows).
  const size_t n = fit.residuals.size();
  const size_t stride = std::max<size_t>(1, n / 4000);
  report::Series rf;
  for (size_t r = 0; r < n; r += stride)
    rf.x.push_back(fit.fitted[r]), rf.y.push_back(fit.residuals[r]);
  rf.opacity = 0.5;
  out.push_back(report::RenderXySvg({Message("analysis.residuals", lang),
                                     Message("analysis.fitted", lang),
                                     Message("analysis.residual", lang),
                                     {rf},
                                     true,
                                     false}));
  // Normal QQ plot of standardised residuals (at most 2000 quantiles).
  std::vector<double> z;
  z.reserve(n);
  for (double r : fit.residuals) z.push_back(r / fit.residual_sd);
  std::sort(z.begin(), z.end());
  report::Series qq;
  const boost::math::normal norm;
  const size_t qstride = std::max<size_t>(1, n / 2000);
  for (size_t i = 0; i < n; i += qstride) {
    const double pp = (static_cast<double>(i) + 0.5) / static_cast<double>(n);
    qq.x.push_back(boost::math::quantile(norm, pp));
    qq.y.push_back(z[i]);
  }
  out.push_back(report::RenderXySvg({Message("analysis.qq", lang),
                                     Message("analysis.theoretical", lang),
                                     Message("analysis.standardised", lang),
                                     {qq},
                                     false,
                                     true}));
  return out;
}

std::string AnalysisReportHtml(const stats::LmmFit& fit, Lang lang) {
  std::string h = "<!doctype html><html lang=\"" + std::string(LangName(lang)) +
                  "\"><head><meta charset=\"utf-8\"><title>" +
                  XmlEscape(Message("analysis.title", lang)) + "</title></head><body><main><h1>" +
                  XmlEscape(Message("analysis.title", lang)) + "</h1>";
  h += "<p><code>" + XmlEscape(fit.formula) + "</code></p>";
  h += "<h2>" + XmlEscape(Message("analysis.summary", lang)) + "</h2><pre>" +
       XmlEscape(stats::SummaryText(fit)) + "</pre>";
  h += "<h2>" + XmlEscape(Message("analysis.figures", lang)) + "</h2>";
  for (const auto& svg : AnalysisFigures(fit, lang)) h += "<figure>" + svg + "</figure>";
  h += "<h2>" + XmlEscape(Message("analysis.caveat_heading", lang)) + "</h2><p>" +
       XmlEscape(Message("analysis.caveat", lang)) + "</p>";
  const auto notes = GroupNotes(fit, lang);
  if (!notes.empty()) h += "<h2>" + XmlEscape(Message("analysis.groups_heading", lang)) + "</h2>";
  for (const auto& note : notes) h += "<p>" + XmlEscape(note) + "</p>";
  h += "</main></body></html>\n";
  return h;
}

Result<std::string> AnalysisReportPdf(const stats::LmmFit& fit, Lang lang) {
  report::Document doc;
  doc.title = Message("analysis.title", lang);
  doc.subtitle = fit.formula;
  doc.sections.push_back(
      {Message("analysis.caveat_heading", lang), Message("analysis.caveat", lang)});
  if (const auto notes = GroupNotes(fit, lang); !notes.empty()) {
    std::string text;
    for (const auto& note : notes) text += (text.empty() ? "" : "\n\n") + note;
    doc.sections.push_back({Message("analysis.groups_heading", lang), text});
  }
  doc.sections.push_back({Message("analysis.summary", lang), stats::SummaryText(fit), true});
  doc.figures_svg = AnalysisFigures(fit, lang);
  return report::RenderPdf(doc);
}

}  // namespace exo::app
