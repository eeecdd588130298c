// A fitted model as text laid out like R's summary() of an lme4 fit (with lmerTest's df and
// p-values), or as the stable JSON documented in docs/analysis.md.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "stats/lmm.h"

namespace exo::stats {

std::string SummaryText(const LmmFit& fit);
nlohmann::json SummaryJson(const LmmFit& fit);

}  // namespace exo::stats
