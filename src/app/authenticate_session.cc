// Use case: who a login session cookie belongs to (the session is touched, or ended when
// it has expired).
#include "app/accounts.h"
#include "app/user_access.h"
#include "auth/crypto.h"

namespace exo::app {

Result<std::optional<Authenticated>> AuthenticateSession(const AccountServices& s,
                                                         const std::string& session_token) {
  using R = std::optional<Authenticated>;
  if (session_token.size() != 64) return R();
  const std::string hash = auth::Sha256Hex(session_token);
  auto session = s.sessions.FindLoginSession(hash);
  if (!session) return session.error();
  if (!*session) return R();
  const int64_t now = s.clock.Now().unix_seconds;
  if (!auth::SessionAlive(s.policy, (*session)->created_at, (*session)->last_seen_at, now)) {
    if (auto st = s.sessions.DeleteLoginSession(hash); !st) return st.error();
    return R();
  }
  auto user = s.users.FindUser((*session)->user_id);
  if (!user) return user.error();
  if (user->disabled) return R();
  if (auto st = s.sessions.TouchLoginSession(hash, now); !st) return st.error();
  return R(Authenticated{ActorOf(*user), true, (*session)->csrf_token, hash});
}

}  // namespace exo::app
