// Scoring of patient questionnaires exactly as their manuals describe: item ranges, reverse
// items, sub-scores, missing-item rules and cut-offs (sources in each definition; DOMAIN.md §4).
// Pure. An answer is an integer or absent (std::nullopt = left blank).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace exo::outcome {

enum class Questionnaire { kPhq9, kK6, kPss10, kChalderCfq11, kPsqi };
std::optional<Questionnaire> ParseQuestionnaire(std::string_view id);  // "phq9", "k6", ...
std::string_view QuestionnaireId(Questionnaire q);
int QuestionnaireItems(Questionnaire q);
// The answers item `item` (1-based) accepts, lowest and highest (PSQI items 1-4 are times and
// durations; every other item is a point of the scale).
std::pair<int, int> QuestionnaireItemRange(Questionnaire q, int item);

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

// PSQI answers, 18 items in this order (Buysse et al. 1989):
//   1 usual bedtime, minutes after midnight (0-1439)    2 minutes to fall asleep (0-720)
//   3 usual getting-up time, minutes after midnight      4 minutes of actual sleep (0-1440)
//   5-14 items 5a-5j, 0-3 (5j "other reason" may be blank: counted as 0)
//   15 overall sleep quality 0-3   16 sleep medication 0-3   17 staying awake 0-3
//   18 keeping up enthusiasm 0-3
// Sub-scores are the seven components (0-3 each), the total their sum (0-21), >5 = poor.
inline constexpr int kPsqiItems = 18;

// Scores the answers; errors name the item ("/answers/3") for out-of-range values, a wrong
// number of items, or too many blanks for the scale's missing-item rule.
Result<Score> ScoreQuestionnaire(Questionnaire q, const std::vector<std::optional<int>>& answers);

}  // namespace exo::outcome
