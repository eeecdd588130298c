// Use cases: the open follow-up tasks, marking one done, and what a task is about.
#include "app/audit.h"
#include "app/plan_view.h"
#include "app/sessions.h"

namespace exo::app {

using store::AuditOutcome;

Result<std::vector<store::FollowUp>> DueFollowUps(const SessionServices& s, const Actor& actor,
                                                  std::optional<Date> due_until) {
  auto list = s.sessions.ListOpenFollowUps(actor.clinic_id, due_until);
  if (!list) return list.error();
  RecordAudit(s.audit, s.clock, actor, "followup.read", "followups", AuditOutcome::kAllowed);
  return list;
}

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

std::string FollowUpText(const store::FollowUp& f, Lang lang) {
  if (f.days_after) return Message("followup.day_after", lang, {std::to_string(*f.days_after)});
  if (f.kind == store::FollowUpKind::kRecall) return Message("followup.recall", lang, {f.note});
  return f.note;
}

}  // namespace exo::app
