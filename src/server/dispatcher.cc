#include "server/dispatcher.h"

#include <cstdio>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "app/audit.h"
#include "app/lot_json.h"
#include "auth/crypto.h"
#include "server/request.h"
#include "server/server.h"

namespace exo::server {

using nlohmann::json;

namespace {

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalid:
      return 400;
    case ErrorCode::kUnauthorized:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

RequestInfo CredentialsOf(const httplib::Request& req) {
  RequestInfo info;
  info.remote_addr = req.remote_addr;
  info.session_cookie = CookieValue(req.get_header_value("Cookie"), kSessionCookie);
  const std::string authz = req.get_header_value("Authorization");
  if (authz.rfind("Bearer ", 0) == 0) info.bearer_token = authz.substr(7);
  return info;
}

void Send(httplib::Response& res, const Reply& reply) {
  for (const auto& [k, v] : reply.headers) res.set_header(k, v);
  if (!reply.content_type.empty()) {
    res.status = reply.status;
    res.set_content(reply.raw_body, reply.content_type.c_str());
  } else {
    SendJson(res, reply.status, reply.body);
  }
}

// When to try again, in seconds: a rate limit's own wait when it says (its last argument),
// else a database that was busy for its whole timeout is worth a retry in a few seconds.
std::string RetryAfterSeconds(const Error& error) {
  if (error.code == ErrorCode::kRateLimited && !error.args.empty()) return error.args.back();
  return error.code == ErrorCode::kRateLimited ? "60" : "5";
}

}  // namespace

void SendJson(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), kJson);
}

void SendError(httplib::Response& res, const Error& error, Lang lang, int status) {
  if (status == 0) status = HttpStatus(error.code);
  if (error.code == ErrorCode::kRateLimited || error.code == ErrorCode::kUnavailable)
    res.set_header("Retry-After", RetryAfterSeconds(error));
  if (error.code != ErrorCode::kInternal) {
    SendJson(res, status, app::ErrorToJson(error, lang));
    return;
  }
  if (!error.args.empty() && !error.args[0].empty())
    std::fprintf(stderr, "exoclinic: internal error: %s\n", error.args[0].c_str());
  SendJson(res, status,
           app::ErrorToJson(MakeError(ErrorCode::kInternal, "err.internal_hidden"), lang));
}

Dispatcher::Dispatcher(const Authenticator& authenticator, store::AuditWriter& audit,
                       store::UnitOfWork& uow, const app::Clock& clock, int max_json_depth,
                       std::function<Status()> reload_rules)
    : authenticator_(authenticator),
      audit_(audit),
      uow_(uow),
      clock_(clock),
      max_json_depth_(max_json_depth),
      reload_rules_(std::move(reload_rules)) {}

ResponseHold Dispatcher::Dispatch(const Route& route, const httplib::Request& req,
                                  httplib::Response& res) {
  if (route.read_only) return DispatchReadOnly(route, req, res);
  Answer(route, req, Admit(route, req), RequestLang(req), res);
  return nullptr;
}

namespace {

// Releases a held response once both are there: the audit entries stored, and the listener's
// `send`. Either may come first, on any thread.
class Release {
 public:
  void EntriesStored() {
    std::function<void()> run;
    {
      std::lock_guard lock(mu_);
      stored_ = true;
      run = std::move(send_);
    }
    if (run) run();
  }
  bool Stored() {
    std::lock_guard lock(mu_);
    return stored_;
  }
  void Send(std::function<void()> send) {
    {
      std::lock_guard lock(mu_);
      if (!stored_) {
        send_ = std::move(send);
        return;
      }
    }
    send();
  }

 private:
  std::mutex mu_;
  bool stored_ = false;         // guarded by mu_
  std::function<void()> send_;  // guarded by mu_
};

}  // namespace

