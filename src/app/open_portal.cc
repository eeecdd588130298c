// Use case: a portal link seen through its token (what the patient is asked to fill in).
#include "app/audit.h"
#include "app/measurement_steps.h"
#include "app/outcomes.h"

namespace exo::app {

using store::AuditOutcome;

Result<PortalView> OpenPortal(const OutcomeServices& s, const std::string& token) {
  auto link = ValidPortalLink(s, token);
  if (!link) return link.error();
  PortalView v;
  v.time_zone = s.clinic.time_zone;
  v.link = *link;
  for (const auto& id : link->measures)
    if (const auto* m = outcome::FindMeasure(s.catalogue, id)) v.measures.push_back(m);
  auto mine = s.outcomes.ListPatientMeasurements(link->clinic_id, link->patient_id);
  if (!mine) return mine.error();
  const std::string tag = "portal_link/" + std::to_string(link->id);
  for (const auto& m : *mine)
    if (m.source == tag) v.done.push_back(m.entry.measure_id);
  RecordAudit(s.audit, s.clock, PortalActor(*link), "portal.open",
              "patient/" + std::to_string(link->patient_id), AuditOutcome::kAllowed);
  return v;
}

}  // namespace exo::app
