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

// The user `username` if `actor` may manage it: the CLI, an admin of its clinic, or itself
// (when `self_allowed`). Another clinic's user is kNotFound, as if there were none.
Result<store::User> ManagedUser(const AccountServices& s, const Actor& actor,
                                const std::string& username, bool self_allowed);

// Checks name, role and password (every field error at once) and that `actor` may add a user
// to `clinic_id`, then stores the user with its audit entry ("user.add") in one unit of work.
Result<store::User> InsertCheckedUser(const AccountServices& s, const Actor& actor,
                                      const std::string& username, const std::string& role,
                                      int64_t clinic_id, const std::string& password);

}  // namespace exo::app
