// Use case: fit a linear mixed model to a long-format CSV table.
#include "app/analysis_fit.h"

namespace exo::app {

Result<stats::LmmFit> Analyze(std::string_view csv_text, const AnalysisRequest& request) {
  return FitCsv(csv_text, request);
}

}  // namespace exo::app
