// Use case: release a quarantined lot for named routes (with a physician's reason for each
// blocking criterion where the QC verdict is not_releasable and the criteria allow it). The
// stored certificate is parsed and evaluated once.
#include "app/lot_view.h"

namespace exo::app {

Result<LotView> ReleaseLot(const LotServices& s, const Actor& actor, product::LotId id,
                           RouteSet routes, const product::OverrideReasons& overrides) {
  auto view = LoadLotView(s, actor.clinic_id, id);
  if (!view) return view.error();
  auto event = product::PlanRelease(view->lot, routes, view->report, overrides);
  if (!event) {
    RecordAudit(s.audit, s.clock, actor, "lot.release", LotObject(id), store::AuditOutcome::kFailed,
                RouteSetToString(routes));
    return event.error();
  }
  // "iv,injection (override: tests.endotoxin, donor.screening)"
  std::string overridden;
  for (const auto& o : event->overridden)
    overridden += (overridden.empty() ? "" : ", ") + o.criterion;
  const std::string detail =
      RouteSetToString(routes) + (event->override ? " (override: " + overridden + ")" : "");
  if (auto st = ApplyAuditedEvent(s, actor, id, std::move(*event),
                                  AuditNote{"lot.release", LotObject(id), detail});
      !st)
    return st.error();
  if (auto st = ReloadLot(s, actor.clinic_id, *view); !st) return st.error();
  return view;
}

}  // namespace exo::app
