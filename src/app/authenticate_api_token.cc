// Use case: who an API token belongs to, with the token's role.
#include "app/accounts.h"
#include "app/user_access.h"
#include "auth/crypto.h"

namespace exo::app {

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

}  // namespace exo::app
