// Use case: a user's API tokens.
#include "app/accounts.h"
#include "app/user_access.h"

namespace exo::app {

Result<std::vector<store::ApiToken>> ListApiTokens(const AccountServices& s, const Actor& actor,
                                                   const std::string& username) {
  auto user = ManagedUser(s, actor, username, true);
  if (!user) return user.error();
  return s.tokens.ListTokens(user->id);
}

}  // namespace exo::app
