// Use case: the command line's named user (`--user NAME`): the password checked as at login —
// the same limiter for the account, the same refusals — with an audit entry for each attempt
// ("cli.login"). No session is created: the process is the session.
#include "app/accounts.h"
#include "app/audit.h"
#include "app/user_access.h"

namespace exo::app {

Result<Actor> AuthenticatePassword(const AccountServices& s, const std::string& username,
                                   const std::string& password) {
  auto user = CheckCredentials(s, username, password, "cli.login",
                               {{s.account_limiter, "user:" + username}});
  if (!user) return user.error();
  const Actor actor = ActorOf(*user);
  RecordAudit(s.audit, s.clock, actor, "cli.login", "user/" + username,
              store::AuditOutcome::kAllowed);
  return actor;
}

}  // namespace exo::app
