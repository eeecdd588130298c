// Screens an intake with the clinic's rules into flags: contraindicated, physician review,
// caution, info. Pure; the physician signs off the result (later, in the clinical workflow).
// Flags never say a person is suitable: they list what to discuss.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "screening/intake.h"
#include "screening/screening_rules.h"

namespace exo::screening {

struct Flag {
  const ScreeningRule* rule = nullptr;  // points into the ScreeningRules screened against
  RouteSet routes;                      // the rule's routes among those planned
  std::vector<std::string> matched;     // what made it fire: conditions, drugs, values
};

struct Screening {
  std::vector<Flag> flags;  // most severe first, then in rule order
  std::vector<std::string> unknown_medications;
  std::vector<std::string> unknown_conditions;
  std::vector<std::string> missing;  // unanswered questions (JSON pointers)
  bool HasContraindicationFor(Route route) const;
};

Screening Screen(const Intake& intake, const ScreeningRules& rules);

// The screening as stored: ids, severities, routes, matched answers, each rule's reason in both
// languages as the rules said it then, and its source; no text rendered for one reader.
nlohmann::json ScreeningRecordJson(const Screening& screening);
// A stored screening rendered for a reader at read time: adds each flag's "text" and
// "severity_label", the "disclaimer" and "lang" in `lang`. Reads rows stored before the record
// kept no rendered text too (their "text" is replaced by the reason in `lang`).
nlohmann::json RenderScreeningJson(nlohmann::json stored, Lang lang);
// Both in one step (the public self-check, which stores nothing).
nlohmann::json ScreeningToJson(const Screening& screening, const ScreeningRules& rules, Lang lang);
std::string ScreeningToText(const Screening& screening, const ScreeningRules& rules, Lang lang);

}  // namespace exo::screening
