// Use case: a mixed model of the clinic's own outcomes, de-identified as the export makes them.
#include <algorithm>

#include "app/analysis.h"
#include "app/analysis_fit.h"
#include "app/outcome_export.h"
#include "outcome/measurement.h"

namespace exo::app {

namespace {

// The export's columns a model may use as fixed effects.
const std::vector<std::string>& Factors() {
  static const auto* factors = new std::vector<std::string>{
      "route", "product_source", "sessions_so_far", "interval_days", "age",
      "sex",   "sleep_hours",    "stress_pss10",    "smoker",        "alcohol_units_per_week",
      "diet",  "uv_exposure",    "menopause"};
  return *factors;
}

// One part of a term: a column ("age"), or a column and a level ("routeiv").
std::string FactorPart(const std::string& part, Lang lang) {
  if (part == "(Intercept)") return Message("an.t.intercept", lang);
  if (part == "weeks_since_first") return Message("an.t.weeks", lang);
  for (const auto& f : Factors())
    if (part == f) return Message("an.f." + f, lang);
  for (const auto& f : Factors()) {
    if (part.size() <= f.size() || part.compare(0, f.size(), f) != 0) continue;
    const std::string level = part.substr(f.size());
    const bool labelled = f == "route" || f == "sex";
    return Message("an.f." + f, lang) + ": " + (labelled ? Label(f, level, lang) : level);
  }
  return part;
}

}  // namespace

ModelNames OutcomeModelNames(Lang lang) {
  ModelNames names;
  names.term = [lang](const std::string& term) {
    std::string out;
    for (size_t start = 0;;) {
      const size_t colon = term.find(':', start);
      out += FactorPart(term.substr(start, colon - start), lang);
      if (colon == std::string::npos) return out;
      out += " × ";
      start = colon + 1;
    }
  };
  names.group = [lang](const std::string& group) {
    if (group == "lot_key") return Message("an.r.lot", lang);
    if (group == "clinic_key") return Message("an.r.clinic", lang);
    if (group == "patient_key") return Message("an.r.patient", lang);
    return group;
  };
  return names;
}

Result<OutcomeAnalysis> AnalyzeOutcomes(const OutcomeServices& s, const Actor& actor,
                                        const OutcomeAnalysisRequest& request, Lang lang) {
  const std::vector<std::string>& factors = Factors();
  if (outcome::FindMeasure(s.catalogue, request.measure) == nullptr)
    return Invalid("/measure", "err.unknown_measure", {request.measure});
  std::vector<FieldError> errors;
  for (size_t i = 0; i < request.factors.size(); ++i)
    if (std::find(factors.begin(), factors.end(), request.factors[i]) == factors.end())
      errors.push_back({"/factors/" + std::to_string(i),
                        "err.expected_one_of",
                        {request.factors[i], "route, product_source, age, sex, sleep_hours, ..."}});
  for (size_t i = 0; i < request.random_effects.size(); ++i)
    if (request.random_effects[i] != "lot" && request.random_effects[i] != "clinic")
      errors.push_back({"/random_effects/" + std::to_string(i),
                        "err.expected_one_of",
                        {request.random_effects[i], "lot, clinic"}});
  if (!errors.empty()) return InvalidFields(std::move(errors));
  // The rows an export of this measure would give, and recorded as that export.
  ExportOptions options;
  options.measure = request.measure;
  auto exported = BuildOutcomeExport(s, actor, options);
  if (!exported) return exported.error();
  RecordOutcomeExport(s, actor, *exported, options);
  const std::string* csv = &exported->csv;
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
  auto fit = FitCsv(rows, ar);
  if (!fit) return fit.error();
  OutcomeAnalysis out{std::move(*fit), {}};
  out.figures_svg = AnalysisFigures(out.fit, lang, OutcomeModelNames(lang));
  return out;
}

}  // namespace exo::app
