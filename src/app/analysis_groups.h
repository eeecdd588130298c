// The report's pieces for models with several grouping factors (lots, clinics): a caterpillar
// plot of each factor's conditional modes with 95% intervals, and a plain-language note on
// what a lot (or clinic) variance means and what it does not.
#pragma once

#include <string>
#include <vector>

#include "app/analysis.h"
#include "core/messages.h"
#include "stats/lmm.h"

namespace exo::app {

// One SVG per grouping factor other than the first (patients) whose random intercept has modes;
// at most kMaxCaterpillarLevels levels each (evenly spaced by rank when there are more).
inline constexpr size_t kMaxCaterpillarLevels = 60;
// `names` words the factor and its term (app/analysis.h ModelNames).
std::vector<std::string> CaterpillarFigures(const stats::LmmFit& fit, Lang lang,
                                            const ModelNames& names);

// Paragraphs for the report: each factor's share of the variance, few levels, a singular fit,
// and what a lot or clinic variance can and cannot say. Empty with one grouping factor.
std::vector<std::string> GroupNotes(const stats::LmmFit& fit, Lang lang);

}  // namespace exo::app
