// Adverse events: onset, description, a MedDRA-style term (from the bundled list or free text),
// CTCAE v5 grade 1–5, seriousness with its criteria, WHO-UMC causality, action, outcome, and the
// sessions it followed. Pure parsing and validation.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"

namespace exo::outcome {

struct AdverseEvent {
  int64_t id = 0;
  int64_t patient_id = 0;
  Date onset_date;
  std::string description;
  std::string term;  // a code of rules/ae_terms.toml, or free text
  bool term_coded = false;
  int ctcae_grade = 1;  // 1 mild ... 5 death
  bool serious = false;
  std::vector<std::string> seriousness_criteria;  // death, life_threatening, hospitalisation, ...
  std::string causality;  // certain | probable | possible | unlikely | conditional | unassessable
  std::string action_taken;
  std::string outcome;  // recovered | recovering | not_recovered | recovered_with_sequelae | fatal
                        // | unknown
  std::vector<int64_t> session_ids;

  bool Alert() const { return serious || ctcae_grade >= 3; }
};

// Parses and checks consistency: serious needs a criterion (and a criterion needs serious),
// grade 5 needs outcome "fatal" and the "death" criterion, the onset may not be after `today`.
// `known_terms` are the codes of the bundled list.
Result<AdverseEvent> ParseAdverseEvent(std::string_view json_text, Date today,
                                       const std::vector<std::string>& known_terms);

}  // namespace exo::outcome
