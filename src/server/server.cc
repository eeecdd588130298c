#include "server/server.h"

#include <httplib.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "server/dispatcher.h"
#include "server/pages/landing.h"
#include "server/request.h"
#include "server/routes.h"
#include "server/static_files.h"

namespace exo::server {

namespace {

// Sent with every response, refusals included. Nothing is stored by the browser, except the web
// app's built files under /app/assets/: their names carry a hash of their content (Vite), they
// hold no patient data, and keeping them spares a reload ~200 kB of script.
void SecurityHeaders(const httplib::Request& req, httplib::Response& res) {
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                 "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Cross-Origin-Opener-Policy", "same-origin");
  const bool built_asset = req.path.rfind("/app/assets/", 0) == 0 && res.status == 200;
  res.set_header("Cache-Control", built_asset ? "public, max-age=31536000, immutable" : "no-store");
}

// The JSON error for a request refused before any route ran: by the transport (bad request,
// timeout, body or headers too large, too many connections) or for want of a route.
void HttpError(const httplib::Request& req, httplib::Response& res, const HttpLimits& limits) {
  if (!res.body.empty()) return;  // a handler already rendered its JSON error
  const Lang lang = RequestLang(req);
  switch (res.status) {
    case 400:
      return SendError(res, MakeError(ErrorCode::kInvalid, "err.bad_request"), lang, res.status);
    case 404:
      return SendError(res, MakeError(ErrorCode::kNotFound, "err.unknown_endpoint"), lang,
                       res.status);
    case 405:
      return SendError(res, MakeError(ErrorCode::kInvalid, "err.method_not_allowed"), lang,
                       res.status);
    case 413:
      return SendError(
          res,
          MakeError(ErrorCode::kTooLarge, "err.too_large", {std::to_string(limits.max_body_bytes)}),
          lang, res.status);
    case 431:
      return SendError(res,
                       MakeError(ErrorCode::kTooLarge, "err.headers_too_large",
                                 {std::to_string(limits.max_header_bytes),
                                  std::to_string(limits.max_header_count)}),
                       lang, res.status);
    case 503:
      return SendError(res, MakeError(ErrorCode::kUnavailable, "err.too_many_connections"), lang,
                       res.status);
    default:
      return SendError(res, Internal(""), lang, res.status);
  }
}

// Health probes are answered on the transport's own threads: they never queue behind work.
bool IsHealthProbe(const std::string& method, const std::string& target) {
  return method == "GET" && (target == "/api/v1/health" || target.rfind("/api/v1/health?", 0) == 0);
}

}  // namespace

struct Server::Impl {
  ServerServices services;
  ServerOptions options;
  Dispatcher dispatcher;
  std::vector<Route> routes;
  std::vector<std::regex> patterns;  // routes[i].pattern, compiled
  std::vector<size_t> read_only;     // the indexes of the read-only GET routes
  std::unique_ptr<HttpListener> http;
  int bound_port = -1;

  Impl(const ServerServices& s, ServerOptions o)
      : services(s),
        options(std::move(o)),
        dispatcher(services.authenticator, services.lots.audit, services.lots.uow,
                   services.lots.clock, options.max_json_depth, options.reload_rules) {}

  void Setup();
  // Health probes and read-only routes (Route::read_only) are answered on the transport's own
  // threads: they never wait for the disk or for another thread (their audit entries hold the
  // response instead, dispatcher.h), so a hand-over to a worker would cost more than they do.
  // A request with a session cookie goes to a worker: checking the session touches it (a
  // change, which may wait for the database's write lock).
  bool AnswerAtOnce(const std::string& method, const std::string& target,
                    const std::string& cookie) const;
  ResponseHold Handle(httplib::Request& req, httplib::Response& res);
  ResponseHold Serve(httplib::Request& req, httplib::Response& res);
};

