// Use case: create an API token for a user, its role no wider than the user's.
#include "app/accounts.h"
#include "app/audit.h"
#include "app/user_access.h"
#include "auth/crypto.h"
#include "core/utf8.h"

namespace exo::app {

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

}  // namespace exo::app
