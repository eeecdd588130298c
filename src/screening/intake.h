// A patient's intake questionnaire, schema "exoclinic.intake/1" (docs/intake-format.md).
// Absent answers stay std::nullopt: a rule about them does not fire, and the screening says
// which answers were missing.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/route.h"

namespace exo::screening {

inline constexpr std::string_view kIntakeSchema = "exoclinic.intake/1";

struct Lifestyle {
  std::optional<double> sleep_hours;  // 0..24, per night
  std::optional<int> stress_pss10;    // 0..40
  std::optional<bool> smoker;
  std::optional<double> alcohol_units_per_week;  // 0..200
  std::optional<std::string> diet;               // balanced|irregular|poor|vegetarian|vegan|other
  std::optional<std::string> uv_exposure;        // low|moderate|high
  std::optional<std::string> menopause;          // pre|peri|post|not_applicable
};

struct Intake {
  std::optional<int> age;                // years, 0..120
  std::optional<std::string> sex;        // female|male|other|unknown
  std::optional<double> weight_kg;       // > 0, at most 400
  std::vector<std::string> goals;        // skin|hair|systemic
  std::vector<Route> planned_routes;     // empty: all routes considered
  std::vector<std::string> conditions;   // lower-case, as written
  std::vector<std::string> medications;  // generic names, lower-case
  std::vector<std::string> allergies;    // lower-case
  Lifestyle lifestyle;
  std::vector<std::string> missing;  // JSON pointers of unanswered questions
};

// Parses and validates an intake; errors name the JSON pointer and what was expected.
Result<Intake> ParseIntake(std::string_view json_text);

}  // namespace exo::screening
