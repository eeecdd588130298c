#include "app/analysis.h"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <map>

#include "app/analysis_groups.h"
#include "core/text.h"
#include "outcome/measurement.h"
#include "report/pdf.h"
#include "report/plots.h"
#include "stats/summary.h"

namespace exo::app {

Result<stats::LmmFit> Analyze(const std::string& csv_text, const AnalysisRequest& request) {
  auto formula = stats::ParseFormula(request.formula);
  if (!formula) return formula.error();
  stats::ReadOptions ro;
  ro.keep = stats::FormulaColumns(*formula);
  ro.factors = request.factors;
  for (const auto& group : stats::GroupingFactors(*formula))
    for (const auto& v : stats::GroupVariables(group)) ro.factors.push_back(v);
  if (request.progress)
    ro.progress = [&request](size_t done, size_t total) {
      request.progress("read", static_cast<double>(done) / static_cast<double>(total), "");
    };
  auto data = stats::ParseCsv(csv_text, ro);
  if (!data) {
    // A column only a random term names is reported with that term, as FitLmm reports it.
    Error e = data.error();
    for (auto& fe : e.fields) {
      if (fe.message_id != "err.csv_no_column" || fe.args.empty()) continue;
      for (const auto& part : formula->random) {
        const auto vars = stats::GroupVariables(part.group);
        const bool named =
            std::find(part.slopes.begin(), part.slopes.end(), fe.args[0]) != part.slopes.end() ||
            std::find(vars.begin(), vars.end(), fe.args[0]) != vars.end();
        if (!named) continue;
        fe = {"formula", "err.lmm_term_no_column", {part.text, fe.args[0]}};
        break;
      }
    }
    return e;
  }
  stats::FitOptions fo;
  fo.reml = !request.ml;
  fo.reference = request.reference;
  if (request.progress)
    fo.progress = [&request](int evaluations, double deviance) {
      request.progress(
          "fit", -1,
          std::to_string(evaluations) + " evaluations, deviance " + std::to_string(deviance));
    };
  auto fit = stats::FitLmm(*data, *formula, fo);
  if (!fit) return fit.error();
  fit->formula = request.formula;
  return fit;
}

Result<std::vector<stats::ResponderRow>> AnalyzeResponders(const std::string& csv_text,
                                                           const stats::ResponderOptions& o) {
  stats::ReadOptions ro;
  ro.keep = {o.response, o.time, o.patient};
  if (!o.by.empty()) ro.keep.push_back(o.by);
  ro.factors = {o.patient};
  if (!o.by.empty()) ro.factors.push_back(o.by);
  auto data = stats::ParseCsv(csv_text, ro);
  if (!data) return data.error();
  return stats::Responders(*data, o);
}

std::vector<std::string> AnalysisFigures(const stats::LmmFit& fit, Lang lang) {
  std::vector<std::string> out;
  std::vector<report::ForestRow> rows;
  for (const auto& f : fit.fixed)
    if (f.term != "(Intercept)") rows.push_back({f.term, f.estimate, f.ci_low, f.ci_high});
  if (!rows.empty()) out.push_back(report::RenderForestSvg(Message("analysis.forest", lang), rows));
  for (auto& svg : CaterpillarFigures(fit, lang)) out.push_back(std::move(svg));
  if (fit.observed.empty()) return out;
  // Trajectories of up to 40 groups: observed (thin, light) and fitted (dark).
  std::map<int32_t, std::vector<size_t>> by_group;
  for (size_t r = 0; r < fit.row_group.size(); ++r) {
    const int32_t g = fit.row_group[r];
    if (by_group.size() < 40 || by_group.count(g)) by_group[g].push_back(r);
  }
  report::XyPlot traj{Message("analysis.trajectories", lang),
                      fit.random_terms.size() > 1 ? fit.random_terms[1] : "row",
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

namespace {}  // namespace

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

Result<OutcomeAnalysis> AnalyzeOutcomes(const OutcomeServices& s, const Actor& actor,
                                        const OutcomeAnalysisRequest& request, Lang lang) {
  static const std::vector<std::string> kFactors = {
      "route", "product_source", "sessions_so_far", "interval_days", "age",
      "sex",   "sleep_hours",    "stress_pss10",    "smoker",        "alcohol_units_per_week",
      "diet",  "uv_exposure",    "menopause"};
  if (outcome::FindMeasure(s.catalogue, request.measure) == nullptr)
    return Invalid("/measure", "err.unknown_measure", {request.measure});
  std::vector<FieldError> errors;
  for (size_t i = 0; i < request.factors.size(); ++i)
    if (std::find(kFactors.begin(), kFactors.end(), request.factors[i]) == kFactors.end())
      errors.push_back({"/factors/" + std::to_string(i),
                        "err.expected_one_of",
                        {request.factors[i], "route, product_source, age, sex, sleep_hours, ..."}});
  for (size_t i = 0; i < request.random_effects.size(); ++i)
    if (request.random_effects[i] != "lot" && request.random_effects[i] != "clinic")
      errors.push_back({"/random_effects/" + std::to_string(i),
                        "err.expected_one_of",
                        {request.random_effects[i], "lot, clinic"}});
  if (!errors.empty()) return InvalidFields(std::move(errors));
  auto csv = ExportOutcomesCsv(s, actor, ExportOptions{});
  if (!csv) return csv.error();
  // Keep the header and the rows of this measure (the second column).
  std::string rows;
  size_t start = 0;
  bool header = true;
  while (start < csv->size()) {
    size_t end = csv->find('\n', start);
    if (end == std::string::npos) end = csv->size();
    const std::string_view line(csv->data() + start, end - start);
    const size_t c1 = line.find(',');
    const size_t c2 = c1 == std::string_view::npos ? c1 : line.find(',', c1 + 1);
    if (header ||
        (c2 != std::string_view::npos && line.substr(c1 + 1, c2 - c1 - 1) == request.measure))
      rows.append(line).push_back('\n');
    header = false;
    start = end + 1;
  }
  std::string formula = "value ~ weeks_since_first";
  for (const auto& f : request.factors) formula += " + " + f;
  formula += " + (1 + weeks_since_first | patient_key)";
  for (const auto& r : request.random_effects) formula += " + (1 | " + r + "_key)";
  AnalysisRequest ar;
  ar.formula = formula;
  ar.ml = request.ml;
  auto fit = Analyze(rows, ar);
  if (!fit) return fit.error();
  OutcomeAnalysis out{std::move(*fit), {}};
  out.figures_svg = AnalysisFigures(out.fit, lang);
  return out;
}

}  // namespace exo::app
