#include "app/accounts.h"

#include "app/audit.h"
#include "auth/crypto.h"
#include "core/utf8.h"

namespace exo::app {

namespace {

using store::AuditOutcome;

constexpr const char* kCliRolePrefix = "cli:";

bool IsCli(const Actor& a) { return a.name.rfind(kCliRolePrefix, 0) == 0; }
bool IsAdmin(const Actor& a) { return a.role == ActorRole::kAdmin; }

Status CheckUsername(const std::string& name) {
  const bool ok_len = name.size() >= 3 && name.size() <= 64;
  bool ok_chars = true;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    ok_chars = ok_chars && ok;
  }
  if (!ok_len || !ok_chars) return Invalid("username", "err.username_format", {name.substr(0, 80)});
  return OkStatus();
}

Actor ActorOf(const store::User& u) {
  return Actor{u.username, ActorRoleOf(u.role), u.clinic_id, u.id};
}

// The user `username` if `actor` may manage it: the CLI, an admin of its clinic, or itself.
Result<store::User> ManagedUser(const AccountServices& s, const Actor& actor,
                                const std::string& username, bool self_allowed) {
  auto user = s.users.FindUserByName(username);
  if (!user) return user.error();
  if (IsCli(actor)) return user;
  if (self_allowed && user->id == actor.user_id) return user;
  if (IsAdmin(actor) && user->clinic_id == actor.clinic_id) return user;
  // Another clinic's user looks like no user at all.
  if (user->clinic_id != actor.clinic_id) return NotFound("user", username);
  return MakeError(ErrorCode::kForbidden, "err.forbidden");
}

}  // namespace

Result<store::User> AddUser(const AccountServices& s, const Actor& actor,
                            const std::string& username, const std::string& role, int64_t clinic_id,
                            const std::string& password) {
  std::vector<FieldError> errors;
  if (auto st = CheckUsername(username); !st) errors.push_back(st.error().fields[0]);
  const auto parsed_role = auth::ParseRole(role);
  if (!parsed_role) errors.push_back({"role", "err.unknown_role", {role}});
  if (auto st = auth::CheckPasswordRules("password", password); !st)
    errors.push_back(st.error().fields[0]);
  if (!errors.empty()) return InvalidFields(std::move(errors));
  if (!IsCli(actor) && !(IsAdmin(actor) && clinic_id == actor.clinic_id))
    return MakeError(ErrorCode::kForbidden, "err.forbidden");
  store::User u;
  u.clinic_id = clinic_id;
  u.username = username;
  u.role = *parsed_role;
  u.password_hash = auth::HashPassword(password);
  u.created_at = s.clock.Now();
  auto id = RunAudited(
      s.uow, s.audit, s.clock, actor, [&] { return s.users.InsertUser(u); },
      [&](int64_t) {
        return AuditNote{"user.add", "user/" + username, "role " + role};
      });
  if (!id) return id.error();
  u.id = *id;
  return u;
}

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

Result<std::vector<store::User>> ListUsers(const AccountServices& s, const Actor& actor) {
  return s.users.ListUsers(IsCli(actor) ? std::nullopt : std::optional<int64_t>(actor.clinic_id));
}

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

Status Logout(const AccountServices& s, const Authenticated& who) {
  if (!who.via_session) return OkStatus();
  return RunAudited(
      s.uow, s.audit, s.clock, who.actor,
      [&] { return s.sessions.DeleteLoginSession(who.session_hash); },
      [&](Ok) {
        return AuditNote{"logout", "user/" + who.actor.name, ""};
      });
}

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

Result<std::optional<Authenticated>> AuthenticateApiToken(const AccountServices& s,
                                                          const std::string& api_token) {
  using R = std::optional<Authenticated>;
  if (api_token.size() != 64) return R();
  auto token = s.tokens.FindTokenByHash(auth::Sha256Hex(api_token));
  if (!token) return token.error();
  if (!*token || (*token)->revoked_at) return R();
  auto user = s.users.FindUser((*token)->user_id);
  if (!user) return user.error();
  if (user->disabled) return R();
  Actor actor = ActorOf(*user);
  actor.role = ActorRoleOf((*token)->role);
  actor.name += "#token" + std::to_string((*token)->id);
  return R(Authenticated{actor, false, "", ""});
}

Result<NewApiToken> CreateApiToken(const AccountServices& s, const Actor& actor,
                                   const std::string& username, const std::string& name,
                                   const std::optional<std::string>& role) {
  if (name.empty() || CodePoints(name) > 100)
    return Invalid("name", "err.string_too_long", {std::to_string(CodePoints(name)), "100"});
  auto user = ManagedUser(s, actor, username, true);
  if (!user) return user.error();
  auth::Role token_role = user->role;
  if (role) {
    const auto parsed = auth::ParseRole(*role);
    if (!parsed) return Invalid("role", "err.unknown_role", {*role});
    if (!auth::RoleWithin(*parsed, user->role))
      return Invalid("role", "err.role_too_wide", {*role, std::string(auth::RoleName(user->role))});
    token_role = *parsed;
  }
  NewApiToken out;
  out.secret = auth::RandomHex(32);
  out.token.user_id = user->id;
  out.token.name = name;
  out.token.role = token_role;
  out.token.token_hash = auth::Sha256Hex(out.secret);
  out.token.created_at = s.clock.Now().unix_seconds;
  auto id = RunAudited(
      s.uow, s.audit, s.clock, actor, [&] { return s.tokens.InsertToken(out.token); },
      [&](int64_t id) {
        return AuditNote{"token.create", "token/" + std::to_string(id),
                         "for " + username + " as " + std::string(auth::RoleName(token_role))};
      });
  if (!id) return id.error();
  out.token.id = *id;
  return out;
}

Status RevokeApiToken(const AccountServices& s, const Actor& actor, int64_t token_id) {
  auto token = s.tokens.FindToken(token_id);
  if (!token) return token.error();
  auto owner = s.users.FindUser(token->user_id);
  if (!owner) return owner.error();
  if (auto managed = ManagedUser(s, actor, owner->username, true); !managed)
    return managed.error().code == ErrorCode::kNotFound
               ? NotFound("token", std::to_string(token_id))
               : managed.error();
  return RunAudited(
      s.uow, s.audit, s.clock, actor,
      [&] { return s.tokens.RevokeToken(token_id, s.clock.Now().unix_seconds); },
      [&](Ok) {
        return AuditNote{"token.revoke", "token/" + std::to_string(token_id), ""};
      });
}

Result<std::vector<store::ApiToken>> ListApiTokens(const AccountServices& s, const Actor& actor,
                                                   const std::string& username) {
  auto user = ManagedUser(s, actor, username, true);
  if (!user) return user.error();
  return s.tokens.ListTokens(user->id);
}

Result<store::User> SetupFirstAdmin(const AccountServices& s, const std::string& username,
                                    const std::string& password) {
  auto count = s.users.CountUsers();
  if (!count) return count.error();
  if (*count > 0) return Conflict("err.setup_done");
  const Actor setup{"cli:setup", ActorRole::kAdmin, 1, 0};
  return AddUser(s, setup, username, "admin", 1, password);
}

}  // namespace exo::app