void Server::Impl::Setup() {
  routes = AllRoutes(services, options);
  for (size_t i = 0; i < routes.size(); ++i) {
    patterns.emplace_back(routes[i].pattern);
    if (routes[i].read_only && routes[i].method == "GET") read_only.push_back(i);
  }
  http = std::make_unique<HttpListener>(
      options.limits, options.tls_cert, options.tls_key,
      [this](httplib::Request& req, httplib::Response& res) { return Handle(req, res); },
      [this](const std::string& method, const std::string& target, const std::string& cookie) {
        return AnswerAtOnce(method, target, cookie);
      },
      [limits = options.limits](const httplib::Request& req, httplib::Response& res) {
        HttpError(req, res, limits);
        SecurityHeaders(req, res);
      });
}

bool Server::Impl::AnswerAtOnce(const std::string& method, const std::string& target,
                                const std::string& cookie) const {
  if (IsHealthProbe(method, target)) return true;
  if (method != "GET" || read_only.empty()) return false;
  if (!CookieValue(cookie, kSessionCookie).empty()) return false;
  // The raw path (not percent-decoded): a path that only matches once decoded goes to a
  // worker, where it is served the same way.
  const std::string path = target.substr(0, target.find('?'));
  for (size_t i : read_only)
    if (std::regex_match(path, patterns[i])) return true;
  return false;
}

ResponseHold Server::Impl::Handle(httplib::Request& req, httplib::Response& res) {
  if (!options.trusted_proxy.empty() && req.remote_addr == options.trusted_proxy &&
      req.has_header("X-Real-IP"))
    req.remote_addr = req.get_header_value("X-Real-IP");
  ResponseHold hold = Serve(req, res);
  if (res.status >= 400) HttpError(req, res, options.limits);
  SecurityHeaders(req, res);
  return hold;
}

// The landing page or the web application (web/dist, built by Vite, under /app/), else the
// first route whose pattern matches the whole path. HEAD is answered as GET without a body.
ResponseHold Server::Impl::Serve(httplib::Request& req, httplib::Response& res) {
  const bool read = req.method == "GET" || req.method == "HEAD";
  const bool has_app = !options.web_dir.empty();
  if (read && req.path == "/") {
    if (has_app)
      res.set_redirect("/app/");
    else
      res.set_content(LandingPage(), "text/html; charset=utf-8");
    return nullptr;
  }
  if (has_app && read) {
    if (auto file = ReadStaticFile(options.web_dir, "/app", req.path)) {
      res.status = 200;
      res.set_content(file->content, file->content_type.c_str());
      return nullptr;
    }
  }
  const std::string method = req.method == "HEAD" ? "GET" : req.method;
  bool path_known = false;
  for (size_t i = 0; i < routes.size(); ++i) {
    if (!std::regex_match(req.path, req.matches, patterns[i])) continue;
    if (routes[i].method == method) return dispatcher.Dispatch(routes[i], req, res);
    path_known = true;
  }
  res.status = path_known ? 405 : 404;
  return nullptr;
}

Server::Server(const ServerServices& services, ServerOptions options)
    : impl_(std::make_unique<Impl>(services, std::move(options))) {
  impl_->Setup();
}

Server::~Server() { Stop(); }

bool Server::Valid() const { return impl_->http->Valid(); }

bool Server::Bind() {
  impl_->bound_port = impl_->http->Bind(impl_->options.host, impl_->options.port);
  return impl_->bound_port > 0;
}

int Server::port() const { return impl_->bound_port; }
void Server::Run() { impl_->http->Run(); }
void Server::Stop() { impl_->http->Stop(); }
void Server::WaitUntilReady() const {
  while (!impl_->http->Running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
}

std::vector<RouteInfo> Server::Routes() const {
  std::vector<RouteInfo> out;
  for (const Route& r : impl_->routes) out.push_back({r.method, r.pattern, r.permission, r.action});
  return out;
}

}  // namespace exo::server
