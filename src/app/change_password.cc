// Use case: set a new password and end the user's login sessions.
#include "app/accounts.h"
#include "app/audit.h"
#include "app/user_access.h"
#include "auth/crypto.h"

namespace exo::app {

Status ChangePassword(const AccountServices& s, const Actor& actor, const std::string& username,
                      const std::string& new_password) {
  if (auto st = auth::CheckPasswordRules("password", new_password); !st) return st;
  auto user = ManagedUser(s, actor, username, true);
  if (!user) return user.error();
  const std::string hash = auth::HashPassword(new_password);
  return RunAudited(
      s.uow, s.audit, s.clock, actor,
      [&]() -> Status {
        if (auto st = s.users.UpdatePassword(user->id, hash); !st) return st;
        return s.sessions.DeleteUserLoginSessions(user->id);
      },
      [&](Ok) {
        return AuditNote{"user.passwd", "user/" + username, ""};
      });
}

}  // namespace exo::app
