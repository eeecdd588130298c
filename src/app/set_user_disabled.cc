// Use case: disable (or re-enable) a user; disabling ends their login sessions.
#include "app/accounts.h"
#include "app/audit.h"
#include "app/user_access.h"

namespace exo::app {

Status SetUserDisabled(const AccountServices& s, const Actor& actor, const std::string& username,
                       bool disabled) {
  auto user = ManagedUser(s, actor, username, false);
  if (!user) return user.error();
  if (disabled && user->id == actor.user_id) return Conflict("err.user_disabled_self");
  return RunAudited(
      s.uow, s.audit, s.clock, actor, [&] { return s.users.SetDisabled(user->id, disabled); },
      [&](Ok) {
        return AuditNote{disabled ? "user.disable" : "user.enable", "user/" + username, ""};
      });
}

}  // namespace exo::app
