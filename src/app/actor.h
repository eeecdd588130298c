// Who performs a use case: the authenticated user (server) or the local operator (CLI).
#pragma once

#include <cstdint>
#include <string>

namespace exo::app {

struct Actor {
  std::string name;  // user name; "cli:<login>" for the command line; "system" for jobs
  std::string role;  // see docs/security.md (roles arrive with the access-control issue)
  int64_t clinic_id = 1;
  int64_t user_id = 0;  // 0 for the command line and system jobs
};

}  // namespace exo::app
