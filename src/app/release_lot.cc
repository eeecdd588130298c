// Use case: release a quarantined lot for named routes (with an override reason where the
// QC verdict is not_releasable and the blocking criteria allow it).
#include "app/audit.h"
#include "app/lots.h"

namespace exo::app {

Result<LotView> ReleaseLot(const LotServices& s, const Actor& actor, product::LotId id,
                           RouteSet routes, const std::string& override_reason) {
  auto view = ShowLot(s, actor, id);
  if (!view) return view.error();
  auto event = product::PlanRelease(view->lot, routes, view->report, override_reason);
  const std::string object = "lot/" + std::to_string(id);
  if (!event) {
    RecordAudit(s.audit, s.clock, actor, "lot.release", object, store::AuditOutcome::kFailed,
                RouteSetToString(routes));
    return event.error();
  }
  event->at = s.clock.Now();
  event->actor = actor.name;
  const std::string detail = RouteSetToString(routes) + (event->override ? " (override)" : "");
  if (auto st = RunAudited(
          s.uow, s.audit, s.clock, actor,
          [&] { return s.writer.ApplyLotEvent(actor.clinic_id, id, *event); },
          [&](Ok) {
            return AuditNote{"lot.release", object, detail};
          });
      !st)
    return st.error();
  return ShowLot(s, actor, id);
}

}  // namespace exo::app
