// lme4-style model formulas: `y ~ a + b*c + f:x - 1 + (1 + t | g) + (1 | lot) + (1 | a/b)`.
// Fixed terms are lists of variables (an interaction has more than one), ordered by degree as
// R's terms() orders them. Random parts name their grouping factor: one variable, an
// interaction `a:b` (the levels that occur), or a nesting `a/b`, which expands as lme4 expands
// it into `(1 | b:a) + (1 | a)`. Pure.
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
  std::string group;                // "g", or "b:a" for an interaction (first varies slowest)
  std::string text;                 // the term as written, e.g. "(1 + t | g)", for messages
};

struct Formula {
  std::string response;
  bool intercept = true;
  std::vector<std::vector<std::string>> terms;  // fixed-effect terms, by degree then position
  std::vector<RandomPart> random;  // as written; `||` and `/` are expanded into more parts
};

// The variables of a grouping factor: "b:(a:c)" -> {"b", "a", "c"}.
std::vector<std::string> GroupVariables(std::string_view group);
// The distinct grouping factors of the random parts, in order of appearance.
std::vector<std::string> GroupingFactors(const Formula& formula);

// Errors name the position ("formula:12") and what was expected.
Result<Formula> ParseFormula(std::string_view text);

}  // namespace exo::stats
