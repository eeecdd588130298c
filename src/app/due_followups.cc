// Use case: the open follow-up tasks, due until a day (or all).
#include "app/audit.h"
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

}  // namespace exo::app