ResponseHold Dispatcher::DispatchReadOnly(const Route& route, const httplib::Request& req,
                                          httplib::Response& res) {
  const Lang lang = RequestLang(req);
  app::DeferredAudit deferred(route.reply_before_read_entry_stored
                                  ? app::DeferredAudit::Wait::kAllowedReadsLater
                                  : app::DeferredAudit::Wait::kForEveryEntry);
  std::optional<Result<Caller>> caller;
  // Checking a session cookie touches the session (a change): before the read-only scope.
  if (!CookieValue(req.get_header_value("Cookie"), kSessionCookie).empty())
    caller.emplace(Admit(route, req));
  const Status ran = uow_.Read([&]() -> Status {
    if (!caller) caller.emplace(Admit(route, req));
    Answer(route, req, *caller, lang, res);
    return OkStatus();
  });
  if (!ran) SendError(res, ran.error(), lang);
  auto release = std::make_shared<Release>();
  deferred.Then([release] { release->EntriesStored(); });
  if (release->Stored()) return nullptr;  // nothing was written, or it is stored already
  return [release](std::function<void()> send) { release->Send(std::move(send)); };
}

void Dispatcher::Answer(const Route& route, const httplib::Request& req,
                        const Result<Caller>& caller, Lang lang, httplib::Response& res) {
  if (!caller) {
    SendError(res, caller.error(), lang);
    return;
  }
  Result<Reply> reply = Run(route, req, *caller, lang);
  if (reply && reply->reload_rules) ReloadRules(*reply, lang);
  if (!reply) {
    // Probing for ids (another clinic's, or guessed) is recorded.
    if (reply.error().code == ErrorCode::kNotFound && caller->auth)
      Deny(caller->actor, route.action, req.path, "not found");
    SendError(res, reply.error(), lang);
    return;
  }
  Send(res, *reply);
}

Result<Caller> Dispatcher::Admit(const Route& route, const httplib::Request& req) {
  Caller caller;
  caller.actor = app::Actor{"anonymous", app::ActorRole::kAnonymous, 0, 0};
  auto who = authenticator_.Authenticate(CredentialsOf(req));
  if (!who) return who.error();
  caller.auth = *who;
  if (caller.auth) caller.actor = caller.auth->actor;
  if (route.permission != auth::Permission::kPublic) {
    if (!caller.auth) return MakeError(ErrorCode::kUnauthorized, "err.unauthorized");
    if (route.method == "POST" && caller.auth->via_session &&
        !auth::EqualConstantTime(req.get_header_value("X-CSRF-Token"), caller.auth->csrf_token)) {
      Deny(caller.actor, route.action, req.path, "csrf");
      return MakeError(ErrorCode::kForbidden, "err.csrf");
    }
    const auto role = app::AuthRoleOf(caller.actor.role);
    if (!role || !auth::RoleAllows(*role, route.permission)) {
      Deny(caller.actor, route.action, req.path,
           std::string(auth::PermissionName(route.permission)));
      return MakeError(ErrorCode::kForbidden, "err.forbidden");
    }
  }
  if (!req.body.empty() && JsonDepth(req.body) > max_json_depth_)
    return Invalid("body", "err.json_too_deep", {std::to_string(max_json_depth_)});
  return caller;
}

Result<Reply> Dispatcher::Run(const Route& route, const httplib::Request& req, const Caller& caller,
                              Lang lang) {
  try {
    std::shared_lock rules_lock(rules_mu_);
    return route.handler(req, caller, lang);
  } catch (const std::exception& e) {
    return Internal(e.what());
  }
}

void Dispatcher::ReloadRules(Reply& reply, Lang lang) {
  reply.body["applies"] = "next_start";
  if (!reload_rules_) return;
  std::unique_lock rules_lock(rules_mu_);
  const Status reloaded = reload_rules_();
  if (reloaded)
    reply.body["applies"] = "now";
  else
    reply.body["reload_error"] = Message(reloaded.error().message_id, lang, reloaded.error().args);
}

void Dispatcher::Deny(const app::Actor& actor, const std::string& action, const std::string& object,
                      const std::string& why) {
  app::RecordAudit(audit_, clock_, actor, action, object, store::AuditOutcome::kDenied, why);
}

}  // namespace exo::server
