#include "server/access.h"

namespace exo::server {

Result<std::optional<app::Authenticated>> AccountAuthenticator::Authenticate(
    const RequestInfo& request) const {
  if (!request.bearer_token.empty())
    return app::AuthenticateApiToken(accounts_, request.bearer_token);
  if (!request.session_cookie.empty())
    return app::AuthenticateSession(accounts_, request.session_cookie);
  return std::optional<app::Authenticated>();
}

}  // namespace exo::server
