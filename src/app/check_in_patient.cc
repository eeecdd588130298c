// Use case: a patient checks in at the front desk (audited against the patient).
#include "app/audit.h"
#include "app/front_desk.h"

namespace exo::app {

Result<store::CheckIn> CheckInPatient(const FrontDeskServices& s, const Actor& actor,
                                      int64_t patient_id) {
  auto patient = s.patients.FindPatient(actor.clinic_id, patient_id);
  if (!patient) return patient.error();
  store::CheckIn c;
  c.clinic_id = actor.clinic_id;
  c.patient_id = patient_id;
  c.checked_in_at = s.clock.Now();
  c.day = s.clock.Today();
  c.checked_in_by = actor.name;
  return RunAudited(
      s.uow, s.audit, s.clock, actor,
      [&]() -> Result<store::CheckIn> {
        auto id = s.front_desk.InsertCheckIn(c);
        if (!id) return id.error();
        c.id = *id;
        return c;
      },
      [&](const store::CheckIn& done) {
        return AuditNote{"checkin.create", PatientObject(patient_id),
                         "checkin/" + std::to_string(done.id) + " " + done.day.ToString()};
      });
}

}  // namespace exo::app
