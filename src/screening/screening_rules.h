// Screening rules, the condition vocabulary and the medication classes, loaded from the
// clinic-editable files rules/screening.toml and rules/medications.toml. Every rule carries its
// source; rules built on recalled [R] or disputed [D] facts say so there.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/messages.h"
#include "core/result.h"
#include "core/route.h"

namespace exo::screening {

enum class Severity { kContraindicated, kPhysicianReview, kCaution, kInfo };
std::string_view SeverityName(Severity severity);  // "contraindicated", "physician_review", ...
std::optional<Severity> ParseSeverity(std::string_view name);

// When a rule fires. Every condition given must hold (AND); lists match any element (OR).
struct RuleWhen {
  std::vector<std::string> conditions_any;
  std::vector<std::string> medication_classes_any;
  std::vector<std::string> allergies_any;  // product components, case-insensitive substrings
  std::optional<int> allergy_count_at_least;
  std::optional<int> age_below;
  std::optional<double> sleep_hours_below;
  std::optional<int> stress_pss10_at_least;
  std::optional<bool> smoker;
  std::optional<double> alcohol_units_per_week_above;
  std::vector<std::string> diet_in;
  std::vector<std::string> uv_exposure_in;
  std::vector<std::string> menopause_in;
  bool weight_missing = false;       // fires when weight_kg was not given
  bool unknown_medications = false;  // fires when a medication is not in medications.toml
  bool unknown_conditions = false;   // fires when a condition is not in the vocabulary
};

struct ScreeningRule {
  std::string id;
  Severity severity = Severity::kInfo;
  RouteSet routes;
  RuleWhen when;
  Text reason;
  std::string source;
};

struct Drug {
  std::string name;                  // generic name, lower-case
  std::vector<std::string> aliases;  // other spellings and Japanese names
  std::vector<std::string> classes;
};

struct ScreeningRules {
  std::vector<ScreeningRule> rules;
  std::map<std::string, Text> conditions;          // vocabulary: id -> label
  std::map<std::string, Text> medication_classes;  // class id -> label
  std::vector<Drug> drugs;
  const Drug* FindDrug(std::string_view name) const;  // by name or alias, case-insensitive
};

// Parses both files; errors name the file part ("rule[3].severity", "drug[warfarin].classes").
Result<ScreeningRules> ParseScreeningRules(std::string_view screening_toml,
                                           std::string_view medications_toml);

}  // namespace exo::screening
