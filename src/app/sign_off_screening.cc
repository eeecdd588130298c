// Use case: a physician signs off a screening with a note, once.
#include "app/audit.h"
#include "app/patients.h"
#include "core/utf8.h"

namespace exo::app {

Result<store::StoredScreening> SignOffScreening(const PatientServices& s, const Actor& actor,
                                                int64_t screening_id, const std::string& note) {
  if (note.find_first_not_of(" \t\r\n") == std::string::npos)
    return Invalid("note", "err.note_required");
  if (CodePoints(note) > 4000)
    return Invalid("note", "err.string_too_long", {std::to_string(CodePoints(note)), "4000"});
  const Timestamp now = s.clock.Now();
  return RunAudited(
      s.uow, s.audit, s.clock, actor,
      [&]() -> Result<store::StoredScreening> {
        if (auto st =
                s.screenings.SignOffScreening(actor.clinic_id, screening_id, actor.name, note, now);
            !st)
          return st.error();
        return s.screenings.FindScreening(actor.clinic_id, screening_id);
      },
      [&](const store::StoredScreening& r) {
        return AuditNote{"screening.sign_off", PatientObject(r.patient_id),
                         "screening/" + std::to_string(screening_id)};
      });
}

}  // namespace exo::app
