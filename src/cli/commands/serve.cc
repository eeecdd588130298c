// serve: the web application and the API on one port, over the same services as the commands.
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>

#include "app/expire_lots.h"
#include "auth/crypto.h"
#include "cli/commands/commands.h"
#include "cli/output.h"
#include "cli/server_services.h"
#include "server/server.h"

namespace exo::cli {

namespace {

struct ServeOptions {
  server::ServerOptions server;
  std::string public_url;
  int request_timeout_seconds = 20;
};

server::Server* g_server = nullptr;
void OnSignal(int) {
  if (g_server != nullptr) g_server->Stop();
}

std::string Scheme(const server::ServerOptions& o) { return o.tls_cert.empty() ? "http" : "https"; }

// How often the server looks whether the day changed (lots expire once a day).
constexpr std::chrono::minutes kExpiryPoll{1};

// Fills in what the server needs beyond the command line: the web bundle, the rules folder,
// and a one-time setup token while no user exists.
Status Prepare(Context& c, Env& e, server::ServerOptions& o) {
  o.web_dir = DefaultDataDir("web", EXO_WEB_DIR);
  o.rules_dir = c.options().rules_dir;
  if (!std::filesystem::exists(o.web_dir)) o.web_dir.clear();
  if (o.tls_cert.empty() != o.tls_key.empty()) return Invalid("--tls-key", "err.required");
  auto users = e.stores.users.CountUsers();
  if (!users) return users.error();
  if (*users == 0) o.setup_token = auth::RandomHex(16);
  return OkStatus();
}

// Serves until SIGINT or SIGTERM. Lots past their date expire at the start and once a day.
int Run(Context& c, Env& e, const server::ServerOptions& o) {
  const Lang lang = c.lang();
  app::DailyLotExpiry expiry(e.services->lots, e.stores.clinics);
  if (auto expired = expiry.RunIfDue(); !expired) return c.Fail(expired.error(), "text");
  expiry.Start(kExpiryPoll, [lang](const Result<std::optional<int>>& run) {
    if (!run) std::cerr << "exoclinic: " << RenderError(run.error(), lang) << "\n";
  });
  server::AccountAuthenticator authenticator(e.services->accounts);
  server::Server server(ServerServicesOf(*e.services, authenticator), o);
  if (!server.Valid()) return c.Fail(Invalid("--tls-cert", "err.file_read", {o.tls_cert}), "text");
  if (!server.Bind()) {
    std::cerr << "exoclinic: "
              << Message("cli.cannot_listen", lang, {o.host, std::to_string(o.port)}) << "\n";
    return 5;
  }
  g_server = &server;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  const std::string origin = Scheme(o) + "://" + o.host + ":" + std::to_string(server.port());
  std::cout << Message(o.tls_cert.empty() ? "cli.serving" : "cli.serving_tls", lang,
                       {o.host, std::to_string(server.port())})
            << std::endl;
  if (!o.setup_token.empty())
    std::cout << Message("cli.setup_token", lang, {o.setup_token, origin + "/app/#/setup"})
              << std::endl;
  server.Run();
  g_server = nullptr;
  return 0;
}

int Serve(Context& c, ServeOptions& o) {
  const std::string public_url = o.public_url.empty() ? Scheme(o.server) + "://" + o.server.host +
                                                            ":" + std::to_string(o.server.port)
                                                      : o.public_url;
  o.server.limits.request_timeout = std::chrono::seconds(o.request_timeout_seconds);
  auto env = c.Open(public_url);
  if (!env) return c.Fail(env.error());
  if (auto ready = Prepare(c, **env, o.server); !ready) return c.Fail(ready.error(), "text");
  // Saved rule files apply at once: every file is loaded first, and only when all load are the
  // objects the services hold replaced (the server runs no other request meanwhile).
  o.server.reload_rules = [&rules = (*env)->rules, dir = c.options().rules_dir]() {
    return app::ReloadRuleSet(rules, dir);
  };
  return Run(c, **env, o.server);
}

}  // namespace

void AddServeCommand(CLI::App& app, CommandTable& t) {
  auto& o = t.Own<ServeOptions>();
  auto* serve = app.add_subcommand("serve", "serve the web application and the API");
  serve->add_option("--host", o.server.host, "address to listen on")->capture_default_str();
  serve->add_option("--port", o.server.port, "port (0: any free port)")->capture_default_str();
  serve->add_option("--public-url", o.public_url,
                    "base URL printed in QR codes (default: http://HOST:PORT)");
  serve->add_option("--tls-cert", o.server.tls_cert, "PEM certificate: serve HTTPS")
      ->check(CLI::ExistingFile);
  serve->add_option("--tls-key", o.server.tls_key, "PEM private key")->check(CLI::ExistingFile);
  // Transport limits (server/http_listener.h, docs/operations.md).
  auto& limits = o.server.limits;
  serve->add_option("--workers", limits.workers, "requests handled at once")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  serve->add_option("--max-connections", limits.max_connections, "open connections in all")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  serve
      ->add_option("--max-connections-per-address", limits.max_connections_per_address,
                   "open connections from one client address (a proxy on loopback is one)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  serve->add_option("--trusted-proxy", o.server.trusted_proxy,
                    "reverse proxy address whose X-Real-IP header names the client");
  serve
      ->add_option("--request-timeout", o.request_timeout_seconds,
                   "seconds to receive a whole request, and to wait for the next one")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  t.Add(serve, [&o](Context& c) { return Serve(c, o); });
}

}  // namespace exo::cli
