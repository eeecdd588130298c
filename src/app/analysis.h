// Use cases for statistics: fit a linear mixed model to a CSV file (the outcomes export or any
// long-format table; analyze.cc), responder analysis (analyze_responders.cc), the clinic's own
// outcomes (analyze_outcomes.cc), and the analysis report (PDF or HTML) with a forest plot,
// trajectories and residual diagnostics (analysis_report.cc).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "app/outcomes.h"
#include "core/messages.h"
#include "core/result.h"
#include "stats/lmm.h"
#include "stats/responder.h"

namespace exo::app {

struct AnalysisRequest {
  std::string formula;
  bool ml = false;
  std::map<std::string, std::string> reference;  // factor -> reference level
  std::vector<std::string> factors;              // numeric-looking columns read as factors
  bool keep_fitted = true;  // fitted values and residuals per row (text summary, report, groups)
  // Stage ("read", "fit") and progress within it, for a terminal display.
  std::function<void(const std::string& stage, double fraction, const std::string& detail)>
      progress;
};

Result<stats::LmmFit> Analyze(std::string_view csv_text, const AnalysisRequest& request);

Result<std::vector<stats::ResponderRow>> AnalyzeResponders(const std::string& csv_text,
                                                           const stats::ResponderOptions& options);

// How a report names a model's terms ("routeiv", "(Intercept)", "a:b") and grouping factors
// ("lot_key"). An empty function keeps the model's own words: a user's CSV is named by its
// columns, which are the user's words.
struct ModelNames {
  std::function<std::string(const std::string&)> term;
  std::function<std::string(const std::string&)> group;
  std::string Term(const std::string& t) const { return term ? term(t) : t; }
  std::string Group(const std::string& g) const { return group ? group(g) : g; }
};
// The clinic's outcome export columns in `lang`, as the analytics page names them: 「切片」,
// 「初回からの週数」, 「投与経路: 点滴静注」, interactions joined with ×, 「ロット」.
ModelNames OutcomeModelNames(Lang lang);

// The SVG figures of a fit: forest plot, trajectories, residuals vs fitted, normal QQ.
std::vector<std::string> AnalysisFigures(const stats::LmmFit& fit, Lang lang,
                                         const ModelNames& names = {});
std::string AnalysisReportHtml(const stats::LmmFit& fit, Lang lang);
Result<std::string> AnalysisReportPdf(const stats::LmmFit& fit, Lang lang);

// The clinic's own outcomes, de-identified as the export makes them: one measure, time in weeks
// since the first session, the chosen factors (columns of the export: route, product_source,
// age, sex, sleep_hours, ...), random intercept and slope per patient, and optionally a random
// intercept per lot (the lot in force at the measurement) and per clinic.
struct OutcomeAnalysisRequest {
  std::string measure;
  std::vector<std::string> factors;
  std::vector<std::string> random_effects;  // "lot", "clinic"
  bool ml = false;
};
struct OutcomeAnalysis {
  stats::LmmFit fit;
  std::vector<std::string> figures_svg;
};
Result<OutcomeAnalysis> AnalyzeOutcomes(const OutcomeServices& s, const Actor& actor,
                                        const OutcomeAnalysisRequest& request, Lang lang);

}  // namespace exo::app
