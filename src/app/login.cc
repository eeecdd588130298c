// Use case: log in with user name and password (rate limited per account and address).
#include "app/accounts.h"
#include "app/audit.h"
#include "app/user_access.h"
#include "auth/crypto.h"

namespace exo::app {

using store::AuditOutcome;

Result<LoginResult> Login(const AccountServices& s, const std::string& username,
                          const std::string& password, const std::string& remote_addr) {
  const int64_t now = s.clock.Now().unix_seconds;
  const std::string account_key = "user:" + username;
  const std::string address_key = "addr:" + remote_addr;
  const Actor anonymous{username.substr(0, 64), ActorRole::kAnonymous, 0, 0};
  if (s.account_limiter.Blocked(account_key, now) || s.address_limiter.Blocked(address_key, now)) {
    RecordAudit(s.audit, s.clock, anonymous, "login", "user/" + username.substr(0, 64),
                AuditOutcome::kDenied, "rate limited");
    return MakeError(ErrorCode::kRateLimited, "err.rate_limited");
  }
  auto user = s.users.FindUserByName(username);
  // Verify against a dummy hash when the user is unknown, so timing does not tell.
  static const std::string kDummy = auth::HashPassword("exoclinic-dummy-password");
  const bool password_ok =
      auth::VerifyPassword(user ? user->password_hash : kDummy, password) && user.has_value();
  if (!password_ok || user->disabled) {
    s.account_limiter.RecordFailure(account_key, now);
    s.address_limiter.RecordFailure(address_key, now);
    RecordAudit(s.audit, s.clock, anonymous, "login", "user/" + username.substr(0, 64),
                AuditOutcome::kDenied, user && user->disabled ? "disabled" : "bad credentials");
    return MakeError(ErrorCode::kUnauthorized, "err.login_failed");
  }
  s.account_limiter.Reset(account_key);
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
