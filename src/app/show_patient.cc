// Use cases: one patient (a read of patient data); whether the clinic holds demo patients.
#include "app/audit.h"
#include "app/patients.h"

namespace exo::app {

using store::AuditOutcome;

Result<treatment::Patient> ShowPatient(const PatientServices& s, const Actor& actor, int64_t id) {
  auto p = s.patients.FindPatient(actor.clinic_id, id);
  if (!p) return p.error();
  RecordAudit(s.audit, s.clock, actor, "patient.read", PatientObject(id), AuditOutcome::kAllowed);
  return p;
}

Result<bool> ClinicHoldsDemoData(const PatientServices& s, const Actor& actor) {
  return s.patients.HoldsSyntheticPatients(actor.clinic_id);
}

}  // namespace exo::app
