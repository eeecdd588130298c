// Use case: the adverse events that are alerts (serious, or CTCAE grade 3 or more).
#include "app/audit.h"
#include "app/safety.h"

namespace exo::app {

using store::AuditOutcome;

Result<std::vector<store::StoredAdverseEvent>> Alerts(const SafetyServices& s, const Actor& actor) {
  auto list = s.safety.ListAlerts(actor.clinic_id);
  if (!list) return list.error();
  RecordAudit(s.audit, s.clock, actor, "adverse_event.read", "alerts", AuditOutcome::kAllowed);
  return list;
}

}  // namespace exo::app
