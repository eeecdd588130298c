// Who performs a use case: the authenticated user (server) or the local operator (CLI).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auth/roles.h"
#include "core/enum_names.h"

namespace exo::app {

// The role an actor acts in: a user's role (auth/roles.h), or one no user has — anonymous (not
// logged in) and system (the jobs, e.g. lot expiry). The names are the audit log's `role`.
enum class ActorRole {
  kAnonymous,
  kSystem,
  kAdmin,
  kPhysician,
  kNurse,
  kReception,
  kAnalyst,
  kPatient
};
inline constexpr EnumName<ActorRole> kActorRoleNames[] = {
    {ActorRole::kAnonymous, "anonymous"}, {ActorRole::kSystem, "system"},
    {ActorRole::kAdmin, "admin"},         {ActorRole::kPhysician, "physician"},
    {ActorRole::kNurse, "nurse"},         {ActorRole::kReception, "reception"},
    {ActorRole::kAnalyst, "analyst"},     {ActorRole::kPatient, "patient"}};

constexpr std::string_view ActorRoleName(ActorRole r) { return NameOf(kActorRoleNames, r); }
// A user's role as an actor's (same name).
inline ActorRole ActorRoleOf(auth::Role r) {
  return ValueOf(kActorRoleNames, auth::RoleName(r)).value_or(ActorRole::kAnonymous);
}
// The user role whose permissions apply; none for anonymous and system.
inline std::optional<auth::Role> AuthRoleOf(ActorRole r) {
  return auth::ParseRole(ActorRoleName(r));
}

struct Actor {
  std::string name;  // user name; "cli:<login>" for the command line; "system" for jobs
  ActorRole role = ActorRole::kAnonymous;
  int64_t clinic_id = 1;
  int64_t user_id = 0;  // 0 for the command line and system jobs
};

}  // namespace exo::app
