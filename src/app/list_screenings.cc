// Use case: a patient's screenings (a read of patient data).
#include "app/audit.h"
#include "app/patients.h"

namespace exo::app {

using store::AuditOutcome;

Result<std::vector<store::StoredScreening>> ListScreenings(const PatientServices& s,
                                                           const Actor& actor, int64_t patient_id) {
  auto patient = s.patients.FindPatient(actor.clinic_id, patient_id);
  if (!patient) return patient.error();
  auto list = s.screenings.ListScreenings(actor.clinic_id, patient_id);
  if (!list) return list.error();
  RecordAudit(s.audit, s.clock, actor, "screening.read", PatientObject(patient_id),
              AuditOutcome::kAllowed);
  return list;
}

}  // namespace exo::app
