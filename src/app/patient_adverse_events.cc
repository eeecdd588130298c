// Use case: one patient's adverse events (a read of patient data).
#include "app/audit.h"
#include "app/safety.h"

namespace exo::app {

using store::AuditOutcome;

Result<std::vector<store::StoredAdverseEvent>> PatientAdverseEvents(const SafetyServices& s,
                                                                    const Actor& actor,
                                                                    int64_t patient_id) {
  if (auto p = s.patients.FindPatient(actor.clinic_id, patient_id); !p) return p.error();
  auto list = s.safety.ListPatientAdverseEvents(actor.clinic_id, patient_id);
  if (!list) return list.error();
  RecordAudit(s.audit, s.clock, actor, "adverse_event.read",
              "patient/" + std::to_string(patient_id), AuditOutcome::kAllowed);
  return list;
}

}  // namespace exo::app
