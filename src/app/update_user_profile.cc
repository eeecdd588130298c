// Use case: set a user's display name and (for a physician) registration number — how the
// person is named on consents, histories and screens.
#include "app/accounts.h"
#include "app/audit.h"
#include "app/user_access.h"

namespace exo::app {

Result<store::User> UpdateUserProfile(const AccountServices& s, const Actor& actor,
                                      const std::string& username, const UserProfile& profile) {
  auto user = ManagedUser(s, actor, username, true);
  if (!user) return user.error();
  std::vector<FieldError> errors;
  const UserProfile checked = CheckedProfile(profile, user->role, errors);
  if (!errors.empty()) return InvalidFields(std::move(errors));
  if (auto st = RunAudited(
          s.uow, s.audit, s.clock, actor,
          [&] {
            return s.users.UpdateProfile(user->id, checked.display_name,
                                         checked.registration_number);
          },
          [&](Ok) {
            return AuditNote{"user.profile", "user/" + username, ""};
          });
      !st)
    return st.error();
  user->display_name = checked.display_name;
  user->registration_number = checked.registration_number;
  return user;
}

}  // namespace exo::app
