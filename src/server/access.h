// The one authentication point of the HTTP server. The dispatcher (server.cc) asks the
// Authenticator who is calling, then checks CSRF for cookie sessions, then the role against
// the endpoint's permission (auth/roles.h), and audits every denial.
#pragma once

#include <optional>
#include <string>

#include "app/accounts.h"
#include "core/result.h"

namespace exo::server {

inline constexpr const char* kSessionCookie = "exo_session";

// What the dispatcher extracted from a request for authentication.
struct RequestInfo {
  std::string remote_addr;
  std::string session_cookie;  // value of the exo_session cookie, if any
  std::string bearer_token;    // from "Authorization: Bearer ...", if any
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // Who the request acts as; nullopt if it carries no valid credential.
  virtual Result<std::optional<app::Authenticated>> Authenticate(
      const RequestInfo& request) const = 0;
};

// Session cookies and API tokens checked against the account store.
class AccountAuthenticator final : public Authenticator {
 public:
  explicit AccountAuthenticator(const app::AccountServices& accounts) : accounts_(accounts) {}
  Result<std::optional<app::Authenticated>> Authenticate(const RequestInfo& request) const override;

 private:
  const app::AccountServices& accounts_;
};

}  // namespace exo::server
