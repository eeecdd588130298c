// What the server needs, taken from the services built once (app/services.h). Used by `exoclinic
// serve` and by the HTTP test fixture, so both serve the same graph.
#pragma once

#include "app/services.h"
#include "server/access.h"
#include "server/server.h"

namespace exo::cli {

inline server::ServerServices ServerServicesOf(const app::Services& s,
                                               const server::Authenticator& authenticator) {
  return server::ServerServices{s.lots,      s.accounts, s.audit,    authenticator,
                                s.patients,  s.plans,    s.consents, s.sessions,
                                s.aftercare, s.safety,   s.outcomes, s.front_desk};
}

}  // namespace exo::cli
