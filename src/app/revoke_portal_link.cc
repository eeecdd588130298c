// Use case: revoke a patient portal link.
#include "app/audit.h"
#include "app/outcomes.h"

namespace exo::app {

Status RevokePortalLink(const OutcomeServices& s, const Actor& actor, int64_t link_id) {
  return RunAudited(
      s.uow, s.audit, s.clock, actor,
      [&] { return s.outcomes.RevokePortalLink(actor.clinic_id, link_id, s.clock.Now()); },
      [&](Ok) {
        return AuditNote{"portal_link.revoke", "portal_link/" + std::to_string(link_id), ""};
      });
}

}  // namespace exo::app
