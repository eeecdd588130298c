// The route table: every API endpoint the server serves, with its permission and audit action.
#pragma once

#include <vector>

#include "server/dispatcher.h"
#include "server/server.h"

namespace exo::server {

// Every route, in the order they are matched (no two patterns match the same path).
// `services` and `options` must outlive the routes: the handlers hold references to them.
std::vector<Route> AllRoutes(const ServerServices& services, const ServerOptions& options);

}  // namespace exo::server
