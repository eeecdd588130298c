// Use case: the day's check-ins at the front desk.
#include "app/audit.h"
#include "app/front_desk.h"

namespace exo::app {

Result<std::vector<store::CheckIn>> DayCheckIns(const FrontDeskServices& s, const Actor& actor,
                                                Date day, ReadAudit audit) {
  auto list = s.front_desk.ListCheckIns(actor.clinic_id, day);
  if (!list) return list.error();
  if (audit == ReadAudit::kRecord)
    RecordAudit(s.audit, s.clock, actor, "checkin.read", "checkins/" + day.ToString(),
                store::AuditOutcome::kAllowed, std::to_string(list->size()) + " entries");
  return list;
}

}  // namespace exo::app
