// Who performs a use case: the authenticated user (server) or the local operator (CLI).
#pragma once

#include <cstdint>
#include <string>

namespace exo::app {

struct Actor {
  std::string name;  // user name; "cli:<login>" for the command line; "system" for jobs
  std::string role;  // see docs/security.md (roles arrive with the access-control issue)
  int64_t clinic_id = 1;
};

}  // namespace exo::app
