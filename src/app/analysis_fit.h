// The step the analysis use cases share (a plain function, not a use case): a long-format CSV
// table read with the columns a formula names, and the mixed model fitted.
#pragma once

#include <string>
#include <string_view>

#include "app/analysis.h"

namespace exo::app {

// Reads `csv_text` (the formula's columns; grouping variables and `request.factors` as factors)
// and fits the model. A column only a random term names is reported with that term
// ("formula", "err.lmm_term_no_column").
Result<stats::LmmFit> FitCsv(std::string_view csv_text, const AnalysisRequest& request);

}  // namespace exo::app
