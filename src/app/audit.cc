#include "app/audit.h"

#include <cstdio>

namespace exo::app {

Status AppendAudit(store::AuditWriter& audit, const Clock& clock, const Actor& actor,
                   const std::string& action, const std::string& object,
                   store::AuditOutcome outcome, const std::string& detail) {
  store::AuditEntry e;
  e.at = clock.Now();
  e.actor = actor.name;
  e.role = std::string(ActorRoleName(actor.role));
  e.clinic_id = actor.clinic_id;
  e.action = action;
  e.object = object;
  e.outcome = outcome;
  e.detail = detail;
  return audit.Append(e);
}

void RecordAudit(store::AuditWriter& audit, const Clock& clock, const Actor& actor,
                 const std::string& action, const std::string& object, store::AuditOutcome outcome,
                 const std::string& detail) {
  if (auto st = AppendAudit(audit, clock, actor, action, object, outcome, detail); !st) {
    // Losing an audit entry must be visible to the operator; it carries no patient data.
    std::fprintf(stderr, "exoclinic: audit log write failed for %s %s\n", action.c_str(),
                 object.c_str());
  }
}

std::string PatientObject(int64_t patient_id) { return "patient/" + std::to_string(patient_id); }

}  // namespace exo::app
