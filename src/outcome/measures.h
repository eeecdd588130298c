// The catalogue of outcome measures (rules/measures.toml) and the checks a measurement must
// pass against it; ITA° from CIELAB L* and b*, with its skin-tone category.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/messages.h"
#include "core/result.h"

namespace exo::outcome {

// A stretch of a scale that a validated or conventional cut-off names ("10–14 moderate" on the
// PHQ-9): [from, to), the last band of a scale including its maximum. Charts shade them; they
// say what a score is called, not what a patient has.
struct Band {
  double from = 0, to = 0;
  Text label;
};

struct Measure {
  std::string id;
  std::string domain;  // skin | hair | systemic
  Text name;
  std::string unit;
  double min = 0, max = 0;
  bool integer = false;
  std::string direction;                 // higher_better | lower_better | none
  std::vector<std::string> recorded_by;  // physician | nurse | device | patient
  bool computed = false;
  std::string questionnaire;  // scored by ScoreQuestionnaire when set
  std::string source;
  std::vector<Band> bands;  // ascending, not overlapping, within [min, max]; may be none
  Text bands_source;        // where the cut-offs come from, in both languages (required with bands)
};

Result<std::vector<Measure>> ParseMeasures(std::string_view toml_text);

// A value within the measure's range (and whole where it must be); errors name `field`.
Status CheckMeasurement(const Measure& m, double value, const std::string& field);

// ITA° = arctan((L* − 50) / b*) × 180/π. L* 0–100, b* must not be 0.
Result<double> ItaDegrees(double l_star, double b_star);
// "very_light" > 55, "light" 41–55, "intermediate" 28–41, "tan" 10–28, "brown" −30–10, "dark".
std::string_view ItaCategory(double ita_degrees);

}  // namespace exo::outcome
