// Scoring of patient questionnaires exactly as their manuals describe: item ranges, reverse
// items, sub-scores, missing-item rules and cut-offs (sources in each definition; DOMAIN.md §4).
// Pure. An answer is an integer or absent (std::nullopt = left blank).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace exo::outcome {

enum class Questionnaire { kPhq9, kK6, kPss10, kChalderCfq11 };
std::optional<Questionnaire> ParseQuestionnaire(std::string_view id);  // "phq9", "k6", ...
std::string_view QuestionnaireId(Questionnaire q);

struct SubScore {
  std::string name;
  double value = 0;
};

struct Score {
  double total = 0;  // prorated where the manual allows it
  bool prorated = false;
  std::string band;  // e.g. "moderate"; empty where the scale has none
  std::vector<SubScore> sub_scores;
  std::vector<std::string> alerts;  // e.g. "phq9_item9_positive": same-day follow-up
  std::string source;
};

// Scores the answers; errors name the item ("/answers/3") for out-of-range values, a wrong
// number of items, or too many blanks for the scale's missing-item rule.
Result<Score> ScoreQuestionnaire(Questionnaire q, const std::vector<std::optional<int>>& answers);

}  // namespace exo::outcome
