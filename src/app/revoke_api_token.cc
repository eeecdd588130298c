// Use case: revoke an API token (its owner, or an admin of the owner's clinic).
#include "app/accounts.h"
#include "app/audit.h"
#include "app/user_access.h"

namespace exo::app {

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

}  // namespace exo::app
