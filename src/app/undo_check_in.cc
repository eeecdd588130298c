// Use case: undo a check-in tapped by mistake (the row stays; audited against the patient).
#include "app/audit.h"
#include "app/front_desk.h"

namespace exo::app {

Status UndoCheckIn(const FrontDeskServices& s, const Actor& actor, int64_t check_in_id) {
  auto c = s.front_desk.FindCheckIn(actor.clinic_id, check_in_id);
  if (!c) return c.error();
  return RunAudited(
      s.uow, s.audit, s.clock, actor,
      [&] {
        return s.front_desk.UndoCheckIn(actor.clinic_id, check_in_id, s.clock.Now(), actor.name);
      },
      [&](Ok) {
        return AuditNote{"checkin.undo", PatientObject(c->patient_id),
                         "checkin/" + std::to_string(check_in_id)};
      });
}

}  // namespace exo::app
