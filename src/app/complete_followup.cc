// Use case: mark a follow-up task done (audited against its patient).
#include "app/audit.h"
#include "app/sessions.h"

namespace exo::app {

Status CompleteFollowUp(const SessionServices& s, const Actor& actor, int64_t followup_id) {
  auto f = s.sessions.FindFollowUp(actor.clinic_id, followup_id);
  if (!f) return f.error();
  const SessionServices& ps = s;
  return RunAudited(
      ps.uow, ps.audit, ps.clock, actor,
      [&] { return s.sessions.CompleteFollowUp(actor.clinic_id, followup_id, ps.clock.Now()); },
      [&](Ok) {
        return AuditNote{"followup.done", PatientObject(f->patient_id),
                         "followup/" + std::to_string(followup_id)};
      });
}

}  // namespace exo::app
