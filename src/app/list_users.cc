// Use case: the users one may see (one's clinic; every clinic from the command line).
#include "app/accounts.h"
#include "app/user_access.h"

namespace exo::app {

Result<std::vector<store::User>> ListUsers(const AccountServices& s, const Actor& actor) {
  return s.users.ListUsers(IsCli(actor) ? std::nullopt : std::optional<int64_t>(actor.clinic_id));
}

}  // namespace exo::app
