#include "server/server.h"

#include <httplib.h>

#include <chrono>
#include <exception>
#include <nlohmann/json.hpp>
#include <thread>

#include "server/dispatcher.h"
#include "server/pages/landing.h"
#include "server/request.h"
#include "server/routes.h"

namespace exo::server {

namespace {

// Sent with every response, errors included (the post-routing handler runs for them too).
// Nothing is stored by the browser, except the web app's built files under /app/assets/: their
// names carry a hash of their content (Vite), they hold no patient data, and keeping them spares
// a reload ~200 kB of script.
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

// The JSON error for a request cpp-httplib refused before any route ran (bad request, body
// too large, no such endpoint or method).
void HttpError(const httplib::Request& req, httplib::Response& res, size_t max_body_bytes) {
  if (!res.body.empty()) return;  // a handler already rendered its JSON error
  const Lang lang = RequestLang(req);
  if (res.status == 400) {
    SendError(res, MakeError(ErrorCode::kInvalid, "err.bad_request"), lang);
  } else if (res.status == 413) {
    SendError(res,
              MakeError(ErrorCode::kTooLarge, "err.too_large", {std::to_string(max_body_bytes)}),
              lang);
  } else if (res.status == 404) {
    SendError(res, MakeError(ErrorCode::kNotFound, "err.unknown_endpoint"), lang);
  } else if (res.status == 405) {
    SendError(res, MakeError(ErrorCode::kInvalid, "err.method_not_allowed"), lang);
  } else {
    SendJson(res, res.status,
             {{"error",
               {{"code", "http_" + std::to_string(res.status)},
                {"message", "HTTP error " + std::to_string(res.status)},
                {"fields", nlohmann::json::array()}}}});
  }
}

bool Tls(const ServerOptions& options) {
  return !options.tls_cert.empty() && !options.tls_key.empty();
}

std::unique_ptr<httplib::Server> MakeHttpServer(const ServerOptions& options) {
  if (Tls(options))
    return std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
  return std::make_unique<httplib::Server>();
}

}  // namespace

struct Server::Impl {
  ServerServices services;
  ServerOptions options;
  std::unique_ptr<httplib::Server> http;
  int bound_port = -1;
  Dispatcher dispatcher;
  std::vector<Route> routes;

  Impl(const ServerServices& s, ServerOptions o)
      : services(s),
        options(std::move(o)),
        http(MakeHttpServer(options)),
        dispatcher(services.authenticator, services.lots.audit, services.lots.clock,
                   options.max_json_depth, options.reload_rules) {}

  void Setup();
};

void Server::Impl::Setup() {
  http->set_tcp_nodelay(true);  // PITFALLS.md: ~60x slower without it
  http->set_payload_max_length(options.max_body_bytes);
  http->set_read_timeout(10, 0);
  http->set_write_timeout(10, 0);
  http->set_keep_alive_max_count(1000);
  http->set_post_routing_handler(
      [](const httplib::Request& req, httplib::Response& res) { SecurityHeaders(req, res); });
  http->set_error_handler([max_body_bytes = options.max_body_bytes](const httplib::Request& req,
                                                                    httplib::Response& res) {
    HttpError(req, res, max_body_bytes);
  });
  http->set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, const std::exception_ptr&) {
        SendError(res, Internal("unhandled exception"), RequestLang(req));
      });

  // The web application (web/dist, built by Vite) lives under /app/; without it, a static
  // bilingual landing page.
  const bool has_app = !options.web_dir.empty();
  http->Get("/", [has_app](const httplib::Request&, httplib::Response& res) {
    if (has_app) {
      res.set_redirect("/app/");
      return;
    }
    res.set_content(LandingPage(), "text/html; charset=utf-8");
  });
  if (has_app) http->set_mount_point("/app", options.web_dir);

  routes = AllRoutes(services, options);
  dispatcher.Mount(*http, routes);
}

Server::Server(const ServerServices& services, ServerOptions options)
    : impl_(std::make_unique<Impl>(services, std::move(options))) {
  impl_->Setup();
}

Server::~Server() { Stop(); }

bool Server::Valid() const { return impl_->http->is_valid(); }

bool Server::Bind() {
  if (impl_->options.port == 0) {
    impl_->bound_port = impl_->http->bind_to_any_port(impl_->options.host);
  } else {
    impl_->bound_port = impl_->http->bind_to_port(impl_->options.host, impl_->options.port)
                            ? impl_->options.port
                            : -1;
  }
  return impl_->bound_port > 0;
}

int Server::port() const { return impl_->bound_port; }
void Server::Run() { impl_->http->listen_after_bind(); }
void Server::Stop() {
  if (impl_->http->is_running()) impl_->http->stop();
}
void Server::WaitUntilReady() const {
  while (!impl_->http->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
}

std::vector<RouteInfo> Server::Routes() const {
  std::vector<RouteInfo> out;
  for (const Route& r : impl_->routes) out.push_back({r.method, r.pattern, r.permission, r.action});
  return out;
}

}  // namespace exo::server
