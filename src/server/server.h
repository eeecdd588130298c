// The HTTP server: the JSON API under /api/v1/ (docs/api.md) and the web pages, on one port.
// The transport (http_listener.h) bounds every request; then every API request passes through
// one dispatcher: authentication, CSRF, authorisation, audit of denials, error rendering.
// Every response carries the security headers.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/accounts.h"
#include "app/consents.h"
#include "app/front_desk.h"
#include "app/lots.h"
#include "app/outcomes.h"
#include "app/patients.h"
#include "app/plans.h"
#include "app/safety.h"
#include "app/sessions.h"
#include "auth/roles.h"
#include "screening/screening_rules.h"
#include "server/access.h"
#include "server/http_listener.h"
#include "store/audit_log.h"

namespace exo::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;    // 0: any free port (see Server::port())
  HttpLimits limits;  // body, headers, deadlines, connection caps, workers (http_listener.h)
  int max_json_depth = 32;
  std::string web_dir;   // static files; empty: built-in landing page only
  std::string tls_cert;  // PEM files; both set: serve HTTPS
  std::string tls_key;
  std::string setup_token;  // one-time token for creating the first admin; empty: none
  std::string rules_dir;    // editable rule files (settings); empty: not editable here
  // The reverse proxy's address (deploy/nginx/exoclinic.conf): from it alone, X-Real-IP names
  // the client (login limits per address). Empty: no proxy is trusted.
  std::string trusted_proxy;
  // Loads every rule file again into the objects the services hold. Called after a rule file
  // is saved, while no other request runs. Empty: saved rules apply at the next start.
  std::function<Status()> reload_rules;
};

// One API endpoint as the dispatcher serves it (routes.cc lists them all).
struct RouteInfo {
  std::string method;   // "GET" or "POST"
  std::string pattern;  // a regular expression over the whole path
  auth::Permission permission;
  std::string action;  // the audit log's name for a denied call
};

// What the server needs; all references must outlive it.
struct ServerServices {
  const app::LotServices& lots;
  const app::AccountServices& accounts;
  const store::AuditReader& audit_reader;
  const Authenticator& authenticator;
  const app::PatientServices& patients;
  const app::PlanServices& plans;
  const app::ConsentServices& consents;
  const app::SessionServices& sessions;
  const app::AftercareServices& aftercare;
  const app::SafetyServices& safety;
  const app::OutcomeServices& outcomes;
  const app::FrontDeskServices& front_desk;
};

class Server {
 public:
  Server(const ServerServices& services, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // False if TLS files could not be loaded.
  bool Valid() const;
  // Binds the socket; false if the address is taken. Then Run() blocks until Stop().
  bool Bind();
  int port() const;
  void Run();
  void Stop();
  // Blocks until Run() is accepting connections.
  void WaitUntilReady() const;
  // Every API endpoint, in the order they are matched.
  std::vector<RouteInfo> Routes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The deepest nesting of arrays and objects in `json_text` (strings are skipped).
int JsonDepth(std::string_view json_text);

}  // namespace exo::server
