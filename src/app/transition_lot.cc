// Use case: quarantine, recall or destroy a lot; and the expiry job.
#include "app/audit.h"
#include "app/lots.h"

namespace exo::app {

Result<LotView> TransitionLot(const LotServices& s, const Actor& actor, product::LotId id,
                              product::LotAction action, const std::string& reason) {
  auto view = ShowLot(s, actor, id);
  if (!view) return view.error();
  const std::string audit_action = "lot." + std::string(product::LotActionName(action));
  const std::string object = "lot/" + std::to_string(id);
  auto event = product::PlanTransition(view->lot, action, reason);
  if (!event) {
    RecordAudit(s.audit, s.clock, actor, audit_action, object, store::AuditOutcome::kFailed);
    return event.error();
  }
  event->at = s.clock.Now();
  event->actor = actor.name;
  if (auto st = RunAudited(
          s.uow, s.audit, s.clock, actor,
          [&] { return s.writer.ApplyLotEvent(actor.clinic_id, id, *event); },
          [&](Ok) {
            return AuditNote{audit_action, object, ""};
          });
      !st)
    return st.error();
  return ShowLot(s, actor, id);
}

Result<int> ExpireDueLots(const LotServices& s, product::ClinicId clinic) {
  const Date today = s.clock.Today();
  store::LotFilter filter;
  filter.expires_before = today;
  auto lots = s.reader.ListLots(clinic, filter);
  if (!lots) return lots.error();
  const Actor system{"system", "system", clinic};
  int changed = 0;
  for (const auto& lot : *lots) {
    if (!lot.expires_on || *lot.expires_on >= today) continue;
    if (lot.state != product::LotState::kQuarantined && lot.state != product::LotState::kReleased)
      continue;
    auto event = product::PlanTransition(lot, product::LotAction::kExpire,
                                         "expired on " + lot.expires_on->ToString());
    if (!event) continue;
    event->at = s.clock.Now();
    event->actor = system.name;
    if (auto st = RunAudited(
            s.uow, s.audit, s.clock, system,
            [&] { return s.writer.ApplyLotEvent(clinic, lot.id, *event); },
            [&](Ok) {
              return AuditNote{"lot.expire", "lot/" + std::to_string(lot.id), ""};
            });
        !st) {
      if (st.error().code == ErrorCode::kConflict) continue;  // changed meanwhile
      return st.error();
    }
    ++changed;
  }
  return changed;
}

}  // namespace exo::app
