// lme4-style model formulas: `y ~ a + b*c + f:x - 1 + (1 + t | g)`. Fixed terms are lists of
// variables (an interaction has more than one), ordered by degree as R's terms() orders them;
// random parts share one grouping factor. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace exo::stats {

struct RandomPart {
  bool intercept = true;
  std::vector<std::string> slopes;  // numeric variables
  bool correlated = true;           // false for `||` (each column its own part)
};

struct Formula {
  std::string response;
  bool intercept = true;
  std::vector<std::vector<std::string>> terms;  // fixed-effect terms, by degree then position
  std::string group;                            // the grouping factor of every random part
  std::vector<RandomPart> random;               // `||` is expanded into uncorrelated parts
};

// Errors name the position ("formula:12") and what was expected.
Result<Formula> ParseFormula(std::string_view text);

}  // namespace exo::stats
