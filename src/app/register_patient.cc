// Use case: register a patient.
#include "app/audit.h"
#include "app/patients.h"

namespace exo::app {

Result<treatment::Patient> RegisterPatient(const PatientServices& s, const Actor& actor,
                                           std::string_view patient_json) {
  auto p = treatment::ParsePatient(patient_json, s.clock.Today());
  if (!p) return p.error();
  p->clinic_id = actor.clinic_id;
  p->created_at = s.clock.Now();
  return RunAudited(
      s.uow, s.audit, s.clock, actor, [&] { return s.patients.InsertPatient(*p); },
      [](const treatment::Patient& stored) {
        return AuditNote{"patient.create", PatientObject(stored.id), ""};
      });
}

}  // namespace exo::app
