// A fitted model as text laid out like R's summary() of an lme4 fit (with lmerTest's df and
// p-values), or as the stable JSON documented in docs/analysis.md.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "stats/lmm.h"

namespace exo::stats {

std::string SummaryText(const LmmFit& fit);
// With `groups`: also "conditional_modes" (per group level, each random term) and "fitted"
// (per used row: group, time, observed, fitted), which can be large.
nlohmann::json SummaryJson(const LmmFit& fit, bool groups = false);
// Conditional modes of every grouping factor with conditional SDs and 95% intervals
// (mode ± 1.96 SD): [{"group", "terms", "levels": [{"level", "mode", "sd", "ci_low",
// "ci_high"}]}], each array per term.
nlohmann::json ModesJson(const LmmFit& fit);

}  // namespace exo::stats
