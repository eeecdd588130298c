// Where a patient can turn today (rules/crisis_lines.toml): the clinic's telephone and the public
// crisis lines with their sources, shown by the questionnaire portal after an answer that needs
// same-day follow-up (PHQ-9 item 9 above 0). Clinic-editable; read when needed, so an edit
// applies at once.
#pragma once

#include <string>
#include <vector>

#include "core/messages.h"
#include "core/result.h"

namespace exo::app {

struct CrisisLine {
  Text name;
  std::string phone;
  Text hours;
  std::string source;  // where the number and hours are published
};

struct CrisisContacts {
  std::string clinic_phone;  // empty: not entered by the clinic
  Text clinic_hours;
  std::vector<CrisisLine> lines;
};

// Parses the file's text; errors name the field ("line[1].phone").
Result<CrisisContacts> ParseCrisisContacts(std::string_view toml_text, const std::string& file);
// `rules_dir`/crisis_lines.toml.
Result<CrisisContacts> LoadCrisisContacts(const std::string& rules_dir);

}  // namespace exo::app
