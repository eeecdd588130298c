#include "app/staff_names.h"

namespace exo::app {

Result<StaffNames> LoadStaffNames(const store::UserStore& users, int64_t clinic_id) {
  auto list = users.ListUsers(clinic_id);
  if (!list) return list.error();
  StaffNames names;
  for (const auto& u : *list) names.by_login.emplace(u.username, u.display_name);
  return names;
}

std::string ActorName(const StaffNames& names, std::string_view actor, Lang lang) {
  if (actor == "system") return Message("actor.system", lang);
  // Commands run on the command line without signing in ("cli:" and the system user, or
  // "local"; `exoclinic login` names the person): said so in words, not as the internal id.
  if (actor.rfind("cli:", 0) == 0 && actor.size() > 4)
    return Message("actor.cli", lang, {std::string(actor.substr(4))});
  const std::string_view login = actor.substr(0, actor.find("#token"));
  const auto it = names.by_login.find(login);
  if (it != names.by_login.end() && !it->second.empty()) return it->second;
  return "(" + std::string(login) + ")";
}

}  // namespace exo::app
