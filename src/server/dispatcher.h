// The dispatcher: the one way into every API endpoint. For each request it authenticates the
// caller (access.h), checks the CSRF token of cookie sessions on POST, checks the caller's role
// against the route's permission (auth/roles.h), refuses JSON nested too deeply, runs the
// handler under the shared rules lock, reloads the rules when a handler saved a rule file, and
// renders an Error once as JSON with its HTTP status. Every denial is audited, and so is a
// "not found" for an authenticated caller (probing for another clinic's ids).
//
// A read-only route (Route::read_only) runs in one read transaction (UnitOfWork::Read) from the
// authentication on (a session cookie's check, which touches the session, runs before it), with
// its audit entries deferred (app::DeferredAudit): Dispatch returns a hold that releases the
// response once they are stored, and no thread waits for them; with
// Route::reply_before_read_entry_stored only a refusal's entries hold it (docs/architecture.md,
// "Audit durability of lot reads"). The server answers these routes
// on the transport's own threads unless the request carries a session cookie (server.cc).
#pragma once

#include <httplib.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <shared_mutex>
#include <string>
#include <vector>

#include "app/clock.h"
#include "auth/roles.h"
#include "core/result.h"
#include "server/access.h"
#include "server/http_listener.h"
#include "server/reply.h"
#include "store/audit_log.h"
#include "store/unit_of_work.h"

namespace exo::server {

struct Route {
  std::string method;   // "GET" or "POST"
  std::string pattern;  // a regular expression over the whole path; its groups feed PathId
  auth::Permission permission;
  std::string action;  // the audit log's name for a denied call
  Handler handler;
  // The handler changes nothing (its audit entries aside), reads little and never waits on
  // anything but the database: see above. A change inside it fails with kInternal.
  bool read_only = false;
  // With read_only: the reply does not wait for the entries of what was allowed (refusals are
  // still on disk before it) — for reads that show no patient data (lot reads), whose entries
  // are on disk a moment later (app::DeferredAudit::Wait::kAllowedReadsLater).
  bool reply_before_read_entry_stored = false;
};

class Dispatcher {
 public:
  // `reload_rules` loads every rule file again (ServerOptions::reload_rules); may be empty.
  // The references must outlive the dispatcher.
  Dispatcher(const Authenticator& authenticator, store::AuditWriter& audit, store::UnitOfWork& uow,
             const app::Clock& clock, int max_json_depth, std::function<Status()> reload_rules);

  // One request to `route` (whose pattern matched req.path into req.matches): the checks above,
  // the handler, the response; with the hold on it of a read-only route (empty: send at once).
  // Thread-safe.
  ResponseHold Dispatch(const Route& route, const httplib::Request& req, httplib::Response& res);

 private:
  // Dispatch for a read-only route.
  ResponseHold DispatchReadOnly(const Route& route, const httplib::Request& req,
                                httplib::Response& res);
  // After the caller was admitted (or refused): the handler and the response.
  void Answer(const Route& route, const httplib::Request& req, const Result<Caller>& caller,
              Lang lang, httplib::Response& res);
  // The authenticated (or anonymous) caller if every check passes; a denial is audited.
  Result<Caller> Admit(const Route& route, const httplib::Request& req);
  // The handler's reply under the shared rules lock; an exception becomes kInternal.
  Result<Reply> Run(const Route& route, const httplib::Request& req, const Caller& caller,
                    Lang lang);
  // After a rule file was saved: loads the rules alone and says in `reply` when they apply.
  void ReloadRules(Reply& reply, Lang lang);
  void Deny(const app::Actor& actor, const std::string& action, const std::string& object,
            const std::string& why);

  const Authenticator& authenticator_;
  store::AuditWriter& audit_;
  store::UnitOfWork& uow_;
  const app::Clock& clock_;
  const int max_json_depth_;
  const std::function<Status()> reload_rules_;
  // Requests share the rule objects; a rule reload takes them alone.
  std::shared_mutex rules_mu_;
};

void SendJson(httplib::Response& res, int status, const nlohmann::json& body);
// The error as JSON (app::ErrorToJson) with its HTTP status (`status`, or the code's when 0).
// Nothing a library said reaches the reader: an internal error's detail goes to the server's
// log (it names a query or a file, never a parameter) and the reader gets a fixed message; a
// busy database (kUnavailable) is a 503. A 503 or 429 says when to retry (Retry-After).
void SendError(httplib::Response& res, const Error& error, Lang lang, int status = 0);

}  // namespace exo::server
