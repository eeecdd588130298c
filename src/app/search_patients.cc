// Use case: search patients by name, kana or number (the search text is not logged).
#include "app/audit.h"
#include "app/patients.h"
#include "core/utf8.h"

namespace exo::app {

using store::AuditOutcome;

Result<std::vector<treatment::Patient>> SearchPatients(const PatientServices& s, const Actor& actor,
                                                       const std::string& query) {
  if (CodePoints(query) > 100)
    return Invalid("q", "err.string_too_long", {std::to_string(CodePoints(query)), "100"});
  // ｻﾄｳ finds サトウ: kana are stored full-width.
  auto found = s.patients.SearchPatients(actor.clinic_id, treatment::FullWidthKatakana(query), 200);
  if (!found) return found.error();
  std::string ids;
  for (const auto& p : *found) ids += (ids.empty() ? "" : ",") + std::to_string(p.id);
  // The search text may be a name: it is not logged; the patients shown are.
  RecordAudit(s.audit, s.clock, actor, "patient.search", "patients", AuditOutcome::kAllowed,
              "shown: " + ids.substr(0, 1000));
  return found;
}

}  // namespace exo::app
