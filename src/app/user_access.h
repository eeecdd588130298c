// The steps the account use cases share (plain functions, not use cases): who the actor is
// (the command line, an admin), whether a user name is well formed, the actor a user acts as,
// which users an actor may manage, and a checked insert of a new user.
#pragma once

#include <string>

#include "app/accounts.h"

namespace exo::app {

// The command line acts as "cli:<who>".
bool IsCli(const Actor& a);
bool IsAdmin(const Actor& a);

// 3 to 64 characters of a-z A-Z 0-9 . _ -; else an error of "username".
Status CheckUsername(const std::string& name);

Actor ActorOf(const store::User& u);

// A failed-attempt counter and the key it counts under ("user:NAME", "addr:IP").
struct LimitKey {
  auth::LoginLimiter& limiter;
  std::string key;
};
// The user whose password this is: refused while any limiter blocks its key
// (kRateLimited), for an unknown name (checked against a dummy hash, so timing tells nothing), a
// wrong password or a disabled user (kUnauthorized "err.login_failed", counted by every
// limiter). Refused with the seconds to wait (kRateLimited) while any limiter blocks its key; the
// failures are stored (store::LoginSessionStore), so limits survive a restart. Refusals are
// audited under `action`; success clears the first limiter's key.
Result<store::User> CheckCredentials(const AccountServices& s, const std::string& username,
                                     const std::string& password, const std::string& action,
                                     const std::vector<LimitKey>& limits);

// The user `username` if `actor` may manage it: the CLI, an admin of its clinic, or itself
// (when `self_allowed`). Another clinic's user is kNotFound, as if there were none.
Result<store::User> ManagedUser(const AccountServices& s, const Actor& actor,
                                const std::string& username, bool self_allowed);

// The profile as stored: display name trimmed, registration number in ASCII digits; field
// errors ("display_name", "registration_number") appended to `errors`. A physician needs a
// registration number; other roles may leave it empty.
UserProfile CheckedProfile(const UserProfile& profile, auth::Role role,
                           std::vector<FieldError>& errors);

// Checks name, role, password and profile (every field error at once) and that `actor` may add
// a user to `clinic_id`, then stores the user with its audit entry ("user.add") in one unit of
// work.
Result<store::User> InsertCheckedUser(const AccountServices& s, const Actor& actor,
                                      const std::string& username, const std::string& role,
                                      int64_t clinic_id, const std::string& password,
                                      const UserProfile& profile);

}  // namespace exo::app
