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
bool AnswerAtOnce(const std::string& method, const std::string& target) {
  return method == "GET" && (target == "/api/v1/health" || target.rfind("/api/v1/health?", 0) == 0);
}

}  // namespace

struct Server::Impl {
  ServerServices services;
  ServerOptions options;
  Dispatcher dispatcher;
  std::vector<Route> routes;
  std::vector<std::regex> patterns;  // routes[i].pattern, compiled
  std::unique_ptr<HttpListener> http;
  int bound_port = -1;

  Impl(const ServerServices& s, ServerOptions o)
      : services(s),
        options(std::move(o)),
        dispatcher(services.authenticator, services.lots.audit, services.lots.clock,
                   options.max_json_depth, options.reload_rules) {}

  void Setup();
  void Handle(httplib::Request& req, httplib::Response& res);
  void Serve(httplib::Request& req, httplib::Response& res);
};

void Server::Impl::Setup() {
  routes = AllRoutes(services, options);
  for (const auto& route : routes) patterns.emplace_back(route.pattern);
  http = std::make_unique<HttpListener>(
      options.limits, options.tls_cert, options.tls_key,
      [this](httplib::Request& req, httplib::Response& res) { Handle(req, res); }, AnswerAtOnce,
      [limits = options.limits](const httplib::Request& req, httplib::Response& res) {
        HttpError(req, res, limits);
        SecurityHeaders(req, res);
      });
}

void Server::Impl::Handle(httplib::Request& req, httplib::Response& res) {
  if (!options.trusted_proxy.empty() && req.remote_addr == options.trusted_proxy &&
      req.has_header("X-Real-IP"))
    req.remote_addr = req.get_header_value("X-Real-IP");
  Serve(req, res);
  if (res.status >= 400) HttpError(req, res, options.limits);
  SecurityHeaders(req, res);
}

// The landing page or the web application (web/dist, built by Vite, under /app/), else the
// first route whose pattern matches the whole path. HEAD is answered as GET without a body.
void Server::Impl::Serve(httplib::Request& req, httplib::Response& res) {
  const bool read = req.method == "GET" || req.method == "HEAD";
  const bool has_app = !options.web_dir.empty();
  if (read && req.path == "/") {
    if (has_app)
      res.set_redirect("/app/");
    else
      res.set_content(LandingPage(), "text/html; charset=utf-8");
    return;
  }
  if (has_app && read) {
    if (auto file = ReadStaticFile(options.web_dir, "/app", req.path)) {
      res.status = 200;
      res.set_content(file->content, file->content_type.c_str());
      return;
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
