// Who did something, as people name them. Records keep the actor as it acted: a login
// ("dr.sato"), a login with the API token it used ("dr.sato#token3"), "system" for the jobs, or
// "cli:<user>" (the command line before #13). Text for people (CLI, pages, the API's
// `actor_name`) shows the staff member's display name (users.display_name, migration 12);
// where none is set, or the actor is no user of the clinic, the recorded login in parentheses
// ("(dr.sato)"), so a login is never mistaken for a name.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/messages.h"
#include "core/result.h"
#include "store/account_store.h"

namespace exo::app {

struct StaffNames {
  // login -> display name (empty when the user has none yet)
  std::map<std::string, std::string, std::less<>> by_login;
};

// The display names of the clinic's users, in one read.
Result<StaffNames> LoadStaffNames(const store::UserStore& users, int64_t clinic_id);

// The actor as shown: "佐藤 一郎", "(dr.sato)", or the system's label in `lang`.
std::string ActorName(const StaffNames& names, std::string_view actor, Lang lang);

}  // namespace exo::app
