// Use case: end the login session a request came with.
#include "app/accounts.h"
#include "app/audit.h"

namespace exo::app {

Status Logout(const AccountServices& s, const Authenticated& who) {
  if (!who.via_session) return OkStatus();
  return RunAudited(
      s.uow, s.audit, s.clock, who.actor,
      [&] { return s.sessions.DeleteLoginSession(who.session_hash); },
      [&](Ok) {
        return AuditNote{"logout", "user/" + who.actor.name, ""};
      });
}

}  // namespace exo::app
