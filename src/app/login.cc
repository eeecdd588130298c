// Use case: log in with user name and password (rate limited per account and address).
#include "app/accounts.h"
#include "app/audit.h"
#include "app/user_access.h"
#include "auth/crypto.h"

namespace exo::app {

Result<LoginResult> Login(const AccountServices& s, const std::string& username,
                          const std::string& password, const std::string& remote_addr) {
  const int64_t now = s.clock.Now().unix_seconds;
  auto user = CheckCredentials(
      s, username, password, "login",
      {{s.account_limiter, "user:" + username}, {s.address_limiter, "addr:" + remote_addr}});
  if (!user) return user.error();
  LoginResult r;
  r.session_token = auth::RandomHex(32);
  r.csrf_token = auth::RandomHex(32);
  r.user = *user;
  store::LoginSession session{auth::Sha256Hex(r.session_token), user->id, r.csrf_token, now, now};
  if (auto st = RunAudited(
          s.uow, s.audit, s.clock, ActorOf(*user),
          [&] { return s.sessions.InsertLoginSession(session); },
          [&](Ok) {
            return AuditNote{"login", "user/" + username, ""};
          });
      !st)
    return st.error();
  return r;
}

}  // namespace exo::app
