// Use case: the caller's own display name, for the header of the web application.
#include "app/accounts.h"

namespace exo::app {

Result<std::string> OwnDisplayName(const AccountServices& s, const Actor& actor) {
  if (actor.user_id == 0) return std::string();
  auto user = s.users.FindUser(actor.user_id);
  if (!user) return user.error();
  return user->display_name;
}

}  // namespace exo::app
