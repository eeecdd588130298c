// Use case: add a user (an admin of the same clinic, or the command line).
#include "app/accounts.h"
#include "app/user_access.h"

namespace exo::app {

Result<store::User> AddUser(const AccountServices& s, const Actor& actor,
                            const std::string& username, const std::string& role, int64_t clinic_id,
                            const std::string& password, const UserProfile& profile) {
  return InsertCheckedUser(s, actor, username, role, clinic_id, password, profile);
}

}  // namespace exo::app
