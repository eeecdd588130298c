#include "app/analysis_fit.h"

#include <algorithm>
#include <chrono>

namespace exo::app {

Result<stats::LmmFit> FitCsv(std::string_view csv_text, const AnalysisRequest& request) {
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
  const auto started = std::chrono::steady_clock::now();
  auto data = stats::ParseCsv(csv_text, ro);
  const double read_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
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
  fo.keep_fitted = request.keep_fitted;
  if (request.progress)
    fo.progress = [&request](int evaluations, double deviance) {
      request.progress(
          "fit", -1,
          std::to_string(evaluations) + " evaluations, deviance " + std::to_string(deviance));
    };
  auto fit = stats::FitLmm(*data, *formula, fo);
  if (!fit) return fit.error();
  fit->formula = request.formula;
  fit->read_seconds = read_seconds;
  return fit;
}

}  // namespace exo::app
