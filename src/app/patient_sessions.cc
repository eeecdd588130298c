// Use case: a patient's treatment sessions (a read of patient data).
#include "app/audit.h"
#include "app/sessions.h"

namespace exo::app {

using store::AuditOutcome;

Result<std::vector<store::StoredSession>> PatientSessions(const SessionServices& s,
                                                          const Actor& actor, int64_t patient_id) {
  if (auto p = s.patients.FindPatient(actor.clinic_id, patient_id); !p) return p.error();
  auto list = s.sessions.ListPatientSessions(actor.clinic_id, patient_id);
  if (!list) return list.error();
  RecordAudit(s.audit, s.clock, actor, "session.read", PatientObject(patient_id),
              AuditOutcome::kAllowed);
  return list;
}

}  // namespace exo::app
