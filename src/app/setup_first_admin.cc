// Use case: the first admin of clinic 1, while no user exists yet.
#include "app/accounts.h"
#include "app/user_access.h"

namespace exo::app {

Result<store::User> SetupFirstAdmin(const AccountServices& s, const std::string& username,
                                    const std::string& password, const UserProfile& profile) {
  auto count = s.users.CountUsers();
  if (!count) return count.error();
  if (*count > 0) return Conflict("err.setup_done");
  const Actor setup{"cli:setup", ActorRole::kAdmin, 1, 0};
  return InsertCheckedUser(s, setup, username, "admin", 1, password, profile);
}

}  // namespace exo::app
